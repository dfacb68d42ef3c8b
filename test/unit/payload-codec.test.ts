// The payload codec (AES-256-GCM) and its key ring, without a server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter, Payload } from '@temporalio/common';
import { DEV_PAYLOAD_KEY_FILE, loadKeyRing, parseKeyRing } from '../../codec/key-ring';
import { EncryptionCodec, isEncrypted, KEY_ID_METADATA, PayloadKeyMissingError, payloadTicket } from '../../codec/payload-codec';
import { testKey, testKeyRing, writeKeyRingFile } from '../setup/payload-keys';

const citizen = { name: '张三', phone: '13812345678', description: '小区门口路灯不亮' };
const plain = (v: unknown): Payload => defaultPayloadConverter.toPayload(v);
const text = (p: Payload) =>
  Buffer.concat([Buffer.from(p.data ?? []), ...Object.values(p.metadata ?? {}).map((m) => Buffer.from(m ?? []))]).toString('utf8');
const ctx = { type: 'workflow' as const, namespace: 'default', workflowId: '12345-20261203-0001' };

describe('payload codec', () => {
  const codec = new EncryptionCodec(testKeyRing(['a']));

  test('an encoded payload holds none of the citizen data and decodes to the same payload', async () => {
    const [sealed] = await codec.encode([plain(citizen)], ctx);
    for (const secret of [citizen.name, citizen.phone, citizen.description, 'json/plain']) expect(text(sealed!)).not.toContain(secret);
    expect(isEncrypted(sealed!)).toBe(true);
    expect(Buffer.from(sealed!.metadata![KEY_ID_METADATA]!).toString()).toBe('a');
    expect(payloadTicket(sealed!)).toBe(ctx.workflowId);
    const [back] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(back!)).toEqual(citizen);
  });

  test('the same value encrypts differently each time (a fresh IV)', async () => {
    const [x, y] = await codec.encode([plain(citizen), plain(citizen)]);
    expect(Buffer.from(x!.data!).equals(Buffer.from(y!.data!))).toBe(false);
    expect(payloadTicket(x!)).toBeUndefined();
  });

  test('a payload written before encryption passes through unchanged', async () => {
    const old = plain({ phone: '13900000000' });
    const [back] = await codec.decode([old]);
    expect(back).toBe(old);
  });

  test('a payload whose key is not in the ring fails naming the key id', async () => {
    const [sealed] = await new EncryptionCodec(testKeyRing(['gone'])).encode([plain(citizen)]);
    const err = await codec.decode([sealed!]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PayloadKeyMissingError);
    expect((err as Error).message).toContain('"gone"');
    expect((err as Error).message).toContain('HOTLINE_PAYLOAD_KEYS');
  });

  test('altered data, or a payload relabelled to another key of the ring, is refused', async () => {
    const ring = testKeyRing(['a', 'b']);
    const both = new EncryptionCodec(ring);
    const [sealed] = await both.encode([plain(citizen)]);
    const altered = Buffer.from(sealed!.data!);
    altered[20] ^= 1;
    await expect(both.decode([{ ...sealed!, data: altered }])).rejects.toThrow('"a" does not decrypt');
    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, [KEY_ID_METADATA]: Buffer.from('b') } };
    await expect(both.decode([relabelled])).rejects.toThrow('"b" does not decrypt');
  });

  test('rotation: new payloads use the current key, old ones still decode with the ring', async () => {
    const [underA] = await codec.encode([plain(citizen)]);
    const rotated = new EncryptionCodec(testKeyRing(['a', 'b'], 'b'));
    const [underB] = await rotated.encode([plain(citizen)]);
    expect(Buffer.from(underB!.metadata![KEY_ID_METADATA]!).toString()).toBe('b');
    const back = await rotated.decode([underA!, underB!]);
    expect(back.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([citizen, citizen]);
  });
});

describe('payload key ring', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-keys-'));
  const key = testKey('k').toString('base64');

  test('a key ring file is read with its current key and all its keys', () => {
    const file = writeKeyRingFile(dir(), testKeyRing(['old', 'new'], 'new'));
    const ring = loadKeyRing({ HOTLINE_PAYLOAD_KEYS: file, HOTLINE_DATA_DIR: dir() });
    expect(ring.current).toBe('new');
    expect([...ring.keys.keys()].sort()).toEqual(['new', 'old']);
    expect(ring.keys.get('old')!.equals(testKey('old'))).toBe(true);
  });

  test.each([
    ['not JSON', '{', 'not JSON'],
    ['current not among the keys', JSON.stringify({ current: 'x', keys: { k: key } }), 'current: the current key must be one of keys'],
    ['a short key', JSON.stringify({ current: 'k', keys: { k: Buffer.alloc(16).toString('base64') } }), 'keys.k: an AES-256 key is 32 bytes'],
    ['a bad key id', JSON.stringify({ current: 'a b', keys: { 'a b': key } }), 'a key id is'],
    ['an unknown field', JSON.stringify({ current: 'k', keys: { k: key }, extra: 1 }), 'extra'],
  ])('%s is refused, naming the field', (_, body, message) => {
    expect(() => parseKeyRing(body, 'keys.json')).toThrow(message);
  });

  test('without a file, one development key is made in the data directory and kept across loads', () => {
    const data = dir();
    const first = loadKeyRing({ HOTLINE_DATA_DIR: data });
    const second = loadKeyRing({ HOTLINE_DATA_DIR: data });
    expect(first.current).toMatch(/^dev-[0-9a-f]{12}$/);
    expect(second.current).toBe(first.current);
    expect(second.keys.get(second.current)!.equals(first.keys.get(first.current)!)).toBe(true);
    expect(fs.statSync(path.join(data, DEV_PAYLOAD_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(loadKeyRing({ HOTLINE_DATA_DIR: dir() }).current).not.toBe(first.current);
  });
});
