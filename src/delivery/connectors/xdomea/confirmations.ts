// The worker job that reads the DMS's answers back (ADR 0027). For every xdomea route's answer
// folder: a 0402 that imported our Vorgang makes its delivery `delivered` (reference: the
// DMS's Hinweis, else the ProzessID) and the application `received`; a 0402 that did not
// makes it `failed` with the DMS's reasons, alerting the route's admins; a 0403 only says the
// message arrived. Read answers go to processed/, unreadable ones and answers for no delivery
// of ours to unreadable/, each with a log line that names no person. A delivery without an
// answer in `confirmWithinHours` fails too: nothing waits silently for ever.
//
// Every step can run again after a crash: the application is moved on only from `submitted`,
// the delivery settled only from the states it may leave, and the file moved last.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { withWorker } from '../../../db/rls.ts';
import type { DB } from '../../../db/schema.ts';
import type { Keyring } from '../../../envelope/envelope.ts';
import type { Mailer } from '../../../mail/mailer.ts';
import { translator } from '../../../web/i18n.ts';
import { alertStaff } from '../../alert.ts';
import type { OutboxLog } from '../../outbox.ts';
import * as repo from '../../repository.ts';
import { resolveConfig } from '../../route-settings.ts';
import type { Registry } from '../registry.ts';
import { type Answer, MAX_ANSWER_BYTES, parseAnswer, UnreadableAnswerError } from './answers.ts';
import { DEFAULT_CONFIRM_WITHIN_HOURS, type XdomeaConfig } from './config.ts';
import { moveAside } from './folders.ts';
import { UUID } from './ids.ts';
import { vorgangIdOf } from './message.ts';
import './messages.ts';

export const XDOMEA_CONFIRMATIONS_JOB = 'delivery.xdomea-confirmations';
/** How often the answer folders are looked at: a DMS imports in batches, seconds are enough. */
export const XDOMEA_CONFIRMATIONS_EVERY_MS = 5_000;

export type ReceivedByDms = {
  authorityId: string;
  applicationId: string;
  /** The public note on the status change the citizen sees. */
  note: string;
};

export type ConfirmationsDeps = {
  db: Kysely<DB>;
  connectors: Registry;
  keyring: Keyring;
  log: OutboxLog;
  mailer?: Pick<Mailer, 'send'>;
  now?: () => Date;
  /** Moves the application to `received` (the applications domain, wired in src/app/). */
  markReceived?: (p: ReceivedByDms) => Promise<void>;
  /** Answers younger than this wait for the next round: the DMS may still be writing them. */
  settleMs?: number;
};

export type ConfirmationCounts = {
  delivered: number;
  refused: number;
  receipts: number;
  unreadable: number;
  overdue: number;
};

type Route = { row: repo.RouteRow; config: XdomeaConfig };

/** A file name fit for the log: the xdomea ones (a ProzessID and a message name) only. */
const loggable = (name: string) =>
  UUID.test(name.slice(0, 36)) && /^[\w.-]+$/.test(name) ? name : '(a file of another name)';

export function createXdomeaConfirmations(deps: ConfirmationsDeps) {
  const { db, log } = deps;
  const now = deps.now ?? (() => new Date());
  const settleMs = deps.settleMs ?? 2_000;
  const asWorker = <T>(fn: Parameters<typeof withWorker<T>>[1]) => withWorker(db, fn);

  async function routesByFolder(): Promise<{ folders: Map<string, Route[]>; routes: Route[] }> {
    const rows = await asWorker((trx) => repo.listRoutesOfType(trx, 'xdomea'));
    const folders = new Map<string, Route[]>();
    const routes: Route[] = [];
    for (const row of rows) {
      const resolved = resolveConfig(row, deps.connectors, deps.keyring);
      if (!resolved.ok) {
        log.warn(
          { route: row.name, authorityId: row.authority_id, problem: resolved.problem },
          'xdomea route skipped while reading answers',
        );
        continue;
      }
      const route = { row, config: resolved.config as XdomeaConfig };
      routes.push(route);
      const folder = resolve(route.config.answerFolder);
      folders.set(folder, [...(folders.get(folder) ?? []), route]);
    }
    return { folders, routes };
  }

  async function alert(
    delivery: repo.KeyedDelivery,
    route: Route,
    fields: Record<string, unknown>,
  ) {
    await alertStaff(
      { db, log, ...(deps.mailer ? { mailer: deps.mailer } : {}) },
      delivery,
      route.row,
      'failed',
      fields,
    );
  }

  /** Acts on one answer; false when it names no delivery of these routes. */
  async function apply(answer: Answer, routes: Route[], counts: ConfirmationCounts) {
    const delivery = await asWorker((trx) =>
      repo.findByKeyOnRoutes(
        trx,
        answer.processId,
        routes.map((r) => r.row.id),
      ),
    );
    if (delivery === undefined) return false;
    const route = routes.find((r) => r.row.id === delivery.route_id) as Route;
    const fields = {
      deliveryId: delivery.id,
      authorityId: delivery.authority_id,
      route: route.row.name,
    };
    if (answer.kind === 'receipt') {
      counts.receipts++;
      log.info(fields, 'the DMS confirmed it received the xdomea message');
      return true;
    }
    const ours = answer.objects.find((o) => o.id === vorgangIdOf(answer.processId));
    if (ours === undefined) {
      throw new UnreadableAnswerError('it names no Schriftgutobjekt of this delivery');
    }
    const at = now();
    if (ours.imported) {
      const reference = answer.hint ?? `xdomea:${answer.processId}`;
      const application = await asWorker((trx) =>
        repo.applicationState(trx, delivery.application_id),
      );
      if (application?.status === 'submitted' && deps.markReceived) {
        // In the language the citizen applied in; the note is stored as written.
        const t = translator(application.language);
        await deps.markReceived({
          authorityId: delivery.authority_id,
          applicationId: delivery.application_id,
          note:
            answer.hint === null
              ? t('xdomea.imported')
              : t('xdomea.importedAs', { reference: answer.hint.slice(0, 100) }),
        });
      }
      const changed = await asWorker((trx) =>
        repo.settle(trx, delivery.id, ['awaiting', 'pending', 'failed'], at, {
          status: 'delivered',
          reference,
        }),
      );
      if (changed) {
        counts.delivered++;
        log.info({ ...fields, status: 'delivered' }, 'the DMS imported the xdomea message');
      }
      return true;
    }
    const reasons = ours.reasons.join('; ').slice(0, 1500) || 'no reason given';
    const changed = await asWorker((trx) =>
      repo.settle(trx, delivery.id, ['awaiting', 'pending'], at, {
        status: 'failed',
        reason: `the DMS refused the import: ${reasons}`,
      }),
    );
    if (changed) {
      counts.refused++;
      // The DMS's reasons go to staff on the delivery, not into the log.
      log.warn({ ...fields, status: 'failed' }, 'the DMS refused the xdomea import');
      await alert(delivery, route, fields);
    }
    return true;
  }

  async function readFolder(folder: string, routes: Route[], counts: ConfirmationCounts) {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      log.warn(
        { folder, code: (error as NodeJS.ErrnoException).code },
        'xdomea answer folder cannot be read',
      );
      return;
    }
    for (const name of names.sort()) {
      if (name.startsWith('.') || !name.toLowerCase().endsWith('.xml')) continue;
      const path = join(folder, name);
      const info = await stat(path).catch(() => undefined);
      if (info === undefined || !info.isFile()) continue;
      if (now().getTime() - info.mtimeMs < settleMs) continue;
      let problem: string | undefined;
      try {
        if (info.size > MAX_ANSWER_BYTES) throw new UnreadableAnswerError('far too large');
        const answer = parseAnswer(await readFile(path, 'utf8'));
        if (!(await apply(answer, routes, counts))) problem = 'it names no delivery of ours';
      } catch (error) {
        // Moved by another worker process between the listing and the read.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        if (!(error instanceof UnreadableAnswerError)) {
          // The database away, the applications domain failing: the file stays for next round.
          log.error(
            {
              folder,
              file: loggable(name),
              err: error instanceof Error ? error.message : String(error),
            },
            'xdomea answer could not be applied; tried again next round',
          );
          continue;
        }
        problem = error.message;
      }
      if (problem === undefined) {
        await moveAside(folder, name, 'processed');
        continue;
      }
      counts.unreadable++;
      await moveAside(folder, name, 'unreadable');
      log.warn(
        { folder, file: loggable(name), problem: problem.slice(0, 200) },
        'xdomea answer ignored and moved to unreadable/',
      );
    }
  }

  async function failOverdue(route: Route, counts: ConfirmationCounts) {
    const hours = route.config.confirmWithinHours ?? DEFAULT_CONFIRM_WITHIN_HOURS;
    const before = new Date(now().getTime() - hours * 3_600_000);
    const overdue = await asWorker((trx) => repo.listOverdueAwaiting(trx, route.row.id, before));
    for (const delivery of overdue) {
      const changed = await asWorker((trx) =>
        repo.settle(trx, delivery.id, ['awaiting'], now(), {
          status: 'failed',
          reason: `no import confirmation from the DMS within ${hours} hours`,
        }),
      );
      if (!changed) continue;
      counts.overdue++;
      const fields = {
        deliveryId: delivery.id,
        authorityId: delivery.authority_id,
        route: route.row.name,
      };
      log.warn({ ...fields, status: 'failed' }, 'no xdomea import confirmation in time');
      await alert(delivery, route, fields);
    }
  }

  async function run(): Promise<ConfirmationCounts> {
    const counts: ConfirmationCounts = {
      delivered: 0,
      refused: 0,
      receipts: 0,
      unreadable: 0,
      overdue: 0,
    };
    const { folders, routes } = await routesByFolder();
    for (const [folder, sharing] of folders) await readFolder(folder, sharing, counts);
    for (const route of routes) await failOverdue(route, counts);
    return counts;
  }

  return { run };
}
