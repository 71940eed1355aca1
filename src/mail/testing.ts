// Test support: a real SMTP server (smtp-server) on 127.0.0.1 and just enough MIME parsing to
// read what arrived. Used by the mail domain's tests and by every test that follows a mailed link.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { createMailer } from './mailer.ts';

type Cleanup = { after(fn: () => Promise<void> | void): void };

export const TEST_FROM = '"Portalverbund Emsland" <noreply@portal.emsland.example>';

export type Received = { mailFrom: string; rcptTo: string[]; raw: Buffer };

export async function startSmtp(
  t: Cleanup,
  options: Partial<SMTPServerOptions> = {},
  from = TEST_FROM,
  /** How long the server takes to accept each message (a slow relay). */
  acceptDelayMs = 0,
) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        const accept = () => {
          received.push({
            mailFrom: from === false ? '' : from.address,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
          });
          callback();
        };
        if (acceptDelayMs > 0) setTimeout(accept, acceptDelayMs);
        else accept();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from, env: 'test' });
  t.after(async () => {
    await mailer.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  /** The decoded text of the newest mail to `address`, waiting up to `ms` for it to arrive. */
  async function lastMailTo(address: string, ms = 5000) {
    const until = Date.now() + ms;
    for (;;) {
      const mail = received.findLast((m) => m.rcptTo.includes(address));
      if (mail) return parseMail(mail.raw);
      if (Date.now() > until) throw new Error(`no mail to ${address} within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  /** Every mail to `address` once at least `count` have arrived (within `ms`), oldest first. */
  async function mailsTo(address: string, count: number, ms = 5000) {
    const until = Date.now() + ms;
    for (;;) {
      const mails = received.filter((m) => m.rcptTo.includes(address));
      if (mails.length >= count) return mails.map((m) => parseMail(m.raw));
      if (Date.now() > until)
        throw new Error(`fewer than ${count} mails to ${address} in ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return { mailer, received, lastMailTo, mailsTo, url: `smtp://127.0.0.1:${port}` };
}

// --- just enough MIME to check what arrived: headers, encoded words, quoted-printable ---

export function parseMail(raw: Buffer) {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const headerBlock = text.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of headerBlock.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  const body = text.slice(split + 4);
  const bodyBytes =
    encoding === 'quoted-printable'
      ? quotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body, 'base64')
        : Buffer.from(body, 'latin1');
  return {
    header: (name: string) => headers.get(name.toLowerCase()),
    decoded: (name: string) => encodedWords(headers.get(name.toLowerCase()) ?? ''),
    headerNames: [...headers.keys()],
    body: bodyBytes.toString('utf8').replace(/\r\n/g, '\n').replace(/\n$/, ''),
  };
}

function quotedPrintable(input: string): Buffer {
  const bytes: number[] = [];
  const text = input.replace(/=\r\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

function encodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_match, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : quotedPrintable(data.replace(/_/g, ' ')).toString('utf8'),
    );
}
