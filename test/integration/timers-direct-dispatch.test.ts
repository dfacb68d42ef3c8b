// R1 on the time-skipping server: a direct-dispatch matter nobody dispatched in 15 minutes is
// dispatched by the workflow itself, and the county government and city department are told.
import { loadCatalog } from '../../config/catalog-source';
import { findUnit } from '../../domain/catalog';
import { stateQuery } from '../../workflows/messages';
import { expectFiredAt, startTicket, ticketId, ticketInput, useTimeSkippingWorker } from '../setup/temporal';

describe('R1 direct dispatch within 15 minutes (time-skipping)', () => {
  const t = useTimeSkippingWorker('r1-direct');

  test('the workflow dispatches to the catalog unit at exactly 15 minutes and mails the supervisors', async () => {
    const input = ticketInput(ticketId('R1'), undefined, { category: 'WATER_OUTAGE', location: { district: 'JB' } });
    const handle = await startTicket(t.env.client, 'r1-direct', input);
    const registered = await handle.query(stateQuery);
    expect(registered.status).toBe('registered');
    const registeredAt = Date.parse(registered.registeredAt);
    expect(registered.deadlines.dispatchBy).toBe(new Date(registeredAt + 15 * 60_000).toISOString());

    await t.env.sleep('14 minutes');
    expect((await handle.query(stateQuery)).status).toBe('registered');

    await t.env.sleep('2 minutes');
    const after = await handle.query(stateQuery);
    expect(after.status).toBe('dispatched');
    expect(after.leadUnit).toBe('LJ-WATER');
    const entry = after.history.find((h) => h.action === 'directDispatch')!;
    expect(entry.actor.role).toBe('system');
    expectFiredAt(entry.at, registered.deadlines.dispatchBy!);

    const catalog = loadCatalog();
    const email = (code: string) => findUnit(catalog, code)!.email;
    const toUnit = await t.smtp.waitFor((m) => m.to.includes(email('LJ-WATER')));
    expect(toUnit.subject).toContain(input.id);
    // Supervision copy: the district government and the city department (seed 004).
    for (const supervisor of input.directDispatch!.supervisors) {
      const m = await t.smtp.waitFor((x) => x.to.includes(email(supervisor)));
      expect(m.subject).toContain('督办');
    }
  });
});
