// Citizens type "Sperrmuell" for "Sperrmüll" and "Strasse" for "Straße". Both the stored
// documents (SQL function catalog_fold, migration 2026-11-29-06) and the query (here) are folded
// the same way before text search, so either spelling finds the other. The two must stay in step:
// search.test.ts compares them.
import { transliterateUmlauts, UMLAUT_SPELLINGS } from '../umlauts.ts';

/** German letters that have a two-letter spelling, upper case included. */
export const FOLD_PAIRS = UMLAUT_SPELLINGS;

/** "Sperrmüll" → "sperrmuell", "STRAẞE" → "strasse". */
export function foldForSearch(text: string): string {
  return transliterateUmlauts(text.normalize('NFC')).toLowerCase();
}

export const QUERY_MAX_LENGTH = 100;
export const QUERY_MAX_TERMS = 8;

/**
 * The words of a search, folded: runs of letters and digits only. Nothing the user types can
 * reach the tsquery syntax (& | ! ( ) : * ' \ < >), because none of those is a letter or digit
 * and only these words are ever put into a query. One-letter words are dropped: as prefixes
 * they would match half the catalogue.
 */
export function queryTerms(input: string): string[] {
  const terms = foldForSearch(input)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((term) => term.length >= 2);
  return [...new Set(terms)].slice(0, QUERY_MAX_TERMS);
}
