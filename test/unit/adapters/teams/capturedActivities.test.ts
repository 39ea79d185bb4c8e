import { fromTeamsActivity, type TeamsMessage } from '../../../../src/adapters/teams/activity';
import type { Person } from '../../../../src/core/model/state';
import { teamsActivity } from '../../../../scripts/teamsActivity';
import {
  capturedActivities,
  capturedActivity,
  type CapturedActivity,
} from '../../../support/capturedActivities';

// Real Teams payloads from public sources (test/fixtures/teams), read as the webhook reads them: the command the
// person typed after the bot's mention, who sent it, whom else they mentioned, and their tenant.

interface Reading {
  text: string;
  from: Person;
  mentions: Person[];
  tenantId?: string;
}

/** What each captured activity means. A fixture without a reading here fails the first test below. */
const READINGS: Record<string, Reading> = {
  'outgoing-webhook-docs-sample.json': {
    text: 'role INC-1 commander Larry Brown',
    from: { name: 'Tim Jones' },
    mentions: [{ name: 'Larry Brown' }],
  },
  'outgoing-webhook-emoji-in-mention.json': {
    text: 'update INC-1 Fix is rolling out 🍺',
    from: { name: 'Lovelace, Ada', aadObjectId: '6b0f4e9c-1d2a-4c3b-9e8f-ada000000001' },
    mentions: [],
    tenantId: '76a2ae5a-9f00-4f6b-95ed-5d33d77c4d61',
  },
  'bot-channel-thread-reply.json': {
    text: 'update INC-1 monitoring Fix deployed',
    from: { name: 'Alan Turing', aadObjectId: '7c1f5fad-2e3b-4d4c-af90-a1a000000002' },
    mentions: [],
    tenantId: '50612dbb-0237-4969-b378-8d42590f9c00',
  },
  'bot-channel-mention-recorded.json': {
    text: 'open Chat is down | Investigating',
    from: { name: 'Grace Hopper', aadObjectId: '8d2a6b0e-3f4c-4e5d-b0a1-9ace00000003' },
    mentions: [],
    tenantId: 'ed6e6740-934d-4088-a05e-caa14d8d89ee',
  },
  'bot-mention-minimal.json': {
    text: 'list',
    from: { name: 'Test User' },
    mentions: [],
    tenantId: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
  },
  'bot-channel-reply-quoting-a-message.json': {
    text: 'close INC-1 Service restored',
    from: { name: 'Alan Turing', aadObjectId: '7c1f5fad-2e3b-4d4c-af90-a1a000000002' },
    mentions: [],
    tenantId: '50612dbb-0237-4969-b378-8d42590f9c00',
  },
  'bot-general-channel-trailing-newline.json': {
    text: 'close INC-1 Service restored',
    from: { name: 'Katherine Johnson', aadObjectId: '9e3b7c1f-4a5d-4f6e-81b2-c0ffee000004' },
    mentions: [],
    tenantId: '8704bed1-95d8-4bfc-9438-047bb64b2c83',
  },
};

function read(captured: CapturedActivity): TeamsMessage {
  const result = fromTeamsActivity(captured.activity);
  if (!result.ok) throw new Error(`${captured.file}: ${result.error}`);
  return result.message;
}

const captured = capturedActivities();
const readingOf = (file: string): Reading => {
  const reading = READINGS[file];
  if (!reading) throw new Error(`${file} has no expected reading in READINGS.`);
  return reading;
};

describe('captured Teams activities', () => {
  it('each names its public source and what was changed, and has an expected reading', () => {
    expect(captured.length).toBeGreaterThanOrEqual(6);
    for (const { file, source, note, activity } of captured) {
      expect({ file, source }).toEqual({ file, source: expect.stringMatching(/^https:\/\//) as string });
      expect({ file, note: note.length > 40 }).toEqual({ file, note: true });
      expect({ file, type: activity.type, reading: file in READINGS }).toEqual({
        file,
        type: 'message',
        reading: true,
      });
    }
    expect(Object.keys(READINGS).sort()).toEqual(captured.map((entry) => entry.file));
  });

  it.each(captured)('reads $file to the command, sender, mentions and tenant Teams meant', (entry) => {
    const { text, from, mentions, tenantId } = read(entry);
    expect({ text, from, mentions, tenantId }).toEqual(readingOf(entry.file));
  });

  it.each(captured)('passes the ID and timestamp of $file through unchanged', (entry) => {
    const message = read(entry);
    expect(message.id).toBe(entry.activity.id);
    expect(message.timestamp).toBe(entry.activity.timestamp);
  });

  // Was `it.failing` until the reader took an emoji <img> for its alt text (the grammar and replies issue).
  it('reads the emoji Teams wrapped in <at> as its alt text', () => {
    expect(read(capturedActivity('outgoing-webhook-emoji-in-mention.json')).text).toBe(
      'update INC-1 Fix is rolling out 🍺',
    );
  });

  it('reads the synthetic activity of scripts/teamsActivity.ts as it reads a recorded one with the same words', () => {
    const recorded = capturedActivity('bot-channel-mention-recorded.json');
    const synthetic = fromTeamsActivity(teamsActivity('open Chat is down | Investigating', 'Grace Hopper'));
    expect(synthetic.ok && synthetic.message.text).toBe(read(recorded).text);
    expect(synthetic.ok && synthetic.message.mentions).toEqual(read(recorded).mentions);
  });
});
