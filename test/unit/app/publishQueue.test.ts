import { PublishQueue } from '../../../src/app/publishQueue';

/** A publish the test finishes by hand, recording that it ran. */
function pending(ran: string[], name: string) {
  let finish: (newest: boolean) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const publish = () => {
    ran.push(name);
    return new Promise<boolean>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { publish, finish: (newest: boolean) => finish(newest), fail: (error: Error) => fail(error) };
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
});
