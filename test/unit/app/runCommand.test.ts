import { runCommand, type CommandInput } from '../../../src/app/runCommand';
import { fakeCommandDeps, FAKE_NOW } from '../../support/fakes/fakeCommandDeps';
import { MemoryAuditLog } from '../../support/fakes/memoryAuditLog';
import { MemorySitePublisher } from '../../support/fakes/memorySitePublisher';
import { MemoryStateStore } from '../../support/fakes/memoryStateStore';
import { ADA, aState, anOpenIncident } from '../../support/builders';

const TENANT = '72f988bf-0000-4000-8000-000000000000';

const said = (text: string, fields: Partial<CommandInput> = {}): CommandInput => ({
  text,
  actor: ADA,
  tenantId: TENANT,
  ...fields,
});

const storeWithIncident = () => new MemoryStateStore(aState({ incidents: [anOpenIncident(1)] }));

describe('runCommand', () => {
  it('applies, saves, publishes and audits a command', async () => {
    const { deps, store, publisher, audit } = fakeCommandDeps();
    const result = await runCommand(deps, said('open Chat is down', { activityId: 'a-1' }));
    expect(result).toMatchObject({ outcome: 'applied', verb: 'open', incidentId: 'INC-1', stateVersion: 1 });
    expect(result.reply.text).toContain('Opened INC-1');
    expect(store.saves).toHaveLength(1);
    expect(publisher.files.get('index.html')?.version).toBe(1);
    expect(publisher.writes.at(-1)).toEqual({ path: 'index.html', version: 1 });
    expect(audit.entries).toEqual([
      {
        at: FAKE_NOW,
        actor: ADA,
        text: 'open Chat is down',
        tenantId: TENANT,
        verb: 'open',
        outcome: 'applied',
        stateVersion: 1,
        incidentId: 'INC-1',
      },
    ]);
  });

  it('answers what it cannot parse with the usage, audited as rejected, without storage', async () => {
    const { deps, store, publisher, audit } = fakeCommandDeps();
    const result = await runCommand(deps, said('frobnicate everything'));
    expect(result.outcome).toBe('rejected');
    expect(store.calls).toEqual([]);
    expect(publisher.writes).toEqual([]);
    expect(audit.entries).toEqual([
      expect.objectContaining({
        outcome: 'rejected',
        text: 'frobnicate everything',
        detail: expect.any(String) as string,
      }),
    ]);
  });

  it('answers help without reading the state', async () => {
    const { deps, store, audit } = fakeCommandDeps();
    store.failNextLoads(1);
    const result = await runCommand(deps, said('help'));
    expect(result).toMatchObject({ outcome: 'answered', verb: 'help' });
    expect(store.calls).toEqual([]);
    expect(audit.entries.map((entry) => entry.outcome)).toEqual(['answered']);
  });

  it('refuses a command about an incident that does not exist, saving nothing', async () => {
    const { deps, store, publisher, audit } = fakeCommandDeps({ store: storeWithIncident() });
    const result = await runCommand(deps, said('update INC-9 Progress'));
    expect(result.outcome).toBe('rejected');
    expect(store.saves).toEqual([]);
    expect(publisher.writes).toEqual([]);
    expect(audit.entries.map((entry) => [entry.verb, entry.outcome])).toEqual([['update', 'rejected']]);
  });

  it('answers a redelivered activity with the first reply, applied and published once', async () => {
    const { deps, store, publisher, audit } = fakeCommandDeps({ store: storeWithIncident() });
    const first = await runCommand(deps, said('update INC-1 Progress', { activityId: 'a-1' }));
    const writes = publisher.writes.length;
    const again = await runCommand(deps, said('update INC-1 Progress', { activityId: 'a-1' }));
    // Issue 13: the redelivery memory keeps the reply's text as sent, facts and link included.
    expect(again).toEqual({ verb: 'update', outcome: 'duplicate', reply: { text: first.reply.text } });
    expect(store.saves).toHaveLength(1);
    expect(publisher.writes).toHaveLength(writes);
    expect(audit.entries.map((entry) => entry.outcome)).toEqual(['applied', 'duplicate']);
  });

  it('says the command was saved when the answer to its write was lost but the write landed', async () => {
    const { deps, store, publisher } = fakeCommandDeps({ store: storeWithIncident() });
    store.failNextSaves('answerLost');
    const result = await runCommand(deps, said('update INC-1 Progress', { activityId: 'a-1' }));
    expect(result.outcome).toBe('applied');
    expect(result.reply.text).toContain('Updated INC-1');
    expect(result.reply.text).not.toMatch(/may not|maybe/);
    expect(publisher.files.get('index.html')?.version).toBe(8);
  });

  it('says nothing was changed when its write got no answer and did not land', async () => {
    const { deps, publisher, store, audit } = fakeCommandDeps({ store: storeWithIncident() });
    store.failNextSaves('lost');
    const result = await runCommand(deps, said('update INC-1 Progress', { activityId: 'a-1' }));
    expect(result.outcome).toBe('failed');
    expect(result.reply.text).toContain('nothing was changed');
    expect(publisher.writes).toEqual([]);
    expect(audit.entries).toEqual([
      expect.objectContaining({ outcome: 'failed', detail: result.reply.text }),
    ]);
  });

  // Issue 13, part 4: with storage down, each failed read answered "may not have been saved"; a read that
  // failed saved nothing, and the reply says so.
  it('says nothing was changed when storage does not answer the read', async () => {
    const { deps, store, audit } = fakeCommandDeps({ store: storeWithIncident() });
    store.failNextLoads(1);
    const result = await runCommand(deps, said('update INC-1 Progress'));
    expect(result.outcome).toBe('failed');
    expect(result.reply.text).toContain('so nothing was changed');
    expect(result.reply.text).not.toContain('may not have been saved');
    expect(result.reply.text).toContain('no answer in time');
    expect(store.saves).toEqual([]);
    expect(audit.entries).toEqual([
      expect.objectContaining({
        verb: 'update',
        outcome: 'failed',
        detail: expect.stringContaining('no answer') as string,
      }),
    ]);
  });

  it('reports the state it could not read and changes nothing', async () => {
    const { deps, store } = fakeCommandDeps();
    store.corrupt('not JSON');
    const result = await runCommand(deps, said('open Chat is down'));
    expect(result.outcome).toBe('failed');
    expect(result.reply.text).toContain('cannot be read (not JSON)');
    expect(store.saves).toEqual([]);
  });

  it('says when it saved but could not publish, and the next command publishes again', async () => {
    let failing = true;
    const publisher = new MemorySitePublisher({ failWrite: () => failing });
    const { deps, store } = fakeCommandDeps({ store: storeWithIncident(), publisher });
    const first = await runCommand(deps, said('update INC-1 First'));
    expect(first.outcome).toBe('applied');
    expect(first.reply.text).toContain('Saved, but the page could not be updated yet');
    failing = false;
    const second = await runCommand(deps, said('update INC-1 Second'));
    expect(second.reply.text).not.toContain('could not be updated');
    expect(store.state?.version).toBe(9);
    expect(publisher.files.get('index.html')?.version).toBe(9);
  });

  it('still replies when the audit log fails', async () => {
    const { deps } = fakeCommandDeps({ audit: new MemoryAuditLog({ failing: true }) });
    const result = await runCommand(deps, said('open Chat is down'));
    expect(result.outcome).toBe('applied');
    expect(result.reply.text).toContain('Opened INC-1');
  });

  // Issue 13, part 6: the month's 50,001st audit entry failed silently.
  it('logs a failure to audit, naming the command', async () => {
    const { deps } = fakeCommandDeps({ audit: new MemoryAuditLog({ failing: true }) });
    const logged: string[] = [];
    deps.log = (message) => logged.push(message);
    await runCommand(deps, said('open Chat is down'));
    expect(logged.map((line) => JSON.parse(line) as unknown)).toEqual([
      {
        event: 'audit.failed',
        verb: 'open',
        outcome: 'applied',
        error: 'storage append to the audit log failed',
      },
    ]);
  });

  // Issue 13, part 4: under a burst, commands that were never tried were answered "may not have been saved".
  it('does not start a command whose reply is already due, answers busy, and audits it', async () => {
    const { deps, store, audit } = fakeCommandDeps({ store: storeWithIncident() });
    const deadline = AbortSignal.abort();
    const phases: string[] = [];
    const result = await runCommand(deps, {
      ...said('update INC-1 Progress'),
      deadline,
      onProgress: (progress) => phases.push(progress.phase),
    });
    expect(result.outcome).toBe('busy');
    expect(result.reply.text).toContain('nothing was changed');
    expect(store.calls).toEqual([]);
    expect(phases).toEqual([]);
    expect(audit.entries.map((entry) => [entry.verb, entry.outcome])).toEqual([['update', 'busy']]);
  });

  it('tells its caller when it starts and when it is saved, before the page is published', async () => {
    const { deps, publisher } = fakeCommandDeps({ store: storeWithIncident() });
    const seen: { phase: string; writes: number }[] = [];
    await runCommand(deps, {
      ...said('update INC-1 Progress'),
      onProgress: (progress) => seen.push({ phase: progress.phase, writes: publisher.writes.length }),
    });
    expect(seen).toEqual([
      { phase: 'started', writes: 0 },
      { phase: 'saved', writes: 0 },
    ]);
  });

  describe('in one instance', () => {
    it('applies commands sent at once in arrival order, none conflicting with another', async () => {
      const { deps, store } = fakeCommandDeps();
      const titles = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'];
      const results = await Promise.all(titles.map((title) => runCommand(deps, said(`open ${title}`))));
      expect(results.map((result) => result.incidentId)).toEqual([
        'INC-1',
        'INC-2',
        'INC-3',
        'INC-4',
        'INC-5',
      ]);
      expect(store.state?.incidents.map((incident) => [incident.id, incident.title])).toEqual(
        titles.map((title, i) => [`INC-${i + 1}`, title]),
      );
      expect(store.saves.map((save) => save.answer)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    });

    it('does not let a failing transaction hold up the ones behind it', async () => {
      const { deps, store } = fakeCommandDeps({ store: storeWithIncident() });
      store.failNextLoads(1);
      const results = await Promise.all(
        ['First', 'Second', 'Third'].map((word) => runCommand(deps, said(`update INC-1 ${word}`))),
      );
      expect(results.map((result) => result.outcome)).toEqual(['failed', 'applied', 'applied']);
      expect(store.state?.incidents[0]?.updates.map((update) => update.message)).toEqual([
        'Update 1 of INC-1',
        'Second',
        'Third',
      ]);
    });

    it('publishes a burst in turn: the site ends on the newest version, in fewer publishes than commands', async () => {
      const { deps, store, publisher } = fakeCommandDeps({ store: storeWithIncident() });
      const texts = Array.from({ length: 10 }, (_, i) => `update INC-1 Note ${i}`);
      const results = await Promise.all(texts.map((text) => runCommand(deps, said(text))));
      expect(results.every((result) => result.outcome === 'applied')).toBe(true);
      expect(store.state?.version).toBe(17);
      const indexWrites = publisher.writes.filter((write) => write.path === 'index.html');
      expect(publisher.writes.at(-1)).toEqual({ path: 'index.html', version: 17 });
      // Each publish ended on the newest state, so the commands behind it found nothing left to do.
      expect(indexWrites.length).toBeLessThan(texts.length);
    });

    it('never takes the page back to an older version during a burst', async () => {
      const { deps, publisher } = fakeCommandDeps({ store: storeWithIncident() });
      const texts = Array.from({ length: 30 }, (_, i) => `update INC-1 Note ${i}`);
      await Promise.all(texts.map((text) => runCommand(deps, said(text))));
      const shown = publisher.writes
        .filter((write) => write.path === 'index.html')
        .map((write) => write.version);
      expect(shown).toEqual([...shown].sort((a, b) => a - b));
      expect(shown.at(-1)).toBe(37);
    });
  });

  describe('in two instances', () => {
    it('meets the other instance only at the ETag: both apply every command, once', async () => {
      const store = storeWithIncident();
      const publisher = new MemorySitePublisher();
      const one = fakeCommandDeps({ store, publisher });
      const two = fakeCommandDeps({ store, publisher });
      const texts = Array.from({ length: 6 }, (_, i) => `update INC-1 Note ${i}`);
      const results = await Promise.all(
        texts.map((text, i) => runCommand((i % 2 === 0 ? one : two).deps, said(text))),
      );
      expect(results.every((result) => result.outcome === 'applied')).toBe(true);
      const messages = store.state?.incidents[0]?.updates.map((update) => update.message) ?? [];
      expect([...messages].sort()).toEqual(
        ['Update 1 of INC-1', ...texts.map((text) => text.slice(13))].sort(),
      );
      // Their queues are their own: the two collided, and the loser re-read and re-applied.
      expect(store.saves.some((save) => save.answer === 'conflict')).toBe(true);
      expect(store.state?.version).toBe(13);
      expect(publisher.files.get('index.html')?.version).toBe(13);
    });
  });
});
