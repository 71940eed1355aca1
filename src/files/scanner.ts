// Virus scanning of uploads. A scanner answers clean or infected, or throws
// ScannerUnavailableError when it cannot say (down, too slow, refused the file): then the
// upload is refused too, since a configured scanner that is skipped protects nobody. Without
// a configured scanner uploads are stored and marked "unscanned" (docs/adr/0011).
import { AppError } from '../errors.ts';

export type ScanResult = { infected: false } | { infected: true; signature: string };

export interface VirusScanner {
  scan(content: Uint8Array): Promise<ScanResult>;
}

/** The scanner could not check the file; nothing may be stored. Answered with 503. */
export class ScannerUnavailableError extends AppError {}
