// Test support: a real `oidc-provider` on 127.0.0.1 as an OIDC account (a Land's Keycloak,
// say). Only its login screen is skipped: the interaction endpoint signs the test person in at
// once with the acr the test chooses. Its logout confirmation is a plain form (no fonts from
// elsewhere); with `endSession: false` it publishes no end_session_endpoint.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

type Cleanup = { after(fn: () => Promise<void> | void): void };

export const TEST_OIDC_CLIENT_ID = 'rathausnetz';
export const TEST_OIDC_SECRET = 'test-client-secret-test-client-secret';

export async function startOidcProvider(
  t: Cleanup,
  options: {
    /** Our callback and post-logout addresses, as registered for the client. */
    redirectUri: string;
    postLogoutRedirectUri: string;
    acr: { value: string };
    endSession?: boolean;
    /** The test person's subject and address (default: Hanna Lingen). */
    person?: { sub: string; email: string };
  },
) {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const person = options.person ?? { sub: 'oidc-sub-4711', email: 'hanna.lingen@example.org' };
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_OIDC_CLIENT_ID,
        client_secret: TEST_OIDC_SECRET,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    acrValues: ['loa-low', 'loa-substantial', 'loa-high'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['given_name', 'family_name'],
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: options.endSession ?? true,
        logoutSource: async (ctx: { body: string }, form: string) => {
          ctx.body = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Servicekonto: Abmelden</title></head>
<body><main><h1>Beim Servicekonto abmelden?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Ja, abmelden</button></main></body></html>`;
        },
      },
    },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({
        sub,
        email: person.email,
        email_verified: true,
        given_name: 'Hanna',
        family_name: 'Lingen',
      }),
    }),
  });
  const callback = provider.callback();
  /**
   * How often the end_session endpoint was asked (single logout reached it) and how often the
   * provider had to sign the person in (no session of its own, or that session ended).
   */
  const seen = { endSession: 0, interactions: 0 };
  server.on('request', async (req, res) => {
    if (req.url?.startsWith('/session/end') && !req.url.includes('success')) seen.endSession++;
    if (req.url?.startsWith('/interaction/')) {
      seen.interactions++;
      const details = await provider.interactionDetails(req, res);
      const grant = new provider.Grant({
        accountId: person.sub,
        clientId: TEST_OIDC_CLIENT_ID,
      });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, {
        login: { accountId: person.sub, acr: options.acr.value },
        consent: { grantId },
      });
      return;
    }
    callback(req, res);
  });
  let open = true;
  const close = () =>
    open
      ? new Promise<void>((resolve) => {
          open = false;
          server.closeAllConnections();
          server.close(() => resolve());
        })
      : Promise.resolve();
  t.after(close);
  return { issuer, seen, close };
}
