import { PublishQueue } from '../../../src/app/publishQueue';
import type { StatusState } from '../../../src/core/model/state';
import { aState } from '../../support/builders';

/** A publish the test finishes by hand, recording that it ran. */
function pending(ran: string[], name: string) {
  let finish: (newest: boolean, shown?: StatusState) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const given: (StatusState | undefined)[] = [];
  const publish = (shown: StatusState | undefined) => {
    ran.push(name);
    given.push(shown);
    return new Promise<{ current: boolean; shown: StatusState | undefined }>((resolve, reject) => {
      finish = (current, left) => resolve({ current, shown: left });
      fail = reject;
    });
  };
  return {
    publish,
    given,
    finish: (newest: boolean, shown?: StatusState) => finish(newest, shown),
    fail: (error: Error) => fail(error),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('PublishQueue', () => {
  it('skips the saves an earlier publish covered by ending on the newest state', async () => {
    const queue = new PublishQueue();
    const ran: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => pending(ran, name));
    const done = [queue.run(a!.publish), queue.run(b!.publish), queue.run(c!.publish)];
    await settle();
    a!.finish(true);
    await Promise.all(done);
    expect(ran).toEqual(['a']);
  });

  it('runs the next publish when the earlier one did not end on the newest state', async () => {
    const queue = new PublishQueue();
    const ran: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => pending(ran, name));
    const done = [queue.run(a!.publish), queue.run(b!.publish), queue.run(c!.publish)];
    await settle();
    a!.finish(false);
    await settle();
    b!.finish(true);
    await Promise.all(done);
    expect(ran).toEqual(['a', 'b']);
  });

  it('publishes again for a save handed over after the running publish started', async () => {
    const queue = new PublishQueue();
    const ran: string[] = [];
    const [a, b] = ['a', 'b'].map((name) => pending(ran, name));
    const first = queue.run(a!.publish);
    await settle();
    const second = queue.run(b!.publish);
    a!.finish(true);
    await first;
    await settle();
    b!.finish(true);
    await second;
    expect(ran).toEqual(['a', 'b']);
  });

  it('rejects only the caller of a failed publish; the next one still runs', async () => {
    const queue = new PublishQueue();
    const ran: string[] = [];
    const [a, b] = ['a', 'b'].map((name) => pending(ran, name));
    const first = queue.run(a!.publish);
    const second = queue.run(b!.publish);
    await settle();
    a!.fail(new Error('site unreachable'));
    await expect(first).rejects.toThrow('site unreachable');
    await settle();
    b!.finish(true);
    await expect(second).resolves.toBeUndefined();
    expect(ran).toEqual(['a', 'b']);
  });

  it('hands each publish the newest state an earlier one left the page on, never an older one', async () => {
    const queue = new PublishQueue();
    const ran: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => pending(ran, name));
    const [v12, v9] = [aState({ version: 12 }), aState({ version: 9 })];
    const first = queue.run(a!.publish);
    await settle();
    const second = queue.run(b!.publish);
    a!.finish(false, v12);
    await first;
    await settle();
    const third = queue.run(c!.publish);
    b!.finish(false, v9); // an older state reported later does not replace the newer one
    await second;
    await settle();
    c!.finish(true, v12);
    await third;
    expect(a!.given).toEqual([undefined]);
    expect(b!.given).toEqual([v12]);
    expect(c!.given).toEqual([v12]);
  });
});
