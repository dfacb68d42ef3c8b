// Random ticket histories for the aggregates' property test: each ticket walks through the real
// domain core (Story), taking at each step a random move among those the core accepts, with the
// timers firing as the workflow's would; every outcome turns up (returns, transfers, designation,
// late signing and replies, re-handles, unreachable, declined follow-up, non-compliant, merges).
// Deterministic for a seed. Not a test file itself.
import { defaultRules, nextWakeAt } from '../../domain/ticket';
import { seeded } from '../../ledger/synthetic/city';
import { calendar, people, Story } from './ledger-story';

const HOUR = 3_600_000;
/** Beijing wall clock 'YYYY-MM-DDTHH:mm' of an instant (what Story takes). */
const local = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 16);

const units = ['U-A', 'U-B', 'U-C', 'S-1', 'S-2'];
const requestTypes = [undefined, 'consult', 'help', 'complaint', 'report', 'suggestion'];
const channels = ['phone', 'web', 'wechat', 'police_110', 'mayor_mailbox'];
const categories = ['water-outage', 'noise', 'road', 'heating'];
const districts = ['D1', 'D2', 'D3'];
const streets = ['s1', 's2', 's3', null];
const satisfactions = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;

export interface RandomHistory {
  stories: Story[];
  /** The first and last Beijing dates any ticket was registered on. */
  from: string;
  to: string;
}

/** `count` tickets registered between `start` and `start + days` (Beijing), with random lives. */
export function randomHistory(seed: number, count: number, start = '2026-01-20T00:00', days = 80): RandomHistory {
  const r = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const t0 = Date.parse(`${start}:00+08:00`);
  const stories: Story[] = [];
  for (let i = 0; i < count; i++) {
    // Some tickets start just before or after midnight, where the Beijing date differs from UTC's.
    let now = t0 + Math.floor(r() * days) * 24 * HOUR + (r() < 0.2 ? pick([-20, 10, 16 * 60 - 5]) * 60_000 : Math.floor(r() * 24 * 60) * 60_000);
    const story = new Story({
      id: `R${seed}-${i}`,
      at: local(now),
      requestType: pick(requestTypes),
      channel: pick(channels),
      category: pick(categories),
      district: pick(districts),
      street: pick(streets),
      citizen: { name: '张三', phone: '13912345678', followUp: r() > 0.1, kind: r() < 0.2 ? 'enterprise' : 'person' },
    });
    stories.push(story);
    const moves: (() => unknown)[] = [
      () => story.dispatch(pick(units), local(now)),
      () => story.sign(local(now)),
      () => story.contact('first', local(now)),
      () => story.contact('final', local(now)),
      () => story.reply(local(now), r() > 0.2),
      () => story.approve(local(now)),
      () => story.followUp(pick(satisfactions), r() > 0.3, local(now), story.state.requesters.length > 1 ? Math.floor(r() * 2) : undefined),
      () => story.returnIt(local(now), r() < 0.3),
      () => story.transfer(pick(units), local(now)),
      () => story.designate(pick(units), local(now)),
      () => story.closeNonCompliant(local(now)),
      () => story.act('answer', { answer: '已解答' }, people.operator, local(now)),
    ];
    // A few tickets merge into an earlier one still open (多人一诉).
    const target = i > 0 && r() < 0.05 ? stories[Math.floor(r() * i)] : undefined;
    if (target && target.state.status !== 'closed' && target.state.status !== 'merged') {
      try {
        story.mergeInto(target, local(Math.max(now, Date.parse(target.state.history.at(-1)!.at)) + 60_000));
        continue;
      } catch {
        /* the core refused the merge: the ticket lives on alone */
      }
    }
    for (let step = 0; step < 40 && story.state.status !== 'closed' && story.state.status !== 'merged'; step++) {
      now += Math.floor((r() < 0.7 ? r() * 6 : r() * 96) * HOUR) + 60_000;
      const wake = nextWakeAt(story.state, { rules: defaultRules, calendar });
      if (wake !== undefined && wake <= now) {
        story.tick(local(Math.max(wake, Date.parse(story.state.history.at(-1)!.at)) + 60_000));
        now = Math.max(now, wake + 60_000);
        continue;
      }
      // Weighted towards the next natural step: the earlier moves are tried first more often.
      const order = moves.map((m, k) => ({ m, w: r() * (k < 7 ? 3 : 1) })).sort((a, b) => b.w - a.w);
      for (const { m } of order) {
        try {
          m();
          break;
        } catch {
          /* refused by the core in this state: try another move */
        }
      }
    }
  }
  const dates = stories.map((s) => s.state.registeredAt.slice(0, 10)).sort();
  return { stories, from: dates[0]!, to: dates.at(-1)! };
}
