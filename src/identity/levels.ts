// Trust levels (Vertrauensniveau) as the federation speaks them: STORK-QAA levels for SAML
// (BundID), configured acr values for OIDC. One order for the whole Verbund (DESIGN.md).
import type { TrustLevel } from '../db/schema.ts';

export const TRUST_LEVELS: readonly TrustLevel[] = ['basic', 'low', 'substantial', 'high'];

export function isTrustLevel(value: unknown): value is TrustLevel {
  return typeof value === 'string' && (TRUST_LEVELS as readonly string[]).includes(value);
}

export function levelReaches(have: TrustLevel, need: TrustLevel): boolean {
  return TRUST_LEVELS.indexOf(have) >= TRUST_LEVELS.indexOf(need);
}

const STORK_PREFIX = 'http://eidas.europa.eu/LoA/';
const STORK = 'STORK-QAA-Level-';

/** basic → STORK-QAA-Level-1 … high → STORK-QAA-Level-4. */
export function storkLevel(level: TrustLevel): string {
  return `${STORK}${TRUST_LEVELS.indexOf(level) + 1}`;
}

/**
 * STORK-QAA-Level-1..4 → basic..high; anything else (also an eIDAS LoA URI, which BundID does
 * not send to us) is undefined, so an unknown answer never counts as a level.
 */
export function levelFromStork(value: string | undefined): TrustLevel | undefined {
  if (value === undefined || value.startsWith(STORK_PREFIX)) return undefined;
  const match = /^STORK-QAA-Level-([1-4])$/.exec(value.trim());
  return match ? TRUST_LEVELS[Number(match[1]) - 1] : undefined;
}

/** BundID's per-attribute level (akdb:TrustLevel) → ours, as STORK-QAA 1..4. */
const AKDB_LEVELS: Readonly<Record<string, TrustLevel>> = {
  UNTERGEORDNET: 'basic',
  NORMAL: 'low',
  SUBSTANTIELL: 'substantial',
  HOCH: 'high',
};

export function levelFromAkdb(value: string | null | undefined): TrustLevel | undefined {
  return value == null ? undefined : AKDB_LEVELS[value.trim().toUpperCase()];
}

export function lowerLevel(a: TrustLevel, b: TrustLevel): TrustLevel {
  return TRUST_LEVELS.indexOf(a) <= TRUST_LEVELS.indexOf(b) ? a : b;
}
