// The one data converter of every Temporal client and worker of the engine: the payload codec.
import type { DataConverter } from '@temporalio/common';
import type { KeyRing } from './key-ring';
import { EncryptionCodec } from './payload-codec';

export function payloadEncryption(ring: KeyRing): { codec: EncryptionCodec; dataConverter: DataConverter } {
  const codec = new EncryptionCodec(ring);
  return { codec, dataConverter: { payloadCodecs: [codec] } };
}
