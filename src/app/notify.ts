import type { DeliveryLedger, DeliveryQueue } from '../core/ports';
import type { StatusState } from '../core/model/state';
import { planDeliveries, type Delivery } from '../core/subscribers/deliveries';
import { markHandedOn, noticesOf, pendingVersions } from '../core/subscribers/outbox';
import type { SiteSettings } from '../core/site/siteSettings';
import type { TransactDeps } from './transact';
import { transact } from './transact';

/** What handing changes on needs: the queue, the ledger, and the settings bodies are built with. */
export interface NotifyDeps {
  queue: DeliveryQueue;
  ledger: DeliveryLedger;
  settings: SiteSettings;
  clock: () => string;
  /** Subscribers that cannot be reached as configured (shown by `subscribers`). */
  problems?: readonly string[];
  /** How long after a save the timer leaves its changes to the command that saved them (default 30 s). */
  graceMs?: number;
}

/** The deliveries one save's changes make. */
export function deliveriesOf(deps: NotifyDeps, state: StatusState, version = state.version): Delivery[] {
  return planDeliveries({
    state,
    notices: noticesOf(state, version),
    settings: deps.settings,
    silenced: state.silenced ?? [],
    generatedAt: deps.clock(),
  });
}

/** "It will reach 2 subscribers (support, monitoring)." for the reply to a public change. */
export function reachText(deliveries: readonly Delivery[]): string {
  const names = [...new Set(deliveries.map((delivery) => delivery.subscriber))];
  if (names.length === 0) return 'No subscriber is notified of this change.';
  return `It will reach ${names.length} subscriber${names.length === 1 ? '' : 's'} (${names.join(', ')}).`;
}

/** Enqueues one save's deliveries, then marks the save handed on. Throws if the queue did not take them all. */
export async function handOn(
  deps: NotifyDeps,
  version: number,
  deliveries: readonly Delivery[],
): Promise<void> {
  await Promise.all(deliveries.map((delivery) => deps.queue.enqueue(delivery)));
  await deps.ledger.markHandedOn(version);
}

/** Whether the change that made `version` recorded public changes for subscribers. */
export function hasNotices(state: StatusState, version = state.version): boolean {
  return state.outbox?.pending.some((notice) => notice.version === version) ?? false;
}

/**
 * Hands on the changes one change recorded, if any (what a command and a clock save do). `version` is the
 * change's own: commands saved together in one write each hand on their own.
 */
export async function handOnSave(
  deps: NotifyDeps,
  state: StatusState,
  version = state.version,
  deliveries = deliveriesOf(deps, state, version),
): Promise<void> {
  if (!hasNotices(state, version)) return;
  await handOn(deps, version, deliveries);
}

export type CatchUpResult = { handedOn: number[]; waiting: number[] };

/**
 * The timer's half of the outbox: every save whose changes are still pending is handed on, unless the command
 * that saved it may still be doing so (younger than the grace period), then recorded as handed on in the state.
 */
export async function catchUp(deps: NotifyDeps & TransactDeps, state: StatusState): Promise<CatchUpResult> {
  const now = Date.parse(deps.clock());
  const grace = deps.graceMs ?? 30_000;
  const handed: number[] = [];
  const waiting: number[] = [];
  for (const version of pendingVersions(state)) {
    try {
      if (!(await deps.ledger.isHandedOn(version))) {
        const notices = noticesOf(state, version);
        const youngest = Math.max(...notices.map((notice) => Date.parse(notice.at)));
        if (now - youngest < grace) {
          waiting.push(version);
          continue;
        }
        await handOn(deps, version, deliveriesOf(deps, state, version));
      }
      handed.push(version);
    } catch {
      // The queue or the ledger did not answer: this save stays pending, and the next tick tries again.
      waiting.push(version);
    }
  }
  if (handed.length > 0) {
    await transact(deps, (current, _now, timeMoved) => {
      // A save that moves the clock must be published: leave it to the tick, and this record to the next one.
      if (timeMoved) return { kind: 'answered', reply: { text: '' } };
      const next = markHandedOn(current, handed);
      return next === current
        ? { kind: 'answered', reply: { text: '' } }
        : { kind: 'changed', state: next, reply: { text: '' } };
    });
  }
  return { handedOn: handed, waiting };
}
