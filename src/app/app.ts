// The composition root in one call: the services (services.ts) and the web role on them
// (web.ts). main.ts and the tests build the portal through here; the app carries the services
// it was built from, so a test drives the domain API (an authority's status change, a worker
// run) on exactly the instances behind the pages.
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Database } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';
import { type AppConfig, buildServices, type ServiceOverrides, type Services } from './services.ts';
import { buildWeb } from './web.ts';

export type AppDeps = {
  config: AppConfig;
  database: Database;
  mailer: Mailer;
  logger?: FastifyServerOptions['logger'];
} & ServiceOverrides;

export type Portal = { app: FastifyInstance; services: Services };

export async function buildPortal(deps: AppDeps): Promise<Portal> {
  const { config, database, mailer, logger, ...overrides } = deps;
  const services = buildServices(config, database, mailer, overrides);
  const app = await buildWeb(services, logger === undefined ? {} : { logger });
  return { app, services };
}
