import { fixedClock } from '../support/clock';
import { createTestApp, type TestApp } from '../support/testApp';

// Retraction is real: `undo` of an `open` removes the incident from every published file, and its page is
// deleted from the site, not merely unlinked. Through the HTTP handler, with the site in Azurite.

const clock = fixedClock('2026-12-01T06:37:00.000Z');
let app: TestApp;
beforeEach(async () => {
  clock.set('2026-12-01T06:37:00.000Z');
  app = await createTestApp({ clock });
});
afterEach(async () => {
  await app.close();
});

const SECRET_TITLE = 'DB password is hunter2';

async function everyFile(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const { path } of await app.siteFiles()) files.set(path, (await app.readSite(path)) ?? '');
  return files;
}

describe('undo of an open', () => {
  it('deletes the incident page, and no published file mentions it or its uptime blip any more', async () => {
    await app.send(`open critical [Chat] ${SECRET_TITLE} | Investigating`);
    expect(await app.readSite('incidents/INC-1.html')).toContain(SECRET_TITLE);
    expect(await app.readSite('history/2026-12.html')).toContain(SECRET_TITLE);
    expect(await app.readSite('index.html')).toMatch(/<rect class="b-major_outage"/);

    clock.advance({ minutes: 2 });
    const undo = await app.send('undo');
    expect(undo.replyText).toContain('Undone');

    expect(await app.readSite('incidents/INC-1.html')).toBeUndefined();
    // December had no other incident: its history page goes too, and the index no longer lists the month.
    expect(await app.readSite('history/2026-12.html')).toBeUndefined();
    expect(await app.readSite('history/index.html')).not.toContain('2026-12.html');
    for (const [path, content] of await everyFile()) {
      expect([path, content.includes(SECRET_TITLE)]).toEqual([path, false]);
      expect([path, content.includes('INC-1')]).toEqual([path, false]);
    }
    // The uptime bar shows Chat as it was: no outage that day.
    expect(await app.readSite('index.html')).not.toMatch(/<rect class="b-major_outage"/);
    const status = JSON.parse((await app.readSite('api/v2/status.json'))!) as { status: unknown };
    expect(status.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
  });

  it('rewrites the month page without it when the month has other incidents', async () => {
    await app.send('open minor Mail is slow | Looking');
    await app.send('close Fine again');
    clock.advance({ minutes: 5 });
    await app.send(`open ${SECRET_TITLE}`);
    await app.send('undo');
    const month = (await app.readSite('history/2026-12.html'))!;
    expect(month).toContain('Mail is slow');
    expect(month).not.toContain(SECRET_TITLE);
    expect(await app.readSite('incidents/INC-1.html')).toContain('Mail is slow');
    expect(await app.readSite('incidents/INC-2.html')).toBeUndefined();
  });
});
