// A real OpenID Connect provider on loopback for the console's single sign-on test: the
// `oidc-provider` package (an ES module, hence a child process of its own), its development
// sign-in pages, PKCE required, one public client (the console). Any login name signs in; the name
// says who it is: `<role>@<unit>` or `<role>`. The claims (name, role, unit) go into the ID token.
// `node test/setup/oidc-provider.mjs <port> <redirect uri>`; prints "ready" once it listens.
import Provider from 'oidc-provider';

const [port, redirectUri] = process.argv.slice(2);
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: 'hotline-console',
      token_endpoint_auth_method: 'none',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: { openid: ['sub'], profile: ['name'], hotline: ['role', 'unit'] },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['a-test-cookie-key-for-the-provider'] },
  async findAccount(_ctx, id) {
    const [role, unit] = id.split('@');
    return { accountId: id, claims: () => ({ sub: id, name: `统一认证${role}`, role, ...(unit ? { unit } : {}) }) };
  },
});
provider.listen(Number(port), '127.0.0.1', () => console.log('ready'));
