// The e-mail to a route's admins when a delivery needs them: failed for good, or refused. Sent
// by the outbox worker and by confirmation jobs that learn of a refusal later (an xdomea DMS
// answering 0402 with a failed import). The subject names no application (mail subjects show in
// previews and server logs); the body gives the reference number and route, never the content.
import type { Kysely } from 'kysely';
import { withWorker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import type { Mailer } from '../mail/mailer.ts';

export type AlertDeps = {
  db: Kysely<DB>;
  log: {
    warn(fields: Record<string, unknown>, message: string): void;
    error(fields: Record<string, unknown>, message: string): void;
  };
  mailer?: Pick<Mailer, 'send'>;
};

export async function alertStaff(
  deps: AlertDeps,
  delivery: { application_id: string; route_name: string | null; attempts: number },
  route: { name: string; connector_type: string; alert_email: string | null } | undefined,
  status: 'failed' | 'rejected',
  fields: Record<string, unknown>,
): Promise<void> {
  const to = route?.alert_email;
  if (!to || deps.mailer === undefined) {
    deps.log.warn(fields, 'delivery needs staff attention; no alert address for this route');
    return;
  }
  const reference = await withWorker(deps.db, (trx) =>
    trx
      .selectFrom('application')
      .select('reference')
      .where('id', '=', delivery.application_id)
      .executeTakeFirst(),
  );
  const what = status === 'failed' ? 'konnte nicht zugestellt werden' : 'wurde abgelehnt';
  try {
    await deps.mailer.send({
      to,
      subject: `Zustellung ${what}`,
      text: [
        `Der Antrag ${reference?.reference ?? delivery.application_id} ${what}.`,
        `Weg: ${route?.name ?? delivery.route_name ?? '–'} (${route?.connector_type ?? '–'})`,
        `Versuche: ${delivery.attempts}`,
        '',
        'Der Antrag ist sicher im Portal gespeichert. Bitte prüfen Sie die Verbindung',
        '(npm run cli -- delivery:route test …) und stoßen Sie die Zustellung erneut an.',
      ].join('\n'),
    });
  } catch (error) {
    const reason = (
      error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    ).slice(0, 500);
    deps.log.error({ ...fields, err: reason }, 'delivery alert mail failed');
  }
}
