// The public API, with the signed-in user's token. Errors keep the engine's own message (Chinese)
// and its field details, for the screens to show as they are.
import { currentToken, signOut } from './session';

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldIssue[] = [],
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const token = currentToken();
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers: {
      Accept: 'application/json',
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return answer<T>(res, token);
}

async function answer<T>(res: Response, token: string | null): Promise<T> {
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; details?: FieldIssue[] } } | undefined)?.error;
    // The token expired or was refused: back to the sign-in page.
    if (res.status === 401 && token) {
      signOut();
      location.hash = '#/login';
    }
    throw new ApiFailure(res.status, e?.code ?? 'error', e?.message ?? `请求失败（HTTP ${res.status}）`, Array.isArray(e?.details) ? e.details : []);
  }
  return data as T;
}

/** A multipart upload (a ticket's file); `key` makes a retry of the same file store it once. */
export async function upload<T>(path: string, form: FormData, key: string): Promise<T> {
  const token = currentToken();
  const res = await fetch(path, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Idempotency-Key': key, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: form,
  });
  return answer<T>(res, token);
}

/** A file of the API as a blob: URL for <img> (which cannot send the token itself). */
export async function objectUrl(path: string): Promise<string> {
  const token = currentToken();
  const res = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new ApiFailure(res.status, 'error', `读取失败（HTTP ${res.status}）`);
  return URL.createObjectURL(await res.blob());
}

/** A CSV or other download of the API, fetched with the token and saved by the browser. */
export async function download(path: string, fileName: string): Promise<void> {
  const token = currentToken();
  const res = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new ApiFailure(res.status, 'error', `下载失败（HTTP ${res.status}）`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

/** What to tell the user about a failure: the engine's own message when it gave one. */
export const reason = (err: unknown): string => (err instanceof ApiFailure ? err.message : String(err));
