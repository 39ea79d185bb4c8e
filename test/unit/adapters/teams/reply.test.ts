import { decodeHTML } from 'entities';
import { cardSchemaErrors } from '../../../support/adaptiveCardSchema';
import { REPLY_MAX_UTF16, toAdaptiveCard, toTeamsReply } from '../../../../src/adapters/teams/reply';
import type { ReplyCard } from '../../../../src/core/model/reply';

const PAGE_URL = 'https://status.contoso.example/incidents/INC-1.html';

const card = (fields: Partial<ReplyCard> = {}): ReplyCard => ({
  title: 'INC-1: Chat is down',
  tone: 'attention',
  summary: 'Opened INC-1: Chat is down (investigating).',
  facts: [
    { title: 'Status', value: 'Investigating' },
    { title: 'Message', value: 'Users see <b>503</b>' },
  ],
  url: PAGE_URL,
  ...fields,
});

interface Attachment {
  contentType: string;
  content: {
    type: string;
    version: string;
    body: { type: string; text?: string; color?: string; facts?: unknown }[];
    actions?: { type: string; title: string; url: string }[];
  };
}

function onlyAttachment(attachments: unknown[] | undefined): Attachment {
  expect(attachments).toHaveLength(1);
  return attachments?.[0] as Attachment;
}

describe('toTeamsReply', () => {
  it('turns a text-only reply into a message activity without attachments', () => {
    const reply = toTeamsReply({ text: 'No incident is open: all systems operational.' });
    expect(reply).toEqual({ type: 'message', text: 'No incident is open: all systems operational.' });
    expect(reply).not.toHaveProperty('attachments');
  });

  it('escapes markup in the text so Teams shows it as typed', () => {
    expect(toTeamsReply({ text: 'Opened INC-1: <script>alert(1)</script> & <b>bold</b>' }).text).toBe(
      'Opened INC-1: &#60;script&#62;alert(1)&#60;/script&#62; &#38; &#60;b&#62;bold&#60;/b&#62;',
    );
  });

  it('escapes an ampersand, so entities the person typed stay literal', () => {
    expect(decodeHTML(toTeamsReply({ text: 'a &lt; b' }).text ?? '')).toBe('a &lt; b');
  });

  it("escapes Teams Markdown, so a typed link or a display name never becomes a link in the bot's voice", () => {
    const text = toTeamsReply({
      text: 'Opened INC-3: **[Re-authenticate here](https://evil.example/login)**',
    }).text;
    expect(text).not.toMatch(/[[\]*]/);
    expect(decodeHTML(text ?? '')).toBe(
      'Opened INC-3: **[Re-authenticate here](https://evil.example/login)**',
    );
  });

  it('escapes braces, whose content Teams hides in message text', () => {
    expect(toTeamsReply({ text: 'shown {hidden} shown' }).text).toBe('shown &#123;hidden&#125; shown');
  });

  it('turns newlines into <br> line breaks', () => {
    expect(toTeamsReply({ text: 'Line one\nLine two' }).text).toBe('Line one<br>Line two');
  });

  it('keeps quotes, emoji and non-ASCII text', () => {
    expect(toTeamsReply({ text: '"Café" 🔥 “ok”' }).text).toBe('"Café" 🔥 “ok”');
  });

  it('sends a card alone, without text beside it (Teams would split the two into separate messages)', () => {
    const reply = toTeamsReply({ text: 'Opened INC-1 <now>', card: card() });
    expect(reply.type).toBe('message');
    expect(reply).not.toHaveProperty('text');
    const attachment = onlyAttachment(reply.attachments);
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content.type).toBe('AdaptiveCard');
  });

  it('links the card to the incident page with an Action.OpenUrl', () => {
    const { content } = onlyAttachment(toTeamsReply({ text: 'x', card: card() }).attachments);
    expect(content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open incident page', url: PAGE_URL }]);
  });

  it('gives the card no action when there is no page URL', () => {
    const withoutUrl = card();
    delete withoutUrl.url;
    const { content } = onlyAttachment(toTeamsReply({ text: 'x', card: withoutUrl }).attachments);
    expect(content).not.toHaveProperty('actions');
  });

  it('is plain JSON that survives serialisation', () => {
    const reply = toTeamsReply({ text: 'x\ny', card: card() });
    expect(JSON.parse(JSON.stringify(reply))).toEqual(reply);
  });

  it("keeps every reply far below Teams' 100 KB limit, counted in UTF-16", () => {
    const huge = '[x](y) & 😀 '.repeat(20_000);
    const replies = [
      toTeamsReply({ text: huge }),
      toTeamsReply({
        text: huge,
        card: card({ title: huge, summary: huge, facts: [{ title: huge, value: huge }] }),
      }),
    ];
    for (const reply of replies) expect(JSON.stringify(reply).length).toBeLessThanOrEqual(REPLY_MAX_UTF16);
  });
});

describe('toAdaptiveCard', () => {
  it('shows the title, the summary in the tone colour and the facts, Markdown escaped', () => {
    const adaptive = toAdaptiveCard(card({ tone: 'good' }));
    expect(adaptive).toMatchObject({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.4',
      body: [
        { type: 'TextBlock', text: 'INC-1: Chat is down', weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: 'Opened INC-1: Chat is down (investigating).', color: 'good', wrap: true },
        {
          type: 'FactSet',
          facts: [
            { title: 'Status', value: 'Investigating' },
            { title: 'Message', value: 'Users see \\<b\\>503\\</b\\>' },
          ],
        },
      ],
    });
  });

  it('escapes Markdown links and emphasis in every text field', () => {
    const evil = '**[Re-authenticate here](https://evil.example/login)**';
    const adaptive = toAdaptiveCard(
      card({ title: evil, summary: evil, facts: [{ title: evil, value: evil }] }),
    );
    const texts = JSON.stringify(adaptive);
    expect(texts).not.toContain('**[');
    expect(texts).toContain('\\\\*\\\\*\\\\[Re-authenticate here\\\\](https://evil.example/login)\\\\*\\\\*');
  });

  it.each(['attention', 'warning', 'good', 'default'] as const)('colours the summary %p', (tone) => {
    const adaptive = toAdaptiveCard(card({ tone })) as { body: { color?: string }[] };
    expect(adaptive.body[1]?.color).toBe(tone);
  });

  it.each([
    ['with a page URL', card()],
    ['without a page URL', { ...card(), url: undefined }],
    ['with hostile text', card({ title: '"}<x>', summary: '\u0000\n**', facts: [] })],
  ])('is a valid Adaptive Card 1.4 by the official schema, %s', (_name, value) => {
    const fields = { ...value };
    if (fields.url === undefined) delete fields.url;
    expect(cardSchemaErrors(toAdaptiveCard(fields))).toEqual([]);
  });

  it('fails the official schema when a card is wrong (the check can fail)', () => {
    expect(cardSchemaErrors({ ...toAdaptiveCard(card()), body: [{ type: 'TextBlock' }] })).not.toEqual([]);
  });
});
