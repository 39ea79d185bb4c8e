import { renderBadge, textWidth, toBadgeView } from '../../../../src/core/site/badge';
import { aResolvedIncident, aState, anOpenIncident, T0 } from '../../../support/builders';
import { assertWellFormedXml } from '../../../support/xml';

describe('toBadgeView', () => {
  it('is green and says "All systems operational" when nothing is open', () => {
    expect(toBadgeView(aState({ incidents: [aResolvedIncident(1, T0)] }))).toEqual({
      label: 'status',
      message: 'All systems operational',
      colour: '#1a7f37',
    });
  });

  it.each([
    ['critical', 'Critical outage', '#8c1d13'],
    ['major', 'Major outage', '#b42318'],
    ['minor', 'Minor disruption', '#9a6700'],
    ['none', 'Service notice', '#0550ae'],
  ] as const)('says the worst open impact %p in words (%p) and colour', (impact, message, colour) => {
    expect(
      toBadgeView(
        aState({ incidents: [anOpenIncident(1, { impact }), anOpenIncident(2, { impact: 'none' })] }),
      ),
    ).toEqual({
      label: 'status',
      message,
      colour,
    });
  });
});

describe('renderBadge', () => {
  it('is a well-formed SVG image named in words for screen readers', () => {
    const svg = renderBadge(aState({ incidents: [anOpenIncident(1)] }));
    assertWellFormedXml(svg);
    expect(svg).toContain('role="img" aria-label="status: Major outage"');
    expect(svg).toContain('<title>status: Major outage</title>');
    expect(svg).toContain('fill="#b42318"');
  });

  it('is wide enough for its words', () => {
    const short = renderBadge(aState({ incidents: [anOpenIncident(1, { impact: 'none' })] }));
    const long = renderBadge(aState());
    const width = (svg: string) => Number(/<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
    expect(width(long)).toBeGreaterThan(width(short));
    expect(width(long)).toBeGreaterThan(textWidth('status') + textWidth('All systems operational'));
  });
});
