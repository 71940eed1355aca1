// Which delivered attributes count as confirmed, and at which level (issue 13, items 2 and 4).
// BundID sends a level with each attribute (akdb:TrustLevel): a name read from the eID card
// is "substantiell", an address or e-mail typed into the BundID account is "normal" at best.
// An attribute never counts for more than the sign-in it came with, and one without a level
// of its own (OIDC claims, older BundID answers) takes the sign-in's. Only substantial and
// high confirm: those values prefill forms as confirmed and are locked in the profile.
import type { ConfirmedLevels, TrustLevel, VerifiedAttributeName } from '../db/schema.ts';
import { levelReaches, lowerLevel } from './levels.ts';

export function confirmedLevels(
  attributes: Partial<Record<VerifiedAttributeName, string>>,
  /** Source name (OID or claim) → profile field, the provider's mapping. */
  map: Readonly<Record<string, string>>,
  signInLevel: TrustLevel,
  /** Source name → the level the provider gave that attribute, where it gave one. */
  perSource: Readonly<Record<string, TrustLevel>> = {},
): ConfirmedLevels {
  const out: ConfirmedLevels = {};
  for (const [source, target] of Object.entries(map)) {
    const name = target as VerifiedAttributeName;
    if (attributes[name] === undefined) continue;
    const level = lowerLevel(perSource[source] ?? signInLevel, signInLevel);
    if (levelReaches(level, 'substantial')) out[name] = level as 'substantial' | 'high';
  }
  return out;
}
