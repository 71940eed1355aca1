// `cli delivery:route …` and `cli delivery:list …`: routes configured by the operator until the
// back office lets authority admins do it, and the deliveries an authority should look at.
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { withAuthority } from '../db/rls.ts';
import type { DB, DeliveryStatus } from '../db/schema.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { createTenancy } from '../tenancy/service.ts';
import type { Registry } from './connectors/registry.ts';
import * as repo from './repository.ts';
import { createRouteSettings } from './route-settings.ts';

type Output = { out: (line: string) => void; err: (line: string) => void };

export const ROUTE_USAGE = [
  'delivery:route types',
  'delivery:route list <authority>',
  'delivery:route add <authority> <name> <type> (--config <json> | --config-file <file>) [--service <key>] [--alert-email <address>]',
  'delivery:route remove <authority> <name> [--service <key>] [--force]',
  'delivery:route test <authority> <name> [--service <key>]',
];
export const RESEND_USAGE = 'delivery:resend <authority> <reference> [--route <name>]';
export const LIST_USAGE =
  'delivery:list <authority> [--status pending|awaiting|delivered|rejected|failed]';

/** Splits `--name value` options (and bare `--flag`s) from positional arguments. */
function parseArgs(args: string[], flags: readonly string[]) {
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith('--')) {
      const name = arg.slice(2);
      if (flags.includes(name)) options.set(name, 'true');
      else {
        const value = args[i + 1];
        if (value === undefined) throw new ValidationError({ [name]: 'needs a value' });
        options.set(name, value);
        i++;
      }
    } else positional.push(arg);
  }
  return { options, positional };
}

export async function deliveryRouteCommand(
  db: Kysely<DB>,
  args: string[],
  io: Output,
  /** Read only by actions that seal or open secrets: `types` runs without configuration. */
  keyring: () => Keyring,
  connectors: Registry,
): Promise<number> {
  try {
    return await routeAction(db, args, io, keyring, connectors);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    // runCli's own message names the first argument, here the action: say what is missing.
    io.err(
      `Not found: ${error.message.replace(/ not found$/, '')}. See delivery:route list and authority:list.`,
    );
    return 2;
  }
}

async function routeAction(
  db: Kysely<DB>,
  args: string[],
  io: Output,
  keyring: () => Keyring,
  connectors: Registry,
): Promise<number> {
  const usage = () => {
    io.err(`Usage:\n${ROUTE_USAGE.map((u) => `  ${u}`).join('\n')}`);
    return 2;
  };
  const [action, ...rest] = args;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(rest, ['force']);
  } catch (error) {
    if (error instanceof ValidationError) return usage();
    throw error;
  }
  const { options, positional } = parsed;
  const settings = () =>
    createRouteSettings({ db, tenancy: createTenancy(db), keyring: keyring(), connectors });
  const service = options.get('service');
  const [authority, name, type] = positional;

  if (action === 'types') {
    for (const c of connectors.values()) {
      const secrets = c.secretKeys.length > 0 ? ` (secret: ${c.secretKeys.join(', ')})` : '';
      io.out(`${c.type.padEnd(10)} ${c.summary}${secrets}`);
    }
    return 0;
  }
  if (authority === undefined) return usage();

  if (action === 'list' && positional.length === 1) {
    const routes = await settings().list(authority);
    if (routes.length === 0) io.out('No routes: applications wait until one is added.');
    for (const r of routes) {
      const scope = r.service ?? '(default)';
      const flags = [r.enabled ? '' : 'disabled', r.known ? '' : 'UNKNOWN TYPE']
        .filter(Boolean)
        .join(', ');
      io.out(
        `${scope.padEnd(30)} ${r.name.padEnd(20)} ${r.type.padEnd(10)} ${JSON.stringify(r.config)}` +
          `${r.secrets.length > 0 ? ` secrets: ${r.secrets.join(', ')} (sealed)` : ''}` +
          `${r.alertEmail ? ` alerts: ${r.alertEmail}` : ''}${flags ? ` [${flags}]` : ''}`,
      );
    }
    return 0;
  }

  if (action === 'add' && positional.length === 3 && name !== undefined && type !== undefined) {
    const inline = options.get('config');
    const file = options.get('config-file');
    if ((inline === undefined) === (file === undefined)) return usage();
    let config: unknown;
    try {
      config = JSON.parse(inline ?? (await readFile(file as string, 'utf8')));
    } catch (error) {
      io.err(`The configuration is not readable JSON: ${(error as Error).message}`);
      return 2;
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      io.err('The configuration must be a JSON object.');
      return 2;
    }
    try {
      await settings().add({
        authoritySlug: authority,
        serviceKey: service,
        name,
        type,
        config: config as Record<string, unknown>,
        alertEmail: options.get('alert-email'),
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const [field, problem] of Object.entries(error.fields)) io.err(`${field}: ${problem}`);
      return 2;
    }
    io.out(`Route "${name}" added${service ? ` for ${service}` : ' as a default'}.`);
    io.out(
      `Check it with: npm run cli -- delivery:route test ${authority} ${name}${service ? ` --service ${service}` : ''}`,
    );
    return 0;
  }

  if (action === 'remove' && positional.length === 2 && name !== undefined) {
    await settings().remove(authority, name, service, options.has('force'));
    io.out(`Route "${name}" removed.`);
    return 0;
  }

  if (action === 'test' && positional.length === 2 && name !== undefined) {
    const result = await settings().test(authority, name, service);
    if (result.ok) {
      io.out(`Route "${name}": the connection works.`);
      return 0;
    }
    io.err(`Route "${name}": ${result.problem}`);
    return 1;
  }
  return usage();
}

export async function deliveryListCommand(
  db: Kysely<DB>,
  args: string[],
  io: Output,
): Promise<number> {
  const { options, positional } = parseArgs(args, []);
  const slug = positional[0];
  const status = options.get('status');
  const statuses = ['pending', 'awaiting', 'delivered', 'rejected', 'failed'];
  if (slug === undefined || positional.length > 1 || (status && !statuses.includes(status))) {
    io.err(`Usage: ${LIST_USAGE}`);
    return 2;
  }
  const authority = (await createTenancy(db).directory()).bySlug.get(slug);
  if (authority === undefined) throw new NotFoundError('authority', slug);
  const rows = await withAuthority(db, authority.id, (trx) =>
    repo.listDeliveries(trx, authority.id, status as DeliveryStatus | undefined),
  );
  if (rows.length === 0) io.out('No deliveries.');
  for (const d of rows) {
    const when =
      d.status === 'delivered'
        ? `delivered ${d.delivered_at?.toISOString()}${d.receiver_reference ? ` as ${d.receiver_reference}` : ''}`
        : d.status === 'pending'
          ? `next attempt ${d.next_attempt_at.toISOString()}`
          : d.status === 'awaiting'
            ? `handed over ${d.handed_over_at?.toISOString()} as ${d.receiver_reference}, awaiting confirmation`
            : d.status;
    io.out(
      `${d.reference}  ${(d.route_name ?? '(no route)').padEnd(20)} ${d.status.padEnd(9)} attempts ${d.attempts}  ${when}${d.last_error ? `  ${d.last_error}` : ''}`,
    );
  }
  return 0;
}

/** Staff resend of failed or rejected deliveries (the back office will offer the same). */
export async function deliveryResendCommand(
  db: Kysely<DB>,
  args: string[],
  io: Output,
): Promise<number> {
  const { options, positional } = parseArgs(args, []);
  const [slug, reference] = positional;
  if (slug === undefined || reference === undefined || positional.length > 2) {
    io.err(`Usage: ${RESEND_USAGE}`);
    return 2;
  }
  const authority = (await createTenancy(db).directory()).bySlug.get(slug);
  if (authority === undefined) throw new NotFoundError('authority', slug);
  const routes = await withAuthority(db, authority.id, (trx) =>
    repo.resend(trx, {
      authorityId: authority.id,
      reference,
      routeName: options.get('route'),
      at: new Date(),
    }),
  );
  if (routes.length === 0) {
    io.err(`${reference}: no failed or rejected delivery to resend.`);
    return 1;
  }
  io.out(
    `${reference}: resending to ${routes.join(', ')} (attempts from zero, same idempotency key).`,
  );
  return 0;
}
