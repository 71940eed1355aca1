// What a receipt (Eingangsbestätigung) shows, as plain display strings: the applications domain
// builds it from the submitted snapshot, so the same receipt can be rendered again at any time.

export type ReceiptAuthority = {
  name: string;
  /** Postal address, one line each, e.g. ['Am Markt 1', '49808 Lingen (Ems)']. */
  addressLines: string[];
  phone: string | null;
  email: string | null;
  /** Shown as text, not as a link: see receipt-pdf.ts. */
  web: string | null;
};

export type ReceiptAnswer = {
  label: string;
  /** As the citizen saw it on the check-answers page; may span several lines. */
  value: string;
};

/** One step of the form: its title and the answers given on it, in form order. */
export type ReceiptSection = {
  title: string;
  answers: ReceiptAnswer[];
};

export type ReceiptAttachment = {
  name: string;
  /** Bytes. */
  size: number;
  mediaType: string;
};

export type ReceiptContent = {
  /** e.g. "Portalverbund Emsland" */
  verbundName: string;
  authority: ReceiptAuthority;
  serviceName: string;
  /** LeiKa key of the service, e.g. "99063010006000"; null for services without one. */
  leikaKey: string | null;
  /** e.g. "EL-2026-004711" */
  referenceNumber: string;
  /** Rendered in German time (Europe/Berlin), whatever the server's zone. */
  submittedAt: Date;
  applicantName: string;
  sections: ReceiptSection[];
  attachments: ReceiptAttachment[];
  /** Closing note under the answers; the language's default note when left out. */
  footerNote?: string;
};
