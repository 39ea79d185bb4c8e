import { createTestApp, type TestApp } from '../support/testApp';
import { fixedClock, type FixedClock } from '../support/clock';
import type { StatusState } from '../../src/core/model/state';

// Issue 3 through the real HTTP handler and Azurite: everything an incident needs beyond open/update/close.

let clock: FixedClock;
const minutes = (n: number) => clock.advance({ minutes: n });

let app: TestApp;
beforeEach(async () => {
  clock = fixedClock('2026-11-21T09:00:00.000Z');
  app = await createTestApp({ clock });
});
afterEach(async () => {
  await app.close();
});

const state = async () => (await app.readState()) as StatusState;
const incident = async (id = 'INC-1') => (await state()).incidents.find((candidate) => candidate.id === id)!;

describe('lifecycle', () => {
  // Changed by the grammar issue: an update never resolves; `update fixed …` names both readings and changes
  // nothing, and `resolve` (close) resolves.
  it('takes status aliases, the headline form, resolve, and reopen', async () => {
    await app.send('open Chat is down');
    expect((await app.send('update acknowledged Looking')).replyText).toContain('(investigating)');
    await app
      .send('update INC-3 Identified | nope | x')
      .then((r) => expect(r.replyText).toContain('no incident INC-3'));
    const headline = await app.send(
      'update INC-1 Identified | A major outage | The root cause is a bad certificate',
    );
    expect(headline.replyText).toContain('Updated INC-1 (identified)');
    const latest = (await incident()).updates.at(-1)!;
    expect(latest).toMatchObject({
      status: 'identified',
      headline: 'A major outage',
      message: 'The root cause is a bad certificate',
    });
    await app.send('update observing Watching the error rate');
    expect((await incident()).status).toBe('monitoring');
    expect((await app.send('update fixed Certificate renewed')).replyText).toMatch(/^Two readings/);
    expect((await incident()).status).toBe('monitoring');
    expect((await app.send('resolve Certificate renewed')).replyText).toContain('Resolved INC-1');
    expect((await incident()).status).toBe('resolved');
    expect((await app.send('reopen INC-1 Errors are back')).replyText).toContain('Reopened INC-1');
    const reopened = await incident();
    expect(reopened.status).toBe('investigating');
    expect(reopened.resolvedAt).toBeUndefined();
    expect((await app.readSite('index.html'))!).toContain('Errors are back');
  });
});

describe('impact and components', () => {
  it('opens with impact and components, sets component statuses, and restores them on close', async () => {
    const open = await app.send(
      'open sev1 [Chat, Files: degraded] Collaboration platform unavailable | Investigating',
    );
    expect(open.replyText).toContain('critical impact');
    let current = await state();
    expect(current.components.chat?.status).toBe('major_outage');
    expect(current.components.files?.status).toBe('degraded_performance');
    expect(current.incidents[0]!.updates[0]!.componentChanges).toEqual([
      { componentId: 'chat', from: 'operational', to: 'major_outage' },
      { componentId: 'files', from: 'operational', to: 'degraded_performance' },
    ]);
    expect((await app.readSite('index.html'))!).toMatch(/Major Service Outage/);

    await app.send('impact INC-1 minor');
    expect((await incident()).impact).toBe('minor');
    // The incident says its new impact; the header still says Chat is down, as the component list does.
    expect((await app.readSite('index.html'))!).toMatch(/Minor impact/);
    expect((await app.readSite('index.html'))!).toMatch(/Major Service Outage/);

    await app.send('close Fixed');
    current = await state();
    expect(current.components.chat?.status).toBe('operational');
    expect(current.components.files?.status).toBe('operational');
  });

  it('answers unknown component names with the valid ones and changes nothing', async () => {
    const reply = await app.send('open [Chat, Printer] Printing is broken');
    expect(reply.replyText).toContain('Unknown component "Printer"');
    expect(reply.replyText).toContain('Chat, Meetings, Files, Email, VPN, Website');
    expect(await app.readState()).toBeNull();
    const component = await app.send('component Fax major_outage');
    expect(component.replyText).toContain('Unknown component "Fax"');
  });

  it('sets a component status on its own', async () => {
    expect((await app.send('component VPN, Email degraded')).replyText).toContain(
      'VPN: degraded performance',
    );
    expect((await state()).components.vpn?.status).toBe('degraded_performance');
    // Changed by the replies issue: words, not enums.
    expect((await app.send('components')).replyText).toContain('VPN (Network): degraded performance');
  });
});

describe('roles, timeline and notes', () => {
  it('assigns roles from Teams mentions, keeps notes internal, and replies with the timeline', async () => {
    await app.send('open Chat is down');
    const role = await app.send('role INC-1 commander @Ada Lovelace', { mentions: ['Ada Lovelace'] });
    expect(role.replyText).toContain('Ada Lovelace is now commander of INC-1');
    const commander = (await incident()).roles.commander;
    expect(commander?.name).toBe('Ada Lovelace');
    expect(commander?.aadObjectId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await app.send('role INC-1 scribe @Nobody')).replyText).toMatch(/Mention the person with @/);
    await app.send('role scribe me', { user: 'Grace Hopper' });

    await app.send('note INC-1 Rolled back deploy 4512 (secret-ish detail)');
    const timeline = await app.send('timeline');
    expect(timeline.replyText).toContain('Rolled back deploy 4512');
    expect(timeline.replyText).toContain('commander: Ada Lovelace');
    expect(timeline.replyText).toContain('scribe: Grace Hopper');
    expect((await app.send('list')).replyText).toContain('commander: Ada Lovelace');

    for (const path of ['index.html', 'incidents/INC-1.html']) {
      const html = (await app.readSite(path))!;
      expect(html).not.toContain('Rolled back deploy 4512');
      expect(html).not.toContain('Ada Lovelace');
    }
  });
});

describe('promises', () => {
  it('promises the next update by impact, takes next and eta, and marks overdue incidents', async () => {
    await app.send('open critical VPN is down');
    expect((await incident()).nextUpdateAt).toBe('2026-11-21T09:30:00.000Z');
    await app.send('next INC-1 45m');
    expect((await incident()).nextUpdateAt).toBe('2026-11-21T09:45:00.000Z');
    await app.send('eta INC-1 2h');
    expect((await incident()).eta).toBe('2026-11-21T11:00:00.000Z');
    expect((await app.send('next INC-1 yesterday')).replyText).toContain('is not a time');
    minutes(50);
    expect((await app.send('list')).replyText).toContain('UPDATE OVERDUE');
    const tick = await app.services.tick();
    expect(tick.kind).toBe('advanced');
  });
});

describe('templates', () => {
  it('opens an incident from a checked-in template, with extra text', async () => {
    expect((await app.send('templates')).replyText).toContain('email-delay: Email delivery delayed [minor]');
    await app.send('open from email-delay Mostly external senders');
    const opened = await incident();
    expect(opened).toMatchObject({ title: 'Email delivery delayed', impact: 'minor', components: ['email'] });
    expect(opened.updates[0]!.message).toContain('Mostly external senders');
    expect((await app.send('open from nothing')).replyText).toContain('There is no template "nothing"');
  });
});

describe('scheduled maintenance', () => {
  it('runs on time: scheduled, in progress with its components under maintenance, then completed', async () => {
    const reply = await app.send(
      'maintenance in 2h for 30m [Email] Mail server upgrade | Email may be briefly unavailable',
    );
    expect(reply.replyText).toContain('Scheduled MNT-1');
    expect((await state()).maintenances[0]).toMatchObject({
      status: 'scheduled',
      scheduledFor: '2026-11-21T11:00:00.000Z',
      scheduledUntil: '2026-11-21T11:30:00.000Z',
    });
    expect((await app.readSite('index.html'))!).toContain('Mail server upgrade');

    minutes(121);
    expect((await app.services.tick()).kind).toBe('advanced');
    let current = await state();
    expect(current.maintenances[0]!.status).toBe('in_progress');
    expect(current.components.email?.status).toBe('under_maintenance');

    minutes(30);
    await app.services.tick();
    current = await state();
    expect(current.maintenances[0]!.status).toBe('completed');
    expect(current.components.email?.status).toBe('operational');
    expect((await app.services.tick()).kind).toBe('current');
  });

  it('takes ISO times and can be cancelled', async () => {
    await app.send('maintenance 2026-11-22T22:00Z 2026-11-23T01:00Z [VPN] VPN upgrade');
    expect((await state()).maintenances[0]).toMatchObject({
      scheduledFor: '2026-11-22T22:00:00.000Z',
      scheduledUntil: '2026-11-23T01:00:00.000Z',
    });
    expect((await app.send('maintenance 2026-11-23T01:00Z 2026-11-22T22:00Z Backwards')).replyText).toContain(
      'must end after it starts',
    );
    expect((await app.send('maintenance cancel MNT-1')).replyText).toContain('Cancelled MNT-1');
    expect((await state()).maintenances[0]!.status).toBe('completed');
  });
});

describe('postmortem', () => {
  it('publishes the postmortem of a resolved incident on its page', async () => {
    await app.send('open Chat is down');
    expect((await app.send('postmortem INC-1 https://wiki.example.com/pm/1')).replyText).toContain(
      'still open',
    );
    await app.send('close Fixed');
    expect((await app.send('postmortem INC-1 https://wiki.example.com/pm/1')).replyText).toContain(
      'Published the postmortem',
    );
    const resolved = await incident();
    expect(resolved.status).toBe('postmortem');
    expect(resolved.postmortem?.url).toBe('https://wiki.example.com/pm/1');
    expect((await app.readSite('incidents/INC-1.html'))!).toContain('https://wiki.example.com/pm/1');
  });
});

describe('corrections', () => {
  it('edits the latest update, and the page says "edited"', async () => {
    await app.send('open Chat is down | We are investigatign');
    await app.send('edit INC-1 We are investigating');
    const edited = (await incident()).updates.at(-1)!;
    expect(edited.message).toBe('We are investigating');
    expect(edited.editedAt).toBeDefined();
    expect((await app.readSite('incidents/INC-1.html'))!).toMatch(/edited/i);
  });

  it("undoes the same person's last change within 10 minutes, and only theirs", async () => {
    await app.send('open Chat is down', { user: 'Ada' });
    await app.send('update identified Wrong incident!', { user: 'Ada' });
    expect((await app.send('undo', { user: 'Grace' })).replyText).toContain(
      'no change of the last 10 minutes',
    );
    expect((await app.send('undo', { user: 'Ada' })).replyText).toContain('Undone: Updated INC-1');
    expect((await incident()).updates).toHaveLength(1);
    expect((await incident()).status).toBe('investigating');
    minutes(11);
    expect((await app.send('undo', { user: 'Ada' })).replyText).toContain('no change of the last 10 minutes');
  });

  it('undoes an open without ever reusing its number', async () => {
    await app.send('open Typo incident');
    await app.send('undo');
    expect((await state()).incidents).toHaveLength(0);
    expect((await app.send('open Real incident')).replyText).toContain('Opened INC-2');
  });
});

describe('replies', () => {
  it('answers each change in one text message (status, impact, components, next update, link) and help per command', async () => {
    const reply = await app.send('open major [Chat] Chat is down');
    expect(reply.jsonBody).not.toHaveProperty('attachments');
    const lines = reply.replyText.split('\n');
    // The headline says the status and impact; the lines under it say the rest, once each.
    expect(lines[0]).toBe('Opened INC-1: Chat is down (investigating, major impact).');
    expect(lines.filter((line) => /^(Status|Impact): /.test(line))).toEqual([]);
    expect(lines).toContain('Components: Chat: partial outage');
    expect(lines.some((line) => line.startsWith('Next update by: '))).toBe(true);
    expect(lines).toContain('Incident page: https://status.example.com/incidents/INC-1.html');
    expect((await app.send('help maintenance')).replyText).toContain('Example: maintenance in 2h for 30m');
  });
});
