// A ticket started since PATCH_ERA (issue 17) asks one patch instead of eight: its whole lifecycle
// through the API leaves one patch marker and one TemporalChangeVersion upsert in its history, and
// no summary memo (the Web UI's current details carry the line). Tickets from before replay as they
// ran (test/integration/replay.test.ts, every fixture recorded before it).
import { ticketSummaryLine } from '../../workflows/visibility';
import { PATCH_ERA } from '../../workflows/ticket';
import { apiHarness, ApiHarness, registerTicket, replyBody, ticketCalls, Who } from '../setup/api';
import { recordHistory } from '../setup/histories';

const UNIT = 'LJ-JB-HOUSING';
const dispatcher: Who = { role: 'dispatcher', sub: 'disp-1' };
const handler: Who = { role: 'handler', unit: UNIT, sub: `h-${UNIT}` };
const reviewer: Who = { role: 'reviewer', unit: UNIT, sub: `r-${UNIT}` };
const leader: Who = { role: 'unit_leader', unit: UNIT, sub: `l-${UNIT}` };
const followUp: Who = { role: 'follow_up', sub: 'fu-1' };

interface HistoryEvent {
  eventType?: number | string | null;
  markerRecordedEventAttributes?: {
    markerName?: string | null;
    details?: Record<string, { payloads?: { data?: Uint8Array | null }[] | null }> | null;
  } | null;
  upsertWorkflowSearchAttributesEventAttributes?: { searchAttributes?: { indexedFields?: Record<string, unknown> | null } | null } | null;
}

describe('a ticket started since the patch era', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await apiHarness('patch-era');
  });
  afterAll(() => api?.close());

  test('its lifecycle asks one patch, upserts TemporalChangeVersion once and keeps no memo', async () => {
    const { act } = ticketCalls(api);
    const id = await registerTicket(api);
    await act(id, dispatcher, 'dispatch', { unit: UNIT });
    await act(id, handler, 'sign');
    await act(id, handler, 'contact', { stage: 'first', method: 'phone' });
    await act(id, handler, 'contact', { stage: 'final', method: 'phone' });
    await act(id, handler, 'reply', replyBody);
    await act(id, reviewer, 'review-reply');
    await act(id, leader, 'approve-reply');
    const closed = await act(id, followUp, 'follow-up', { satisfaction: 'satisfied', resolved: true });
    expect(closed.status).toBe('closed');

    const handle = api.client.workflow.getHandle(id);
    const { events } = (await handle.fetchHistory()) as { events: HistoryEvent[] };
    const markers = events.flatMap((e) => (e.markerRecordedEventAttributes?.markerName === 'core_patch' ? [e] : []));
    expect(markers).toHaveLength(1);
    const ids = Object.values(markers[0]!.markerRecordedEventAttributes?.details ?? {}).flatMap((d) =>
      (d.payloads ?? []).map((p) => (JSON.parse(Buffer.from(p.data ?? []).toString()) as { id: string }).id),
    );
    expect(ids).toEqual([PATCH_ERA]);
    const upserts = events.map((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}));
    expect(upserts.filter((keys) => keys.includes('TemporalChangeVersion'))).toHaveLength(1);
    // What the pool and the Web UI filter on is still published whenever it changes: at the start and
    // at each step but the two contacts (which change nothing searchable).
    expect(upserts.filter((keys) => keys.includes('TicketStatus'))).toHaveLength(7);
    // No memo changes (EventType WORKFLOW_PROPERTIES_MODIFIED, 39) and none at the start either.
    expect(events.filter((e) => e.eventType === 39 || e.eventType === 'EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED')).toEqual([]);
    const description = await handle.describe();
    expect(description.memo?.summary).toBeUndefined();
    // The Web UI's current details: the summary line, read by query.
    const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toBe(ticketSummaryLine(closed));

    await recordHistory(handle, 'i17-patch-era-lifecycle');
  });
});
