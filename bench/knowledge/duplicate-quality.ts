// Precision and recall at 3 of the intake preview's probable duplicates (issue 15), on the fixture
// of ./duplicate-fixture.ts, through the real path: each ticket is previewed against the ledger
// (PGlite, migrations applied) as the operator would see it at its registration, then recorded.
//   precision@3: of all the tickets suggested (at most 3 per preview), the share that are the same matter;
//   recall@3:    of all the earlier open tickets of the same matter, the share suggested in the top 3.
import { loadCalendar } from '../../config/calendar-source';
import { defaultRules, register, type Intake, type TicketState } from '../../domain/ticket';
import type { LedgerDb } from '../../ledger/db';
import { recordTicket } from '../../ledger/recorder';
import { previewIntake } from '../../api/knowledge/preview';
import { duplicateFixture, type FixtureTicket } from './duplicate-fixture';

export interface DuplicateQuality {
  tickets: number;
  matters: number;
  /** Tickets registered while an earlier report of their matter was open. */
  withEarlierDuplicate: number;
  suggested: number;
  correct: number;
  relevant: number;
  found: number;
  precisionAt3: number;
  recallAt3: number;
  /** Per preview, ms (the preview's three ledger reads). */
  previewMsP95: number;
}

const calendar = loadCalendar();

function stateOf(t: FixtureTicket): TicketState {
  const intake: Intake = {
    channel: t.channel as Intake['channel'],
    requestType: 'complaint',
    citizen: { anonymous: true, followUp: false },
    category: t.category,
    description: t.description,
    location: { district: t.district, street: t.street, address: t.address },
  };
  return register({ id: t.id, intake, registeredAt: t.registeredAt, registeredBy: { id: 'op-1', role: 'operator' }, rules: defaultRules, calendar });
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export async function measureDuplicateQuality(db: LedgerDb, fixture: FixtureTicket[] = duplicateFixture()): Promise<DuplicateQuality> {
  const matterOf = new Map(fixture.map((t) => [t.id, t.matter]));
  const seen = new Map<string, number>();
  let suggested = 0;
  let correct = 0;
  let relevant = 0;
  let found = 0;
  let withEarlier = 0;
  const times: number[] = [];
  for (const t of fixture) {
    const started = performance.now();
    const { duplicates } = await previewIntake(
      db,
      { category: t.category, description: t.description, location: { district: t.district, street: t.street, address: t.address } },
      new Date(t.registeredAt),
    );
    times.push(performance.now() - started);
    const earlier = seen.get(t.matter) ?? 0;
    if (earlier > 0) withEarlier++;
    relevant += earlier;
    suggested += duplicates.length;
    const hits = duplicates.filter((d) => matterOf.get(d.ticketId) === t.matter).length;
    correct += hits;
    found += hits;
    seen.set(t.matter, earlier + 1);
    await recordTicket(db, stateOf(t));
  }
  times.sort((a, b) => a - b);
  return {
    tickets: fixture.length,
    matters: new Set(fixture.map((t) => t.matter)).size,
    withEarlierDuplicate: withEarlier,
    suggested,
    correct,
    relevant,
    found,
    precisionAt3: round(suggested ? correct / suggested : 1),
    recallAt3: round(relevant ? found / relevant : 1),
    previewMsP95: round(times[Math.floor(times.length * 0.95)] ?? 0),
  };
}
