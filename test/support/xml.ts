import { SaxesParser } from 'saxes';

function parse(xml: string, onText?: (element: string, text: string) => void): void {
  const parser = new SaxesParser({ xmlns: true });
  let failure: Error | undefined;
  const open: string[] = [];
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => open.push(tag.local));
  parser.on('closetag', () => open.pop());
  parser.on('text', (text) => onText?.(open[open.length - 1] ?? '', text));
  parser.write(xml).close();
  if (failure) throw failure;
}

/** Parses XML with saxes, a conformant XML 1.0 parser: throws on anything not well-formed. */
export function assertWellFormedXml(xml: string): void {
  parse(xml);
}

/** The text of every element with this local name, decoded exactly once, as an XML reader sees it. */
export function elementTexts(xml: string, name: string): string[] {
  const texts: string[] = [];
  parse(xml, (element, text) => {
    if (element === name) texts.push(text);
  });
  return texts;
}
