// The API's per-ticket limit of actions in flight (api/ticket-gate.ts): its lanes.
import { ApiError } from '../../api/errors';
import { TicketGate } from '../../api/ticket-gate';

describe('actions in flight per ticket', () => {
  /** Starts an action that runs until released. */
  const hold = (gate: TicketGate, id: string, lane: string) => {
    let release!: () => void;
    const done = gate.run(id, () => new Promise<string>((r) => (release = () => r('done'))), lane);
    return { done, release: () => release() };
  };

  test('a lane full of actions refuses the next one on that ticket with 429, and frees as they end', async () => {
    const gate = new TicketGate(2);
    const held = [hold(gate, 'T1', 'unit:A'), hold(gate, 'T1', 'unit:A')];
    const refused = await gate.run('T1', async () => 'ran', 'unit:A').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('too_many_requests');
    expect((refused as ApiError).message).toContain('T1');
    // Another ticket is not held up.
    await expect(gate.run('T2', async () => 'ran', 'unit:A')).resolves.toBe('ran');
    held[0].release();
    await held[0].done;
    await expect(gate.run('T1', async () => 'ran', 'unit:A')).resolves.toBe('ran');
    held[1].release();
    await held[1].done;
  });

  test('a unit flooding a ticket does not hold up the hotline or another unit on it', async () => {
    const gate = new TicketGate(1);
    const flood = hold(gate, 'T1', 'unit:OTHER');
    await expect(gate.run('T1', async () => 'ran', 'unit:OTHER')).rejects.toMatchObject({ code: 'too_many_requests' });
    await expect(gate.run('T1', async () => 'ran', 'hotline')).resolves.toBe('ran');
    await expect(gate.run('T1', async () => 'ran', 'unit:LEAD')).resolves.toBe('ran');
    flood.release();
    await expect(flood.done).resolves.toBe('done');
  });

  test('a failed action frees its place', async () => {
    const gate = new TicketGate(1);
    await expect(gate.run('T1', async () => Promise.reject(new Error('boom')), 'hotline')).rejects.toThrow('boom');
    await expect(gate.run('T1', async () => 'ran', 'hotline')).resolves.toBe('ran');
  });
});
