// A form definition: a versioned JSON document of steps and fields, described by the TypeBox
// schema here. definition-check.ts checks a document against it and then for meaning when it
// is loaded; definition-fields.ts finds steps and fields in a loaded one.
import { type Static, type TSchema, Type } from 'typebox';
import { type Condition, ConditionSchema, type Problem } from './conditions.ts';

export type { Condition, Problem };

/** Caps that hold even when a definition sets none: no answer grows without bound. */
export const LIMITS = {
  text: 500,
  textarea: 10_000,
  /** The per-file default of the attachments module; a definition may only lower it. */
  fileBytes: 20 * 1024 * 1024,
  files: 10,
} as const;

export const FIELD_ID = '^[a-z][a-zA-Z0-9]*$';
const strict = { additionalProperties: false } as const;

const LocalizedSchema = Type.Object(
  {
    de: Type.String({ minLength: 1, maxLength: 5000 }),
    en: Type.String({ minLength: 1, maxLength: 5000 }),
  },
  strict,
);
export type Localized = Static<typeof LocalizedSchema>;

/** Error codes a definition may explain in its own words (e.g. why 50 m is the minimum). */
export const OVERRIDABLE = [
  'required',
  'tooShort',
  'tooLong',
  'tooSmall',
  'tooLarge',
  'tooEarly',
  'tooLate',
  'tooFew',
  'tooMany',
] as const;
const MessagesSchema = Type.Object(
  {
    required: Type.Optional(LocalizedSchema),
    tooShort: Type.Optional(LocalizedSchema),
    tooLong: Type.Optional(LocalizedSchema),
    tooSmall: Type.Optional(LocalizedSchema),
    tooLarge: Type.Optional(LocalizedSchema),
    tooEarly: Type.Optional(LocalizedSchema),
    tooLate: Type.Optional(LocalizedSchema),
    tooFew: Type.Optional(LocalizedSchema),
    tooMany: Type.Optional(LocalizedSchema),
  },
  strict,
);

export const PREFILL_SOURCES = [
  'profile.givenName',
  'profile.familyName',
  'profile.birthDate',
  'profile.address',
  'profile.phone',
  'account.email',
] as const;
export type PrefillSource = (typeof PREFILL_SOURCES)[number];
const PrefillSchema = Type.Union([
  Type.Literal('profile.givenName'),
  Type.Literal('profile.familyName'),
  Type.Literal('profile.birthDate'),
  Type.Literal('profile.address'),
  Type.Literal('profile.phone'),
  Type.Literal('account.email'),
]);

/** `today`, a fixed ISO date, or a number of days from today (negative: in the past). */
const DateBoundSchema = Type.Union([
  Type.Literal('today'),
  Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }),
  Type.Object({ days: Type.Integer({ minimum: -36_600, maximum: 36_600 }) }, strict),
]);
export type DateBound = Static<typeof DateBoundSchema>;

const OptionSchema = Type.Object(
  {
    value: Type.String({ pattern: '^[a-zA-Z0-9_-]+$', maxLength: 64 }),
    label: LocalizedSchema,
    hint: Type.Optional(LocalizedSchema),
  },
  strict,
);
const OptionsSchema = Type.Array(OptionSchema, { minItems: 1, maxItems: 200 });

export const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

/** Builds every field schema around a condition schema (the real one, or a placeholder). */
export function fieldSchemas<C extends TSchema>(condition: C) {
  const common = {
    id: Type.String({ pattern: FIELD_ID, maxLength: 64 }),
    label: LocalizedSchema,
    hint: Type.Optional(LocalizedSchema),
    required: Type.Optional(Type.Boolean()),
    visibleWhen: Type.Optional(condition),
    messages: Type.Optional(MessagesSchema),
    prefill: Type.Optional(PrefillSchema),
  };
  const length = {
    minLength: Type.Optional(Type.Integer({ minimum: 1 })),
    maxLength: Type.Optional(Type.Integer({ minimum: 1 })),
  };
  return {
    text: Type.Object(
      {
        type: Type.Literal('text'),
        ...common,
        ...length,
        pattern: Type.Optional(
          Type.Object(
            { regex: Type.String({ minLength: 1, maxLength: 200 }), message: LocalizedSchema },
            strict,
          ),
        ),
        autocomplete: Type.Optional(Type.String({ pattern: '^[a-z][a-z -]*$', maxLength: 60 })),
      },
      strict,
    ),
    textarea: Type.Object(
      {
        type: Type.Literal('textarea'),
        ...common,
        ...length,
        rows: Type.Optional(Type.Integer({ minimum: 2, maximum: 20 })),
      },
      strict,
    ),
    number: Type.Object(
      {
        type: Type.Literal('number'),
        ...common,
        min: Type.Optional(Type.Number()),
        max: Type.Optional(Type.Number()),
        /** Decimal places allowed; 0 (the default) means whole numbers. */
        decimals: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
        /** Short unit shown after the box and in messages, e.g. `m`. */
        unit: Type.Optional(LocalizedSchema),
      },
      strict,
    ),
    date: Type.Object(
      {
        type: Type.Literal('date'),
        ...common,
        notBefore: Type.Optional(DateBoundSchema),
        notAfter: Type.Optional(DateBoundSchema),
      },
      strict,
    ),
    time: Type.Object({ type: Type.Literal('time'), ...common }, strict),
    select: Type.Object(
      { type: Type.Literal('select'), ...common, options: OptionsSchema },
      strict,
    ),
    radio: Type.Object({ type: Type.Literal('radio'), ...common, options: OptionsSchema }, strict),
    checkboxes: Type.Object(
      {
        type: Type.Literal('checkboxes'),
        ...common,
        options: OptionsSchema,
        minSelected: Type.Optional(Type.Integer({ minimum: 1 })),
        maxSelected: Type.Optional(Type.Integer({ minimum: 1 })),
      },
      strict,
    ),
    checkbox: Type.Object({ type: Type.Literal('checkbox'), ...common }, strict),
    yesno: Type.Object({ type: Type.Literal('yesno'), ...common }, strict),
    email: Type.Object({ type: Type.Literal('email'), ...common }, strict),
    phone: Type.Object({ type: Type.Literal('phone'), ...common }, strict),
    iban: Type.Object({ type: Type.Literal('iban'), ...common }, strict),
    postcode: Type.Object({ type: Type.Literal('postcode'), ...common }, strict),
    address: Type.Object({ type: Type.Literal('address'), ...common }, strict),
    file: Type.Object(
      {
        type: Type.Literal('file'),
        ...common,
        accept: Type.Optional(
          Type.Array(
            Type.Union([
              Type.Literal('application/pdf'),
              Type.Literal('image/jpeg'),
              Type.Literal('image/png'),
            ]),
            {
              minItems: 1,
              uniqueItems: true,
            },
          ),
        ),
        maxBytes: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.fileBytes })),
        maxFiles: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.files })),
      },
      strict,
    ),
    info: Type.Object(
      {
        type: Type.Literal('info'),
        id: Type.String({ pattern: FIELD_ID, maxLength: 64 }),
        title: Type.Optional(LocalizedSchema),
        text: LocalizedSchema,
        visibleWhen: Type.Optional(condition),
      },
      strict,
    ),
  };
}

const fields = fieldSchemas(ConditionSchema);
export const FieldSchema = Type.Union([
  fields.text,
  fields.textarea,
  fields.number,
  fields.date,
  fields.time,
  fields.select,
  fields.radio,
  fields.checkboxes,
  fields.checkbox,
  fields.yesno,
  fields.email,
  fields.phone,
  fields.iban,
  fields.postcode,
  fields.address,
  fields.file,
  fields.info,
]);
export type Field = Static<typeof FieldSchema>;
export type FieldType = Field['type'];
export type FieldOf<T extends FieldType> = Extract<Field, { type: T }>;
/** Every field but the read-only info block carries an answer. */
export type InputField = Exclude<Field, { type: 'info' }>;
export const FIELD_TYPES = Object.keys(fields) as FieldType[];

export function formSchema<F extends TSchema>(field: F) {
  return Type.Object(
    {
      id: Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 }),
      version: Type.Integer({ minimum: 1 }),
      title: LocalizedSchema,
      trustLevel: Type.Optional(
        Type.Union([
          Type.Literal('basic'),
          Type.Literal('low'),
          Type.Literal('substantial'),
          Type.Literal('high'),
        ]),
      ),
      steps: Type.Array(
        Type.Object(
          {
            // Steps appear in addresses (…/schritt/zeit-und-ort), so they are slugs.
            id: Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 40 }),
            title: LocalizedSchema,
            intro: Type.Optional(LocalizedSchema),
            fields: Type.Array(field, { minItems: 1, maxItems: 100 }),
          },
          strict,
        ),
        { minItems: 1, maxItems: 30 },
      ),
      declaration: LocalizedSchema,
    },
    strict,
  );
}

export const FormDefinitionSchema = formSchema(FieldSchema);
export type FormDefinition = Static<typeof FormDefinitionSchema>;
export type Step = FormDefinition['steps'][number];
