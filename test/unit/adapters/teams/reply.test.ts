import { toAdaptiveCard, toTeamsReply } from '../../../../src/adapters/teams/reply';
import type { ReplyCard } from '../../../../src/core/model/reply';

const PAGE_URL = 'https://status.contoso.example/';

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
      'Opened INC-1: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;',
    );
  });

  it('escapes an ampersand before anything else, so entities the person typed stay literal', () => {
    expect(toTeamsReply({ text: 'a &lt; b' }).text).toBe('a &amp;lt; b');
  });

  it('turns newlines into <br> line breaks', () => {
    expect(toTeamsReply({ text: 'Line one\nLine two' }).text).toBe('Line one<br>Line two');
  });

  it('keeps quotes, emoji and non-ASCII text', () => {
    expect(toTeamsReply({ text: '"Café" 🔥 “ok”' }).text).toBe('"Café" 🔥 “ok”');
  });

  it('attaches an adaptive card when there is one, and keeps the text as the fallback', () => {
    const reply = toTeamsReply({ text: 'Opened INC-1 <now>', card: card() });
    expect(reply.type).toBe('message');
    expect(reply.text).toBe('Opened INC-1 &lt;now&gt;');
    const attachment = onlyAttachment(reply.attachments);
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content.type).toBe('AdaptiveCard');
  });

  it('links the card to the status page with an Action.OpenUrl', () => {
    const { content } = onlyAttachment(toTeamsReply({ text: 'x', card: card() }).attachments);
    expect(content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open status page', url: PAGE_URL }]);
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
});

describe('toAdaptiveCard', () => {
  it('shows the title, the summary in the tone colour and the facts', () => {
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
            { title: 'Message', value: 'Users see <b>503</b>' },
          ],
        },
      ],
    });
  });

  it.each(['attention', 'warning', 'good', 'default'] as const)('colours the summary %p', (tone) => {
    const adaptive = toAdaptiveCard(card({ tone })) as { body: { color?: string }[] };
    expect(adaptive.body[1]?.color).toBe(tone);
  });
});
