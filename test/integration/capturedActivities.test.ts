import { capturedActivity, deliveredNow } from '../support/capturedActivities';
import { createTestApp, uniqueActivityId, type TestApp } from '../support/testApp';

// Real Teams payloads (test/fixtures/teams) through the real HTTP handler: signed as Teams signs them, read,
// applied to the state in Azurite and answered. Each is delivered now (a fresh ID and timestamp) and is otherwise
// posted exactly as captured.

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

describe('captured Teams payloads through POST /api/teams', () => {
  it('takes the command after the mention of a reply that quotes another message, not the quote', async () => {
    await app.postActivity(
      deliveredNow(capturedActivity('bot-channel-mention-recorded.json'), uniqueActivityId()),
    );
    const quoting = capturedActivity('bot-channel-reply-quoting-a-message.json');
    const response = await app.postActivity(deliveredNow(quoting, uniqueActivityId()));
    expect(response.replyText).toContain('Resolved INC-1');
    const state = await app.readState();
    expect(state.incidents[0]!.updates.at(-1)!.message).toBe('Service restored');
  });

  it('run an incident from open to close, each answered and audited with the sender Teams named', async () => {
    const steps = [
      ['bot-channel-mention-recorded.json', 'Opened INC-1: Chat is down'],
      ['outgoing-webhook-docs-sample.json', 'Larry Brown is now commander of INC-1'],
      ['bot-channel-thread-reply.json', 'Updated INC-1 (monitoring)'],
      ['bot-general-channel-trailing-newline.json', 'Resolved INC-1'],
    ] as const;
    for (const [file, reply] of steps) {
      const response = await app.postActivity(deliveredNow(capturedActivity(file), uniqueActivityId()));
      expect({ file, status: response.status, reply: response.replyText }).toEqual({
        file,
        status: 200,
        reply: expect.stringContaining(reply) as string,
      });
    }

    const state = await app.readState();
    expect(state.incidents[0]!.updates.map((update) => update.message)).toEqual([
      'Investigating',
      'Fix deployed',
      'Service restored',
    ]);
    expect(
      (await app.auditEntries()).map(({ outcome, verb, actor, tenantId }) => [
        outcome,
        verb,
        actor,
        tenantId,
      ]),
    ).toEqual([
      [
        'applied',
        'open',
        { name: 'Grace Hopper', aadObjectId: '8d2a6b0e-3f4c-4e5d-b0a1-9ace00000003' },
        'ed6e6740-934d-4088-a05e-caa14d8d89ee',
      ],
      ['applied', 'role', { name: 'Tim Jones' }, undefined],
      [
        'applied',
        'update',
        { name: 'Alan Turing', aadObjectId: '7c1f5fad-2e3b-4d4c-af90-a1a000000002' },
        '50612dbb-0237-4969-b378-8d42590f9c00',
      ],
      [
        'applied',
        'close',
        { name: 'Katherine Johnson', aadObjectId: '9e3b7c1f-4a5d-4f6e-81b2-c0ffee000004' },
        '8704bed1-95d8-4bfc-9438-047bb64b2c83',
      ],
    ]);
    const index = await app.readSite('index.html');
    expect(index).toContain('All Systems Operational');
    expect(index).toContain('Service restored');
  });

  it('refuse a payload captured without a timestamp, as it cannot be told from a replay, and change nothing', async () => {
    const { activity } = capturedActivity('bot-mention-minimal.json');
    const response = await app.postActivity({ ...activity, id: uniqueActivityId() });
    expect(response.status).toBe(200);
    expect(response.replyText).toMatch(/no valid timestamp[\s\S]*Nothing was changed/);
    expect(await app.readStateText()).toBeUndefined();
  });
});
