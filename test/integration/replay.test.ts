// Replays the recorded histories of finished and running test tickets against today's workflow
// code: a change that would break tickets already running in production fails here. Record anew
// (HOTLINE_RECORD_HISTORIES=1 npm test) only for a deliberate, patched() change.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { payloadEncryption } from '../../codec/data-converter';
import { historiesDir } from '../setup/histories';
import { testKeyRing } from '../setup/payload-keys';
import { quietRuntime } from '../setup/temporal';
import {
  APPLY_PATCH,
  BOUNDED_TICKET_PATCH,
  CONTACT_ROUTE_PATCH,
  CONTINUE_PATCH,
  DISPATCH_DUE_PATCH,
  LEDGER_LOCAL_PATCH,
  LEDGER_PATCH,
  PATCH_ERA,
  REPLY_SIGN_OFF_PATCH,
  SEED_HANDLING_PATCH,
  SIGNAL_REFS_PATCH,
  SUPERVISION_PATCH,
  TWO_STEP_REVIEW_PATCH,
  WHISTLE_PATCH,
} from '../../workflows/ticket';

const files = fs.existsSync(historiesDir) ? fs.readdirSync(historiesDir).filter((f) => f.endsWith('.json')) : [];

describe('replay of recorded ticket histories', () => {
  test('there are histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  test('the fixtures cover every way a ticket has written its ledger', () => {
    // Before ledger-v1: no ledger write; ledger-v1: an activity; ledger-local-v1: a local activity.
    const ways = new Set(
      files.map((file) => {
        const events: {
          activityTaskScheduledEventAttributes?: { activityType?: { name?: string } };
          markerRecordedEventAttributes?: { markerName?: string };
        }[] = JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8')).events;
        if (events.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')) return 'local activity';
        if (events.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordLedger')) return 'activity';
        return 'none';
      }),
    );
    expect([...ways].sort()).toEqual(['activity', 'local activity', 'none']);
  });

  test('the fixtures hold every patch but continue-as-new (whose runs test/integration/ticket-long-lived replays)', () => {
    const patches = new Set(
      files.flatMap((file) =>
        (
          JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8')).events as {
            markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, { payloads: { data: string }[] }> };
          }[]
        ).flatMap((e) =>
          e.markerRecordedEventAttributes?.markerName === 'core_patch'
            ? Object.values(e.markerRecordedEventAttributes.details ?? {}).flatMap((d) =>
                d.payloads.map((p) => (JSON.parse(Buffer.from(p.data, 'base64').toString()) as { id: string }).id),
              )
            : [],
        ),
      ),
    );
    expect([...patches].sort()).toEqual(
      [
        APPLY_PATCH,
        BOUNDED_TICKET_PATCH,
        CONTACT_ROUTE_PATCH,
        DISPATCH_DUE_PATCH,
        LEDGER_LOCAL_PATCH,
        LEDGER_PATCH,
        PATCH_ERA,
        REPLY_SIGN_OFF_PATCH,
        SEED_HANDLING_PATCH,
        SIGNAL_REFS_PATCH,
        SUPERVISION_PATCH,
        TWO_STEP_REVIEW_PATCH,
        WHISTLE_PATCH,
      ].sort(),
    );
    expect(patches.has(CONTINUE_PATCH)).toBe(false);
  });

  test.each(files)('%s replays without nondeterminism', async (file) => {
    quietRuntime();
    // runReplayHistory takes the JSON form (as `temporal workflow show --output json` writes it) itself.
    const history: unknown = JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8'));
    // With the payload codec, as production replays: payloads recorded before encryption pass through.
    const { dataConverter } = payloadEncryption(testKeyRing());
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: process.env.HOTLINE_TEST_WORKFLOW_BUNDLE! }, dataConverter },
      history,
      path.basename(file, '.json'),
    );
  });
});
