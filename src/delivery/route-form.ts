// A connector's configuration as an HTML form and back: the fields come from the connector's
// TypeBox schema (so a new connector type gets its form without page code), their labels from
// the delivery catalogue. Plain text, numbers and lists of text are offered; richer properties
// (xdomea's format-code table) stay with the CLI and are named as such on the page.
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { MessageKey, Translate } from '../web/i18n.ts';
import type { AnyConnector } from './connectors/types.ts';
import { deliveryDe } from './messages.de.ts';

export type RouteField = {
  /** The configuration property, e.g. "url"; the form field is `c_<key>`. */
  key: string;
  kind: 'text' | 'number' | 'lines';
  required: boolean;
  secret: boolean;
  maxLength?: number;
};

type SchemaNode = TSchema & {
  type?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  maxLength?: number;
};

export const FIELD_PREFIX = 'c_';

/** The properties a form can offer, in schema order, and those left to the CLI. */
export function routeFields(connector: AnyConnector): { fields: RouteField[]; cliOnly: string[] } {
  const schema = connector.configSchema as SchemaNode;
  const required = new Set(schema.required ?? []);
  const fields: RouteField[] = [];
  const cliOnly: string[] = [];
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const secret = connector.secretKeys.includes(key);
    const base = { key, required: required.has(key), secret };
    if (property.type === 'string')
      fields.push({ ...base, kind: 'text', ...maxLength(property.maxLength) });
    else if (property.type === 'integer' || property.type === 'number')
      fields.push({ ...base, kind: 'number' });
    else if (property.type === 'array' && property.items?.type === 'string')
      fields.push({ ...base, kind: 'lines', ...maxLength(property.items.maxLength) });
    else cliOnly.push(key);
  }
  return { fields, cliOnly };
}

const maxLength = (value: number | undefined) => (value === undefined ? {} : { maxLength: value });

export type FieldError = { field: string; message: string };

/**
 * Reads the posted fields into a configuration for the connector and checks it against the
 * schema. Errors name the form field and say in the reader's language what to change; the
 * typed values are never repeated in them (they may be secrets).
 */
export function readRouteConfig(
  connector: AnyConnector,
  body: Record<string, string | undefined>,
  t: Translate,
): { config: Record<string, unknown>; errors: FieldError[] } {
  const { fields } = routeFields(connector);
  const config: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const field of fields) {
    const raw = (body[`${FIELD_PREFIX}${field.key}`] ?? '').trim();
    const label = fieldLabel(t, connector.type, field.key);
    if (raw === '') {
      if (field.required)
        errors.push({
          field: fieldId(field.key),
          message: t('delivery.routes.error.required', { label }),
        });
      continue;
    }
    if (field.kind === 'number') {
      if (!/^[0-9]{1,12}$/.test(raw)) {
        errors.push({
          field: fieldId(field.key),
          message: t('delivery.routes.error.number', { label }),
        });
        continue;
      }
      config[field.key] = Number(raw);
    } else if (field.kind === 'lines') {
      config[field.key] = raw
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
    } else config[field.key] = raw;
  }
  if (errors.length > 0) return { config, errors };
  for (const problem of validatorOf(connector).Errors(config)) {
    const key = problem.instancePath.split('/')[1] ?? '';
    if (errors.some((e) => e.field === fieldId(key))) continue;
    const label =
      key === '' ? t('delivery.routes.configuration') : fieldLabel(t, connector.type, key);
    const kind = ['pattern', 'format'].includes(problem.keyword)
      ? 'format'
      : ['minLength', 'minItems', 'minimum'].includes(problem.keyword)
        ? 'tooSmall'
        : ['maxLength', 'maxItems', 'maximum'].includes(problem.keyword)
          ? 'tooLarge'
          : 'invalid';
    errors.push({ field: fieldId(key), message: t(`delivery.routes.error.${kind}`, { label }) });
  }
  return { config, errors };
}

const validators = new WeakMap<AnyConnector, ReturnType<typeof Compile>>();
function validatorOf(connector: AnyConnector) {
  let validator = validators.get(connector);
  if (validator === undefined) {
    validator = Compile(connector.configSchema);
    validators.set(connector, validator);
  }
  return validator;
}

export const fieldId = (key: string) => `route-${key === '' ? 'config' : key}`;

/** "Adresse des Fachverfahrens (URL)": every offered field has one (route-form.test.ts). */
export function fieldLabel(t: Translate, type: string, key: string): string {
  return t(`delivery.routes.field.${type}.${key}` as MessageKey);
}

/** A line under the label, for the fields that need one. */
export function fieldHint(t: Translate, type: string, key: string): string | undefined {
  const id = `delivery.routes.hint.${type}.${key}`;
  return id in deliveryDe ? t(id as MessageKey) : undefined;
}
