// Steps and fields of a loaded (frozen) definition, found by id.

import type { Field, FormDefinition, Step } from './definition.ts';

export function findStep(definition: FormDefinition, stepId: string): Step | undefined {
  return definition.steps.find((s) => s.id === stepId);
}

// Definitions are frozen once loaded, so what is derived from one is kept with it: validating
// a draft walks the fields of every step many times over.
const fieldLists = new WeakMap<FormDefinition, readonly { field: Field; step: Step }[]>();
const fieldMaps = new WeakMap<FormDefinition, ReadonlyMap<string, Field>>();
const stepFieldMaps = new WeakMap<Step, ReadonlyMap<string, Field>>();

export function allFields(definition: FormDefinition): readonly { field: Field; step: Step }[] {
  let list = fieldLists.get(definition);
  if (list === undefined) {
    list = Object.freeze(
      definition.steps.flatMap((step) => step.fields.map((field) => ({ field, step }))),
    );
    fieldLists.set(definition, list);
  }
  return list;
}

/** One step's fields by id. */
export function stepFieldsById(step: Step): ReadonlyMap<string, Field> {
  let map = stepFieldMaps.get(step);
  if (map === undefined) {
    map = new Map(step.fields.map((field) => [field.id, field]));
    stepFieldMaps.set(step, map);
  }
  return map;
}

/** The definition's fields by id. */
export function fieldsById(definition: FormDefinition): ReadonlyMap<string, Field> {
  let map = fieldMaps.get(definition);
  if (map === undefined) {
    map = new Map(allFields(definition).map(({ field }) => [field.id, field]));
    fieldMaps.set(definition, map);
  }
  return map;
}
