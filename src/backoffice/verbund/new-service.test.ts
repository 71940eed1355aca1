// "Online-Dienst einrichten": the Verbund admin sets up the Verbund's online service for a
// catalogue entry that has none, from the entry's row in the Leistungskatalog, on a form no
// other service uses. Bad input (with a taken key or form) is refused whole with German
// messages; a second submit is a 409; the service then shows in the catalogue, offered by no
// authority yet, and its set-up is in the Verbund's audit chain. Other staff get 403, unknown
// entries 404.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { verifyAudit } from '../../audit/service.ts';
import type { DB } from '../../db/schema.ts';
import { startApp } from '../../drafts/testing.ts';
import { builtinDefinitions, osterfeuer } from '../../forms/definitions/index.ts';
import { createDefinitionRegistry } from '../../forms/registry.ts';
import { signedInStaff } from '../testing.ts';
import { serviceKeyOf } from './new-service.ts';

const FUNDSACHEN = '99089017000000';
const BAUM = '99093003000000';
const SETUP = (leikaKey: string) =>
  `/verwaltung/leistungskatalog/leistung/${leikaKey}/online-dienst-einrichten`;

/**
 * The shipped forms (all but "Verlorene Sache melden" in use by the demo's services) and two
 * more that no service uses yet.
 */
function registryWithFreeForms() {
  const registry = createDefinitionRegistry();
  for (const definition of builtinDefinitions) registry.publish(definition);
  registry.publish({
    ...osterfeuer,
    id: 'fundsache-melden',
    title: { de: 'Fundsache melden', en: 'Report found property' },
  });
  registry.publish({
    ...osterfeuer,
    id: 'baum-faellen',
    title: { de: 'Baum fällen', en: 'Fell a tree' },
  });
  return registry;
}

const servicesOf = (owner: Kysely<DB>, leikaKey: string) =>
  owner
    .selectFrom('online_service')
    .select([
      'id',
      'key',
      'title',
      'level',
      'trust_level',
      'allows_anonymous',
      'form_id',
      'description',
      'fees',
      'retention_months',
      'version',
    ])
    .where('leika_key', '=', leikaKey)
    .execute();

const good = {
  title: 'Fundsache melden',
  level: 'municipality',
  trustLevel: 'basic',
  anonymous: 'ja',
  description: 'Melden Sie eine gefundene Sache dem Fundbüro Ihrer Gemeinde.',
  fees: 'Die Meldung ist gebührenfrei.',
  retentionMonths: '24',
  formId: 'fundsache-melden',
};

test('the Verbund admin sets up an online service for a catalogue entry, offered by nobody yet', async (t) => {
  const started = await startApp(t, {}, { definitions: registryWithFreeForms() });
  const { app, database } = started;
  const owner = database.owner;
  const admin = await signedInStaff(app, started, {
    authority: null,
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
    name: 'Vera Verbund',
  });
  const browser = admin.browser;

  // From the entry's row: an entry with a service has none to set up, one without has.
  const withService = await browser.get('/verwaltung/leistungskatalog?q=99063010000000');
  assert.match(withService.body, /Einstellungen bearbeiten: Osterfeuer anmelden/);
  assert.doesNotMatch(withService.body, /online-dienst-einrichten/);
  const found = await browser.get(`/verwaltung/leistungskatalog?q=${FUNDSACHEN}`);
  assert.match(found.body, /Kein Online-Dienst im Verbund/);
  assert.match(
    found.body,
    new RegExp(`href="${SETUP(FUNDSACHEN)}" aria-label="Online-Dienst einrichten: Fundsachen"`),
  );

  const page = await browser.get(SETUP(FUNDSACHEN));
  assert.equal(page.statusCode, 200);
  assert.match(
    page.body,
    /<h1 class="kern-heading-large">Online-Dienst einrichten: Fundsachen<\/h1>/,
  );
  assert.match(page.body, /id="title" name="title"[^>]*value="Fundsachen"/, 'the catalogue name');
  assert.match(page.body, /value="36"/, 'three years of retention to start with');
  const offered = [...page.body.matchAll(/name="formId" id="[^"]+" value="([^"]+)"/g)].map(
    (m) => m[1],
  );
  assert.deepEqual(
    offered,
    ['baum-faellen', 'fundsache-melden', 'verlust-melden'],
    'forms no service uses, by title',
  );
  assert.match(page.body, /Fundsache melden \(Formular „fundsache-melden“, Version 1\)/);

  // Bad input: every field named, what was typed stays, nothing stored.
  const bad = await browser.post(SETUP(FUNDSACHEN), {
    title: '  ',
    level: 'bund',
    trustLevel: 'substantial',
    anonymous: 'ja',
    description: 'Bleibt stehen',
    fees: '',
    retentionMonths: 'zwei Jahre',
    formId: 'osterfeuer',
  });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#title">Bitte geben Sie einen Titel an\./);
  assert.match(bad.body, /href="#level">Bitte wählen Sie, wer zuständig ist/);
  assert.match(bad.body, /href="#anonymous">Ohne Konto ist ein Online-Dienst nur beim/);
  assert.match(bad.body, /href="#retentionMonths">Bitte geben Sie die Aufbewahrung/);
  assert.match(bad.body, /href="#formId">Dieses Formular nutzt schon ein anderer Online-Dienst/);
  assert.match(bad.body, />Bleibt stehen<\/textarea>/);
  const noForm = await browser.post(SETUP(FUNDSACHEN), { ...good, formId: '' });
  assert.equal(noForm.statusCode, 422);
  assert.match(noForm.body, /href="#formId">Bitte wählen Sie ein Formular\./);
  const symbols = await browser.post(SETUP(FUNDSACHEN), { ...good, title: '!!! ???' });
  assert.equal(symbols.statusCode, 422);
  assert.match(symbols.body, /Der Titel braucht mindestens einen Buchstaben oder eine Ziffer/);
  assert.equal((await browser.post(SETUP(FUNDSACHEN), good, false)).statusCode, 403, 'no CSRF');
  assert.deepEqual(await servicesOf(owner, FUNDSACHEN), []);

  const created = await browser.post(SETUP(FUNDSACHEN), good);
  assert.equal(created.statusCode, 303);
  assert.equal(
    created.headers.location,
    `/verwaltung/leistungskatalog?q=${FUNDSACHEN}&hinweis=eingerichtet`,
  );
  const [service] = await servicesOf(owner, FUNDSACHEN);
  assert.ok(service);
  assert.deepEqual(
    { ...service, id: undefined },
    {
      id: undefined,
      key: 'fundsache-melden',
      title: 'Fundsache melden',
      level: 'municipality',
      trust_level: 'basic',
      allows_anonymous: true,
      form_id: 'fundsache-melden',
      description: good.description,
      fees: good.fees,
      retention_months: 24,
      version: 1,
    },
  );
  const listed = await browser.get(String(created.headers.location));
  assert.match(
    listed.body,
    /Der Online-Dienst ist eingerichtet\. Noch bietet ihn keine Behörde an/,
  );
  assert.match(listed.body, /Einstellungen bearbeiten: Fundsache melden/);
  assert.match(listed.body, /<td class="kern-table__cell">keiner Behörde<\/td>/);
  assert.doesNotMatch(listed.body, /online-dienst-einrichten/);
  const activations = await owner
    .selectFrom('online_service_activation')
    .select('authority_id')
    .where('online_service_id', '=', service.id)
    .execute();
  assert.deepEqual(activations, [], 'the authorities switch it on themselves');
  const settings = await browser.get(`/verwaltung/leistungskatalog/${service.id}/einstellungen`);
  assert.equal(settings.statusCode, 200);
  assert.match(settings.body, /Einstellungen: Fundsache melden/);

  // A second submit of the same form: refused, said so, with the way to the one there is.
  const again = await browser.post(SETUP(FUNDSACHEN), { ...good, title: 'Noch einmal' });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /gibt es im Verbund schon einen Online-Dienst; es wurde kein zweiter/);
  assert.match(
    again.body,
    new RegExp(`href="/verwaltung/leistungskatalog/${service.id}/einstellungen"`),
  );
  assert.equal((await servicesOf(owner, FUNDSACHEN)).length, 1);
  const asked = await browser.get(SETUP(FUNDSACHEN));
  assert.equal(asked.statusCode, 303, 'no form for an entry that has its service');
  assert.equal(asked.headers.location, `/verwaltung/leistungskatalog/${service.id}/einstellungen`);

  // The next entry: the key from a title that another service has, the form it took.
  const next = await browser.get(SETUP(BAUM));
  assert.doesNotMatch(next.body, /value="fundsache-melden"/, 'its form is taken now');
  const sameKey = await browser.post(SETUP(BAUM), {
    ...good,
    title: 'Fundsache – melden!',
    formId: 'baum-faellen',
  });
  assert.equal(sameKey.statusCode, 422);
  assert.match(
    sameKey.body,
    /href="#title">Einen Online-Dienst mit diesem Titel gibt es im Verbund schon/,
  );
  const sameForm = await browser.post(SETUP(BAUM), { ...good, title: 'Baum fällen' });
  assert.equal(sameForm.statusCode, 422);
  assert.match(sameForm.body, /href="#formId">Dieses Formular nutzt schon ein anderer/);
  assert.deepEqual(await servicesOf(owner, BAUM), []);

  // Two submits at the same moment: one service, the other told.
  const racing = await Promise.all(
    ['Baumfällgenehmigung', 'Baum fällen lassen'].map((title) =>
      browser.post(SETUP(BAUM), { ...good, title, level: 'county', formId: 'baum-faellen' }),
    ),
  );
  assert.deepEqual(racing.map((r) => r.statusCode).sort(), [303, 409]);
  assert.equal((await servicesOf(owner, BAUM)).length, 1);

  // Audited in the Verbund's chain, by the Verbund admin; the chain holds.
  const entries = await owner
    .selectFrom('audit_entry')
    .select(['chain_id', 'authority_id', 'staff_id', 'subject_type'])
    .where('action', '=', 'verbund.service_created')
    .execute();
  const vera = await owner
    .selectFrom('staff')
    .select('id')
    .where('email', '=', 'verbund@emsland.example')
    .executeTakeFirstOrThrow();
  assert.deepEqual(
    entries,
    [1, 2].map(() => ({
      chain_id: started.verbundId,
      authority_id: null,
      staff_id: vera.id,
      subject_type: 'online_service',
    })),
  );
  assert.equal((await verifyAudit(owner)).ok, true);
});

test('set-up of unknown entries is 404; other staff get 403 and set up nothing', async (t) => {
  const started = await startApp(t, {}, { definitions: registryWithFreeForms() });
  const { app, database } = started;
  const admin = await signedInStaff(app, started, {
    authority: null,
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
  });
  for (const key of ['99999999999999', '0', 'kein-schluessel']) {
    assert.equal((await admin.browser.get(SETUP(key))).statusCode, 404, key);
    assert.equal((await admin.browser.post(SETUP(key), good)).statusCode, 404, key);
  }
  for (const role of ['clerk', 'authority_admin', 'auditor'] as const) {
    const other = await signedInStaff(app, started, {
      authority: 'samtgemeinde-soegel',
      email: `${role}@soegel.example`,
      role,
    });
    const refused = await other.browser.get(SETUP(FUNDSACHEN));
    assert.equal(refused.statusCode, 403, role);
    assert.match(refused.body, /nur Mitarbeitende mit der Rolle Verbundverwaltung/);
    assert.equal((await other.browser.post(SETUP(FUNDSACHEN), good)).statusCode, 403, role);
  }
  assert.deepEqual(await servicesOf(database.owner, FUNDSACHEN), []);
});

test('with every published form in use, the set-up page says so and sets up nothing', async (t) => {
  // The demo's six services use six of the seven shipped forms; the Fundbüro's takes the last.
  const started = await startApp(t);
  const admin = await signedInStaff(started.app, started, {
    authority: null,
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
  });
  const fundbuero = await admin.browser.get(SETUP(FUNDSACHEN));
  const free = [...fundbuero.body.matchAll(/name="formId" id="[^"]+" value="([^"]+)"/g)];
  assert.deepEqual(
    free.map((m) => m[1]),
    ['verlust-melden'],
  );
  const taken = await admin.browser.post(SETUP(FUNDSACHEN), {
    ...good,
    title: 'Verlorene Sache melden',
    formId: 'verlust-melden',
  });
  assert.equal(taken.statusCode, 303);

  const page = await admin.browser.get(SETUP(BAUM));
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Alle veröffentlichten Formulare gehören schon zu einem Online-Dienst/);
  assert.doesNotMatch(page.body, /name="formId"/);
  const refused = await admin.browser.post(SETUP(BAUM), { ...good, formId: 'verlust-melden' });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /href="#formId">Dieses Formular nutzt schon/);
  assert.match(refused.body, /<div id="formId">/, 'the summary links to the reason');
  assert.deepEqual(await servicesOf(started.database.owner, BAUM), []);
});

test('the key of a service is its title spelt for an address', () => {
  assert.equal(serviceKeyOf('Sperrmüll-Abholung für Gewerbe'), 'sperrmuell-abholung-fuer-gewerbe');
  assert.equal(serviceKeyOf('  Straße & Café  '), 'strasse-cafe');
  assert.equal(serviceKeyOf('!!!'), '');
  const long = serviceKeyOf(`${'Antrag '.repeat(20)}Ende`);
  assert.ok(long.length <= 80 && !long.endsWith('-'), long);
  assert.match(long, /^antrag(-antrag)*$/);
});
