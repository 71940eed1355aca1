// A step of the FIT-Connect exchange that cannot go on ends the attempt with a result:
// thrown as Halt and turned into the connector's answer in one place (connector.ts).
import type { DeliveryResult } from '../types.ts';

export class Halt extends Error {
  readonly result: Extract<DeliveryResult, { status: 'retry' | 'rejected' }>;
  constructor(result: Extract<DeliveryResult, { status: 'retry' | 'rejected' }>) {
    super(result.reason);
    this.result = result;
  }
}

export const retry = (reason: string, notBefore?: Date) =>
  new Halt({ status: 'retry', reason, ...(notBefore ? { notBefore } : {}) });
export const reject = (reason: string) => new Halt({ status: 'rejected', reason });

/** 408/425/429 and 5xx are worth another try; other 4xx will not change by repeating. */
export function haltForStatus(code: number, what: string): Halt {
  if (code >= 400 && code < 500 && ![408, 425, 429].includes(code)) {
    return reject(`${what}: HTTP ${code} from the FIT-Connect service`);
  }
  return retry(`${what}: HTTP ${code} from the FIT-Connect service`);
}

export function describeFetchError(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'timed out';
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: string }).code;
  return code ?? (cause instanceof Error ? cause.message : String(cause));
}
