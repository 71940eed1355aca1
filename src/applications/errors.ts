// What the applications' use cases refuse with; the routes turn each into a page.
import type { TrustLevel } from '../db/schema.ts';
import { ConflictError, ForbiddenError } from '../errors.ts';
import type { ApplicationStatus } from './status.ts';

/** The draft is not complete or no longer valid: the check page shows why. */
export class DraftIncompleteError extends ConflictError {}

/** The draft's form version was withdrawn: it cannot be sent, only started again. */
export class FormWithdrawnError extends ConflictError {}

/** The session's trust level is below what the service needs: step up first. */
export class TrustLevelTooLowError extends ForbiddenError {
  readonly needed: TrustLevel;
  constructor(needed: TrustLevel) {
    super(`trust level ${needed} needed`);
    this.needed = needed;
  }
}

/** The citizen tried to withdraw an application that is already closed. */
export class ApplicationClosedError extends ConflictError {
  constructor(id: string) {
    super(`application ${id} is closed`);
  }
}

/** A status change outside the graph. */
export class TransitionNotAllowedError extends ConflictError {}

/** The application changed since the clerk's form was shown (optimistic locking). */
export class StaleApplicationError extends ConflictError {
  readonly current: ApplicationStatus;
  constructor(id: string, current: ApplicationStatus) {
    super(`application ${id} changed meanwhile (now ${current})`);
    this.current = current;
  }
}

/** Sent without a Bürgerkonto: there is no Postfach to ask in or to send a decision to. */
export class NoPostfachError extends ConflictError {
  constructor(id: string) {
    super(`application ${id} has no Postfach`);
  }
}
