import { fromTeamsActivity, toCommandText, type TeamsMessage } from '../../../../src/adapters/teams/activity';

const BOT = { id: '28:9f2c4a1e-bot0-4c3b-9e8f-5a7a7b000001', name: 'Status' };
const ALICE = {
  id: '29:1aBcDeF-alice',
  name: 'Alice Admin',
  aadObjectId: '6b0f4e9c-1d2a-4c3b-9e8f-a11ce0000001',
};
const JANE = { id: '29:1xYz-jane', name: 'Jane Doe', aadObjectId: '7c1f5fad-2e3b-4d4c-af90-ja0e00000002' };
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const mention = (who: { id: string; name: string }) => ({
  type: 'mention',
  text: `<at>${who.name}</at>`,
  mentioned: who,
});

/** An activity shaped like the ones Teams posts to an outgoing webhook. */
function activity(text: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: '1732190400000',
    timestamp: '2026-11-21T12:00:00.000Z',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    channelId: 'msteams',
    from: ALICE,
    conversation: { id: '19:abc@thread.skype;messageid=1732190400000', conversationType: 'channel' },
    recipient: null,
    textFormat: 'plain',
    text,
    attachments: [{ contentType: 'text/html', content: `<div>${text}</div>` }],
    entities: [mention(BOT), { type: 'clientInfo', locale: 'en-GB', country: 'GB', platform: 'Web' }],
    channelData: {
      teamsChannelId: '19:abc@thread.skype',
      teamsTeamId: '19:team@thread.skype',
      tenant: { id: TENANT },
    },
    ...fields,
  };
}

function message(value: unknown): TeamsMessage {
  const result = fromTeamsActivity(value);
  if (!result.ok) throw new Error(result.error);
  return result.message;
}

const commandText = (text: string, fields?: Record<string, unknown>) => message(activity(text, fields)).text;

describe('fromTeamsActivity', () => {
  describe('text', () => {
    it('strips the leading bot mention and the &nbsp; after it', () => {
      expect(commandText('<at>Status</at>&nbsp;open Chat is down')).toBe('open Chat is down');
    });

    it('strips the leading bot mention followed by a plain space', () => {
      expect(commandText('<at>Status</at> list')).toBe('list');
    });

    it('strips a mention tag that carries attributes', () => {
      expect(commandText('<at id="0">Status</at> list')).toBe('list');
    });

    it('decodes HTML entities', () => {
      expect(commandText('<at>Status</at> open Sales &amp; Marketing portal is down')).toBe(
        'open Sales & Marketing portal is down',
      );
    });

    it('keeps an encoded tag the person typed as literal text', () => {
      expect(commandText('<at>Status</at> update Pages show &lt;script&gt;alert(1)&lt;/script&gt;')).toBe(
        'update Pages show <script>alert(1)</script>',
      );
    });

    it('decodes entities only once', () => {
      expect(commandText('<at>Status</at> update Shows &amp;lt;b&amp;gt; literally')).toBe(
        'update Shows &lt;b&gt; literally',
      );
    });

    it('keeps newlines, turning CRLF into LF', () => {
      expect(commandText('<at>Status</at> open Chat is down\r\nUsers see 503\nWe are on it')).toBe(
        'open Chat is down\nUsers see 503\nWe are on it',
      );
    });

    it('turns <br> and closing paragraphs into newlines and drops formatting tags', () => {
      expect(
        commandText('<p><at>Status</at> open <b>Chat</b> is down</p><p>Users see <i>503</i><br>Looking</p>'),
      ).toBe('open Chat is down\nUsers see 503\nLooking');
    });

    it('drops spaces at the end of lines', () => {
      expect(commandText('<at>Status</at> open Title&nbsp;&nbsp; \nMessage')).toBe('open Title\nMessage');
    });

    it('keeps quotes, apostrophes and emoji', () => {
      expect(commandText('<at>Status</at> open &quot;Chat&quot; isn&#39;t working “at all” 🔥👩‍🚒 ☕')).toBe(
        'open "Chat" isn\'t working “at all” 🔥👩‍🚒 ☕',
      );
    });

    it('keeps non-ASCII text', () => {
      expect(commandText('<at>Status</at> open Ürün sayfası açılmıyor — 数据库 Café')).toBe(
        'open Ürün sayfası açılmıyor — 数据库 Café',
      );
    });

    it('keeps the mentions of other people as their names', () => {
      const text = '<at>Status</at> update INC-1 <at>Jane Doe</at> is looking into it';
      const received = message(activity(text, { entities: [mention(BOT), mention(JANE)] }));
      expect(received.text).toBe('update INC-1 Jane Doe is looking into it');
    });

    it('finds the bot mention by the entity name when the message does not start with it', () => {
      expect(commandText('<div><at>Status</at> open Chat is down</div>')).toBe('open Chat is down');
    });

    it('removes only the bot mention when it follows other text', () => {
      const text = '<div>Hi <at>Jane Doe</at>, <at>Status</at> list</div>';
      expect(commandText(text, { entities: [mention(JANE), mention(BOT)] })).toMatch(/^Hi Jane Doe, +list$/);
    });

    it('matches a bot name that contains an entity', () => {
      const bot = { id: '28:ops-bot', name: 'Status & Ops' };
      expect(commandText('<div><at>Status &amp; Ops</at> list</div>', { entities: [mention(bot)] })).toBe(
        'list',
      );
    });

    it('keeps a mention as a name when no entity says it is the bot', () => {
      expect(commandText('<div><at>Status</at> list</div>', { entities: [] })).toBe('Status list');
    });
  });

  describe('who and where', () => {
    it('reads the sender name and AAD object ID', () => {
      expect(message(activity('<at>Status</at> list')).from).toEqual({
        name: 'Alice Admin',
        aadObjectId: '6b0f4e9c-1d2a-4c3b-9e8f-a11ce0000001',
      });
    });

    it('reads the tenant ID from channelData', () => {
      expect(message(activity('<at>Status</at> list')).tenantId).toBe(TENANT);
    });

    it('reads the activity ID and timestamp', () => {
      const received = message(activity('<at>Status</at> list'));
      expect(received.id).toBe('1732190400000');
      expect(received.timestamp).toBe('2026-11-21T12:00:00.000Z');
    });

    it('lists the people mentioned besides the bot', () => {
      const received = message(activity('<at>Status</at> list', { entities: [mention(BOT), mention(JANE)] }));
      expect(received.mentions).toEqual([{ name: 'Jane Doe', aadObjectId: JANE.aadObjectId }]);
    });

    it('leaves out what Teams did not send', () => {
      const received = message({ text: '<at>Status</at> list' });
      expect(received).toEqual({ text: 'list', from: { name: 'Unknown user' }, mentions: [] });
    });

    it('names the sender "Unknown user" when the name is missing, and omits a missing AAD ID', () => {
      expect(message(activity('list', { from: { id: '29:x' } })).from).toEqual({ name: 'Unknown user' });
      expect(message(activity('list', { from: { id: '29:x', name: 'Bob' } })).from).toEqual({ name: 'Bob' });
    });

    it('ignores a malformed tenant and malformed entities', () => {
      const received = message(
        activity('<at>Status</at> list', {
          channelData: { tenant: 'x' },
          entities: [null, 'mention', { type: 'mention' }],
        }),
      );
      expect(received).not.toHaveProperty('tenantId');
      expect(received.text).toBe('list');
      expect(received.mentions).toEqual([]);
    });
  });

  describe('refusals', () => {
    it.each([null, undefined, 'text', 42, true, [], [activity('list')]])(
      'refuses %p: not an activity',
      (value) => {
        expect(fromTeamsActivity(value)).toEqual({
          ok: false,
          error: 'The request is not a Teams activity.',
        });
      },
    );

    it.each([
      ['missing', { text: undefined }],
      ['null', { text: null }],
      ['a number', { text: 42 }],
      ['an object', { text: { content: 'list' } }],
    ])('refuses an activity whose text is %s', (_label, fields) => {
      expect(fromTeamsActivity(activity('', fields))).toEqual({
        ok: false,
        error: 'The activity has no text.',
      });
    });
  });
});

describe('toCommandText', () => {
  it('strips a leading mention even without knowing the bot name', () => {
    expect(toCommandText('<at>Status</at>&nbsp;help', undefined)).toBe('help');
  });

  it('strips the leading mention after leading whitespace', () => {
    expect(toCommandText('  \n<at>Status</at> help', 'Status')).toBe('help');
  });

  it('gives an empty command for a bare mention', () => {
    expect(toCommandText('<at>Status</at>&nbsp;', 'Status')).toBe('');
  });
});

describe('Teams message HTML, read as Teams means it', () => {
  const read = (html: string, entities: unknown[] = [mention(BOT)]) =>
    message(activity(html, { entities })).text;
  const EMOJI = (alt: string) =>
    `<img alt="${alt}" itemid="beer" itemscope="" itemtype="http://schema.skype.com/Emoji" src="https://statics.teams.microsoft.com/evergreen-assets/funstuff/skype-emoticons-f/beer/default_20.png" style="width:20px; height:20px">`;

  it('reads an emoji <img> as its alt text, also inside a <span>', () => {
    expect(read(`<at>Status</at> update Fixed ${EMOJI('🍺')} and <span>${EMOJI('🎉')}</span> done`)).toBe(
      'update Fixed 🍺 and 🎉 done',
    );
  });

  it('ignores a quoted message before the mention, so the quoted author is not the command', () => {
    const quote =
      '<blockquote itemscope="" itemtype="http://schema.skype.com/Reply" itemid="1732190400000"><strong itemprop="mri" itemid="8:orgid:x">Grace Hopper</strong><span itemprop="time" itemid="1732190400000"></span><p itemprop="preview">open Chat is down</p></blockquote>';
    expect(read(`${quote}<p><at>Status</at> close INC-1 Restored</p>`)).toBe('close INC-1 Restored');
  });

  it('keeps an ordinary quote as text on lines of its own', () => {
    expect(read('<at>Status</at> update Users report:<blockquote>cannot log in</blockquote>Looking')).toBe(
      'update Users report:\ncannot log in\nLooking',
    );
  });

  it('keeps a link\'s address: "text (url)" when they differ, the URL once when they do not', () => {
    expect(
      read(
        '<at>Status</at> postmortem INC-1 <a href="https://wiki.example.com/pm/1" title="x">the write-up</a>',
      ),
    ).toBe('postmortem INC-1 the write-up (https://wiki.example.com/pm/1)');
    expect(
      read(
        '<at>Status</at> postmortem INC-1 <a href="https://wiki.example.com/pm/1">https://wiki.example.com/pm/1</a>',
      ),
    ).toBe('postmortem INC-1 https://wiki.example.com/pm/1');
  });

  it('does not keep a javascript: address', () => {
    expect(read('<at>Status</at> update see <a href="javascript:alert(1)">this</a>')).toBe('update see this');
  });

  it('puts list items and paragraphs on lines of their own', () => {
    expect(
      read(
        '<p><at>Status</at> update Done so far:</p><ul><li>rollback</li><li>flush cache</li></ul><p>Next: DNS</p>',
      ),
    ).toBe('update Done so far:\n- rollback\n- flush cache\nNext: DNS');
  });

  it('reads code blocks, tables and rules as plain text', () => {
    expect(
      read(
        '<at>Status</at> update Errors:<codeblock class="Bash"><code>grep foo | wc -l<br>42</code></codeblock><hr><table><tr><th>Region</th><th>State</th></tr><tr><td>EU</td><td>down</td></tr></table>',
      ),
    ).toBe('update Errors:\ngrep foo | wc -l\n42\nRegion · State\nEU · down');
  });

  it('merges a mention split into two entities with one id, and removes a split bot mention whole', () => {
    const grace = { id: '29:grace', name: 'Grace' };
    const hopper = { id: '29:grace', name: 'Hopper' };
    const bot1 = { id: BOT.id, name: 'Status' };
    const bot2 = { id: BOT.id, name: 'Page' };
    const received = message(
      activity('<at>Status</at> <at>Page</at> role INC-1 comms <at>Grace</at> <at>Hopper</at>', {
        entities: [mention(bot1), mention(bot2), mention(grace), mention(hopper)],
      }),
    );
    expect(received.text).toBe('role INC-1 comms Grace Hopper');
    expect(received.mentions).toEqual([{ name: 'Grace Hopper' }]);
  });

  it("reads the sender's time zone from clientInfo, else localTimezone", () => {
    const withInfo = message(
      activity('<at>Status</at> list', {
        entities: [mention(BOT), { type: 'clientInfo', timezone: 'Europe/Berlin' }],
        localTimezone: 'America/New_York',
      }),
    );
    expect(withInfo.timeZone).toBe('Europe/Berlin');
    expect(message(activity('<at>Status</at> list', { localTimezone: 'Asia/Tokyo' })).timeZone).toBe(
      'Asia/Tokyo',
    );
    expect(message(activity('<at>Status</at> list'))).not.toHaveProperty('timeZone');
  });

  it('keeps a "<" that starts no tag, and text after an unclosed tag', () => {
    expect(toCommandText('<at>Status</at> update a < b and <b unclosed', 'Status')).toBe(
      'update a < b and <b unclosed',
    );
  });

  it.each([
    ['long whitespace runs', `<at>Status</at> update x${' '.repeat(65_000)}y${' \t'.repeat(100)}`],
    ['unclosed tags', `<at>Status</at> update ${'<b'.repeat(30_000)}`],
    ['deeply nested tags', `<at>Status</at> update ${'<blockquote><a href="x"><li>'.repeat(2_000)}x`],
    ['unclosed mentions', `<at>Status</at> update ${'<at>'.repeat(20_000)}`],
    ['many "<" and no ">"', `<at>Status</at> update ${'<'.repeat(65_000)}`],
    ['a long unquoted attribute value', `<at>Status</at> update <a href="${'a'.repeat(65_000)}>x</a>`],
    ['nested links', `<at>Status</at> update ${'<a href=x>'.repeat(6_000)}x${'</a>'.repeat(6_000)}`],
  ])('reads 64 KiB of %s in one pass', (_name, html) => {
    const text = toCommandText(html, 'Status');
    expect(text.startsWith('update')).toBe(true);
  });
});
