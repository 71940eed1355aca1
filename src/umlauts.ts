// German letters have a two-letter ASCII spelling ("Sperrmüll" / "Sperrmuell", "Straße" /
// "Strasse"). Search keys, URL slugs, file-name fallbacks and generated field ids all use the
// same one, so this table is the only one. The catalogue's SQL function catalog_fold
// (migration 2026-11-29-06) folds stored documents the same way; catalog/search.test.ts checks
// that both agree.

/** Each letter with its two-letter spelling, capitals keeping their case ("Ä" → "Ae"). */
export const UMLAUT_SPELLINGS: readonly (readonly [string, string])[] = [
  ['Ä', 'Ae'],
  ['Ö', 'Oe'],
  ['Ü', 'Ue'],
  ['ẞ', 'SS'],
  ['ä', 'ae'],
  ['ö', 'oe'],
  ['ü', 'ue'],
  ['ß', 'ss'],
];

/** "Größe Ärger" → "Groesse Aerger"; every other character stays as it is. */
export function transliterateUmlauts(text: string): string {
  let out = text;
  for (const [from, to] of UMLAUT_SPELLINGS) out = out.replaceAll(from, to);
  return out;
}
