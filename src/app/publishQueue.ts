import type { StatusState } from '../core/model/state';

/** What a publish reports to the queue: whether it ended on the newest state, and the state it left the site on. */
export interface PublishOutcome {
  current: boolean;
  shown: StatusState | undefined;
}

/**
 * One publish at a time per site in this instance, skipping a publish another one already covered. Side by side,
 * a burst of commands each rewrote the same files up to MAX_PUBLISH_ROUNDS times while racing the others (50 commands at
 * once: 2,300 writes, 13 s against Azurite). In turn, a command usually finds its save already published by the
 * one before it, which chased the newest state, and has nothing to do. Other instances have their own queue and
 * are still covered by publishLatest's chase.
 */
export class PublishQueue {
  private tail: Promise<void> = Promise.resolve();
  /** Saves of this instance handed to the queue so far, in order. */
  private tickets = 0;
  /** Every save up to this ticket is published: a publish that ended on the newest state looked after it. */
  private covered = 0;
  /**
   * The newest state a publish of this queue left the site on. A later turn for an older save must not take
   * the page back to it (it would show, for a moment, an incident closed since as open again).
   */
  private shown: StatusState | undefined;

  /**
   * Call once the save is complete. `publish` is given the state the site shows and reports where it left it; it
   * is skipped when a publish that started after this call already ended on the newest state.
   */
  run(publish: (shown: StatusState | undefined) => Promise<PublishOutcome>): Promise<void> {
    const ticket = ++this.tickets;
    const turn = this.tail.then(async () => {
      if (this.covered >= ticket) return;
      // Saves holding a ticket by now are complete: a publish that ends on the newest state includes them all.
      const through = this.tickets;
      const outcome = await publish(this.shown);
      if (outcome.shown && outcome.shown.version >= (this.shown?.version ?? -1)) this.shown = outcome.shown;
      if (outcome.current) this.covered = Math.max(this.covered, through);
    });
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}
