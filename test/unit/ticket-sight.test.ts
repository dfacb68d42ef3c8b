// Which tickets a unit's people may see (domain/ticket/sight.ts): the rule the Update's validator
// and the API's reads share.
import { sightRefusal, unitSees } from '../../domain/ticket';
import { actors, dispatched, newTicket, OTHER } from './ticket-fixtures';

describe('a unit sees only its own tickets', () => {
  const t = dispatched(); // lead U-WATER, co-unit U-STREET

  test('hotline roles see every ticket, registered or dispatched', () => {
    for (const who of [actors.operator, actors.dispatcher, actors.followUp, actors.supervisor, actors.admin]) {
      expect(unitSees(newTicket(), who)).toBe(true);
      expect(unitSees(t, who)).toBe(true);
    }
  });

  test('the lead and co-units see it; another unit, a unit person without a unit, and anyone before dispatch do not', () => {
    expect([actors.handler, actors.leader, actors.reviewer, actors.coHandler, actors.coLeader].map((a) => unitSees(t, a))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(unitSees(t, actors.otherHandler)).toBe(false);
    expect(unitSees(t, actors.otherLeader)).toBe(false);
    expect(unitSees(t, actors.unitlessHandler)).toBe(false);
    expect(unitSees(newTicket(), actors.handler)).toBe(false);
  });

  test('a unit it was passed down to (下派) reads it through its handlers; its leaders act on it and are told what they may not do', () => {
    const down = { ...t, delegates: [{ unit: OTHER, at: t.registeredAt, by: actors.handler.id }] };
    expect(unitSees(down, actors.otherHandler)).toBe(true);
    expect(unitSees(down, actors.otherLeader)).toBe(false);
    expect(sightRefusal(down, actors.otherHandler)).toBeUndefined();
    expect(sightRefusal(down, actors.otherLeader)).toBeUndefined();
    expect(sightRefusal(t, actors.otherLeader)).toMatchObject({ code: 'not_found' });
  });

  test('the direct-dispatch supervisors (R1) see it', () => {
    expect(unitSees({ ...t, supervisingUnits: [OTHER] }, actors.otherLeader)).toBe(true);
  });

  test('an unseen ticket is refused as one that does not exist: not_found, in the same words, whatever its status', () => {
    const r = sightRefusal(t, actors.otherHandler);
    expect(r).toMatchObject({ ok: false, code: 'not_found', check: 'sight', reason: `工单 ${t.id} 不存在` });
    expect(sightRefusal(t, actors.handler)).toBeUndefined();
  });
});
