import { applyCommand, type Outcome } from '../../../src/core/commands/applyCommand';
import { parseCommand } from '../../../src/core/commands/parseCommand';
import type { StatusState } from '../../../src/core/model/state';
import { MAX_SAVE_ATTEMPTS, PROCESSED_WINDOW_MS, transact } from '../../../src/app/transact';
import { fakeCommandDeps } from '../../support/fakes/fakeCommandDeps';
import { MemoryStateStore } from '../../support/fakes/memoryStateStore';
import { aContext, aResolvedIncident, aState, anOpenIncident, daysAfter, T0 } from '../../support/builders';

/** What a command does to the state, as runCommand hands it to transact. */
function command(text: string): (state: StatusState, now: string) => Outcome {
  const parsed = parseCommand(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return (state, now) => applyCommand(state, parsed.command, aContext(now));
}

/** Another instance's command, written straight to the store between our read and our write. */
function anotherInstanceRuns(store: MemoryStateStore, text: string): void {
  const outcome = command(text)(store.state!, T0);
  if (outcome.kind !== 'changed') throw new Error(outcome.reply.text);
  store.put(outcome.state);
}

const messagesOf = (state: StatusState | undefined, id = 'INC-1') =>
  state?.incidents.find((incident) => incident.id === id)?.updates.map((update) => update.message);

/** A store holding one open incident, INC-1, at version 7. */
const storeWithIncident = () => new MemoryStateStore(aState({ incidents: [anOpenIncident(1)] }));

describe('transact', () => {
  it('loads once, applies, and saves once with the ETag it read', async () => {
    const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
    const done = await transact(deps, command('update INC-1 Progress'));
    expect(done.kind).toBe('saved');
    expect(store.calls.filter((call) => call.op === 'load')).toHaveLength(1);
    expect(store.saves).toEqual([{ op: 'save', version: 8, ifMatch: '"1"', answer: 'ok' }]);
    expect(messagesOf(store.state)).toEqual(['Update 1 of INC-1', 'Progress']);
  });

  it('creates the state, create-only, when there is none yet', async () => {
    const { deps, store } = fakeCommandDeps();
    const done = await transact(deps, command('open Chat is down'));
    expect(done.kind === 'saved' && done.state.version).toBe(1);
    expect(store.saves).toEqual([{ op: 'save', version: 1, ifMatch: undefined, answer: 'ok' }]);
  });

  it('re-reads and re-applies after a conflicting write', async () => {
    const { deps, store, sleeps } = fakeCommandDeps({ store: storeWithIncident() });
    let others = 0;
    store.beforeSave = () => {
      if (others < 3) anotherInstanceRuns(store, `update INC-1 Other ${++others}`);
    };
    const done = await transact(deps, command('update INC-1 Progress'));
    expect(done.kind).toBe('saved');
    expect(store.saves.map((save) => save.answer)).toEqual(['conflict', 'conflict', 'conflict', 'ok']);
    // Applied exactly once, on top of everything the others wrote meanwhile.
    expect(messagesOf(store.state)).toEqual([
      'Update 1 of INC-1',
      'Other 1',
      'Other 2',
      'Other 3',
      'Progress',
    ]);
    expect(store.state?.version).toBe(11);
    // Full jitter (random() is 0.5 here) over a window that doubles per attempt.
    expect(sleeps).toEqual([10, 20, 40]);
  });

  it(`gives up after ${MAX_SAVE_ATTEMPTS} conflicting writes and says nothing was changed`, async () => {
    const { deps, store, sleeps } = fakeCommandDeps({ store: storeWithIncident() });
    let others = 0;
    store.beforeSave = () => anotherInstanceRuns(store, `update INC-1 Other ${++others}`);
    const done = await transact(deps, command('update INC-1 Progress'));
    expect(done).toEqual({
      kind: 'failed',
      reason: expect.stringContaining('nothing was changed') as string,
    });
    expect(store.saves).toHaveLength(MAX_SAVE_ATTEMPTS);
    expect(store.saves.every((save) => save.answer === 'conflict')).toBe(true);
    expect(sleeps.every((ms) => ms <= 50)).toBe(true);
    expect(messagesOf(store.state)).not.toContain('Progress');
  });

  it('answers a redelivered activity with its first reply and does not apply it again', async () => {
    const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
    const first = await transact(deps, command('update INC-1 Progress'), 'activity-1');
    const again = await transact(deps, command('update INC-1 Progress'), 'activity-1');
    if (first.kind !== 'saved') throw new Error(`first delivery: ${first.kind}`);
    // Issue 13: the memory keeps the reply's text as sent, facts and link included.
    expect(again).toEqual({ kind: 'duplicate', reply: { text: first.outcome.reply.text } });
    expect(store.saves).toHaveLength(1);
    expect(messagesOf(store.state)).toEqual(['Update 1 of INC-1', 'Progress']);
  });

  // Issue 13, part 5: after 200 other changes inside the 5-minute window, a captured activity was applied a
  // second time: the memory was capped by count.
  it('remembers every activity of the acceptance window, however many came after it', async () => {
    const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
    const captured = await transact(deps, command('update INC-1 Captured'), 'activity-0');
    expect(captured.kind).toBe('saved');
    for (let n = 1; n <= 300; n++) await transact(deps, command(`note INC-1 Change ${n}`), `activity-${n}`);
    const replayed = await transact(deps, command('update INC-1 Captured'), 'activity-0');
    expect(replayed.kind).toBe('duplicate');
    expect(messagesOf(store.state)?.filter((message) => message === 'Captured')).toHaveLength(1);
    expect(store.state?.processed).toHaveLength(301);
  });

  it('forgets an activity once the window has passed', async () => {
    const { deps, store, clock } = fakeCommandDeps({ store: storeWithIncident() });
    await transact(deps, command('note INC-1 First'), 'activity-1');
    clock.now = new Date(Date.parse(clock.now) + PROCESSED_WINDOW_MS + 1).toISOString();
    await transact(deps, command('note INC-1 Later'), 'activity-2');
    expect(store.state?.processed.map((entry) => entry.id)).toEqual(['activity-2']);
  });

  it('reports a write whose answer was lost as saved when the state shows it landed', async () => {
    const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
    store.failNextSaves('answerLost');
    const done = await transact(deps, command('update INC-1 Progress'), 'activity-1');
    expect(done.kind).toBe('saved');
    expect(done.kind === 'saved' && done.state.version).toBe(8);
    expect(store.saves.map((save) => save.answer)).toEqual(['threw']);
    expect(messagesOf(store.state)).toEqual(['Update 1 of INC-1', 'Progress']);
  });

  it('reports a write that got no answer and did not land as nothing changed', async () => {
    const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
    store.failNextSaves('lost');
    const done = await transact(deps, command('update INC-1 Progress'), 'activity-1');
    expect(done).toEqual({
      kind: 'failed',
      reason: expect.stringContaining('nothing was changed') as string,
    });
    expect(done.kind === 'failed' && done.reason).toContain('no answer in time');
    expect(store.state?.version).toBe(7);
  });

  it('throws when a write got no answer and the state cannot be read to check it', async () => {
    const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
    store.failNextSaves('lost');
    store.beforeSave = () => store.failNextLoads(1);
    await expect(transact(deps, command('update INC-1 Progress'), 'activity-1')).rejects.toThrow(
      'no answer in time',
    );
  });

  it('throws when a write without an activity ID gets no answer: there is nothing to look for', async () => {
    const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
    store.failNextSaves('lost');
    await expect(transact(deps, command('update INC-1 Progress'))).rejects.toThrow('no answer in time');
    expect(store.calls.filter((call) => call.op === 'load')).toHaveLength(1);
  });

  it('takes its own landed write behind a conflict answer as saved, not applying it twice', async () => {
    const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
    store.failNextSaves('appliedThenConflict');
    const done = await transact(deps, command('update INC-1 Progress'), 'activity-1');
    expect(done.kind).toBe('saved');
    expect(done.kind === 'saved' && done.outcome.kind).toBe('changed');
    expect(store.saves).toHaveLength(1);
    expect(messagesOf(store.state)).toEqual(['Update 1 of INC-1', 'Progress']);
  });

  it('leaves a state it cannot read alone', async () => {
    const { deps, store } = fakeCommandDeps();
    store.corrupt('schemaVersion 99 is newer than this code');
    const done = await transact(deps, command('open Chat is down'));
    expect(done).toEqual({ kind: 'failed', reason: expect.stringContaining('cannot be read') as string });
    expect(done.kind === 'failed' && done.reason).toContain('schemaVersion 99');
    expect(store.saves).toEqual([]);
  });

  it('saves nothing when the command changes nothing, and tells the published version', async () => {
    const { deps, store, publisher } = fakeCommandDeps({ store: storeWithIncident() });
    await publisher.write({ path: 'index.html', content: '', contentType: 'text/html' }, 7);
    const done = await transact(deps, command('update INC-9 Progress'));
    expect(done).toMatchObject({ kind: 'unsaved', outcome: { kind: 'rejected' }, published: 7 });
    expect(store.saves).toEqual([]);
  });

  it('hands on the state it read as live only when index.html shows that version', async () => {
    const shown = fakeCommandDeps({ store: storeWithIncident() });
    await shown.publisher.write({ path: 'index.html', content: '', contentType: 'text/html' }, 7);
    const behind = fakeCommandDeps({ store: storeWithIncident() });
    await behind.publisher.write({ path: 'index.html', content: '', contentType: 'text/html' }, 6);
    const fromShown = await transact(shown.deps, command('update INC-1 Progress'));
    const fromBehind = await transact(behind.deps, command('update INC-1 Progress'));
    expect(fromShown.kind === 'saved' && fromShown.live?.version).toBe(7);
    expect(fromBehind.kind === 'saved' && fromBehind.live).toBeUndefined();
  });

  it('archives the incidents that aged out before it saves the state without them', async () => {
    const old = Array.from({ length: 51 }, (_, i) => aResolvedIncident(i + 1, daysAfter(T0, -30 - i)));
    const { deps, store } = fakeCommandDeps({ store: new MemoryStateStore(aState({ incidents: old })) });
    const done = await transact(deps, command('open Chat is down'));
    expect(done.kind).toBe('saved');
    const writes = store.calls.filter((call) => call.op === 'archive' || call.op === 'save');
    expect(writes.map((call) => call.op)).toEqual(['archive', 'save']);
    expect([...store.archived.keys()]).toEqual(['INC-51']);
    expect(store.state?.incidents.map((incident) => incident.id)).not.toContain('INC-51');
  });

  it('takes its turn behind the transactions already queued in its instance', async () => {
    const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
    const texts = ['First', 'Second', 'Third'].map((word) => `update INC-1 ${word}`);
    const done = await Promise.all(texts.map((text) => transact(deps, command(text))));
    expect(done.map((result) => result.kind)).toEqual(['saved', 'saved', 'saved']);
    expect(messagesOf(store.state)).toEqual(['Update 1 of INC-1', 'First', 'Second', 'Third']);
    expect(store.saves.map((save) => save.answer)).toEqual(['ok', 'ok', 'ok']);
  });

  // Issue 13, part 4: 200 commands at once queued one behind the other, each paying its own read, write and
  // publish, and most were answered "busy". Commands that queue together are now saved together.
  describe('commands that queued together (group commit)', () => {
    const together = (deps: Parameters<typeof transact>[0], texts: string[]) =>
      Promise.all(texts.map((text, index) => transact(deps, command(text), `activity-${index + 1}`)));

    it('applies each in arrival order, once, with one read and one conditional write', async () => {
      const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
      const done = await together(deps, ['update INC-1 First', 'update INC-1 Second', 'note INC-1 Third']);
      expect(done.map((result) => result.kind)).toEqual(['saved', 'saved', 'saved']);
      expect(store.calls.filter((call) => call.op === 'load')).toHaveLength(1);
      expect(store.saves).toEqual([{ op: 'save', version: 10, ifMatch: '"1"', answer: 'ok' }]);
      expect(messagesOf(store.state)).toEqual(['Update 1 of INC-1', 'First', 'Second']);
      // Each reply is its own, and each knows the version its own change made.
      expect(done.map((result) => (result.kind === 'saved' ? result.version : undefined))).toEqual([
        8, 9, 10,
      ]);
      expect(done.map((result) => result.kind === 'saved' && result.outcome.reply.text)).toEqual([
        expect.stringContaining('Updated INC-1') as string,
        expect.stringContaining('Updated INC-1') as string,
        expect.stringContaining('INC-1') as string,
      ]);
      expect(store.state?.processed.map((entry) => entry.id)).toEqual([
        'activity-1',
        'activity-2',
        'activity-3',
      ]);
    });

    it('lets a refused command change nothing while the others are saved', async () => {
      const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
      const done = await together(deps, ['update INC-1 First', 'update INC-9 Nowhere', 'update INC-1 Last']);
      expect(done.map((result) => result.kind)).toEqual(['saved', 'unsaved', 'saved']);
      expect(done[1]).toMatchObject({ kind: 'unsaved', outcome: { kind: 'rejected' } });
      expect(messagesOf(store.state)).toEqual(['Update 1 of INC-1', 'First', 'Last']);
      expect(store.saves).toHaveLength(1);
    });

    it('answers a delivery repeated within the batch with the first reply, applied once', async () => {
      const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
      const [first, again] = await Promise.all([
        transact(deps, command('update INC-1 Progress'), 'activity-1'),
        transact(deps, command('update INC-1 Progress'), 'activity-1'),
      ]);
      expect(first?.kind).toBe('saved');
      expect(again?.kind).toBe('duplicate');
      expect(messagesOf(store.state)).toEqual(['Update 1 of INC-1', 'Progress']);
    });

    it('never starts a command whose reply was already due, and saves the rest', async () => {
      const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
      const due = new AbortController();
      due.abort();
      const started: string[] = [];
      const done = await Promise.all(
        ['First', 'Late', 'Last'].map((word) =>
          transact(deps, command(`update INC-1 ${word}`), word, {
            ...(word === 'Late' ? { deadline: due.signal } : {}),
            onStart: () => started.push(word),
          }),
        ),
      );
      expect(done.map((result) => result.kind)).toEqual(['saved', 'busy', 'saved']);
      expect(started).toEqual(['First', 'Last']);
      expect(messagesOf(store.state)).toEqual(['Update 1 of INC-1', 'First', 'Last']);
    });

    it('re-applies the whole batch on top of another instance after a conflict', async () => {
      const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
      let others = 0;
      store.beforeSave = () => {
        if (others < 1) anotherInstanceRuns(store, `update INC-1 Other ${++others}`);
      };
      const done = await together(deps, ['update INC-1 First', 'update INC-1 Second']);
      expect(done.map((result) => result.kind)).toEqual(['saved', 'saved']);
      expect(messagesOf(store.state)).toEqual(['Update 1 of INC-1', 'Other 1', 'First', 'Second']);
    });

    it('reports the whole batch saved when its write landed behind a lost answer', async () => {
      const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
      store.failNextSaves('answerLost');
      const done = await together(deps, ['update INC-1 First', 'update INC-1 Second']);
      expect(done.map((result) => result.kind)).toEqual(['saved', 'saved']);
      expect(store.saves).toHaveLength(1);
      expect(messagesOf(store.state)).toEqual(['Update 1 of INC-1', 'First', 'Second']);
    });

    it('tells every command of a batch whose write did not land that nothing was changed', async () => {
      const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
      store.failNextSaves('lost');
      const done = await together(deps, ['update INC-1 First', 'list']);
      expect(done).toEqual([
        { kind: 'failed', reason: expect.stringContaining('nothing was changed') as string },
        { kind: 'failed', reason: expect.stringContaining('nothing was changed') as string },
      ]);
      expect(store.state?.version).toBe(7);
    });
  });
});
