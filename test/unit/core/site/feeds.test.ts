import { parseFeed } from '@rowanmanning/feed-parser';
import { toPlainText } from '../../../../src/core/site/plainText';
import { FEED_LENGTH, latestEntries, renderAtom, renderRss } from '../../../../src/core/site/feeds';
import {
  aResolvedIncident,
  aState,
  anOpenIncident,
  anUpdate,
  deepFreeze,
  minutesAfter,
  minutesBefore,
  PAGE_URL,
  settings,
  settingsWithoutUrl,
  T0,
} from '../../../support/builders';
import { busyState, HOSTILE, HOSTILE_CATALOG, hostileState } from '../../../fixtures/states';
import { assertWellFormedXml, elementTexts } from '../../../support/xml';

const FEEDS = [
  ['history.atom', renderAtom],
  ['history.rss', renderRss],
] as const;

describe('latestEntries', () => {
  it('makes every public update an entry, newest first, at most 50', () => {
    const incidents = Array.from({ length: 30 }, (_, index) =>
      aResolvedIncident(index + 1, minutesBefore(T0, index * 100)),
    );
    const entries = latestEntries(aState({ incidents }));
    expect(entries).toHaveLength(FEED_LENGTH);
    expect(entries.slice(0, 4).map((entry) => entry.update.id)).toEqual([
      'INC-1-3',
      'INC-1-2',
      'INC-1-1',
      'INC-2-3',
    ]);
    const times = entries.map((entry) => Date.parse(entry.update.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it.each([
    ['oldest first', (i: number) => minutesAfter(T0, i * 7)],
    ['newest first', (i: number) => minutesBefore(T0, i * 7)],
    ['shuffled, with ties', (i: number) => minutesBefore(T0, ((i * 37) % 29) * 5)],
  ])('keeps the newest, in order, whatever order the incidents come in: %s', (_, at) => {
    const incidents = Array.from({ length: 40 }, (_, i) =>
      aResolvedIncident(i + 1, at(i), {
        updates: [1, 2, 3].map((n) => anUpdate(`INC-${i + 1}`, n, { createdAt: at(i) })),
      }),
    );
    const all = incidents
      .flatMap((incident) => incident.updates.map((update) => ({ incident, update })))
      .sort(
        (a, b) =>
          Date.parse(b.update.createdAt) - Date.parse(a.update.createdAt) ||
          b.update.id.localeCompare(a.update.id),
      );
    expect(latestEntries(aState({ incidents })).map((entry) => entry.update.id)).toEqual(
      all.slice(0, FEED_LENGTH).map((entry) => entry.update.id),
    );
    expect(latestEntries(aState({ incidents }), 0)).toEqual([]);
  });
});

describe.each(FEEDS)('%s', (name, render) => {
  it('is well-formed XML and a feed a real parser reads: title, link and one item per update', () => {
    const xml = render(busyState(), settings());
    assertWellFormedXml(xml);
    const feed = parseFeed(xml);
    expect(feed.title).toBe('Contoso status – incident history');
    expect(feed.url).toBe(`${PAGE_URL}index.html`);
    // Five open incidents of four updates and eight resolved ones of three.
    expect(feed.items).toHaveLength(44);
    const [first] = feed.items;
    expect(first?.title).toBe('VPN logins fail – Investigating');
    expect(first?.url).toBe(`${PAGE_URL}incidents/INC-94.html#INC-94-4`);
    expect(first?.id).toBe(`${PAGE_URL}incidents/INC-94.html#INC-94-4`);
    expect(first?.published?.toISOString()).toBe(minutesBefore(T0, 200 - 4 * 30 - 3 * 20));
  });

  it('carries each update as HTML: status, headline, message with http(s) links, component changes', () => {
    const state = aState({
      incidents: [
        anOpenIncident(1, {
          title: 'Chat is down',
          updates: [
            anUpdate('INC-1', 1, {
              status: 'identified',
              headline: 'Cause found',
              message: 'Details at https://contoso.example/kb/1\nSecond line',
              componentChanges: [{ componentId: 'chat', from: 'operational', to: 'partial_outage' }],
            }),
          ],
        }),
      ],
    });
    const [item] = parseFeed(render(state, settings())).items;
    expect(item?.content ?? item?.description).toBe(
      '<p><strong>Identified</strong> – Cause found</p><p>Details at <a href="https://contoso.example/kb/1">https://contoso.example/kb/1</a><br>Second line</p><p>Chat: Partial outage</p>',
    );
  });

  it('makes each line end one break, whether typed as CRLF, CR or LF, and drops what XML forbids', () => {
    const state = aState({
      incidents: [
        anOpenIncident(1, {
          updates: [anUpdate('INC-1', 1, { message: 'one\r\ntwo\rthree\nfour\u0001 & <b>' })],
        }),
      ],
    });
    const [item] = parseFeed(render(state, settings())).items;
    expect(item?.content ?? item?.description).toContain('<p>one<br>two<br>three<br>four & <b></p>');
  });

  it('changes only when its entries do: it is dated by the newest entry, not by the state', () => {
    const incidents = [aResolvedIncident(1, minutesBefore(T0, 60))];
    expect(render(aState({ incidents, updatedAt: T0 }), settings())).toBe(
      render(aState({ incidents, updatedAt: minutesAfter(T0, 600), version: 99 }), settings()),
    );
  });

  it('stays well-formed and inert with hostile text: markup escaped, `]]>` harmless, forbidden characters dropped', () => {
    const xml = render(hostileState(), settings(HOSTILE_CATALOG));
    assertWellFormedXml(xml);
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain('<evil');
    expect(xml).not.toContain(']]>');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    const feed = parseFeed(xml);
    expect(feed.items.map((item) => item.title)).toContain(`Title ${toPlainText(HOSTILE)} – Identified`);
    // The HTML a feed reader renders (the element text, decoded once): no element but ours, no link but http(s).
    const bodies = [...elementTexts(xml, 'content'), ...elementTexts(xml, 'description')].filter((body) =>
      body.startsWith('<p>'),
    );
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      expect(body.match(/<\/?[a-z]+/gi)?.every((tag) => /^<\/?(p|strong|br|a)$/.test(tag))).toBe(true);
      expect([...body.matchAll(/href="([^"]*)"/g)].map((match) => match[1])).toEqual(
        body.includes('href=') ? ['https://contoso.example/a?b=1&#38;c=2'] : [],
      );
    }
    expect(bodies.join('')).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('links relative to the host root when no page address is configured, and stays valid', () => {
    const xml = render(busyState(), settingsWithoutUrl());
    assertWellFormedXml(xml);
    const feed = parseFeed(xml);
    expect(feed.items[0]?.url).toMatch(/^\/incidents\/INC-94\.html#INC-94-4$/);
  });

  it(`names itself as ${name}`, () => {
    expect(render(aState(), settings())).toContain(`${PAGE_URL}${name}`);
  });
});

// Issue 13, part 8: every render made every entry again, links and escaping, for both feeds, though most entries
// are updates of resolved incidents, which the state store hands out frozen.
describe("the feeds at the state's cap", () => {
  const counting = () => {
    const catalog = settings().catalog;
    let lookups = 0;
    const counted = {
      ...catalog,
      get components() {
        lookups += 1;
        return catalog.components;
      },
    };
    return { counted, lookups: () => lookups };
  };
  const changing = (number: number) =>
    aResolvedIncident(number, T0, {
      updates: [
        anUpdate(`INC-${number}`, 1, {
          status: 'resolved',
          componentChanges: [{ componentId: 'chat', from: 'major_outage', to: 'operational' }],
        }),
      ],
    });

  it("makes each feed's entry for a frozen update once, and for any other update each time", () => {
    const { counted, lookups } = counting();
    const frozen = aState({ incidents: [deepFreeze(changing(1))] });
    const site = { ...settings(), catalog: counted };
    const atom = renderAtom(frozen, site);
    const rss = renderRss(frozen, site);
    expect(renderAtom(frozen, site)).toBe(atom);
    expect(renderRss(frozen, site)).toBe(rss);
    expect(lookups()).toBe(2);
    const open = aState({ incidents: [changing(2)] });
    renderAtom(open, site);
    renderAtom(open, site);
    expect(lookups()).toBe(4);
  });

  it('follows a change to an update that is not frozen', () => {
    const incident = changing(1);
    const state = aState({ incidents: [incident] });
    expect(renderAtom(state, settings())).toContain('Update 1 of INC-1');
    const [update] = incident.updates;
    if (update) update.message = 'Chat is back';
    expect(renderAtom(state, settings())).toContain('Chat is back');
  });
});

describe('renderAtom', () => {
  it('has the elements Atom requires: feed id, title, updated, author; entry id, title, updated', () => {
    const xml = renderAtom(aState({ incidents: [aResolvedIncident(1, T0)] }), settings());
    expect(xml).toContain(`<id>${PAGE_URL}history.atom</id>`);
    expect(xml).toContain(`<updated>${T0}</updated>`);
    expect(xml).toContain('<author><name>Contoso status</name></author>');
    expect(xml.match(/<entry>/g)).toHaveLength(3);
  });

  it('gives entries tag: IDs when no page address is configured (Atom IDs must be absolute)', () => {
    const xml = renderAtom(aState({ incidents: [aResolvedIncident(1, T0)] }), settingsWithoutUrl());
    expect(xml).toMatch(/<id>tag:status-page\.invalid,2026:[0-9a-z]{12}\/INC-1-3<\/id>/);
  });

  it('dates an edited update by its edit', () => {
    const state = aState({
      incidents: [anOpenIncident(1, { updates: [anUpdate('INC-1', 1, { editedAt: minutesAfter(T0, 5) })] })],
    });
    const [item] = parseFeed(renderAtom(state, settings())).items;
    expect(item?.updated?.toISOString()).toBe(minutesAfter(T0, 5));
  });
});
