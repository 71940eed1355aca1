import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConflictError } from '../errors.ts';
import { DefinitionError } from './definition-check.ts';
import { createDefinitionRegistry, definitionHash } from './registry.ts';
import { rawForm, text } from './testing.ts';

const v1 = () =>
  rawForm([{ id: 'eins', fields: [{ type: 'text', id: 'name', label: text('Name') }] }]);

test('a published version is immutable; republishing the same document is harmless', () => {
  const registry = createDefinitionRegistry();
  const first = registry.publish(v1());
  assert.equal(registry.publish(v1()), first);
  assert.equal(registry.get('test-form', 1), first);

  const changed = v1();
  changed.title = text('Anderer Titel', 'Other title');
  assert.throws(
    () => registry.publish(changed),
    (error: unknown) => {
      assert.ok(error instanceof ConflictError);
      assert.match(
        error.message,
        /test-form version 1 is published and cannot change; publish version 2/,
      );
      return true;
    },
  );
  assert.equal(registry.get('test-form', 1)?.title.de, 'Testformular');

  const second = registry.publish({ ...changed, version: 2 });
  assert.equal(registry.latest('test-form'), second);
  assert.equal(registry.get('test-form', 1), first, 'old drafts keep their version');
  assert.equal(registry.latest('unknown'), undefined);
  assert.throws(() => registry.publish({ ...v1(), version: 3, steps: [] }), DefinitionError);
  assert.equal(registry.get('test-form', 3), undefined);
});

test('the hash ignores key order but not content', () => {
  const a = registry().publish(v1());
  assert.notEqual(JSON.stringify(reverseKeys(v1())), JSON.stringify(v1()));
  const b = registry().publish(reverseKeys(v1()));
  assert.equal(definitionHash(a), definitionHash(b));
  const c = registry().publish({ ...v1(), title: text('Testformular!', 'Test form') });
  assert.notEqual(definitionHash(a), definitionHash(c));
  assert.match(definitionHash(a), /^[0-9a-f]{64}$/);
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}

function registry() {
  return createDefinitionRegistry();
}

test('the newest usable version of each form is what a new online service may use', () => {
  const registry = createDefinitionRegistry();
  registry.publish(v1());
  registry.publish({ ...v1(), version: 2 });
  registry.publish({ ...v1(), id: 'zweites-formular' });
  assert.deepEqual(
    registry.latestOfEach().map((d) => `${d.id}@${d.version}`),
    ['test-form@2', 'zweites-formular@1'],
  );
  registry.withdraw('test-form', 2);
  registry.withdraw('zweites-formular', 1);
  assert.deepEqual(
    registry.latestOfEach().map((d) => `${d.id}@${d.version}`),
    ['test-form@1'],
    'a withdrawn version is offered no more; a form without any is not offered',
  );
});
