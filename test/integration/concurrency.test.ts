import { createTestApp, type TestApp } from '../support/testApp';

// Optimistic concurrency through the real HTTP handler and Azurite's ETags: no update lost, none applied twice.

interface StoredState {
  version: number;
  incidents: { id: string; updates: { message: string }[] }[];
}

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

describe('concurrent commands', () => {
  it('applies 20 parallel updates to one incident exactly once each', async () => {
    await app.send('open Chat is down | Investigating');
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => app.send(`update INC-1 Progress note ${i}`)),
    );
    expect(replies.every((reply) => reply.replyText.includes('Updated INC-1'))).toBe(true);
    const state = (await app.readState()) as StoredState;
    const messages = state.incidents[0]!.updates.map((update) => update.message);
    expect(messages).toHaveLength(21);
    expect(new Set(messages).size).toBe(21);
    for (let i = 0; i < 20; i++) expect(messages).toContain(`Progress note ${i}`);
    expect(state.version).toBe(21);
  });

  it('gives 20 parallel opens 20 unique sequential IDs, the first of them creating the state', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => app.send(`open Problem ${i}`)));
    const ids = replies.map((reply) => /Opened (INC-\d+)/.exec(reply.replyText)?.[1]);
    expect(new Set(ids).size).toBe(20);
    expect([...ids].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `INC-${i + 1}`).sort());
    const state = (await app.readState()) as StoredState;
    expect(state.incidents).toHaveLength(20);
    expect(state.version).toBe(20);
    // Whatever order the publishes landed in, the page ends up showing the newest state.
    const index = (await app.readSite('index.html'))!;
    for (let i = 0; i < 20; i++) expect(index).toContain(`Problem ${i}<`);
    const properties = await app.blobService
      .getContainerClient(app.config.siteContainer)
      .getBlobClient('index.html')
      .getProperties();
    expect(properties.metadata?.stateversion).toBe('20');
  });
});
