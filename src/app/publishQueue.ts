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
   * Call once the save is complete. `publish` resolves true when the state it published last was still the
   * newest when it looked; it is skipped when a publish that started after this call already did that.
   */
  run(publish: () => Promise<boolean>): Promise<void> {
    const ticket = ++this.tickets;
    const turn = this.tail.then(async () => {
      if (this.covered >= ticket) return;
      // Saves holding a ticket by now are complete: a publish that ends on the newest state includes them all.
      const through = this.tickets;
      if (await publish()) this.covered = Math.max(this.covered, through);
    });
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}
