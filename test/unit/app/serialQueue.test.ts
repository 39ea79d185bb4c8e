import { SerialQueue } from '../../../src/app/serialQueue';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('SerialQueue', () => {
  it('runs work one at a time, in arrival order', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const finishers: (() => void)[] = [];
    const work = (name: string) => () => {
      log.push(`start ${name}`);
      return new Promise<string>((resolve) =>
        finishers.push(() => {
          log.push(`end ${name}`);
          resolve(name);
        }),
      );
    };
    const results = Promise.all(['a', 'b', 'c'].map((name) => queue.run(work(name))));
    for (let i = 0; i < 3; i++) {
      await settle();
      finishers[i]!();
    }
    await expect(results).resolves.toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('rejects only the caller of failed work; the work behind it still runs', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(() => Promise.reject(new Error('storage down')));
    const next = queue.run(() => Promise.resolve('applied'));
    await expect(failed).rejects.toThrow('storage down');
    await expect(next).resolves.toBe('applied');
  });

  it('does not wait for another queue: each instance has its own', async () => {
    const one = new SerialQueue();
    const two = new SerialQueue();
    void one.run(() => new Promise<never>(() => undefined)); // held forever
    await expect(two.run(() => Promise.resolve('ran'))).resolves.toBe('ran');
  });
});
