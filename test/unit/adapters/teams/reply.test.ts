import { decodeHTML } from 'entities';
import { REPLY_MAX_UTF16, toTeamsReply } from '../../../../src/adapters/teams/reply';

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

  it('sends the text alone, headline and fact lines in one message: what the contract promises', () => {
    const reply = toTeamsReply({
      text: 'Opened INC-1: Chat is down\nLatest update: Users see <b>503</b>\nIncident page: https://x.example/',
    });
    expect(Object.keys(reply).sort()).toEqual(['text', 'type']);
    expect(reply).toEqual({
      type: 'message',
      text: 'Opened INC-1: Chat is down<br>Latest update: Users see &#60;b&#62;503&#60;/b&#62;<br>Incident page: https://x.example/',
    });
  });

  it('is plain JSON that survives serialisation', () => {
    const reply = toTeamsReply({ text: 'x\ny' });
    expect(JSON.parse(JSON.stringify(reply))).toEqual(reply);
  });

  it("keeps every reply far below Teams' 100 KB limit, counted in UTF-16", () => {
    const huge = '[x](y) & 😀 '.repeat(20_000);
    expect(JSON.stringify(toTeamsReply({ text: huge })).length).toBeLessThanOrEqual(REPLY_MAX_UTF16);
  });
});
