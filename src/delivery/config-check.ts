// A route's configuration checked against its connector's schema, with problems phrased for
// the admin who configured it (path and rule, never the values: they may be secrets).
import { Compile } from 'typebox/compile';
import type { AnyConnector } from './connectors/types.ts';

const validators = new WeakMap<AnyConnector, ReturnType<typeof Compile>>();

export function configProblems(connector: AnyConnector, config: unknown): string[] {
  let validator = validators.get(connector);
  if (validator === undefined) {
    validator = Compile(connector.configSchema);
    validators.set(connector, validator);
  }
  if (validator.Check(config)) return [];
  return [...validator.Errors(config)].map(
    (e) => `${e.instancePath === '' ? '(configuration)' : e.instancePath}: ${e.message}`,
  );
}

/** Splits a full configuration into what is stored in clear and what is sealed. */
export function splitSecrets(connector: AnyConnector, config: Record<string, unknown>) {
  const plain: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (connector.secretKeys.includes(key)) secrets[key] = value;
    else plain[key] = value;
  }
  return { plain, secrets };
}
