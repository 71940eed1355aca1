// Single logout in Chromium (issue 13, item 6): a citizen signs in with an OIDC account (a real
// oidc-provider started here, as a second provider beside the test BundID), gets a Bürgerkonto,
// and signs out again: our session ends, the hand-over page sends the browser to the
// provider's end_session (by itself with JavaScript, "Weiter" without), the provider confirms
// and sends it back to "Sie sind abgemeldet". Once with JavaScript and once without; axe
// checks every page of ours the citizen reads (the provider's own pages are not ours).
// Then the same with the built-in SAML test IdP and its SingleLogoutService, by the Redirect
// binding and, as BundID prefers, by the POST binding (ADR 0047).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  startOidcProvider,
  TEST_OIDC_CLIENT_ID,
  TEST_OIDC_SECRET,
} from '../../src/identity/oidc/test-provider.ts';
import { addProvider } from '../../src/identity/providers.ts';
import { expectAccessible, problems, startSite } from './browser.ts';
import { click, h1 } from './identity-steps.ts';

const PROVIDER = 'Servicekonto Niedersachsen';
test('OIDC and SAML sign-in, then single logout at the provider, with and without JavaScript', async (t) => {
  const site = await startSite(t, { identity: true });
  const idp = await startOidcProvider(t, {
    redirectUri: `${site.baseUrl}/anmelden/nutzerkonto/rueckkehr`,
    postLogoutRedirectUri: `${site.baseUrl}/konto/abgemeldet`,
    acr: { value: 'loa-substantial' },
  });
  process.env.TEST_NDS_SECRET = TEST_OIDC_SECRET;
  const verbund = await site.database.owner
    .selectFrom('verbund')
    .select('id')
    .executeTakeFirstOrThrow();
  await addProvider(site.database.owner, verbund.id, {
    slug: 'nds',
    type: 'oidc',
    displayName: PROVIDER,
    issuer: idp.issuer,
    clientId: TEST_OIDC_CLIENT_ID,
    clientSecretEnv: 'TEST_NDS_SECRET',
    levels: ['low', 'substantial'],
    acrMap: { 'loa-low': 'low', 'loa-substantial': 'substantial' },
  });

  for (const javaScriptEnabled of [true, false]) {
    await t.test(`OIDC ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const page = await site.newPage({ javaScriptEnabled });
      await page.goto('/konto/anmelden');
      await click(page, 'link', `Mit ${PROVIDER} anmelden`);
      if (javaScriptEnabled) {
        // First time: a new Bürgerkonto from what the provider delivered.
        await page.waitForURL(/\/konto\/nutzerkonto\/neu$/);
        assert.equal(await h1(page).innerText(), `Erste Anmeldung mit ${PROVIDER}`);
        await expectAccessible(page, 'logout-choose');
        await click(page, 'button', 'Neues Bürgerkonto anlegen');
      }
      // The second time (a new browser, signed in at the provider afresh): straight in.
      await page.waitForURL(/\/konto$/);
      assert.match(await page.content(), /hanna\.lingen@example\.org/);
      await expectAccessible(page, 'logout-account');

      const endSessionBefore = idp.seen.endSession;
      await click(page, 'button', 'Abmelden');
      if (!javaScriptEnabled) {
        // Our session is over already; the hand-over page says so and offers "Weiter".
        assert.equal(await h1(page).innerText(), `Abmeldung bei ${PROVIDER}`);
        assert.match(await page.content(), /Sie sind im Portal abgemeldet/);
        await expectAccessible(page, 'logout-hand-over', { handOver: true });
        await click(page, 'button', 'Weiter');
      }
      // The provider's confirmation (its page, not ours), then back to ours.
      await page.waitForURL((url) => url.href.startsWith(`${idp.issuer}/session/end`));
      await page.waitForLoadState('load');
      assert.equal(idp.seen.endSession, endSessionBefore + 1);
      await click(page, 'button', 'Ja, abmelden');
      await page.waitForURL(/\/konto\/abgemeldet\?state=/);
      assert.equal(await h1(page).innerText(), 'Sie sind abgemeldet');
      assert.doesNotMatch(await page.content(), /nicht erreichbar/);
      await expectAccessible(page, 'logout-signed-out');

      // Signed out here: the account page asks to sign in again.
      await page.goto('/konto');
      await page.waitForURL(/\/konto\/anmelden/);
      assert.deepEqual(
        (await page.context().cookies()).filter((c) => c.name === 'session'),
        [],
      );

      // Signed out there too: the provider asks the person to sign in again (its interaction).
      const interactions = idp.seen.interactions;
      await click(page, 'link', `Mit ${PROVIDER} anmelden`);
      await page.waitForURL(/\/konto$/);
      assert.equal(idp.seen.interactions, interactions + 1);
      assert.deepEqual(problems(page), []);
      await page.context().close();
    });
  }

  /** A new browser signed in with the test BundID at substantial, at "Mein Konto". */
  async function signedInWithBundId(javaScriptEnabled: boolean) {
    const page = await site.newPage({ javaScriptEnabled });
    await page.goto('/konto/anmelden');
    await click(page, 'link', 'Mit BundID anmelden');
    if (!javaScriptEnabled) await click(page, 'button', 'Weiter');
    await page.waitForURL(/\/test-idp\/sso$/);
    await page.getByLabel(/substantiell/).check();
    await click(page, 'button', 'Als Testperson anmelden');
    if (!javaScriptEnabled) await click(page, 'button', 'Weiter');
    await page.waitForURL(/\/konto(\/nutzerkonto\/neu)?$/);
    if (page.url().endsWith('/neu')) await click(page, 'button', 'Neues Bürgerkonto anlegen');
    await page.waitForURL(/\/konto$/);
    return page;
  }

  // SAML: the built-in test IdP ("BundID") offers a SingleLogoutService. Our signed
  // LogoutRequest goes there by the hand-over page; its signed LogoutResponse comes back to
  // /saml/slo, which shows "Sie sind abgemeldet".
  for (const javaScriptEnabled of [true, false]) {
    await t.test(`BundID (SAML) ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const page = await signedInWithBundId(javaScriptEnabled);

      const visited: string[] = [];
      page.on('request', (request) => visited.push(new URL(request.url()).pathname));
      await click(page, 'button', 'Abmelden');
      if (!javaScriptEnabled) {
        assert.equal(await h1(page).innerText(), 'Abmeldung bei BundID');
        await expectAccessible(page, 'logout-saml-hand-over', { handOver: true });
        await click(page, 'button', 'Weiter');
      }
      await page.waitForURL(/\/konto\/abgemeldet$/);
      // By way of the IdP's SingleLogoutService and back through ours.
      assert.deepEqual(
        visited.filter((p) => p.endsWith('/slo')),
        ['/test-idp/slo', '/saml/slo'],
      );
      assert.equal(await h1(page).innerText(), 'Sie sind abgemeldet');
      await expectAccessible(page, 'logout-saml-signed-out');
      await page.goto('/konto');
      await page.waitForURL(/\/konto\/anmelden/);
      assert.deepEqual(problems(page), []);
      await page.context().close();
    });
  }

  // The test IdP switched to the POST binding for single logout, as the back office would
  // record it from BundID's metadata: our LogoutRequest and its LogoutResponse travel as forms.
  await site.database.owner
    .updateTable('identity_provider')
    .set({ slo_binding: 'HTTP-POST' })
    .where('slug', '=', 'bundid')
    .execute();
  for (const javaScriptEnabled of [true, false]) {
    await t.test(
      `BundID (SAML, POST binding) ${javaScriptEnabled ? 'with' : 'without'} JavaScript`,
      async () => {
        const page = await signedInWithBundId(javaScriptEnabled);

        const visited: string[] = [];
        page.on('request', (request) => {
          const path = new URL(request.url()).pathname;
          if (path.endsWith('/slo')) visited.push(`${request.method()} ${path}`);
        });
        await click(page, 'button', 'Abmelden');
        if (!javaScriptEnabled) {
          assert.equal(await h1(page).innerText(), 'Abmeldung bei BundID');
          await expectAccessible(page, 'logout-saml-post-hand-over', { handOver: true });
          await click(page, 'button', 'Weiter');
          // The IdP's answer, a form back to our SingleLogoutService.
          await page.waitForURL(/\/test-idp\/slo$/);
          await expectAccessible(page, 'logout-saml-post-idp-answer', { handOver: true });
          await click(page, 'button', 'Weiter');
        }
        await page.waitForURL(/\/konto\/abgemeldet$/);
        assert.deepEqual(visited, ['POST /test-idp/slo', 'POST /saml/slo']);
        assert.equal(await h1(page).innerText(), 'Sie sind abgemeldet');
        await expectAccessible(page, 'logout-saml-post-signed-out');
        await page.goto('/konto');
        await page.waitForURL(/\/konto\/anmelden/);
        assert.deepEqual(problems(page), []);
        await page.context().close();
      },
    );
  }
});
