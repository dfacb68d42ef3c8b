// The bulletin (周专报, 旬通报; seed 001): run by a Temporal Schedule (worker/schedules.ts), visible
// and pausable in the Temporal UI. A thin shell: the activity computes the period's figures from the
// ledger and mails every unit; the run's time (the schedule's) decides the period.
import { proxyActivities } from '@temporalio/workflow';
import type { BulletinActivities, BulletinRequest, BulletinResult } from '../activities/bulletin';

export const BULLETIN_WORKFLOW_TYPE = 'bulletin';

// Up to a few hundred units' mail: heartbeats carry the progress, so a retry goes on from there.
const acts = proxyActivities<BulletinActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

export type BulletinInput = Omit<BulletinRequest, 'at'>;

export async function bulletin(input: BulletinInput): Promise<BulletinResult> {
  return acts.sendBulletin({ ...input, at: new Date(Date.now()).toISOString() });
}
