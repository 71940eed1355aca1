// German place names arrive as "Dörpen", "Doerpen", "dörpen " or "Haren (Ems)"; these folds
// make them comparable and URL-safe without a locale-dependent collation.
import { transliterateUmlauts } from '../umlauts.ts';

/** "Haren (Ems)" → "haren ems"; "Sögel" → "soegel": the key the finder matches on. */
export function searchKey(name: string): string {
  return transliterateUmlauts(name.normalize('NFC').toLowerCase())
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** "Haren (Ems)" → "haren-ems": a lower-case, hyphenated path segment. */
export function slugify(name: string): string {
  return searchKey(name).replace(/ /g, '-');
}
