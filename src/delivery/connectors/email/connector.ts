// E-mail to an office's functional mailbox: the answers as text, the receipt PDF, a JSON copy
// of the answers for machines, and the files. Delivered only once the SMTP server accepted the
// message (the mailer resolves then); a permanent SMTP refusal is a rejection. Files over the
// route's limit are never cut short: the mail goes without them, naming each and linking the
// application's page in the back office, where staff download them after signing in (or, with
// `oversize: refuse`, the delivery is refused).
import type { Mailer } from '../../../mail/mailer.ts';
import type { Deliverable, DeliverableFile } from '../../deliverable.ts';
import { defineConnector } from '../types.ts';
import { emailConfig } from './config.ts';

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export function createEmailConnector(
  mailer: Pick<Mailer, 'send'>,
  /** The portal's public URL: where staff find files too large for the mail. */
  publicUrl?: string,
) {
  // Without it (the CLI's connection test sends no application) the mail names the place.
  const backOffice =
    publicUrl === undefined ? undefined : `${publicUrl.replace(/\/+$/, '')}/verwaltung/antraege`;
  return defineConnector({
    type: 'email',
    summary: "e-mail with the receipt PDF and the files to an office's functional mailbox",
    configSchema: emailConfig,
    secretKeys: [],
    timeoutMs: 60_000,

    async deliver(item, config) {
      const a = item.application;
      const files = [a.receipt, ...a.attachments];
      const total = files.reduce((sum, f) => sum + f.size, 0);
      const limit = config.maxBytes ?? DEFAULT_MAX_BYTES;
      const tooLarge = total > limit;
      if (tooLarge && config.oversize === 'refuse') {
        return {
          status: 'rejected',
          reason: `the files (${total} bytes) exceed the route's e-mail limit of ${limit} bytes; nothing was sent`,
        };
      }
      // Too large: the receipt still goes along if it fits alone, the files stay in the portal.
      const attached = !tooLarge ? files : a.receipt.size <= limit ? [a.receipt] : [];
      const left = files.filter((f) => !attached.includes(f));
      const answers = Buffer.from(
        JSON.stringify(
          {
            reference: a.reference,
            formId: a.formId,
            formVersion: a.formVersion,
            answers: a.answers,
          },
          null,
          2,
        ),
      );
      try {
        await mailer.send({
          to: config.to,
          subject: `Antrag ${a.reference}: ${a.title}`,
          text: body(item, left, backOffice && `${backOffice}/${a.id}`),
          // The same Message-ID for every attempt: a mail system that has it already can drop it.
          messageIdLocalPart: `delivery.${item.idempotencyKey}`,
          attachments: [
            ...attached.map((f) => ({
              filename: f.name,
              contentType: f.mediaType,
              content: f.content,
            })),
            {
              filename: `Antrag-${a.reference}.json`,
              contentType: 'application/json',
              content: answers,
            },
          ],
        });
      } catch (error) {
        const permanent = (error as { permanent?: unknown }).permanent === true;
        const reason = error instanceof Error ? error.message : String(error);
        return permanent ? { status: 'rejected', reason } : { status: 'retry', reason };
      }
      return { status: 'delivered', reference: `delivery.${item.idempotencyKey}` };
    },
  });
}

function body(item: Deliverable, left: DeliverableFile[], page: string | undefined): string {
  const a = item.application;
  const lines = [
    `Antrag: ${a.title} (LeiKa ${a.leikaKey})`,
    `Aktenzeichen: ${a.reference}`,
    `Eingegangen: ${a.submittedAt.toISOString()}`,
    `Zuständig: ${a.authority.name}`,
    `Zustellungsschlüssel: ${item.idempotencyKey}`,
    '',
  ];
  for (const section of a.sections) {
    lines.push(section.title, '-'.repeat(Math.min(60, section.title.length)));
    for (const entry of section.entries) {
      const by = a.confirmed[entry.fieldId];
      const mark = by === undefined ? '' : ` (bestätigt über ${by})`;
      lines.push(`${entry.label}: ${entry.lines.join(', ') || '–'}${mark}`);
    }
    lines.push('');
  }
  lines.push(`Anlagen: ${[a.receipt, ...a.attachments].map((f) => f.name).join(', ')}`);
  if (left.length > 0) {
    lines.push(
      '',
      'Diese Dateien sind zusammen zu groß für eine E-Mail und liegen nur im Portal:',
      ...left.map((f) => `- ${f.name} (${formatSize(f.size)})`),
      page === undefined
        ? 'Nach der Anmeldung in der Verwaltung beim Antrag herunterladen.'
        : `Nach der Anmeldung in der Verwaltung herunterladen: ${page}`,
    );
  }
  return lines.join('\n');
}

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}
