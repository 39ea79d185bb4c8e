import { runClockTick } from '../../../src/app/runClockTick';
import { StorageError } from '../../../src/core/ports';
import { fakeCommandDeps } from '../../support/fakes/fakeCommandDeps';
import { MemoryStateStore } from '../../support/fakes/memoryStateStore';
import { aMaintenance, aState, anOpenIncident, minutesAfter, T0 } from '../../support/builders';

describe('runClockTick', () => {
  it('advances a state the clock has moved and publishes it', async () => {
    const window = aMaintenance(1, {
      scheduledFor: minutesAfter(T0, 10),
      scheduledUntil: minutesAfter(T0, 70),
    });
    const store = new MemoryStateStore(aState({ maintenances: [window] }));
    const { deps, publisher, clock } = fakeCommandDeps({ store });
    clock.now = minutesAfter(T0, 15);
    await expect(runClockTick(deps)).resolves.toEqual({ kind: 'advanced', version: 8 });
    expect(store.state?.maintenances[0]?.status).toBe('in_progress');
    expect(store.saves).toEqual([{ op: 'save', version: 8, ifMatch: '"1"', answer: 'ok' }]);
    expect(publisher.writes.at(-1)).toEqual({ path: 'index.html', version: 8 });
  });

  it('republishes in full a state the site lags behind', async () => {
    const store = new MemoryStateStore(aState({ incidents: [anOpenIncident(1)] }));
    const { deps, publisher } = fakeCommandDeps({ store });
    await expect(runClockTick(deps)).resolves.toEqual({ kind: 'repaired', version: 7 });
    expect(store.saves).toEqual([]);
    expect(publisher.writes.map((write) => write.path)).toEqual([
      'incidents/INC-1.html',
      'api/v2/incidents.json',
      'history.atom',
      'index.html',
    ]);
    expect(publisher.files.get('index.html')?.version).toBe(7);
  });

  it('gives a new deployment with no state the green page', async () => {
    const { deps, store, publisher } = fakeCommandDeps();
    await expect(runClockTick(deps)).resolves.toEqual({ kind: 'repaired', version: 0 });
    expect(store.saves).toEqual([]);
    expect(publisher.files.get('index.html')?.version).toBe(0);
  });

  it('does nothing when the site is current and the clock moved nothing', async () => {
    const store = new MemoryStateStore(aState({ incidents: [anOpenIncident(1)] }));
    const { deps, publisher } = fakeCommandDeps({ store });
    await publisher.write({ path: 'index.html', content: '', contentType: 'text/html' }, 7);
    await expect(runClockTick(deps)).resolves.toEqual({ kind: 'current', version: 7 });
    expect(store.saves).toEqual([]);
    expect(publisher.writes).toHaveLength(1);
  });

  it('fails, touching nothing, when the state cannot be read', async () => {
    const { deps, store, publisher } = fakeCommandDeps();
    store.corrupt('not JSON');
    const result = await runClockTick(deps);
    expect(result).toEqual({
      kind: 'failed',
      reason: expect.stringContaining('cannot be read (not JSON)') as string,
    });
    expect(store.saves).toEqual([]);
    expect(publisher.writes).toEqual([]);
  });

  it("sweeps the state store last, as of the clock's now", async () => {
    const store = new MemoryStateStore(aState({ incidents: [anOpenIncident(1)] }));
    const { deps, clock } = fakeCommandDeps({ store });
    clock.now = minutesAfter(T0, 5);
    await runClockTick(deps);
    expect(store.calls.at(-1)).toEqual({ op: 'sweep', now: minutesAfter(T0, 5) });
  });

  it('logs a failed sweep and still reports what the tick did', async () => {
    const store = new MemoryStateStore(aState({ incidents: [anOpenIncident(1)] }));
    const { deps } = fakeCommandDeps({ store });
    jest
      .spyOn(store, 'sweep')
      .mockRejectedValue(new StorageError('listing of the resolved incidents failed'));
    const logged: string[] = [];
    await expect(runClockTick({ ...deps, log: (line) => logged.push(line) })).resolves.toEqual({
      kind: 'repaired',
      version: 7,
    });
    expect(logged.map((line) => JSON.parse(line) as unknown)).toEqual([
      {
        event: 'sweep.failed',
        error: expect.stringContaining('listing of the resolved incidents failed') as string,
      },
    ]);
  });

  it('lets a storage outage reach the timer, which logs it and tries again next minute', async () => {
    const { deps, store } = fakeCommandDeps();
    store.failNextLoads(1);
    await expect(runClockTick(deps)).rejects.toBeInstanceOf(StorageError);
  });
});
