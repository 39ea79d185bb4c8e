import { encodeXML } from 'entities';
import type { Catalog } from '../model/catalog';
import type { StatusState } from '../model/state';
import { derivePageStatus, type PageIndicator } from './pageStatus';

// badge.svg: the current status in words and colour, in the shape of a shields.io badge so it sits well in a
// README or wiki. The words are the page status's (the header's), never user text.

export const BADGE_PATH = 'badge.svg';

/** White text on these keeps at least 4.5:1 contrast. */
export const BADGE_COLOURS: Readonly<Record<PageIndicator, string>> = {
  none: '#1a7f37',
  maintenance: '#0550ae',
  minor: '#9a6700',
  major: '#bc4c00',
  critical: '#b42318',
};

// Approximate advance widths of Verdana 11px (the badge font), in pixels. `textLength` makes the text fit the
// box exactly whichever font the reader has, so an estimate only needs to be close.
const NARROW = new Set([..."fijlrt.,:;!|()[]'"]);
const WIDE = new Set([...'mwMW@%']);

export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    if (char === ' ') width += 3.9;
    else if (NARROW.has(char)) width += 3.9;
    else if (WIDE.has(char)) width += 10.5;
    else if (char >= 'A' && char <= 'Z') width += 7.5;
    else width += 6.6;
  }
  return Math.round(width * 10) / 10;
}

export interface BadgeView {
  label: string;
  message: string;
  colour: string;
}

export function toBadgeView(state: StatusState, catalog: Catalog): BadgeView {
  const status = derivePageStatus(state, catalog);
  return { label: 'status', message: status.description, colour: BADGE_COLOURS[status.indicator] };
}

export function renderBadge(state: StatusState, catalog: Catalog): string {
  const { label, message, colour } = toBadgeView(state, catalog);
  const padding = 6;
  const labelText = textWidth(label);
  const messageText = textWidth(message);
  const left = Math.round(labelText + 2 * padding);
  const right = Math.round(messageText + 2 * padding);
  const width = left + right;
  const text = `${encodeXML(label)}: ${encodeXML(message)}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${text}">`,
    `<title>${text}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${colour}"/><rect width="${width}" height="20" fill="url(#s)"/></g>`,
    '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">',
    `<text x="${left / 2}" y="14" textLength="${labelText}">${encodeXML(label)}</text>`,
    `<text x="${left + right / 2}" y="14" textLength="${messageText}">${encodeXML(message)}</text>`,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
