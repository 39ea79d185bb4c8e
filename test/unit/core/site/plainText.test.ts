import { toPlainText } from '../../../../src/core/site/plainText';

describe('toPlainText', () => {
  it('keeps ordinary text, tabs, newlines, emoji and accents as they are', () => {
    const text = 'Chat is down\tfor everyone 🚑\nünïcödé — “quotes” <b> & ]]>';
    expect(toPlainText(text)).toBe(text);
  });

  it('turns Windows and old Mac line ends into \\n', () => {
    expect(toPlainText('one\r\ntwo\rthree')).toBe('one\ntwo\nthree');
  });

  it('drops the control characters XML 1.0 forbids and HTML reports as parse errors', () => {
    expect(toPlainText('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\u007Fh\u0085i\u009Fj')).toBe(
      'abcdefghij',
    );
  });

  it('drops noncharacters, in the basic plane and beyond it', () => {
    expect(toPlainText('a\uFFFEb\uFFFFc\uFDD0d\u{1FFFE}e\u{10FFFF}f')).toBe('abcdef');
  });

  it('drops the halves of broken surrogate pairs but keeps whole pairs', () => {
    expect(toPlainText('a\uD800b\uDC00c😀')).toBe('abc😀');
  });
});
