import { TransactionQueue } from '../../../src/app/transactionQueue';

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Work that starts when its turn comes and ends when the test says so. */
function held(log: string[]) {
  const finishers: (() => void)[] = [];
  const work =
    <T>(name: string, result: T) =>
    () => {
      log.push(`start ${name}`);
      return new Promise<T>((resolve) =>
        finishers.push(() => {
          log.push(`end ${name}`);
          resolve(result);
        }),
      );
    };
  return { work, finish: (index: number) => finishers[index]?.() };
}

describe('TransactionQueue', () => {
  describe('run', () => {
    it('runs work one at a time, in arrival order', async () => {
      const queue = new TransactionQueue<string, string>();
      const log: string[] = [];
      const { work, finish } = held(log);
      const results = Promise.all(['a', 'b', 'c'].map((name) => queue.run(work(name, name))));
      for (let i = 0; i < 3; i++) {
        await settle();
        finish(i);
      }
      await expect(results).resolves.toEqual(['a', 'b', 'c']);
      expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    });

    it('rejects only the caller of failed work; the work behind it still runs', async () => {
      const queue = new TransactionQueue<string, string>();
      const failed = queue.run(() => Promise.reject(new Error('storage down')));
      const next = queue.run(() => Promise.resolve('applied'));
      await expect(failed).rejects.toThrow('storage down');
      await expect(next).resolves.toBe('applied');
    });

    it('does not wait for another queue: each instance has its own', async () => {
      const one = new TransactionQueue<string, string>();
      const two = new TransactionQueue<string, string>();
      void one.run(() => new Promise<never>(() => undefined)); // held forever
      await expect(two.run(() => Promise.resolve('ran'))).resolves.toBe('ran');
    });
  });

  describe('join', () => {
    /** Batch work that records each batch it was given and answers each member with its upper-case name. */
    function recordingWork() {
      const batches: string[][] = [];
      const work = (members: readonly string[]) => {
        batches.push([...members]);
        return Promise.resolve(members.map((member) => member.toUpperCase()));
      };
      return { batches, work };
    }

    it('gives the members that queued while a transaction ran one turn together, in arrival order', async () => {
      const queue = new TransactionQueue<string, string>();
      const log: string[] = [];
      const { work: holding, finish } = held(log);
      const running = queue.run(holding('first', 'done'));
      const { batches, work } = recordingWork();
      const answers = Promise.all(['a', 'b', 'c'].map((name) => queue.join(name, work)));
      await settle();
      expect(batches).toEqual([]); // still behind the running transaction
      finish(0);
      await expect(running).resolves.toBe('done');
      await expect(answers).resolves.toEqual(['A', 'B', 'C']);
      expect(batches).toEqual([['a', 'b', 'c']]);
    });

    it('starts a new batch for members that arrive once a batch has started', async () => {
      const queue = new TransactionQueue<string, string>();
      const batches: string[][] = [];
      let release: () => void = () => undefined;
      const slow = (members: readonly string[]) => {
        batches.push([...members]);
        return new Promise<string[]>((resolve) => {
          release = () => resolve(members.map((member) => member.toUpperCase()));
        });
      };
      const first = queue.join('a', slow);
      await settle();
      expect(batches).toEqual([['a']]);
      const later = Promise.all([queue.join('b', slow), queue.join('c', slow)]);
      await settle();
      expect(batches).toEqual([['a']]); // b and c wait for a's turn to end
      release();
      await expect(first).resolves.toBe('A');
      await settle();
      expect(batches).toEqual([['a'], ['b', 'c']]);
      release();
      await expect(later).resolves.toEqual(['B', 'C']);
    });

    it('keeps a batch within its maximum size and puts the rest in the next one', async () => {
      const queue = new TransactionQueue<string, string>(2);
      const { batches, work } = recordingWork();
      const answers = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((name) => queue.join(name, work)));
      expect(answers).toEqual(['A', 'B', 'C', 'D', 'E']);
      expect(batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    });

    it('gives every member of a failed batch the error, and the next batch still runs', async () => {
      const queue = new TransactionQueue<string, string>();
      const failing = () => Promise.reject(new Error('storage down'));
      const failed = [queue.join('a', failing), queue.join('b', failing)];
      await Promise.all(failed.map((answer) => expect(answer).rejects.toThrow('storage down')));
      const { work } = recordingWork();
      await expect(queue.join('c', work)).resolves.toBe('C');
    });
  });
});
