// The connector types this installation knows: plain objects, listed here once. Tests build
// their own registry (createRegistry) with receivers of their own.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Keyring } from '../../envelope/envelope.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { signedDownloadUrl } from '../download-links.ts';
import { createEmailConnector } from './email/connector.ts';
import { createFitconnectConnector } from './fitconnect/connector.ts';
import type { AnyConnector } from './types.ts';
import { createWebhookConnector } from './webhook/connector.ts';
import { createXdomeaConnector } from './xdomea/connector.ts';

export type Registry = ReadonlyMap<string, AnyConnector>;

export function createRegistry(list: readonly AnyConnector[]): Registry {
  const map = new Map<string, AnyConnector>();
  for (const connector of list) {
    if (map.has(connector.type)) throw new Error(`duplicate connector type ${connector.type}`);
    map.set(connector.type, connector);
  }
  return map;
}

/** Every built-in type; built by the composition root with what they need. */
export function builtInConnectors(deps: {
  mailer: Pick<Mailer, 'send'>;
  /** The Verbund's name, Absender of xdomea messages. */
  verbundName: () => Promise<string>;
  /** Where connectors that keep state per delivery keep it (fitconnect). */
  db?: Kysely<DB>;
  /** The portal's public URL, for connectors whose receivers call back (fitconnect). */
  publicUrl?: string;
  /** With publicUrl: webhook files above the inline limit go as signed download links. */
  keyring?: Keyring;
  /** Refuses what is for the demo only (fitconnect's keys without certificate chain). */
  production?: boolean;
}): Registry {
  const { publicUrl, keyring } = deps;
  return createRegistry([
    createWebhookConnector(
      publicUrl !== undefined && keyring !== undefined
        ? { url: (p) => signedDownloadUrl(publicUrl, keyring, p) }
        : undefined,
    ),
    createEmailConnector(deps.mailer, deps.publicUrl),
    createXdomeaConnector({ verbundName: deps.verbundName }),
    createFitconnectConnector({
      ...(deps.db ? { db: deps.db } : {}),
      ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
      ...(deps.production ? { production: true } : {}),
    }),
  ]);
}
