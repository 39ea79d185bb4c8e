/**
 * One piece of work at a time, in arrival order; a failure is its caller's and does not hold up the next.
 *
 * A Function App instance runs many invocations at once. Side by side, transactions on the one state document
 * would only conflict with each other (50 commands at once made 360 failed conditional writes of the whole
 * state for 50 good ones, and commands ran out of attempts). Made once per instance (createServices) and passed
 * in: other instances have their own and are kept apart by the ETag alone.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(work);
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}
