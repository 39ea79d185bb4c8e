import { createTestApp, type TestApp } from '../support/testApp';

// One page status, told alike by every surface: the header, the <title>, the favicon, the badge, status.json and
// summary.json. Driven by signed Teams requests through the HTTP handler, with the state and site in Azurite.

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

interface Surfaces {
  header: string | undefined;
  title: string | undefined;
  favicon: string | undefined;
  badge: string | undefined;
  status: unknown;
  summary: unknown;
}

async function surfaces(): Promise<Surfaces> {
  const index = (await app.readSite('index.html')) ?? '';
  const status = JSON.parse((await app.readSite('api/v2/status.json')) ?? 'null') as { status: unknown };
  const summary = JSON.parse((await app.readSite('api/v2/summary.json')) ?? 'null') as { status: unknown };
  return {
    header: /<h1 class="page p-([a-z]+)">(?:<span[^>]*><\/span>)?([^<]*)<\/h1>/
      .exec(index)
      ?.slice(1)
      .join(': '),
    title: /<title>([^<·]*) ·/.exec(index)?.[1]?.trim(),
    favicon: /<link rel="icon" href="([^"]+)"/.exec(index)?.[1],
    badge: /<title>status: ([^<]*)<\/title>/.exec((await app.readSite('badge.svg')) ?? '')?.[1],
    status: status.status,
    summary: summary.status,
  };
}

async function expectEverywhere(indicator: string, description: string): Promise<void> {
  const seen = await surfaces();
  expect(seen).toMatchObject({
    header: `${indicator}: ${description}`,
    title: description,
    badge: description,
    status: { indicator, description },
    summary: { indicator, description },
  });
  return Promise.resolve();
}

describe('the page status', () => {
  it('turns red everywhere when a component is down with no incident open, and green when it is back', async () => {
    await app.send('component Website down');
    await expectEverywhere('critical', 'Major Service Outage');
    const red = (await surfaces()).favicon;
    await app.send('component Website ok');
    await expectEverywhere('none', 'All Systems Operational');
    expect((await surfaces()).favicon).not.toBe(red);
  });

  it('says "Partially Degraded Service" for a degraded component, and follows an incident’s impact', async () => {
    await app.send('component Email degraded');
    await expectEverywhere('minor', 'Partially Degraded Service');
    await app.send('open critical [Chat] Chat is down | Investigating');
    await expectEverywhere('critical', 'Major Service Outage');
  });

  it('says "Service Under Maintenance" while maintenance is in progress', async () => {
    // Its start has just passed: it is in progress in this very command, not at the clock's next tick.
    const start = new Date(Date.now() - 60_000).toISOString();
    const end = new Date(Date.now() + 3_600_000).toISOString();
    const reply = await app.send(`maintenance ${start} ${end} [Email] Mail upgrade | Mail may be slow`);
    expect(reply.replyText).toContain('Started MNT-1');
    await expectEverywhere('maintenance', 'Service Under Maintenance');
    const active = JSON.parse((await app.readSite('api/v2/scheduled-maintenances/active.json'))!) as {
      scheduled_maintenances: {
        status: string;
        created_at: string;
        incident_updates: { body: string; created_at: string }[];
      }[];
    };
    const [window] = active.scheduled_maintenances;
    expect(window?.status).toBe('in_progress');
    const automatic = window?.incident_updates.find((update) => update.body.includes('in progress'));
    // Named, and dated when it happened: never before the window was created.
    expect(automatic?.body).toContain('Email is under maintenance');
    expect(Date.parse(automatic?.created_at ?? '')).toBeGreaterThanOrEqual(
      Date.parse(window?.created_at ?? ''),
    );
    expect((await app.send('list')).replyText).toMatch(/in progress/i);
  });
});

describe('open incidents on the page', () => {
  async function contents(): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    for (const { path } of await app.siteFiles()) files.set(path, (await app.readSite(path)) ?? '');
    return files;
  }

  it('are ordered by impact, critical first, whatever was updated last', async () => {
    await app.send('open critical [Chat] Chat is down | Investigating');
    await app.send('open minor [Email] Mail is slow | Looking');
    await app.send('update INC-1 identified Found it');
    await app.send('update INC-2 monitoring Better now');
    const index = (await app.readSite('index.html'))!;
    expect(index.indexOf('Chat is down')).toBeLessThan(index.indexOf('Mail is slow'));
  });

  it('are not moved or rewritten by internal-only actions (roles, notes)', async () => {
    await app.send('open major [Chat] Chat is down | Investigating');
    await app.send('open minor [Email] Mail is slow | Looking');
    const before = await contents();
    await app.send('role INC-1 commander me');
    await app.send('note INC-1 Rolled back deploy 4512');
    await app.send('note INC-2 Paged the mail team');
    expect(await contents()).toEqual(before);
  });
});

describe('open without components', () => {
  it('replies that none were named, how to name them, and which there are', async () => {
    const reply = await app.send('open Chat is down');
    expect(reply.replyText).toContain('Opened INC-1');
    expect(reply.replyText).toContain('No components were named');
    expect(reply.replyText).toContain('update INC-1 [Chat: down] <message>');
    expect(reply.replyText).toContain('Components: Chat, Meetings, Files, Email, VPN, Website');
    expect((await app.send('open [Email] Mail is slow')).replyText).not.toContain('No components were named');
  });
});
