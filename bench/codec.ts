// The payload codec's cost: lifecycles through the API with the codec (as in production) and without,
// on the same server in one run, alternated (encrypted, plaintext, plaintext, encrypted) so that the
// server's growing database and the machine's drift weigh on both alike.
import type { BenchStack } from './lib/stack';
import { lifecycle } from './scenarios';

export interface CodecFigures {
  count: number;
  concurrency: number;
  encryptedPerSecond: number;
  plaintextPerSecond: number;
  /** Lifecycle rate with the codec over the rate without it (1 = free). */
  encryptedOverPlaintext: number;
}

export async function codecCost(stack: BenchStack, o: { count: number; concurrency: number }): Promise<CodecFigures> {
  const rates = { encrypted: [] as number[], plaintext: [] as number[] };
  for (const mode of ['encrypted', 'plaintext', 'plaintext', 'encrypted'] as const) {
    await stack.restartNodes({ plaintextPayloads: mode === 'plaintext' });
    rates[mode].push((await lifecycle(stack, o)).perSecond);
  }
  await stack.restartNodes({ plaintextPayloads: false });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const encrypted = mean(rates.encrypted);
  const plaintext = mean(rates.plaintext);
  return {
    ...o,
    encryptedPerSecond: Math.round(encrypted * 10) / 10,
    plaintextPerSecond: Math.round(plaintext * 10) / 10,
    encryptedOverPlaintext: Math.round((encrypted / plaintext) * 1000) / 1000,
  };
}
