// The Verbund's admin in Chromium: invited, signed in with TOTP, lands on the back office with
// its bar (no authority of their own) and reads the connected sign-in services under
// "Anmeldedienste". With and without JavaScript; axe on both pages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testKeyring } from '../../src/app/testing.ts';
import { createStaffAccounts } from '../../src/backoffice/staff.ts';
import { createTenancy } from '../../src/tenancy/service.ts';
import { go, staffSignsIn } from './backoffice-steps.ts';
import { expectAccessible, problems, startSite } from './browser.ts';

test('the Verbund admin finds the sign-in services, with and without JavaScript', async (t) => {
  const site = await startSite(t, { identity: true });
  const staff = createStaffAccounts({
    db: site.database.db,
    tenancy: createTenancy(site.database.db),
    keyring: testKeyring(),
    publicUrl: site.notice.publicUrl,
  });
  for (const javaScriptEnabled of [true, false]) {
    const label = javaScriptEnabled ? 'js' : 'nojs';
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async () => {
      const page = await site.newPage({ javaScriptEnabled });
      const email = `verbund-${label}@emsland.example`;
      const { link } = await staff.invite({ authoritySlug: null, role: 'verbund_admin', email });
      await staffSignsIn(page, link, email);
      await assert.doesNotReject(page.getByRole('heading', { name: 'Keine Behörde' }).waitFor());
      await expectAccessible(page, `verbund-admin-home-${label}`);
      await go(page, page.getByRole('link', { name: 'Anmeldedienste', exact: true }));
      await assert.doesNotReject(
        page.getByRole('heading', { level: 1, name: 'Anmeldedienste' }).waitFor(),
      );
      const rows = await page.locator('#providers tbody tr').allTextContents();
      assert.ok(
        rows.some((row) => row.includes('SAML 2.0') && row.includes('substantiell')),
        'the test BundID with its levels',
      );
      await expectAccessible(page, `verbund-admin-providers-${label}`);
      assert.deepEqual(problems(page), []);
      await page.context().close();
    });
  }
});
