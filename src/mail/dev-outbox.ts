// Development and test stand-in for an SMTP server: mails stay in memory, newest first, so a
// developer (or a browser test) can read a verification link without a real mailbox.

export type OutboxMail = {
  readonly at: Date;
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Names and sizes only: a development outbox need not hold files. */
  readonly attachments?: readonly { name: string; size: number }[];
};

export type DevOutbox = {
  add(mail: OutboxMail): void;
  /** Newest first. */
  list(): OutboxMail[];
  /** The newest mail to this address (compared case-insensitively), if any. */
  latestTo(address: string): OutboxMail | undefined;
  clear(): void;
};

export const DEV_OUTBOX_CAPACITY = 100;

export function createDevOutbox(capacity = DEV_OUTBOX_CAPACITY): DevOutbox {
  // A long-running development server must not grow without bound.
  let mails: OutboxMail[] = [];
  return {
    add(mail) {
      mails.unshift(Object.freeze({ ...mail }));
      if (mails.length > capacity) mails.length = capacity;
    },
    list: () => [...mails],
    latestTo(address) {
      const wanted = address.trim().toLowerCase();
      return mails.find((mail) => mail.to.toLowerCase() === wanted);
    },
    clear() {
      mails = [];
    },
  };
}
