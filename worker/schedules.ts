// The bulletins' Temporal Schedules (seed 001 周专报、旬通报; 三率 three times a month), created at
// worker start when absent: visible, pausable and triggerable in the Temporal UI (Schedules). A
// schedule that exists is left as it is — an operator's pause or edit survives every restart — so
// starting a second worker, or the same one again, creates nothing twice.
import { Client, ScheduleAlreadyRunning, ScheduleOptions } from '@temporalio/client';
import type { BulletinKind } from '../domain/bulletin';
import { BULLETIN_WORKFLOW_TYPE, type BulletinInput } from '../workflows/bulletin';

/** Beijing time: the bulletins go out at 08:00 on the day after their period. */
export const BULLETIN_TIMEZONE = 'Asia/Shanghai';

export const bulletinScheduleId = (taskQueue: string, kind: BulletinKind): string => `${taskQueue}-bulletin-${kind}`;

export function bulletinSchedules(taskQueue: string): ScheduleOptions[] {
  const schedule = (kind: BulletinKind, note: string, calendar: NonNullable<ScheduleOptions['spec']['calendars']>[number]): ScheduleOptions => ({
    scheduleId: bulletinScheduleId(taskQueue, kind),
    spec: { calendars: [calendar], timezone: BULLETIN_TIMEZONE },
    action: {
      type: 'startWorkflow',
      workflowType: BULLETIN_WORKFLOW_TYPE,
      args: [{ kind } satisfies BulletinInput],
      taskQueue,
      workflowId: `${bulletinScheduleId(taskQueue, kind)}-run`,
    },
    memo: { description: note },
  });
  return [
    schedule('weekly', '周专报：每周一 08:00（北京时间）向各单位发送上周统计与排名（种子文件 001、002）', {
      dayOfWeek: 'MONDAY',
      hour: 8,
    }),
    schedule('dekad', '旬通报：每月1日、11日、21日 08:00（北京时间）发送上一旬三率统计与排名（种子文件 001）', {
      dayOfMonth: [1, 11, 21],
      hour: 8,
    }),
  ];
}

/** Creates the bulletin schedules that do not exist yet; answers the ids it created. */
export async function ensureBulletinSchedules(client: Client, taskQueue: string): Promise<string[]> {
  const created: string[] = [];
  for (const options of bulletinSchedules(taskQueue)) {
    try {
      await client.schedule.create(options);
      created.push(options.scheduleId);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
  }
  return created;
}
