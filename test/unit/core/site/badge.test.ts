import { renderBadge, textWidth, toBadgeView } from '../../../../src/core/site/badge';
import { aResolvedIncident, aState, anOpenIncident, PAGE_CATALOG, T0 } from '../../../support/builders';
import { assertWellFormedXml } from '../../../support/xml';

describe('toBadgeView', () => {
  it('is green and says "All Systems Operational" when nothing is open', () => {
    expect(toBadgeView(aState({ incidents: [aResolvedIncident(1, T0)] }), PAGE_CATALOG)).toEqual({
      label: 'status',
      message: 'All Systems Operational',
      colour: '#1a7f37',
    });
  });

  it.each([
    ['critical', 'Major Service Outage', '#b42318'],
    ['major', 'Partial System Outage', '#bc4c00'],
    ['minor', 'Minor Service Outage', '#9a6700'],
    ['none', 'All Systems Operational', '#1a7f37'],
  ] as const)(
    'says the page status of the worst open impact %p (%p) in colour',
    (impact, message, colour) => {
      expect(
        toBadgeView(
          aState({ incidents: [anOpenIncident(1, { impact }), anOpenIncident(2, { impact: 'none' })] }),
          PAGE_CATALOG,
        ),
      ).toEqual({
        label: 'status',
        message,
        colour,
      });
    },
  );

  it('is blue under maintenance and follows a component that is down with no incident open', () => {
    const down = aState({ components: { website: { status: 'major_outage', updatedAt: T0 } } });
    expect(toBadgeView(down, PAGE_CATALOG)).toMatchObject({
      message: 'Major Service Outage',
      colour: '#b42318',
    });
  });
});

describe('renderBadge', () => {
  it('is a well-formed SVG image named in words for screen readers', () => {
    const svg = renderBadge(aState({ incidents: [anOpenIncident(1)] }), PAGE_CATALOG);
    assertWellFormedXml(svg);
    expect(svg).toContain('role="img" aria-label="status: Partial System Outage"');
    expect(svg).toContain('<title>status: Partial System Outage</title>');
    expect(svg).toContain('fill="#bc4c00"');
  });

  it('is wide enough for its words', () => {
    const short = renderBadge(aState({ incidents: [anOpenIncident(1, { impact: 'minor' })] }), PAGE_CATALOG);
    const long = renderBadge(aState(), PAGE_CATALOG);
    const width = (svg: string) => Number(/<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
    expect(width(long)).toBeGreaterThan(width(short));
    expect(width(long)).toBeGreaterThan(textWidth('status') + textWidth('All Systems Operational'));
  });
});
