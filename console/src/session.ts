// Who is signed in: the bearer token, kept in this tab's sessionStorage only (gone when the tab
// closes), and the claims read from it. Nothing about citizens is ever stored in the browser.
import { computed, ref } from 'vue';

const KEY = 'hotline.console.token';

export interface Claims {
  sub: string;
  name?: string;
  role: string;
  unit?: string;
  exp?: number;
}

const token = ref<string | null>(sessionStorage.getItem(KEY));

function decode(t: string): Claims | null {
  try {
    const part = t.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent([...atob(part)].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    return JSON.parse(json) as Claims;
  } catch {
    return null;
  }
}

export const claims = computed(() => (token.value ? decode(token.value) : null));

export function currentToken(): string | null {
  const c = claims.value;
  if (c?.exp && c.exp * 1000 <= Date.now()) signOut();
  return token.value;
}

export function signIn(t: string): void {
  sessionStorage.setItem(KEY, t);
  token.value = t;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  token.value = null;
}

/** Why the last single sign-on failed (shown on the sign-in page). */
export const signInError = ref('');
