// Single sign-on with OpenID Connect: the authorization code flow with PKCE, the console being a
// public client (no secret in a browser). The redirect comes back to /console/?code=…&state=…; the
// code is exchanged for tokens at the provider's token endpoint, and the ID token (sub, name, role,
// unit) becomes the bearer token the API verifies against the provider's keys (HOTLINE_JWKS_URL).
// Only the PKCE verifier, state and nonce wait in sessionStorage, for the length of the round trip.
import { signIn } from './session';

export interface OidcOptions {
  issuer: string;
  clientId: string;
  scopes: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

const PENDING = 'hotline.console.oidc';
const redirectUri = () => `${location.origin}/console/`;

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const random = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

async function discover(issuer: string): Promise<Discovery> {
  const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`身份认证服务不可用（HTTP ${res.status}）`);
  return (await res.json()) as Discovery;
}

/** Leaves for the provider's sign-in page. */
export async function beginSignIn(o: OidcOptions): Promise<void> {
  const d = await discover(o.issuer);
  const verifier = random();
  const state = random();
  const nonce = random();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING, JSON.stringify({ ...o, verifier, state, nonce, tokenEndpoint: d.token_endpoint }));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: o.clientId,
    redirect_uri: redirectUri(),
    scope: o.scopes,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  location.assign(`${d.authorization_endpoint}?${q}`);
}

/**
 * Back from the provider: exchanges the code, checks state and nonce, signs in, and takes the code
 * out of the address. Resolves to an error message when the sign-in failed, undefined otherwise
 * (also when this page load is no redirect at all).
 */
export async function completeSignIn(): Promise<string | undefined> {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as
    (OidcOptions & { verifier: string; state: string; nonce: string; tokenEndpoint: string }) | null;
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `${location.pathname}#/`);
  if (params.has('error')) return `登录失败：${params.get('error_description') ?? params.get('error')}`;
  if (!pending || params.get('state') !== pending.state) return '登录失败：回调参数不匹配，请重新登录';
  const res = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code')!,
      redirect_uri: redirectUri(),
      client_id: pending.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await res.json()) as { id_token?: string; error_description?: string; error?: string };
  if (!res.ok || !body.id_token) return `登录失败：${body.error_description ?? body.error ?? `HTTP ${res.status}`}`;
  const claims = JSON.parse(atob(body.id_token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { nonce?: string };
  if (claims.nonce !== pending.nonce) return '登录失败：令牌与本次登录不符';
  signIn(body.id_token);
  return undefined;
}
