// GET /api/v1/follow-ups: the follow-up agents' work list (回访队列). Tickets in follow_up come
// from Temporal visibility (TicketStatus); which queue a ticket is in (automated calls still
// running, or waiting for an agent) and whom to call are in its state, so each listed ticket's
// `state` is queried. Pure, except for the query built here.
import type { Catalog } from '../domain/catalog';
import { findCategory, findDistrict, findStreet } from '../domain/catalog';
import { Actor, followUpPending, seesFullPhone, TicketState } from '../domain/ticket';
import type { FollowUpItem, FollowUpQueueQuery } from './follow-up-schemas';
import { visibilityQuery } from './ticket-list';
import { maskPhone } from './ticket-view';

/**
 * Tickets in follow_up on the API's own task queue: their state can only be queried where a worker
 * polls, and tickets of another deployment are not this queue's.
 */
export function followUpVisibilityQuery(q: Pick<FollowUpQueueQuery, 'category' | 'district'>, taskQueue: string): string {
  const base = visibilityQuery({ status: 'follow_up', category: q.category, district: q.district }, undefined);
  if (!/^[A-Za-z0-9_.:-]+$/.test(taskQueue)) throw new Error(`task queue name not usable in a visibility query: ${taskQueue}`);
  return `${base} AND TaskQueue = '${taskQueue}'`;
}

export const inQueue = (t: TicketState, queue: FollowUpQueueQuery['queue']): boolean =>
  t.status === 'follow_up' && t.followUp !== undefined && (queue === 'all' || t.followUp.queue === queue);

export function followUpItem(t: TicketState, catalog: Catalog, viewer: Pick<Actor, 'role'>, fullPhones = true): FollowUpItem {
  const street = t.location.street ? findStreet(catalog, t.location.street) : undefined;
  const fu = t.followUp!;
  return {
    id: t.id,
    category: t.category,
    categoryName: findCategory(catalog, t.category)?.name,
    district: t.location.district,
    districtName: findDistrict(catalog, t.location.district)?.name,
    street: t.location.street,
    streetName: street?.street.name,
    leadUnit: t.leadUnit,
    description: t.description,
    queue: fu.queue,
    round: fu.round,
    attempts: t.counters.followUpAttempts,
    startedAt: fu.startedAt,
    followUpBy: t.deadlines.followUpBy,
    reply: t.reply && {
      summary: t.reply.content.length > 120 ? `${t.reply.content.slice(0, 119)}…` : t.reply.content,
      handlerName: t.reply.handlerName,
      handlerPhone: t.reply.handlerPhone,
      solved: t.reply.solved,
      at: t.reply.at,
    },
    requesters: followUpPending(t).map((i) => {
      const r = t.requesters[i]!;
      return {
        requester: i,
        name: r.name,
        phone: r.phone === undefined ? undefined : fullPhones && seesFullPhone(t, viewer, r) ? r.phone : maskPhone(r.phone),
        anonymous: r.anonymous,
      };
    }),
  };
}
