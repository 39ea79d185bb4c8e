/** The most commands one transaction applies: a batch stays far inside one command's reply time. */
export const MAX_BATCH = 50;

interface Batch<M, R> {
  members: M[];
  results: Promise<R[]>;
}

/**
 * This instance's transactions on the state: one at a time, in arrival order; a failure is its caller's and does
 * not hold up the next. Commands that arrive while a transaction runs wait together and are applied together in
 * the next one (group commit): one read, one conditional write and one publish for all of them.
 *
 * A Function App instance runs many invocations at once. Side by side, transactions on the one state document
 * would only conflict with each other (50 commands at once made 360 failed conditional writes for 50 good ones);
 * one at a time, 200 commands at once queued for 15 s behind each other's storage round trips and most were
 * answered "busy". Made once per instance (createServices) and passed in: other instances have their own and are
 * kept apart by the ETag alone.
 */
export class TransactionQueue<M, R> {
  private tail: Promise<unknown> = Promise.resolve();
  /** The batch waiting for its turn, which a new member joins. */
  private waiting: Batch<M, R> | undefined;

  constructor(private readonly maxBatch = MAX_BATCH) {}

  /** Runs `work` alone, after everything queued before it. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(work);
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Adds `member` to the batch waiting for its turn (or starts one), and resolves with its own result once `work`
   * has run for the whole batch. `work` returns one result per member, in order; if it throws, every member of
   * the batch gets the error. The first member's `work` is the batch's: members of one queue share it.
   */
  join(member: M, work: (members: readonly M[]) => Promise<R[]>): Promise<R> {
    let batch = this.waiting;
    if (!batch || batch.members.length >= this.maxBatch) {
      const members: M[] = [];
      const results = this.tail.then(() => {
        // From here on the batch is closed: later arrivals start the next one.
        if (this.waiting?.members === members) this.waiting = undefined;
        return work(members);
      });
      this.tail = results.catch(() => undefined);
      batch = { members, results };
      this.waiting = batch;
    }
    const index = batch.members.push(member) - 1;
    return batch.results.then((results) => {
      const result = results[index];
      if (result === undefined) throw new Error(`transaction batch gave no result for member ${index}`);
      return result;
    });
  }
}
