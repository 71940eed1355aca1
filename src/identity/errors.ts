// A federated sign-in refused: the reason is a code for the operator's log line (no personal
// data), the citizen sees one clear German page (views.ts) and gets no session.
import { AppError } from '../errors.ts';

export type FederationRefusal =
  | 'unknown_provider'
  | 'unknown_state'
  | 'provider_mismatch'
  | 'replay'
  | 'malformed'
  | 'destination'
  | 'not_encrypted'
  | 'signature'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'in_response_to'
  | 'recipient'
  | 'status'
  | 'level_too_low'
  | 'attribute_missing'
  | 'oidc_error'
  | 'pending_expired';

export class FederationError extends AppError {
  reason: FederationRefusal;
  provider: string | undefined;
  constructor(reason: FederationRefusal, provider?: string) {
    super(`federated sign-in refused: ${reason}`);
    this.reason = reason;
    this.provider = provider;
  }
}
