// The performance targets and how a measurement is judged against them.
export const TARGETS = {
  /** Authority page req/s ÷ bare Fastify req/s, on PostgreSQL. */
  authorityRatioMin: 0.25,
  /** Peak RSS of the server process under load. */
  rssUnderLoadMaxMb: 200,
  /** Spawn to the first 200 of the start page, on an existing database. */
  startToServedMaxMs: 5000,
  /** Logins/s ÷ raw Argon2id verifications/s, same run: the hash should be the only real cost. */
  loginRatioMin: 0.8,
  /** Submissions/s through HTTP ÷ the same rows inserted with pg, same run (bench/submit.ts). */
  submitRatioMin: 0.5,
} as const;

export type Verdict = {
  target: string;
  /** 'n/a' when the target does not apply to this variant (measured value still shown). */
  outcome: 'PASS' | 'FAIL' | 'n/a';
  detail: string;
};

export type Measured = {
  database: 'postgres' | 'pglite';
  authorityRatio: number;
  /** False when the authority page run had non-2xx answers or errors: the target fails. */
  authorityClean: boolean;
  peakRssUnderLoadMb: number;
  /** Slowest of the restarts; undefined when none succeeded. */
  restartMs: number | undefined;
};

export function judge(m: Measured): Verdict[] {
  const ratio = m.authorityRatio.toFixed(3);
  const ratioVerdict: Verdict =
    m.database !== 'postgres'
      ? {
          target: 'authority page ratio ≥ 0.25 on PostgreSQL',
          outcome: 'n/a',
          detail: `measured ${ratio} on PGlite; the target applies to PostgreSQL`,
        }
      : {
          target: 'authority page ratio ≥ 0.25 on PostgreSQL',
          outcome:
            m.authorityClean && m.authorityRatio >= TARGETS.authorityRatioMin ? 'PASS' : 'FAIL',
          detail: `measured ${ratio}${m.authorityClean ? '' : ' (run had non-2xx answers or errors)'}`,
        };
  const rss = m.peakRssUnderLoadMb.toFixed(1);
  const restart = m.restartMs === undefined ? 'not measured' : `${Math.round(m.restartMs)} ms`;
  return [
    ratioVerdict,
    {
      target: `server RSS under load < ${TARGETS.rssUnderLoadMaxMb} MB`,
      outcome: m.peakRssUnderLoadMb < TARGETS.rssUnderLoadMaxMb ? 'PASS' : 'FAIL',
      detail: `peak ${rss} MB`,
    },
    {
      target: `start to served start page < ${TARGETS.startToServedMaxMs / 1000} s`,
      outcome:
        m.restartMs !== undefined && m.restartMs < TARGETS.startToServedMaxMs ? 'PASS' : 'FAIL',
      detail: `restart on existing database, slowest of the restarts: ${restart}`,
    },
  ];
}

export type LoginMeasured = {
  database: 'postgres' | 'pglite';
  loginRatio: number;
  /** False when the login run had answers other than 303 or errors: the target fails. */
  loginClean: boolean;
};

export function judgeLogin(m: LoginMeasured): Verdict[] {
  const target = `logins/s ÷ Argon2id verifies/s ≥ ${TARGETS.loginRatioMin} on PostgreSQL`;
  const measured = `measured ${m.loginRatio.toFixed(3)}`;
  if (m.database !== 'postgres') {
    return [
      {
        target,
        outcome: 'n/a',
        detail: `${measured} on PGlite; the target applies to PostgreSQL`,
      },
    ];
  }
  return [
    {
      target,
      outcome: m.loginClean && m.loginRatio >= TARGETS.loginRatioMin ? 'PASS' : 'FAIL',
      detail: `${measured}${m.loginClean ? '' : ' (run had answers other than 303, or errors)'}`,
    },
  ];
}
