// A visibility row whose memo this client cannot decode (encrypted by a client with a codec, or
// with a key this ring lacks) is listed without its summary: one such row never fails the list.
import { defaultPayloadConverter, Payload } from '@temporalio/common';
import { decodeExecution } from '../../api/execution-info';
import { EncryptionCodec } from '../../codec/payload-codec';
import { testKeyRing } from '../setup/payload-keys';

const summary = '[已登记待派单] PROPERTY_MANAGEMENT·JB';
const row = (memoPayload: Payload) => ({ execution: { workflowId: '20261203-0000001' }, memo: { fields: { summary: memoPayload } } });

test('a readable memo is decoded; an unreadable one leaves the row without it', async () => {
  const plain = { payloadConverter: defaultPayloadConverter, payloadCodecs: [] };
  const withRing = { payloadConverter: defaultPayloadConverter, payloadCodecs: [new EncryptionCodec(testKeyRing(['a']))] };
  const [sealed] = await new EncryptionCodec(testKeyRing(['a'])).encode([defaultPayloadConverter.toPayload(summary)]);

  expect((await decodeExecution(row(defaultPayloadConverter.toPayload(summary)), plain)).memo).toEqual({ summary });
  expect((await decodeExecution(row(sealed!), withRing)).memo).toEqual({ summary });
  const unread = await decodeExecution(row(sealed!), plain);
  expect(unread.memo).toBeUndefined();
  expect(unread.workflowId).toBe('20261203-0000001');
  const otherRing = { payloadConverter: defaultPayloadConverter, payloadCodecs: [new EncryptionCodec(testKeyRing(['b']))] };
  expect((await decodeExecution(row(sealed!), otherRing)).memo).toBeUndefined();
});
