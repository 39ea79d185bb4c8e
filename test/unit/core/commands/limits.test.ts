import {
  jsonLength,
  OPEN_INCIDENTS,
  PENDING_MAINTENANCES,
  STATE_BUDGET,
  TIMELINE_PER_INCIDENT,
  UPDATES_PER_INCIDENT,
} from '../../../../src/core/commands/limits';
import type { Outcome } from '../../../../src/core/commands/applyCommand';
import { COMPONENTS_PER_COMMAND } from '../../../../src/core/commands/grammar';
import { parseCommand } from '../../../../src/core/commands/parseCommand';
import { resolveComponents } from '../../../../src/core/commands/componentEffects';
import { openVerb } from '../../../../src/core/commands/open';
import {
  aMaintenance,
  anOpenIncident,
  aResolvedIncident,
  deepFreeze,
  anUpdate,
  aState,
  COMMAND_CATALOG,
  T0,
} from '../../../support/builders';
import { apply } from './commandHelpers';

// Issue 13, part 3: nothing was capped. 390 updates of 20 KB made an 11.7 MB state; near 30 MB every command,
// `close` too, failed. Each cap is met as a reply that says what to do, and changes nothing.

function refusal(outcome: Outcome): string {
  if (outcome.kind !== 'rejected')
    throw new Error(`expected a refusal, got ${outcome.kind}: ${outcome.reply.text}`);
  return outcome.reply.text;
}

const withUpdates = (count: number) =>
  anOpenIncident(1, { updates: Array.from({ length: count }, (_, i) => anUpdate('INC-1', i + 1)) });

describe('limits', () => {
  it('refuses an update past the updates an incident keeps, and says what to do instead', () => {
    const state = aState({ incidents: [withUpdates(UPDATES_PER_INCIDENT)] });
    const text = refusal(apply(state, 'update INC-1 Still working on it'));
    expect(text).toContain(`INC-1 already has ${UPDATES_PER_INCIDENT} public updates`);
    expect(text).toContain('Nothing was changed');
    expect(text).toContain('edit INC-1');
  });

  it('still closes an incident at its update cap with a short message', () => {
    const state = aState({ incidents: [withUpdates(UPDATES_PER_INCIDENT)] });
    expect(apply(state, 'close INC-1 Fixed').kind).toBe('changed');
  });

  it('accepts the last update that fits', () => {
    const state = aState({ incidents: [withUpdates(UPDATES_PER_INCIDENT - 1)] });
    expect(apply(state, 'update INC-1 One more').kind).toBe('changed');
  });

  it('refuses a note past the timeline an incident keeps', () => {
    const incident = anOpenIncident(1);
    const note = incident.timeline[0];
    if (!note) throw new Error('the builder gives a note');
    const full = { ...incident, timeline: Array.from({ length: TIMELINE_PER_INCIDENT }, () => note) };
    expect(refusal(apply(aState({ incidents: [full] }), 'note INC-1 more'))).toContain(
      `timeline already has ${TIMELINE_PER_INCIDENT} entries`,
    );
  });

  it('refuses to open an incident past the open incidents the page shows', () => {
    const incidents = Array.from({ length: OPEN_INCIDENTS }, (_, i) => anOpenIncident(i + 1));
    const text = refusal(apply(aState({ incidents }), 'open Another outage | Investigating'));
    expect(text).toContain(`${OPEN_INCIDENTS} incidents are already open`);
    expect(text).toContain('close those that are over');
  });

  it('refuses to schedule a maintenance window past the pending windows the page keeps', () => {
    const maintenances = Array.from({ length: PENDING_MAINTENANCES }, (_, i) => aMaintenance(i + 1));
    const state = aState({ maintenances, nextMaintenanceNumber: PENDING_MAINTENANCES + 1 });
    const text = refusal(apply(state, 'maintenance in 2h for 30m Upgrade | Brief downtime'));
    expect(text).toContain(`${PENDING_MAINTENANCES} maintenance windows are already scheduled`);
  });

  it('refuses a command that would grow the state past its size budget, and says what to do', () => {
    const big = 'x'.repeat(19_000);
    const updates = Array.from({ length: 99 }, (_, i) => anUpdate('INC-1', i + 1, { message: big }));
    const incidents = [1, 2, 3].map((n) =>
      anOpenIncident(n, { updates: updates.map((u) => ({ ...u, id: `INC-${n}-${u.id}` })) }),
    );
    const state = aState({ incidents });
    expect(JSON.stringify(state).length).toBeGreaterThan(STATE_BUDGET - 400_000);
    const grown = apply(state, `update INC-1 ${big}`);
    const next = grown.kind === 'changed' ? apply(grown.state, `update INC-2 ${big}`) : grown;
    const text = refusal(next.kind === 'changed' ? apply(next.state, `update INC-3 ${big}`) : next);
    expect(text).toContain('size budget');
    expect(text).toContain('nothing was changed');
  });

  it('lets a close through at the size budget: it is how the state gets smaller', () => {
    const big = 'x'.repeat(19_000);
    const updates = Array.from({ length: 75 }, (_, i) => anUpdate('INC-1', i + 1, { message: big }));
    const incidents = [1, 2, 3].map((n) => anOpenIncident(n, { updates }));
    const state = aState({ incidents });
    expect(JSON.stringify(state).length).toBeGreaterThan(STATE_BUDGET);
    expect(refusal(apply(state, `update INC-1 ${big}`))).toContain('size budget');
    expect(apply(state, `close INC-1 ${big}`).kind).toBe('changed');
  });

  it('never refuses a change that makes nothing bigger', () => {
    const incidents = Array.from({ length: OPEN_INCIDENTS + 5 }, (_, i) => anOpenIncident(i + 1));
    expect(apply(aState({ incidents }), 'close INC-3 Fixed', T0).kind).toBe('changed');
  });
});

describe('jsonLength', () => {
  // The size budget is checked on every command; the state's JSON is not made again for it.
  it.each([
    ['no incidents', aState({})],
    ['one open incident', aState({ incidents: [anOpenIncident(1)] })],
    [
      'open and frozen resolved incidents, with text that JSON escapes',
      aState({
        incidents: [
          anOpenIncident(3, { title: 'Quotes " and \\ and \n and ✓' }),
          deepFreeze(aResolvedIncident(2, T0)),
          deepFreeze(aResolvedIncident(1, T0)),
        ],
      }),
    ],
  ])('is the length of the state as JSON: %s', (_, state) => {
    expect(jsonLength(state)).toBe(JSON.stringify(state).length);
  });
});

describe('component lists', () => {
  // `[Chat, chat, CHAT, Chat: down]` stored Chat four times with contradictory statuses.
  it('merges the same component named in any case into one entry', () => {
    const parsed = parseCommand('open [Chat, chat, CHAT, Chat: major_outage] Chat is down | Investigating');
    expect(parsed.ok && 'components' in parsed.command ? parsed.command.components : undefined).toEqual([
      { name: 'Chat', status: 'major_outage' },
    ]);
    const outcome = apply(
      aState(),
      'open [Chat, chat, CHAT, Chat: major_outage] Chat is down | Investigating',
    );
    if (outcome.kind !== 'changed') throw new Error(outcome.reply.text);
    expect(outcome.state.incidents[0]?.components).toEqual(['chat']);
    expect(outcome.state.components).toEqual({ chat: { status: 'major_outage', updatedAt: T0 } });
  });

  it('refuses one component given two different statuses, and changes nothing', () => {
    const parsed = parseCommand(
      'open [Chat: partial_outage, chat: major_outage] Chat is down | Investigating',
    );
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(
      '"chat" is given two statuses, partial_outage and major_outage',
    );
  });

  it('merges a component named twice when the list is checked against the catalog, and refuses two statuses', () => {
    const merged = resolveComponents(
      [{ name: 'Chat' }, { name: 'chat', status: 'partial_outage' }],
      COMMAND_CATALOG,
      'major_outage',
      openVerb,
    );
    expect(merged).toEqual({ ok: true, value: [{ id: 'chat', status: 'partial_outage' }] });
    const conflict = resolveComponents(
      [
        { name: 'Chat', status: 'partial_outage' },
        { name: 'chat', status: 'major_outage' },
      ],
      COMMAND_CATALOG,
      'major_outage',
      openVerb,
    );
    expect(conflict.ok ? '' : refusal(conflict.outcome)).toMatch(/two statuses/);
  });

  it(`refuses a list of more than ${COMPONENTS_PER_COMMAND} components`, () => {
    const names = Array.from({ length: COMPONENTS_PER_COMMAND + 1 }, (_, i) => `C${i}`).join(', ');
    const parsed = parseCommand(`open [${names}] Everything | Investigating`);
    expect(parsed.ok ? '' : parsed.error).toContain(`at most ${COMPONENTS_PER_COMMAND} components`);
  });
});
