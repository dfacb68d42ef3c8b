// What a decision asks the outside world to do. The workflow turns each effect into an activity.
import type { CommitmentStart } from '../commitment/model';
import type { Requester } from './model';

export const notificationEvents = {
  dispatched: '新工单派发',
  co_dispatched: '协办工单派发',
  direct_dispatched: '直派工单（15分钟直派）',
  direct_dispatch_supervision: '直派工单督办抄送',
  transferred: '工单转办',
  designated: '定责指派',
  rehandle: '工单重办',
  whistle: '吹哨报到',
  assigned_down: '工单下派',
  sign_overdue: '超时未签收提醒',
  dispatch_overdue: '超时未派单提醒',
  contact_overdue: '首次联系超时提醒',
  reply_reminder: '答复期限临近提醒',
  commitment_reminder: '承诺办结期限临近提醒',
  commitment_overdue: '承诺事项逾期未履行',
  review_reminder: '答复待审核：答复期限临近提醒',
  sign_off_reminder: '答复待审签：答复期限临近提醒',
  escalation: '超期督办',
  urged: '督办催办',
  extension_approved: '延期申请已批准',
  extension_rejected: '延期申请未批准',
  reply_rejected: '答复被退回',
  designation_overdue: '定责超期提醒',
  consultation: '联席会商通知',
  supervision_escalated: '提级督办',
  non_compliant_declared: '不合规诉求申报待审批',
  non_compliant_refused: '不合规诉求申报未获批准',
} as const;
export type NotificationEvent = keyof typeof notificationEvents;

export type Effect =
  | {
      kind: 'notify';
      event: NotificationEvent;
      /** Unit codes; mail addresses come from the catalog. */
      units: string[];
      /** Also tell the hotline's supervision desk (督办). */
      supervisors?: boolean;
      /** Also tell the hotline's dispatch desk (派单组): its own deadline (按时派单率). */
      dispatchDesk?: boolean;
      /** Event-specific wording, e.g. the escalation ladder's measure. */
      detail?: string;
      /** Distinguishes repeated events of one kind (the Message-ID is derived from it). */
      key: string;
    }
  | { kind: 'mergeInto'; target: string; requesters: Requester[] }
  | { kind: 'placeFollowUpCall'; attempt: number; requesters: number[] }
  /** R6: a signed-off reply's commitment starts its own tracking (workflows/commitment.ts). */
  | { kind: 'startCommitment'; commitment: CommitmentStart };
