import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../cli/main.ts';
import type { InputField } from '../definition.ts';
import { loadDefinition } from '../definition-check.ts';
import { renderStep } from '../step-page.ts';
import { assertWellLinked, frameFor } from '../testing.ts';
import { validateStep } from '../validate.ts';
import { describeReport, FimFormatError, importFim } from './import.ts';

const SAMPLES = new URL('../../../../shared/data/xdatenfelder/samples/', import.meta.url);
const samples = ['v2', 'v3'].flatMap((v) =>
  readdirSync(new URL(`${v}/`, SAMPLES))
    .filter((f) => f.endsWith('.xml'))
    .map((f) => `${v}/${f}`),
);
const read = (sample: string) => readFileSync(new URL(sample, SAMPLES), 'utf8');
const TODAY = '2027-03-01';
const view = { answers: {}, errors: [], csrf: 'csrf', action: '/formular' };

/** A posted value the field accepts. */
function validInput(field: InputField): Record<string, string> {
  switch (field.type) {
    case 'number':
      return { [field.id]: String(field.min ?? field.max ?? 1) };
    case 'date':
      return { [`${field.id}-day`]: '2', [`${field.id}-month`]: '3', [`${field.id}-year`]: '2027' };
    case 'time':
      return { [field.id]: '10:30' };
    case 'yesno':
      return { [field.id]: 'yes' };
    case 'select':
    case 'radio':
      return { [field.id]: field.options[0]?.value ?? '' };
    case 'text':
    case 'textarea':
      return { [field.id]: 'x'.repeat(Math.max(field.minLength ?? 1, 1)) };
    default:
      throw new Error(`no sample input for ${field.type}`);
  }
}

test('samples: v2 and v3 are all present', () => {
  assert.ok(samples.filter((s) => s.startsWith('v2/')).length >= 7);
  assert.ok(samples.filter((s) => s.startsWith('v3/')).length >= 2);
});

for (const sample of samples) {
  test(`${sample} imports into a definition that loads, renders and validates`, () => {
    const { definition, report } = importFim(read(sample));
    // The JSON the CLI writes loads again.
    loadDefinition(JSON.parse(JSON.stringify(definition)));
    assert.equal(report.source.standard, sample.startsWith('v2/') ? '2.0' : '3.0.0');
    assert.ok(report.untranslated.includes('/title'), 'EN copies of DE texts are listed');
    assert.ok(describeReport(report).length >= 4);

    const requiredIds = definition.steps.flatMap((s) =>
      s.fields.filter((f) => f.type !== 'info' && f.required === true).map((f) => f.id),
    );
    if (['v2/simple.xml', 'v2/data-field-rule.xml', 'v2/select.xml'].includes(sample)) {
      assert.equal(requiredIds.length, 1, 'a 1:1 field is required');
    }
    for (const step of definition.steps) {
      for (const lang of ['de', 'en'] as const) {
        const page = renderStep(frameFor(lang), definition, step.id, view).value;
        assertWellLinked(page);
      }
      const inputs = step.fields.filter((f): f is InputField => f.type !== 'info');
      const required = inputs.filter((f) => f.required === true);
      const valid = Object.assign({}, ...required.map(validInput));
      const ok = validateStep(definition, step.id, valid, {}, 'de', { today: TODAY });
      assert.deepEqual(ok.errors, [], `${step.id}: valid input accepted`);
      for (const field of required) {
        const missing = Object.fromEntries(
          Object.entries(valid).filter(([k]) => k !== field.id && !k.startsWith(`${field.id}-`)),
        );
        const result = validateStep(definition, step.id, missing, {}, 'de', { today: TODAY });
        assert.deepEqual(
          result.errors.map((e) => [e.fieldId, e.code]),
          [[field.id, 'required']],
        );
        const page = renderStep(frameFor(), definition, step.id, { ...view, ...result }).value;
        assertWellLinked(page);
        assert.match(page, /kern-error/);
      }
    }
  });
}

test('field types, constraints, labels, hints and requiredness are carried over', () => {
  const simple = importFim(read('v2/simple.xml')).definition;
  assert.equal(simple.id, 'fim-t1234');
  assert.deepEqual(
    simple.steps.map((s) => s.id),
    ['natuerliche-person'],
  );
  assert.deepEqual(simple.steps[0]?.fields[0], {
    type: 'text',
    id: 'familienname',
    label: { de: 'Familienname', en: 'Familienname' },
    hint: { de: 'Hilfe Eingabe', en: 'Hilfe Eingabe' },
    required: true,
    maxLength: 120,
  });

  const v3 = importFim(read('v3/simple.xml'));
  const street = v3.definition.steps[0]?.fields[0];
  assert.equal(street?.type, 'text');
  assert.equal(street?.type === 'text' && street.maxLength, 55);
  // The group is 0:1 (either street or post-box address): its 1:1 field cannot be required.
  assert.equal(street?.type === 'text' && street.required, undefined);
  assert.ok(v3.report.unmapped.some((u) => /optional group/.test(u.message)));

  const label = importFim(read('v2/label.xml')).definition.steps[0]?.fields[0];
  assert.deepEqual(label, {
    type: 'info',
    id: 'hinweis',
    title: { de: 'Hinweis', en: 'Hinweis' },
    text: { de: 'Hinweis Inhalt', en: 'Hinweis Inhalt' },
  });

  const input = importFim(read('v3/input.xml'));
  const pattern = input.definition.steps[0]?.fields[0];
  assert.equal(pattern?.type === 'text' && pattern.pattern?.regex, 'abc');
  assert.ok(input.report.unmapped.some((u) => /minValue "0" not applicable/.test(u.message)));
});

test('rules, unresolved code lists and empty groups are reported', () => {
  const withRules = ['v2/rule.xml', 'v2/simple.xml', 'v2/data-field-rule.xml'];
  for (const sample of [...withRules, 'v2/data-group-rule.xml', 'v3/simple.xml']) {
    const { report } = importFim(read(sample));
    assert.ok(report.rules.length >= 1, `${sample} lists its rules`);
    assert.ok(describeReport(report).some((l) => l.includes('not mapped')));
  }
  const fieldRule = importFim(read('v2/data-field-rule.xml')).report.rules[0];
  assert.equal(fieldRule?.where, 'T1234 › F123');
  assert.equal(fieldRule?.rule.id, 'R60000037');
  const v3 = importFim(read('v3/simple.xml')).report.rules;
  assert.match(v3[0]?.message ?? '', /Es muss entweder Feldgruppe G60000086/);
  for (const sample of ['v2/minimal.xml', 'v2/label.xml', 'v2/select.xml', 'v3/input.xml']) {
    assert.deepEqual(importFim(read(sample)).report.rules, [], `${sample} has no rules`);
  }

  const select = importFim(read('v2/select.xml')).report.unmapped;
  assert.ok(select.some((u) => /code list urn:de:example .*not resolved/.test(u.message)));
  const group = importFim(read('v2/data-group-rule.xml')).report.unmapped;
  assert.ok(group.some((u) => u.where === 'T1234 › G00000082' && /no fields/.test(u.message)));
});

const v3 = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?>
<xdf:xdatenfelder.datenfeldgruppe.0103 xmlns:xdf="urn:xoev-de:fim:standard:xdatenfelder_3.0.0">
<xdf:datenfeldgruppe><xdf:identifikation><xdf:id>G1</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
<xdf:name>Antrag</xdf:name><xdf:bezeichnungEingabe>Antrag</xdf:bezeichnungEingabe>${inner}</xdf:datenfeldgruppe>
</xdf:xdatenfelder.datenfeldgruppe.0103>`;
const field = (
  id: string,
  name: string,
  feldart: string,
  datentyp: string,
  extra = '',
  anzahl = '1:1',
) =>
  `<xdf:struktur><xdf:anzahl>${anzahl}</xdf:anzahl><xdf:enthaelt><xdf:datenfeld>
<xdf:identifikation><xdf:id>${id}</xdf:id></xdf:identifikation><xdf:name>${name}</xdf:name>
<xdf:feldart><code>${feldart}</code></xdf:feldart><xdf:datentyp><code>${datentyp}</code></xdf:datentyp>${extra}
</xdf:datenfeld></xdf:enthaelt></xdf:struktur>`;

test('values, numbers, dates, booleans, files and unsafe names map to field types', () => {
  const xml = v3(
    [
      field(
        'F1',
        'Art der Tätigkeit',
        'select',
        'text',
        '<xdf:werte><xdf:wert><xdf:code>01</xdf:code><xdf:name>Haupt</xdf:name></xdf:wert><xdf:wert><xdf:code>0 2</xdf:code><xdf:name>Neben</xdf:name><xdf:hilfe>nur nebenbei</xdf:hilfe></xdf:wert></xdf:werte>',
      ),
      field('F2', 'Anzahl', 'input', 'num_int', '<xdf:praezisierung minValue="1" maxValue="9"/>'),
      field('F3', 'Beginn', 'input', 'date', '<xdf:praezisierung minValue="2020-01-01"/>'),
      field('F4', 'Öffentlich', 'input', 'bool', '', '0:1'),
      field(
        'F5',
        'Nachweis',
        'input',
        'file',
        '<xdf:maxSize>1000</xdf:maxSize><xdf:mediaType>application/pdf</xdf:mediaType><xdf:mediaType>text/plain</xdf:mediaType>',
        '0:1',
      ),
      field('F6', 'constructor', 'input', 'text', '<xdf:praezisierung pattern="(a+)+"/>', '0:n'),
      field('F7', '1. Anzahl', 'input', 'num_int', '', '0:1'),
      field('F8', 'Intern', 'hidden', 'text'),
      field('F9', 'Objekt', 'input', 'obj', '', '0:1'),
    ].join(''),
  );
  const { definition, report } = importFim(xml);
  const fields = definition.steps.flatMap((s) => s.fields);
  assert.deepEqual(
    fields.map((f) => [f.type, f.id]),
    [
      ['radio', 'artDerTaetigkeit'],
      ['number', 'anzahl'],
      ['date', 'beginn'],
      ['yesno', 'oeffentlich'],
      ['file', 'nachweis'],
      ['text', 'constructorFeld'],
      ['number', 'feld1Anzahl'],
      ['text', 'objekt'],
    ],
  );
  const [select, count, date, , file] = fields;
  assert.deepEqual(select?.type === 'radio' && select.options.map((o) => o.value), ['01', '0_2']);
  assert.deepEqual(count?.type === 'number' && [count.min, count.max, count.decimals], [1, 9, 0]);
  assert.equal(date?.type === 'date' && date.notBefore, '2020-01-01');
  assert.deepEqual(file?.type === 'file' && [file.accept, file.maxBytes], [
    ['application/pdf'],
    1000,
  ]);
  const messages = report.unmapped.map((u) => u.message).join('\n');
  assert.match(messages, /code "0 2" stored as "0_2"/);
  assert.match(messages, /media types text\/plain not supported/);
  assert.match(messages, /pattern "\(a\+\)\+" not mapped/);
  assert.match(messages, /may repeat \(Anzahl 0:n\)/);
  assert.match(messages, /hidden field not mapped/);
  assert.match(messages, /Datentyp "obj"/);

  const nested = importFim(
    v3(
      `<xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt><xdf:datenfeldgruppe>
<xdf:identifikation><xdf:id>G2</xdf:id></xdf:identifikation><xdf:name>Person</xdf:name>
${field('F1', 'Name', 'input', 'text')}
<xdf:struktur><xdf:anzahl>1:1</xdf:anzahl><xdf:enthaelt><xdf:datenfeldgruppe>
<xdf:identifikation><xdf:id>G3</xdf:id></xdf:identifikation><xdf:name>Kontakt</xdf:name><xdf:hilfetextEingabe>Wie erreichen wir Sie?</xdf:hilfetextEingabe>
${field('F2', 'Name', 'input', 'text')}</xdf:datenfeldgruppe></xdf:enthaelt></xdf:struktur>
</xdf:datenfeldgruppe></xdf:enthaelt></xdf:struktur>${field('F3', 'Bemerkung', 'input', 'text', '<xdf:praezisierung maxLength="2000"/>', '0:1')}`,
    ),
  ).definition;
  assert.deepEqual(
    nested.steps.map((s) => [s.id, s.fields.map((f) => `${f.type}:${f.id}`)]),
    [
      ['person', ['text:name', 'info:kontakt', 'text:name2']],
      ['antrag', ['textarea:bemerkung']],
    ],
  );
});

test('malformed XML, other namespaces and other messages fail with a clear error', () => {
  assert.throws(
    () => importFim('<a><b></a>'),
    (e: unknown) => {
      assert.ok(e instanceof FimFormatError);
      assert.match(e.message, /^Not well-formed XML \(line 1, column \d+\)/);
      return true;
    },
  );
  assert.throws(() => importFim('not xml at all'), FimFormatError);
  const xxe = `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="urn:xoev-de:fim:standard:xdatenfelder_2">
<xdf:stammdatenschema><xdf:name>&x;</xdf:name></xdf:stammdatenschema></xdf:xdatenfelder.stammdatenschema.0102>`;
  assert.throws(() => importFim(xxe), /External entities are not supported/);
  assert.throws(() => importFim(''), FimFormatError);
  assert.throws(
    () => importFim('<x:a xmlns:x="urn:xoev-de:fim:standard:xdatenfelder_1"/>'),
    /Unsupported XDatenfelder version \(namespace urn:xoev-de:fim:standard:xdatenfelder_1\)/,
  );
  assert.throws(() => importFim('<html><body/></html>'), /not an XDatenfelder message/);
  assert.throws(
    () =>
      importFim(
        '<x:xdatenfelder.codeliste.0105 xmlns:x="urn:xoev-de:fim:standard:xdatenfelder_2"/>',
      ),
    /Unsupported XDatenfelder message <xdatenfelder.codeliste.0105>/,
  );
});

test('cli forms:import-fim writes the definition and prints the report; bad input exits 2', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'fim-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
  };
  const sample = new URL('v2/simple.xml', SAMPLES).pathname;

  const written = capture();
  const target = join(dir, 'form.json');
  assert.equal(await runCli(['forms:import-fim', sample, '--out', target], written.io), 0);
  loadDefinition(JSON.parse(await readFile(target, 'utf8')));
  assert.ok(written.out.some((l) => /Rules not mapped \(Regeln\): 1/.test(l)));
  assert.equal(written.out.at(-1), `Wrote ${target}`);

  const piped = capture();
  assert.equal(await runCli(['forms:import-fim', sample], piped.io), 0);
  assert.equal(JSON.parse(piped.out.join('\n')).id, 'fim-t1234');
  assert.ok(piped.err.some((l) => l.startsWith('FIM XDatenfelder 2.0')));

  const broken = join(dir, 'broken.xml');
  await writeFile(broken, '<xdf:a><b></xdf:a>');
  const bad = capture();
  assert.equal(await runCli(['forms:import-fim', broken], bad.io), 2);
  assert.match(bad.err[0] ?? '', /broken\.xml: Not well-formed XML/);

  const missing = capture();
  assert.equal(await runCli(['forms:import-fim', join(dir, 'nope.xml')], missing.io), 2);
  assert.match(missing.err[0] ?? '', /^Cannot read /);

  const usage = capture();
  assert.equal(await runCli(['forms:import-fim'], usage.io), 2);
  assert.match(usage.err[0] ?? '', /^Usage: forms:import-fim <file.xml>/);
});
