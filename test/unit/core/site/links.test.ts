import { safeHref, siteUrl, toRichText, toSiteBase } from '../../../../src/core/site/links';

describe('safeHref', () => {
  it.each(['https://contoso.example/a?b=1#c', 'http://contoso.example/'])('accepts %p', (url) => {
    expect(safeHref(url)).toBe(url);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://contoso.example/',
    '//contoso.example/',
    '/relative',
    'not a url',
  ])('refuses %p', (url) => {
    expect(safeHref(url)).toBeUndefined();
  });

  it('refuses links with credentials, a phishing trick', () => {
    expect(safeHref('https://bank.example@evil.example/')).toBeUndefined();
  });
});

describe('toRichText', () => {
  it('keeps text without links as one run', () => {
    expect(toRichText('All good <b>now</b>')).toEqual([{ text: 'All good <b>now</b>' }]);
  });

  it('links bare http(s) URLs and leaves sentence punctuation outside the link', () => {
    expect(toRichText('See https://contoso.example/kb/1. Thanks')).toEqual([
      { text: 'See ' },
      { text: 'https://contoso.example/kb/1', href: 'https://contoso.example/kb/1' },
      { text: '. Thanks' },
    ]);
  });

  it('keeps a closing parenthesis that belongs to the URL', () => {
    expect(toRichText('(see https://en.wikipedia.org/wiki/Foo_(bar))')).toEqual([
      { text: '(see ' },
      { text: 'https://en.wikipedia.org/wiki/Foo_(bar)', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' },
      { text: ')' },
    ]);
  });

  it('links Markdown links with an http(s) target under their label', () => {
    expect(toRichText('Read [the advisory](https://contoso.example/a) now')).toEqual([
      { text: 'Read ' },
      { text: 'the advisory', href: 'https://contoso.example/a' },
      { text: ' now' },
    ]);
  });

  it.each([
    '[click](javascript:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
    'javascript:alert(1)',
    'data:text/html,hi',
  ])('never links %p: it stays as the characters typed', (text) => {
    const parts = toRichText(text);
    expect(parts.every((part) => part.href === undefined)).toBe(true);
    expect(parts.map((part) => part.text).join('')).toBe(text);
  });

  it('drops characters that cannot appear in HTML or XML', () => {
    expect(toRichText('a\u0001b')).toEqual([{ text: 'ab' }]);
  });
});

describe('toSiteBase', () => {
  it.each([
    ['https://status.contoso.example', 'https://status.contoso.example/'],
    ['https://contoso.example/status', 'https://contoso.example/status/'],
    ['https://contoso.example/status/index.html', 'https://contoso.example/status/'],
    ['https://contoso.example/status/?x=1#y', 'https://contoso.example/status/'],
  ])('reads %p as the directory %p', (pageUrl, base) => {
    expect(toSiteBase(pageUrl)).toBe(base);
  });

  it('is undefined without a page address, or with one that is not http(s)', () => {
    expect(toSiteBase(undefined)).toBeUndefined();
    expect(toSiteBase('javascript:alert(1)')).toBeUndefined();
  });
});

describe('siteUrl', () => {
  it('is absolute under the base', () => {
    expect(siteUrl('https://contoso.example/status/', 'incidents/INC-1.html#INC-1-2')).toBe(
      'https://contoso.example/status/incidents/INC-1.html#INC-1-2',
    );
  });

  it('starts at the host root without a base, so it means the same from any folder', () => {
    expect(siteUrl(undefined, 'incidents/INC-1.html')).toBe('/incidents/INC-1.html');
  });
});
