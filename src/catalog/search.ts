// German full-text search over the LeiKa-Leistungen: names, synonyms, descriptions, the
// OZG-Leistung they belong to, and laws. Two indexed vectors (migration 2026-11-29-06): a German
// stemmed one for inflected words ("Hunde" finds "Hund") and an unstemmed one for words typed
// only in part ("Hundest" finds "Hundesteuer"). Both sides are folded (ä → ae, ß → ss).
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ValidationError } from '../errors.ts';
import { QUERY_MAX_LENGTH, queryTerms } from './fold.ts';

export const SEARCH_PAGE_SIZE = 20;
/** Deeper pages are not offered: nobody reads result 1,000, and OFFSET gets slower. */
export const SEARCH_MAX_PAGES = 25;

export type SearchOptions = {
  /** Marks and ranks higher what this Verbund offers online. */
  verbundId?: string;
  limit?: number;
  offset?: number;
  now?: Date;
};

export type SearchHit = {
  id: number;
  leika_key: string | null;
  name: string;
  ozg_id: string | null;
  ozg_name: string | null;
  situation_id: number | null;
  /** Every word of the query occurs in the name itself. */
  name_match: boolean;
  /** An authority in the Verbund offers it online now. */
  online: boolean;
};

export type SearchResult = {
  query: string;
  terms: string[];
  total: number;
  hits: SearchHit[];
  /** False when no service matched all words and these hits match some of them. */
  matchedAll: boolean;
};

/**
 * The query is the entry's name or one of its synonyms, word for word ("Hund anmelden" is a
 * synonym of Hundesteuer): that entry comes first, before entries that merely contain the words.
 */
function exactName(phrase: string) {
  const words = (column: RawBuilder<unknown>) =>
    sql`trim(regexp_replace(catalog_fold(${column}), '[[:space:][:punct:]]+', ' ', 'g'))`;
  return sql<boolean>`(${words(sql`cs.name`)} = ${phrase}
    or exists (select 1 from unnest(cs.synonyms) as synonym
      where ${words(sql`synonym`)} = ${phrase}))`;
}

/** Checks what was typed; the message keys belong to the search field `q`. */
export function checkQuery(input: string): { query: string; terms: string[] } {
  const query = input.trim().replace(/\s+/g, ' ');
  if (query === '') throw new ValidationError({ q: 'catalog.search.errorEmpty' });
  if (query.length > QUERY_MAX_LENGTH)
    throw new ValidationError({ q: 'catalog.search.errorTooLong' });
  const terms = queryTerms(query);
  if (terms.length === 0) throw new ValidationError({ q: 'catalog.search.errorTooShort' });
  return { query, terms };
}

/**
 * Searches the catalogue. Ranked: the exact name or synonym first, then entries with every word
 * in the name, then services online in the Verbund, then ts_rank, then shorter names. With several words, all must match; if that
 * finds nothing, any may. Throws ValidationError for empty, overlong or wordless input.
 */
export async function searchServices(
  db: Kysely<DB>,
  input: string,
  options: SearchOptions = {},
): Promise<SearchResult> {
  const { query, terms } = checkQuery(input);
  const all = await runSearch(db, terms, ' & ', options);
  if (all.total > 0 || terms.length === 1) return { query, terms, ...all, matchedAll: true };
  const any = await runSearch(db, terms, ' | ', options);
  return { query, terms, ...any, matchedAll: false };
}

async function runSearch(
  db: Kysely<DB>,
  terms: string[],
  joiner: ' & ' | ' | ',
  options: SearchOptions,
): Promise<{ total: number; hits: SearchHit[] }> {
  // Terms are letters and digits only (queryTerms), so these strings are valid tsquery text
  // whatever was typed; they still travel as bound parameters.
  const prefix = terms.map((t) => `${t}:*`).join(joiner);
  const inName = terms.map((t) => `${t}:*A`).join(joiner);
  const phrase = terms.join(' ');
  const german = sql`to_tsquery('german', ${prefix})`;
  const simple = sql`to_tsquery('simple', ${prefix})`;
  const online =
    options.verbundId === undefined
      ? sql<boolean>`false`
      : sql<boolean>`exists (
          select 1 from online_service os
          join online_service_activation a on a.online_service_id = os.id
          join authority au on au.id = a.authority_id
          where os.verbund_id = ${options.verbundId} and os.leika_key = cs.leika_key
            and a.active_since <= ${options.now ?? new Date()} and au.status = 'live')`;
  const { rows } = await sql<SearchHit & { total: string | number }>`
    select cs.id, cs.leika_key, cs.name, o.ozg_id, o.name as ozg_name, o.situation_id,
      (cs.search_vector @@ to_tsquery('german', ${inName})
        or cs.prefix_vector @@ to_tsquery('simple', ${inName})) as name_match,
      ${online} as online,
      count(*) over () as total
    from catalog_service cs
    left join catalog_ozg_service o on o.id = cs.ozg_service_id
    where cs.search_vector @@ ${german} or cs.prefix_vector @@ ${simple}
      or cs.leika_key = ${phrase}
    order by ${exactName(phrase)} desc,
      name_match desc,
      online desc,
      ts_rank(cs.search_vector, ${german}) + 2 * ts_rank(cs.prefix_vector, ${simple}) desc,
      length(cs.name), cs.name, cs.id
    limit ${options.limit ?? SEARCH_PAGE_SIZE} offset ${options.offset ?? 0}`.execute(db);
  return {
    total: Number(rows[0]?.total ?? 0),
    hits: rows.map(({ total: _total, ...hit }) => hit),
  };
}
