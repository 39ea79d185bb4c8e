// Issue 13, part 1: the worst time per function that touches user text, on 64 KiB adversarial input. A
// quadratic scanner shows twice: as a worst time far past the budget, and as growth — the time at 64 KiB over
// the time at 16 KiB is about 4 for linear work and about 16 for quadratic work.
import { performance } from 'node:perf_hooks';
import { fromTeamsActivity } from '../../src/adapters/teams/activity';
import { loadSiteRenderer } from '../../src/adapters/render/handlebarsRenderer';
import { findTemplatesDir } from '../../src/adapters/render/templatesDir';
import { parseCommand } from '../../src/core/commands/parseCommand';
import { EMPTY_CATALOG } from '../../src/core/model/catalog';
import { emptyState, type StatusState } from '../../src/core/model/state';
import { renderAtom, renderRss } from '../../src/core/site/feeds';
import { toRichText } from '../../src/core/site/links';
import { toStatuspageDocuments } from '../../src/core/site/statuspageJson';
import { ADVERSARIAL_LENGTH, WORST_CASE_SHAPES } from './adversarialText';
import { round } from './stats';

/**
 * Worst time one function may take on 64 KiB of text (three times the longest message a command accepts): a
 * twentieth of Teams' 5 s. Rendering writes the text into a dozen files, escaped each time, so it is the slowest.
 */
export const TEXT_WORST_MS = 250;
/** Time at 64 KiB over time at 16 KiB: 4 when linear; past 8 the work grows faster than the text. */
export const TEXT_GROWTH_MAX = 8;
const GROWTH_FLOOR_MS = 20;

export interface TextWorst {
  name: string;
  worstMs: number;
  worstInput: string;
  growth: number;
  verdict: 'PASS' | 'MISS';
}

const NOW = '2026-11-21T12:00:00.000Z';
const AUTHOR = { name: 'Grace Hopper' };
const SETTINGS = {
  pageTitle: 'Contoso status',
  pageUrl: 'https://status.contoso.example/',
  catalog: EMPTY_CATALOG,
};

/** A state whose open incident's title and update carry the text, as if no cap had stopped it. */
function stateWith(text: string): StatusState {
  const state = emptyState(NOW);
  return {
    ...state,
    version: 2,
    nextIncidentNumber: 2,
    incidents: [
      {
        id: 'INC-1',
        number: 1,
        title: text.slice(0, 200),
        status: 'investigating',
        impact: 'major',
        components: [],
        createdAt: NOW,
        updatedAt: NOW,
        roles: {},
        updates: [
          {
            id: 'INC-1-1',
            status: 'investigating',
            message: text,
            createdAt: NOW,
            author: AUTHOR,
            componentChanges: [],
          },
        ],
        timeline: [{ at: NOW, kind: 'update', text: 'Investigating', author: AUTHOR, updateId: 'INC-1-1' }],
      },
    ],
    history: { months: { '2026-11': 1 }, archived: [] },
  };
}

function functions(): Record<string, (text: string) => unknown> {
  const render = loadSiteRenderer({ templatesDir: findTemplatesDir(), ...SETTINGS });
  const activity = (text: string) =>
    fromTeamsActivity({
      type: 'message',
      text: `<at>Status</at> ${text}`,
      from: { id: '29:1', name: 'Grace Hopper' },
      entities: [{ type: 'mention', text: '<at>Status</at>', mentioned: { id: '28:bot', name: 'Status' } }],
    });
  const parse = (prefix: string) => (text: string) => parseCommand(`${prefix}${text}`);
  return {
    'read activity (fromTeamsActivity)': activity,
    'parse (no verb)': parse(''),
    'parse open': parse('open '),
    'parse open with |': parse('open Chat down | '),
    'parse update': parse('update INC-1 identified '),
    'parse update [components]': parse('update INC-1 ['),
    'parse close': parse('close INC-1 '),
    'parse note': parse('note INC-1 '),
    'parse maintenance': parse('maintenance '),
    'parse component': parse('component '),
    'parse next': parse('next INC-1 '),
    'link detection (toRichText)': toRichText,
    'render the site': (text) => render(stateWith(text)),
    'feeds (Atom, RSS)': (text) => [
      renderAtom(stateWith(text), SETTINGS),
      renderRss(stateWith(text), SETTINGS),
    ],
    'Statuspage JSON': (text) => JSON.stringify(toStatuspageDocuments(stateWith(text), SETTINGS)),
  };
}

function fastest(run: () => unknown, times = 5): number {
  run();
  let best = Infinity;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

export function measureTextWorst(): TextWorst[] {
  return Object.entries(functions()).map(([name, run]) => {
    let worstMs = 0;
    let worstInput = '';
    let growth = 0;
    for (const [shape, make] of Object.entries(WORST_CASE_SHAPES)) {
      const quarterText = make(ADVERSARIAL_LENGTH / 4);
      const text = make(ADVERSARIAL_LENGTH);
      const quarter = fastest(() => run(quarterText));
      const full = fastest(() => run(text));
      if (full > worstMs) {
        worstMs = full;
        worstInput = shape;
      }
      // Below GROWTH_FLOOR_MS a collection pause outweighs the work, and the ratio says nothing.
      if (full >= GROWTH_FLOOR_MS) growth = Math.max(growth, full / Math.max(quarter, 0.5));
    }
    const ok = worstMs <= TEXT_WORST_MS && growth <= TEXT_GROWTH_MAX;
    return {
      name,
      worstMs: round(worstMs),
      worstInput,
      growth: round(growth, 1),
      verdict: ok ? 'PASS' : 'MISS',
    };
  });
}

export function printTextWorst(rows: readonly TextWorst[]): void {
  console.log(
    `\nWorst time per function on 64 KiB adversarial text (target ≤ ${TEXT_WORST_MS} ms, growth 16→64 KiB ≤ ${TEXT_GROWTH_MAX}×)`,
  );
  for (const row of rows) {
    console.log(
      `  ${row.verdict}  ${row.name.padEnd(34)} ${String(row.worstMs).padStart(9)} ms  ${String(row.growth).padStart(5)}×  worst: ${row.worstInput}`,
    );
  }
}
