import type pg from 'pg';

// A statement run on every sign-in is worth preparing: PostgreSQL then parses it once per
// connection and, after a few runs, keeps a generic plan instead of planning it again (parse
// and plan were most of the backend's CPU time for the sign-in statements). A statement opts
// in by starting with `/* prepared <name> */`; each name belongs to exactly one text. Only
// fixed texts may opt in: every distinct text stays prepared for the life of the connection.
// PGlite runs the same text as it is; there the mark is just a comment. A connection pooler
// in front of PostgreSQL must keep prepared statements per client (PgBouncer 1.21 and later
// with max_prepared_statements set, or session pooling).
const MARK = /^\/\* prepared ([a-z][a-z0-9_]*) \*\//;

/** The statement name a marked text asks for; undefined for every other text. */
export function preparedName(text: string): string | undefined {
  return text.startsWith('/* prepared ') ? MARK.exec(text)?.[1] : undefined;
}

type Query = (...args: unknown[]) => unknown;

/** Runs marked statements of every connection of `pool` as named (prepared) statements. */
export function prepareMarkedStatements(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as Query;
    const preparing: Query = (text, ...rest) => {
      const name = typeof text === 'string' ? preparedName(text) : undefined;
      if (name === undefined) return query(text, ...rest);
      const [values, ...callback] = rest;
      return query({ name, text, values }, ...callback);
    };
    client.query = preparing as typeof client.query;
  });
}
