// The shape every connector type has (STYLE.md §4): a typed configuration and one operation.
// Types are defined once in code and configured per authority and service as routes.
import type { Static, TSchema } from 'typebox';
import type { Deliverable } from '../deliverable.ts';

export type DeliveryResult =
  /** The receiving system has it; `reference` is its id for it (or our key when it has none). */
  | { status: 'delivered'; reference: string }
  /**
   * Handed over, taken only once the receiver confirms it later (an xdomea drop folder read by
   * a DMS, answering with an import confirmation): `reference` names what was handed over.
   * The delivery is `awaiting` until a confirmation job settles it (ADR 0027).
   */
  | { status: 'awaiting'; reference: string }
  /** Try again later (receiver down, slow, answering nonsense); not before `notBefore` if set. */
  | { status: 'retry'; reason: string; notBefore?: Date }
  /** The receiver refused it for good: trying again would not help. */
  | { status: 'rejected'; reason: string };

export type Connector<S extends TSchema = TSchema> = {
  /** Stable id stored in routes: 'webhook', 'email', 'xdomea'. */
  type: string;
  /** One line for `delivery:route types`. */
  summary: string;
  /** TypeBox, checked before every deliver(). */
  configSchema: S;
  /** Properties of the configuration stored sealed with the Verbund keys, never in clear. */
  secretKeys: readonly string[];
  /** How long one deliver() may take before it is aborted and retried. */
  timeoutMs: number;
  deliver(item: Deliverable, config: Static<S>, signal: AbortSignal): Promise<DeliveryResult>;
  /** "Verbindung testen": throws with a reason an admin can act on; resolves when it works. */
  checkConfig?(config: Static<S>, signal: AbortSignal): Promise<void>;
};

/** A connector kept in a registry, its configuration type forgotten. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds connectors of every config type
export type AnyConnector = Connector<any>;

/** Defines a connector with its configuration type inferred from the schema. */
export function defineConnector<S extends TSchema>(connector: Connector<S>): Connector<S> {
  return connector;
}
