import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../app/testing.ts';
import { testIdentityConfig } from '../testing.ts';

// The built-in test IdP of `npm start` (development only): its metadata, and a request our
// SP did not sign (AuthnRequest, or LogoutRequest by POST) is refused with a 400, not a
// server error.

test('the test IdP serves its metadata and refuses an unsigned AuthnRequest', async (t) => {
  const { app } = await startTestApp(t, 'test', {
    identity: { ...testIdentityConfig(), testIdp: true },
  });
  const metadata = await app.inject({ url: '/test-idp/metadata' });
  assert.equal(metadata.statusCode, 200);
  assert.match(
    metadata.body,
    /SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"/,
  );

  const forged = Buffer.from(
    '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_x"/>',
  ).toString('base64');
  const res = await app.inject({
    method: 'POST',
    url: '/test-idp/sso',
    payload: new URLSearchParams({ SAMLRequest: forged, RelayState: 'x' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /ohne gültige Signatur abgelehnt/);

  // Single logout by POST: an unsigned LogoutRequest is refused the same way.
  const logout = Buffer.from(
    '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_y"/>',
  ).toString('base64');
  const slo = await app.inject({
    method: 'POST',
    url: '/test-idp/slo',
    payload: new URLSearchParams({ SAMLRequest: logout, RelayState: 'x' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(slo.statusCode, 400);
  assert.match(slo.body, /LogoutRequest ohne gültige Signatur abgelehnt/);
});

test('in production there is no test IdP', async (t) => {
  const { app } = await startTestApp(t, 'production', {
    identity: { ...testIdentityConfig(), testIdp: true },
  });
  const res = await app.inject({ url: '/test-idp/metadata' });
  assert.equal(res.statusCode, 404);
});
