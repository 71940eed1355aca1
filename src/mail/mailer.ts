import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { AppError } from '../errors.ts';
import { createDevOutbox, type DevOutbox } from './dev-outbox.ts';

/** A file sent along (delivery by e-mail to an office's functional mailbox only). */
export type MailAttachment = { filename: string; contentType: string; content: Buffer };

/**
 * Plain text: what the Bürgerkonto sends (links, codes, "you have a new message"). Attachments
 * and a fixed Message-ID only for deliveries to an authority's mailbox (src/delivery/).
 */
export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  attachments?: readonly MailAttachment[];
  /** The local part of the Message-ID, so a receiving system recognises a resend. */
  messageIdLocalPart?: string;
};

export type Mailer = {
  /** Resolves once the SMTP server (or the dev outbox) accepted the mail; else MailDeliveryError. */
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
  /** Only without SMTP in development and test. */
  outbox?: DevOutbox;
};

export type MailerOptions = {
  smtpUrl: string | undefined;
  /** The sender, e.g. `"Portalverbund Emsland" <noreply@portal.emsland.de>`. */
  from: string;
  env: 'development' | 'production' | 'test';
};

/**
 * Delivery failed. The message names what went wrong and the SMTP reply code, never the
 * recipient, the content or the server's reply text (which often repeats the address), so it
 * can be logged as it is: logs hold no personal data.
 */
export class MailDeliveryError extends AppError {
  /** Nodemailer's step code: EENVELOPE, EMESSAGE, ESOCKET, ETIMEDOUT, EAUTH, … */
  smtpCode: string | undefined;
  /** The SMTP reply code, e.g. 550; undefined when there was no reply (connection failed). */
  responseCode: number | undefined;
  /** True when sending the same mail again will fail again (5xx except 503, bad address). */
  permanent: boolean;
  constructor(
    reason: string,
    details: { smtpCode?: string; responseCode?: number; permanent?: boolean } = {},
  ) {
    const code = details.responseCode === undefined ? '' : ` (SMTP ${details.responseCode})`;
    super(`mail delivery failed: ${reason}${code}`);
    this.smtpCode = details.smtpCode;
    this.responseCode = details.responseCode;
    this.permanent = details.permanent ?? false;
  }
}

// A few seconds each: a request that sends a mail (registration, password reset) must not hang
// for the minutes nodemailer waits by default when the relay is down.
const TIMEOUTS = {
  connectionTimeout: 5_000,
  greetingTimeout: 5_000,
  socketTimeout: 10_000,
  dnsTimeout: 5_000,
};

/** One plain address, nothing that could add a second recipient or a display name. */
const PLAIN_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/;

export function createMailer(options: MailerOptions): Mailer {
  const from = checkedSender(options.from);
  const envelope = (message: MailMessage) => {
    const to = message.to.trim();
    if (to.length > 254 || !PLAIN_ADDRESS.test(to)) {
      throw new MailDeliveryError('the recipient is not one plain e-mail address', {
        smtpCode: 'EENVELOPE',
        permanent: true,
      });
    }
    const local = message.messageIdLocalPart;
    return {
      to,
      messageId: `<${local && /^[A-Za-z0-9.-]{1,100}$/.test(local) ? local : randomUUID()}@${from.domain}>`,
      date: new Date(),
    };
  };

  if (options.smtpUrl === undefined) {
    if (options.env === 'production') {
      throw new Error(
        'SMTP_URL is required in production: without it, mails would only land in the development outbox',
      );
    }
    const outbox = createDevOutbox();
    return {
      outbox,
      async send(message) {
        const { to, messageId, date } = envelope(message);
        outbox.add({
          at: date,
          messageId,
          from: options.from,
          to,
          subject: message.subject,
          text: message.text,
          ...(message.attachments
            ? {
                attachments: message.attachments.map((a) => ({
                  name: a.filename,
                  size: a.content.byteLength,
                })),
              }
            : {}),
        });
      },
      async close() {},
    };
  }

  const transport = smtpTransport(options.smtpUrl, options.env === 'production');
  return {
    async send(message) {
      const { to, messageId, date } = envelope(message);
      let info: { rejected: unknown[] };
      try {
        info = await transport.sendMail({
          from: options.from,
          to,
          subject: message.subject,
          text: message.text,
          textEncoding: 'quoted-printable',
          ...(message.attachments
            ? {
                attachments: message.attachments.map((a) => ({
                  filename: a.filename,
                  contentType: a.contentType,
                  content: a.content,
                })),
              }
            : {}),
          messageId,
          date,
          headers: {
            // RFC 3834: vacation responders and ticket systems must not answer these mails.
            'Auto-Submitted': 'auto-generated',
            // Exchange and Outlook ignore Auto-Submitted; most municipal mailboxes run on them.
            'X-Auto-Response-Suppress': 'All',
          },
        });
      } catch (error) {
        throw deliveryError(error);
      }
      if (info.rejected.length > 0) {
        throw new MailDeliveryError('the server refused the recipient', {
          smtpCode: 'EENVELOPE',
          permanent: true,
        });
      }
    },
    async close() {
      transport.close();
    },
  };
}

function smtpTransport(smtpUrl: string, production: boolean) {
  // The URL carries credentials: no message here may repeat it.
  if (!/^smtps?:\/\/[^/?#]+/i.test(smtpUrl)) {
    throw new Error('SMTP_URL must look like smtp://user:password@host:587 or smtps://…');
  }
  let transport: ReturnType<typeof nodemailer.createTransport>;
  try {
    transport = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: 3,
      ...TIMEOUTS,
      // smtp:// upgrades with STARTTLS; in production never fall back to sending the password
      // and the mail in clear text. A relay on a private network can opt out: ?requireTLS=false.
      requireTLS: production,
      tls: { minVersion: 'TLSv1.2' },
      // Messages are strings written by this code; nodemailer must never read files or URLs.
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
      debug: false,
    });
  } catch {
    throw new Error('SMTP_URL could not be read as an SMTP connection URL');
  }
  // Errors surface through send(); an unhandled 'error' event would end the whole process.
  transport.on('error', () => {});
  return transport;
}

function checkedSender(from: string): { address: string; domain: string } {
  const parsed = addressparser(from, { flatten: true });
  const address = parsed.length === 1 ? parsed[0]?.address : undefined;
  const domain = address?.split('@')[1];
  if (address === undefined || !PLAIN_ADDRESS.test(address) || domain === undefined) {
    throw new Error(
      `The mail sender must be one address like "Portalverbund" <noreply@example.de> (got "${from}")`,
    );
  }
  return { address, domain };
}

function deliveryError(error: unknown): MailDeliveryError {
  if (error instanceof MailDeliveryError) return error;
  const e = (error ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    permanent?: unknown;
    command?: unknown;
  };
  const smtpCode = typeof e.code === 'string' && /^[A-Z_]{2,20}$/.test(e.code) ? e.code : undefined;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  // Commands are bare verbs ('RCPT TO', 'DATA', 'CONN'); anything else is left out.
  const command =
    typeof e.command === 'string' && /^[A-Z ]{2,12}$/.test(e.command) ? e.command : undefined;
  const step = [smtpCode ?? 'unknown error', command && `at ${command}`].filter(Boolean).join(' ');
  return new MailDeliveryError(step, {
    smtpCode,
    responseCode,
    permanent: e.permanent === true,
  });
}
