// Normalised name tokens: what a clerk types and what the citizen sent must meet whatever the
// spelling of case, umlauts and accents ("Müller", "MUELLER", "mueller" all find Müller;
// "José" finds "Jose"; "Muller" does not: German clerks type "ü" or "ue"). Hyphenated and double names are split, so "Meyer-Lüdenscheidt" is found by
// either part.
import { transliterateUmlauts } from '../../umlauts.ts';

const MIN_TOKEN = 2;
const MAX_TOKENS = 12;

/** One token as the index keys it: lower case, umlauts spelled out, accents dropped. */
function fold(word: string): string {
  return transliterateUmlauts(word.normalize('NFC'))
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The distinct tokens of the given names, at most MAX_TOKENS (nobody types more). */
export function nameTokens(names: readonly string[]): string[] {
  const tokens = new Set<string>();
  for (const name of names) {
    for (const word of name.split(/[^\p{L}\p{M}]+/u)) {
      const token = fold(word);
      if (token.length >= MIN_TOKEN) tokens.add(token);
      if (tokens.size >= MAX_TOKENS) return [...tokens];
    }
  }
  return [...tokens];
}
