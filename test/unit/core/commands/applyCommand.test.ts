import { applyCommand, type CommandContext, type Outcome } from '../../../../src/core/commands/applyCommand';
import { parseCommand, type Command } from '../../../../src/core/commands/parseCommand';
import { USAGE } from '../../../../src/core/commands/registry';
import { UNDO_WINDOW_MINUTES } from '../../../../src/core/commands/undoRecords';
import {
  emptyState,
  type Incident,
  type Maintenance,
  type StatusState,
} from '../../../../src/core/model/state';
import {
  ADA,
  aContext,
  ALICE,
  aMaintenance,
  aResolvedIncident,
  aState,
  anOpenIncident,
  BOB,
  deepFreeze,
  minutesAfter,
  T0,
} from '../builders';

const PAGE_URL = 'https://status.contoso.example/';

const context = aContext;

/** A command as a person types it; fails the spec if it does not parse. */
function typed(text: string): Command {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(`"${text}" did not parse: ${result.error}`);
  return result.command;
}

const asCommand = (command: Command | string): Command =>
  typeof command === 'string' ? typed(command) : command;

function apply(
  state: StatusState,
  command: Command | string,
  now = T0,
  fields: Partial<CommandContext> = {},
): Outcome {
  return applyCommand(state, asCommand(command), context(now, fields));
}

function changed(outcome: Outcome): Extract<Outcome, { kind: 'changed' }> {
  if (outcome.kind !== 'changed')
    throw new Error(`expected a change, got ${outcome.kind}: ${outcome.reply.text}`);
  return outcome;
}

function refusal(outcome: Outcome): string {
  if (outcome.kind !== 'rejected')
    throw new Error(`expected a refusal, got ${outcome.kind}: ${outcome.reply.text}`);
  expect(outcome).not.toHaveProperty('state');
  return outcome.reply.text;
}

function answer(outcome: Outcome): string {
  if (outcome.kind !== 'answered')
    throw new Error(`expected an answer, got ${outcome.kind}: ${outcome.reply.text}`);
  expect(outcome).not.toHaveProperty('state');
  return outcome.reply.text;
}

function incident(state: StatusState, id: string): Incident {
  const found = state.incidents.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`${id} is not in the state`);
  return found;
}

function maintenance(state: StatusState, id: string): Maintenance {
  const found = state.maintenances.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`${id} is not in the state`);
  return found;
}

/** The status of a component (by ID); components the state does not name are operational. */
const statusOf = (state: StatusState, id: string) => state.components[id]?.status ?? 'operational';

/** Applies commands one after the other from an empty state, a minute apart, and returns the final state. */
function stateAfter(...commands: (Command | string)[]): StatusState {
  return commands.reduce(
    (state, command, index) => changed(apply(state, command, minutesAfter(T0, index))).state,
    emptyState(T0),
  );
}

const open = (title: string, message = title): Command => ({ verb: 'open', title, message });

describe('applyCommand', () => {
  describe('open', () => {
    it('opens INC-1 as investigating, with the message as its first update', () => {
      const outcome = changed(apply(emptyState(T0), open('Chat is down', 'We are investigating')));

      expect(outcome.subjectId).toBe('INC-1');
      expect(outcome.state.nextIncidentNumber).toBe(2);
      expect(outcome.state.incidents).toEqual([
        {
          id: 'INC-1',
          number: 1,
          title: 'Chat is down',
          status: 'investigating',
          impact: 'major',
          components: [],
          createdAt: T0,
          updatedAt: T0,
          updates: [
            {
              id: 'INC-1-1',
              status: 'investigating',
              message: 'We are investigating',
              createdAt: T0,
              author: ALICE,
              componentChanges: [],
            },
          ],
          roles: {},
          timeline: [{ at: T0, kind: 'update', text: 'Investigating', author: ALICE, updateId: 'INC-1-1' }],
          nextUpdateAt: minutesAfter(T0, 60),
        },
      ]);
    });

    it('assigns sequential IDs INC-1, INC-2, INC-3', () => {
      const state = stateAfter(open('First'), open('Second'), open('Third'));
      expect(state.incidents.map((i) => [i.id, i.number, i.title])).toEqual([
        ['INC-1', 1, 'First'],
        ['INC-2', 2, 'Second'],
        ['INC-3', 3, 'Third'],
      ]);
      expect(state.nextIncidentNumber).toBe(4);
    });

    it('continues numbering after incidents that were archived', () => {
      const outcome = changed(apply(aState([], { nextIncidentNumber: 8 }), open('Again')));
      expect(outcome.subjectId).toBe('INC-8');
      expect(outcome.state.nextIncidentNumber).toBe(9);
    });

    it('never reuses the number of a resolved incident', () => {
      const state = stateAfter(open('First'), { verb: 'close', incident: 1 }, open('Second'));
      expect(state.incidents.map((i) => i.id)).toEqual(['INC-1', 'INC-2']);
    });

    it('replies with the new ID, the impact, and a card about the incident', () => {
      const { reply } = changed(apply(emptyState(T0), open('Chat is down', 'Looking')));
      expect(reply.text).toBe('Opened INC-1: Chat is down (investigating, major impact).');
      expect(reply.card).toEqual({
        title: 'INC-1: Chat is down',
        tone: 'attention',
        summary: 'Opened INC-1: Chat is down (investigating, major impact).',
        facts: [
          { title: 'Status', value: 'Investigating' },
          { title: 'Impact', value: 'major' },
          { title: 'Next update by', value: '21 Nov 2026, 13:00 UTC' },
          { title: 'Latest update', value: 'Looking' },
        ],
      });
    });

    it('does not modify the state it is given', () => {
      const before = deepFreeze(aState([anOpenIncident(1)]));
      const copy = structuredClone(before);
      changed(apply(before, 'open critical [Chat, VPN] Another'));
      expect(before).toEqual(copy);
    });

    it('is major unless an impact is given', () => {
      expect(incident(stateAfter('open Chat is down'), 'INC-1').impact).toBe('major');
      expect(incident(stateAfter('open sev1 Chat is down'), 'INC-1').impact).toBe('critical');
      expect(incident(stateAfter('open minor Chat is slow'), 'INC-1').impact).toBe('minor');
    });

    it('resolves the components it names against the catalog, ignoring case and punctuation', () => {
      const state = stateAfter('open major [chat, FILES, VPN.] Collaboration down | Looking');
      expect(incident(state, 'INC-1').components).toEqual(['chat', 'files', 'vpn']);
    });

    it.each([
      ['critical', 'major_outage'],
      ['major', 'partial_outage'],
      ['minor', 'degraded_performance'],
    ] as const)('sets the components of a %s incident to %s and records the change', (impact, status) => {
      const state = stateAfter(`open ${impact} [Chat, Files] Chat is down | Looking`);
      expect(state.components).toEqual({
        chat: { status, updatedAt: T0 },
        files: { status, updatedAt: T0 },
      });
      expect(state.componentEvents).toEqual([
        { componentId: 'chat', status, at: T0 },
        { componentId: 'files', status, at: T0 },
      ]);
      expect(incident(state, 'INC-1').updates[0]?.componentChanges).toEqual([
        { componentId: 'chat', from: 'operational', to: status },
        { componentId: 'files', from: 'operational', to: status },
      ]);
    });

    it('leaves the components of an incident without impact operational, and records no change', () => {
      const state = stateAfter('open none [Chat] Heads-up: Chat will restart tonight');
      expect(incident(state, 'INC-1').components).toEqual(['chat']);
      expect(state.components).toEqual({});
      expect(state.componentEvents).toEqual([]);
      expect(incident(state, 'INC-1').updates[0]?.componentChanges).toEqual([]);
    });

    it('uses a status given for a component instead of the one the impact implies', () => {
      const state = stateAfter('open critical [Chat: degraded, VPN] VPN down | Looking');
      expect(statusOf(state, 'chat')).toBe('degraded_performance');
      expect(statusOf(state, 'vpn')).toBe('major_outage');
    });

    it('refuses unknown components, naming them and listing the valid ones, and changes nothing', () => {
      const before = deepFreeze(emptyState(T0));
      const text = refusal(apply(before, 'open major [Chat, Printers, Fax] Outage'));
      expect(text).toContain('Unknown component "Printers", "Fax".');
      expect(text).toContain('The components are: Chat, Files, Email, VPN, Website.');
      expect(text).toContain(USAGE.open.form);
    });

    it('says that no component is configured when the catalog is empty', () => {
      const text = refusal(
        apply(emptyState(T0), 'open [Chat] Outage', T0, { catalog: { components: [], templates: [] } }),
      );
      expect(text).toContain('The components are: none are configured.');
    });

    it.each([
      ['critical', 30],
      ['major', 60],
      ['minor', 120],
    ] as const)('promises the next update of a %s incident %d minutes later', (impact, minutes) => {
      const state = stateAfter(`open ${impact} Something broke`);
      expect(incident(state, 'INC-1').nextUpdateAt).toBe(minutesAfter(T0, minutes));
    });

    it('promises no next update for an incident without impact', () => {
      expect(incident(stateAfter('open none Heads-up'), 'INC-1')).not.toHaveProperty('nextUpdateAt');
    });

    it('counts the incident in the month it started', () => {
      const november = stateAfter(open('First'), open('Second'));
      expect(november.history.months).toEqual({ '2026-11': 2 });
      const december = changed(apply(november, open('Third'), '2026-12-01T00:00:00.000Z')).state;
      expect(december.history.months).toEqual({ '2026-11': 2, '2026-12': 1 });
    });
  });

  describe('open from a template', () => {
    it('takes the title, impact, components and message from the template', () => {
      const state = stateAfter('open from vpn-down');
      const opened = incident(state, 'INC-1');
      expect(opened).toMatchObject({
        title: 'VPN connections failing',
        impact: 'critical',
        components: ['vpn'],
        status: 'investigating',
      });
      expect(opened.updates[0]?.message).toBe('Remote staff cannot connect.');
      expect(statusOf(state, 'vpn')).toBe('major_outage');
      expect(opened.nextUpdateAt).toBe(minutesAfter(T0, 30));
    });

    it('adds the extra text on a line after the template message', () => {
      const state = stateAfter('open from EMAIL-DELAY Mostly Outlook users');
      expect(incident(state, 'INC-1').updates[0]?.message).toBe(
        'Some messages are arriving late.\nMostly Outlook users',
      );
      expect(statusOf(state, 'email')).toBe('degraded_performance');
    });

    it('refuses an unknown template and lists the ones there are', () => {
      const text = refusal(apply(emptyState(T0), 'open from printer-jam'));
      expect(text).toContain('There is no template "printer-jam". The templates are: email-delay, vpn-down.');
      expect(text).toContain(USAGE.open.form);
    });
  });

  describe('update', () => {
    const later = minutesAfter(T0, 10);

    it('with no ID, updates the only open incident', () => {
      const state = stateAfter(open('Chat is down', 'Looking'));
      const outcome = changed(
        apply(state, { verb: 'update', status: 'identified', message: 'Cause found' }, later),
      );

      expect(outcome.subjectId).toBe('INC-1');
      const updated = incident(outcome.state, 'INC-1');
      expect(updated.status).toBe('identified');
      expect(updated.updatedAt).toBe(later);
      expect(updated.createdAt).toBe(T0);
      expect(updated.updates).toHaveLength(2);
      expect(updated.updates[1]).toEqual({
        id: 'INC-1-2',
        status: 'identified',
        message: 'Cause found',
        createdAt: later,
        author: ALICE,
        componentChanges: [],
      });
      expect(updated.updates[0]).toEqual(incident(state, 'INC-1').updates[0]);
    });

    it('keeps the current status when the update names none', () => {
      const state = stateAfter(open('Chat is down'), {
        verb: 'update',
        incident: 1,
        status: 'monitoring',
        message: 'Fix out',
      });
      const outcome = changed(apply(state, { verb: 'update', message: 'Still watching' }, later));
      const updated = incident(outcome.state, 'INC-1');
      expect(updated.status).toBe('monitoring');
      expect(updated.updates.at(-1)).toMatchObject({ status: 'monitoring', message: 'Still watching' });
    });

    it('with an ID, updates that incident and leaves the others alone', () => {
      const state = stateAfter(open('First'), open('Second'), open('Third'));
      const outcome = changed(
        apply(state, { verb: 'update', incident: 2, status: 'identified', message: 'Found it' }, later),
      );
      expect(outcome.subjectId).toBe('INC-2');
      expect(incident(outcome.state, 'INC-2').updates.at(-1)?.message).toBe('Found it');
      expect(incident(outcome.state, 'INC-1')).toEqual(incident(state, 'INC-1'));
      expect(incident(outcome.state, 'INC-3')).toEqual(incident(state, 'INC-3'));
      expect(outcome.state.incidents.map((i) => i.id)).toEqual(['INC-1', 'INC-2', 'INC-3']);
    });

    it('with several open incidents and no ID, lists their IDs, asks which, and changes nothing', () => {
      const state = deepFreeze(stateAfter(open('Chat is down'), open('Mail is slow')));
      const text = refusal(apply(state, { verb: 'update', message: 'Looking' }, later));
      expect(text).toContain('2 incidents are open');
      expect(text).toContain('INC-1 (Chat is down)');
      expect(text).toContain('INC-2 (Mail is slow)');
      expect(text).toContain('Say which one, e.g. "update INC-1 …"');
    });

    it('does not count resolved incidents when it looks for the only open one', () => {
      const state = stateAfter(open('First'), open('Second'), { verb: 'close', incident: 1 });
      const outcome = changed(apply(state, { verb: 'update', message: 'Progress' }, later));
      expect(outcome.subjectId).toBe('INC-2');
    });

    it('with no open incident, says so and shows how to open one', () => {
      const text = refusal(apply(emptyState(T0), { verb: 'update', message: 'Hello' }));
      expect(text).toContain('There is no open incident');
      expect(text).toContain('To start one: "open <title>".');
      expect(text).toContain(USAGE.update.form);
    });

    it('refuses an ID that was never used', () => {
      const state = stateAfter(open('First'));
      const text = refusal(apply(state, { verb: 'update', incident: 9, message: 'x' }, later));
      expect(text).toContain('There is no incident INC-9.');
      expect(text).toContain('"list"');
      expect(text).toContain(USAGE.update.form);
    });

    it('refuses an archived ID: one that was used but is no longer in the state', () => {
      const state = aState([anOpenIncident(5)], { nextIncidentNumber: 6 });
      const text = refusal(apply(state, { verb: 'update', incident: 2, message: 'x' }, later));
      expect(text).toBe(
        'INC-2 is no longer current (resolved and archived, or undone); open a new incident instead.',
      );
    });

    it('refuses an incident that is already resolved and says how to reopen it', () => {
      const state = stateAfter(open('First'), { verb: 'close', incident: 1 });
      const text = refusal(apply(state, { verb: 'update', incident: 1, message: 'Back again' }, later));
      expect(text).toBe(
        'INC-1 was already resolved at 21 Nov 2026, 12:01 UTC; type "reopen INC-1" first to change it.',
      );
    });

    it('refuses an incident in postmortem', () => {
      const state = aState([aResolvedIncident(1, T0, 'postmortem')]);
      expect(refusal(apply(state, { verb: 'update', incident: 1, message: 'x' }, later))).toContain(
        'INC-1 was already resolved',
      );
    });

    it.each([
      ['investigating', 'attention'],
      ['identified', 'attention'],
      ['monitoring', 'warning'],
    ] as const)('replies with the new status %p and a card toned %p', (status, tone) => {
      const state = stateAfter(open('Chat is down'));
      const { reply } = changed(apply(state, { verb: 'update', status, message: 'News' }, later));
      expect(reply.text).toBe(`Updated INC-1 (${status}).`);
      expect(reply.card?.tone).toBe(tone);
      expect(reply.card?.facts).toContainEqual({ title: 'Latest update', value: 'News' });
    });

    it('tones the card of a minor incident as a warning', () => {
      const state = stateAfter('open minor Mail is slow');
      expect(changed(apply(state, 'update Queues draining', later)).reply.card?.tone).toBe('warning');
    });

    it('keeps the headline of the headline form', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(
        apply(state, 'update INC-1 Identified | A major outage | The root cause is a bad deploy', later),
      );
      expect(incident(outcome.state, 'INC-1').updates.at(-1)).toMatchObject({
        status: 'identified',
        headline: 'A major outage',
        message: 'The root cause is a bad deploy',
      });
    });

    it('records which component statuses it changed, and only those', () => {
      const state = stateAfter('open major [Chat, Files] Collaboration down | Looking');
      const outcome = changed(
        apply(state, 'update INC-1 identified [Chat: down, Files: partial, Email] Cause found', later),
      );
      const updated = incident(outcome.state, 'INC-1');
      expect(updated.updates.at(-1)?.componentChanges).toEqual([
        { componentId: 'chat', from: 'partial_outage', to: 'major_outage' },
        { componentId: 'email', from: 'operational', to: 'partial_outage' },
      ]);
      expect(updated.components).toEqual(['chat', 'files', 'email']);
      expect(outcome.state.components.chat).toEqual({ status: 'major_outage', updatedAt: later });
      expect(outcome.state.components.files).toEqual({ status: 'partial_outage', updatedAt: T0 });
      expect(outcome.state.componentEvents.slice(-2)).toEqual([
        { componentId: 'chat', status: 'major_outage', at: later },
        { componentId: 'email', status: 'partial_outage', at: later },
      ]);
    });

    it('mentions the component changes in the timeline entry of the update', () => {
      const state = stateAfter('open major [Chat] Chat is down | Looking');
      const outcome = changed(apply(state, 'update [Chat: operational] Chat is back', later));
      expect(incident(outcome.state, 'INC-1').timeline.at(-1)).toEqual({
        at: later,
        kind: 'update',
        text: 'Investigating (Chat: operational)',
        author: ALICE,
        updateId: 'INC-1-2',
      });
    });

    it('refuses unknown components and changes nothing', () => {
      const state = deepFreeze(stateAfter(open('Chat is down')));
      const text = refusal(apply(state, 'update [Chat, Teleporter] Looking', later));
      expect(text).toContain('Unknown component "Teleporter".');
      expect(text).toContain(USAGE.update.form);
    });

    it('renews the next-update promise from the time of the update, by impact', () => {
      const state = stateAfter('open critical Everything is down');
      const outcome = changed(apply(state, 'update identified Cause found', later));
      expect(incident(outcome.state, 'INC-1').nextUpdateAt).toBe(minutesAfter(later, 30));
    });

    describe('with a resolving status ("fixed")', () => {
      it('resolves the incident, with the message as the last update', () => {
        const state = stateAfter('open major [Chat] Chat is down | Looking');
        const outcome = changed(apply(state, 'update INC-1 fixed The certificate was renewed', later));
        const resolved = incident(outcome.state, 'INC-1');
        expect(resolved.status).toBe('resolved');
        expect(resolved.resolvedAt).toBe(later);
        expect(resolved).not.toHaveProperty('nextUpdateAt');
        expect(resolved.updates.at(-1)).toMatchObject({
          status: 'resolved',
          message: 'The certificate was renewed',
          componentChanges: [{ componentId: 'chat', from: 'partial_outage', to: 'operational' }],
        });
        expect(statusOf(outcome.state, 'chat')).toBe('operational');
        expect(outcome.reply.text).toBe('Resolved INC-1: Chat is down. No incident is open.');
      });

      it('puts a component it names without a status back to operational', () => {
        // Resolving says the incident is over: a component named in the same breath is not left broken.
        const state = stateAfter('open major [Chat] Chat is down | Looking');
        const outcome = changed(apply(state, 'update INC-1 fixed [Chat] Chat works again', later));
        expect(incident(outcome.state, 'INC-1').status).toBe('resolved');
        expect(statusOf(outcome.state, 'chat')).toBe('operational');
      });
    });
  });

  describe('close', () => {
    const later = minutesAfter(T0, 30);

    it('with no ID, resolves the only open incident with the default message', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(apply(state, { verb: 'close' }, later));
      const closed = incident(outcome.state, 'INC-1');
      expect(closed.status).toBe('resolved');
      expect(closed.resolvedAt).toBe(later);
      expect(closed.updatedAt).toBe(later);
      expect(closed.updates.at(-1)).toEqual({
        id: 'INC-1-2',
        status: 'resolved',
        message: 'This incident has been resolved.',
        createdAt: later,
        author: ALICE,
        componentChanges: [],
      });
    });

    it('uses the message it is given', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(
        apply(state, { verb: 'close', incident: 1, message: 'Service restored' }, later),
      );
      expect(incident(outcome.state, 'INC-1').updates.at(-1)?.message).toBe('Service restored');
    });

    it('says that no incident is left open when it closes the last one', () => {
      const state = stateAfter(open('Chat is down'));
      const { reply } = changed(apply(state, { verb: 'close' }, later));
      expect(reply.text).toBe('Resolved INC-1: Chat is down. No incident is open.');
      expect(reply.card?.tone).toBe('good');
      expect(reply.card?.facts).toContainEqual({ title: 'Status', value: 'Resolved' });
    });

    it('with an ID, resolves that incident and says how many are still open', () => {
      const state = stateAfter(open('First'), open('Second'), open('Third'));
      const outcome = changed(apply(state, { verb: 'close', incident: 2 }, later));
      expect(outcome.subjectId).toBe('INC-2');
      expect(outcome.state.incidents.map((i) => i.status)).toEqual([
        'investigating',
        'resolved',
        'investigating',
      ]);
      expect(outcome.reply.text).toBe('Resolved INC-2: Second. 2 still open.');
    });

    it('with several open incidents and no ID, lists their IDs, asks which, and changes nothing', () => {
      const state = deepFreeze(stateAfter(open('Chat is down'), open('Mail is slow'), open('VPN drops')));
      const text = refusal(apply(state, { verb: 'close', message: 'Fixed' }, later));
      expect(text).toContain(
        '3 incidents are open: INC-1 (Chat is down), INC-2 (Mail is slow), INC-3 (VPN drops).',
      );
      expect(text).toContain('"close INC-1 …"');
    });

    it('with no open incident, says so', () => {
      const text = refusal(apply(emptyState(T0), { verb: 'close' }));
      expect(text).toContain('There is no open incident');
      expect(text).toContain(USAGE.close.form);
    });

    it('refuses an incident that is already resolved, saying when', () => {
      const state = stateAfter(open('Chat is down'), { verb: 'close', incident: 1 });
      const text = refusal(apply(state, { verb: 'close', incident: 1 }, later));
      expect(text).toBe('INC-1 was already resolved at 21 Nov 2026, 12:01 UTC; nothing changed.');
    });

    it('refuses an ID that was never used', () => {
      const state = stateAfter(open('First'));
      const text = refusal(apply(state, { verb: 'close', incident: 2 }, later));
      expect(text).toContain('There is no incident INC-2.');
      expect(text).toContain(USAGE.close.form);
    });

    it('refuses an archived ID', () => {
      const state = aState([], { nextIncidentNumber: 4 });
      const text = refusal(apply(state, { verb: 'close', incident: 3 }, later));
      expect(text).toBe(
        'INC-3 is no longer current (resolved and archived, or undone); open a new incident instead.',
      );
    });

    it('puts its components back to operational and records that on the closing update', () => {
      const state = stateAfter('open critical [Chat, Files] Collaboration down | Looking');
      const outcome = changed(apply(state, 'close INC-1 Service restored', later));
      expect(statusOf(outcome.state, 'chat')).toBe('operational');
      expect(statusOf(outcome.state, 'files')).toBe('operational');
      expect(incident(outcome.state, 'INC-1').updates.at(-1)?.componentChanges).toEqual([
        { componentId: 'chat', from: 'major_outage', to: 'operational' },
        { componentId: 'files', from: 'major_outage', to: 'operational' },
      ]);
      expect(outcome.state.componentEvents.slice(-2)).toEqual([
        { componentId: 'chat', status: 'operational', at: later },
        { componentId: 'files', status: 'operational', at: later },
      ]);
    });

    it('leaves a component that another open incident still holds as it is', () => {
      const state = stateAfter(
        'open major [Chat, Files] Collaboration down | Looking',
        'open critical [Chat] Chat is down | Looking',
      );
      const outcome = changed(apply(state, 'close INC-1', later));
      expect(statusOf(outcome.state, 'files')).toBe('operational');
      expect(statusOf(outcome.state, 'chat')).toBe('major_outage');
      expect(incident(outcome.state, 'INC-1').updates.at(-1)?.componentChanges).toEqual([
        { componentId: 'files', from: 'partial_outage', to: 'operational' },
      ]);
    });

    it('restores a component once the last incident holding it is closed', () => {
      const state = stateAfter(
        'open major [Chat] Chat is slow | Looking',
        'open critical [Chat] Chat is down | Looking',
        'close INC-1',
      );
      expect(statusOf(state, 'chat')).toBe('major_outage');
      expect(statusOf(changed(apply(state, 'close INC-2', later)).state, 'chat')).toBe('operational');
    });

    it('leaves a component under maintenance alone', () => {
      const state = aState([anOpenIncident(1, T0, { components: ['email'] })], {
        components: { email: { status: 'under_maintenance', updatedAt: T0 } },
      });
      const outcome = changed(apply(state, 'close INC-1', later));
      expect(statusOf(outcome.state, 'email')).toBe('under_maintenance');
    });

    it('drops the next-update promise and the ETA', () => {
      const state = stateAfter('open critical Down', 'eta INC-1 2h');
      expect(incident(state, 'INC-1').eta).toBeDefined();
      const closed = incident(changed(apply(state, 'close', later)).state, 'INC-1');
      expect(closed).not.toHaveProperty('nextUpdateAt');
      expect(closed).not.toHaveProperty('eta');
    });
  });

  describe('reopen', () => {
    const later = minutesAfter(T0, 30);

    it('brings a resolved incident back to investigating with a new update', () => {
      const state = stateAfter('open major [Chat] Chat is down | Looking', 'close INC-1 Fixed');
      const outcome = changed(apply(state, 'reopen INC-1 The errors are back', later));
      const reopened = incident(outcome.state, 'INC-1');
      expect(reopened.status).toBe('investigating');
      expect(reopened).not.toHaveProperty('resolvedAt');
      expect(reopened.updates.at(-1)).toMatchObject({
        id: 'INC-1-3',
        status: 'investigating',
        message: 'The errors are back',
        componentChanges: [{ componentId: 'chat', from: 'operational', to: 'partial_outage' }],
      });
      expect(statusOf(outcome.state, 'chat')).toBe('partial_outage');
      expect(reopened.nextUpdateAt).toBe(minutesAfter(later, 60));
      expect(reopened.timeline.map((entry) => entry.kind)).toEqual(['update', 'update', 'reopen', 'update']);
      expect(outcome.reply.text).toBe('Reopened INC-1: Chat is down (investigating).');
    });

    it('says it was reopened when no message is given', () => {
      const state = stateAfter(open('Chat is down'), 'close');
      expect(incident(changed(apply(state, 'reopen 1', later)).state, 'INC-1').updates.at(-1)?.message).toBe(
        'This incident has been reopened; we are investigating again.',
      );
    });

    it('brings back an incident in postmortem and drops the postmortem', () => {
      const state = stateAfter(open('Chat is down'), 'close', 'postmortem INC-1 https://wiki.example.com/pm');
      const reopened = incident(changed(apply(state, 'reopen INC-1', later)).state, 'INC-1');
      expect(reopened.status).toBe('investigating');
      expect(reopened).not.toHaveProperty('postmortem');
    });

    it('refuses an incident that is still open', () => {
      const state = stateAfter(open('Chat is down'));
      expect(refusal(apply(state, 'reopen INC-1', later))).toBe(
        'INC-1 is still open (investigating); nothing changed.',
      );
    });

    it('refuses an archived incident', () => {
      expect(refusal(apply(aState([], { nextIncidentNumber: 4 }), 'reopen INC-2', later))).toBe(
        'INC-2 is no longer current (resolved and archived, or undone); open a new incident instead.',
      );
    });
  });

  describe('impact', () => {
    const later = minutesAfter(T0, 10);

    it('changes the impact and says so on the timeline and in the reply', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(apply(state, 'impact INC-1 sev1', later));
      const raised = incident(outcome.state, 'INC-1');
      expect(raised.impact).toBe('critical');
      expect(raised.updatedAt).toBe(later);
      expect(raised.updates).toEqual(incident(state, 'INC-1').updates);
      expect(raised.timeline.at(-1)).toEqual({
        at: later,
        kind: 'impact',
        text: 'Impact raised to critical',
        author: ALICE,
      });
      expect(outcome.reply.text).toBe('INC-1: impact raised to critical.');
    });

    it('brings the next update forward when the impact rises', () => {
      // Major at T0: due at T0 + 60. Critical at T0 + 10: due at T0 + 40.
      const state = stateAfter(open('Chat is down'));
      const raised = incident(changed(apply(state, 'impact critical', later)).state, 'INC-1');
      expect(raised.nextUpdateAt).toBe(minutesAfter(T0, 40));
    });

    it('does not push the next update back when the impact falls', () => {
      const state = stateAfter(open('Chat is down'));
      const lowered = changed(apply(state, 'impact minor', later));
      expect(incident(lowered.state, 'INC-1').nextUpdateAt).toBe(minutesAfter(T0, 60));
      expect(lowered.reply.text).toBe('INC-1: impact lowered to minor.');
    });

    it('answers without a change when the impact is already that', () => {
      const state = stateAfter(open('Chat is down'));
      expect(answer(apply(state, 'impact INC-1 major', later))).toBe('INC-1 already has major impact.');
    });

    it('refuses a resolved incident', () => {
      const state = stateAfter(open('Chat is down'), 'close');
      expect(refusal(apply(state, 'impact INC-1 minor', later))).toContain('INC-1 was already resolved');
    });
  });

  describe('component', () => {
    const later = minutesAfter(T0, 10);

    it('sets one component, records the change, and says what it set', () => {
      const outcome = changed(apply(emptyState(T0), 'component Chat partial_outage', later));
      expect(outcome.state.components).toEqual({ chat: { status: 'partial_outage', updatedAt: later } });
      expect(outcome.state.componentEvents).toEqual([
        { componentId: 'chat', status: 'partial_outage', at: later },
      ]);
      expect(outcome.subjectId).toBe('components');
      expect(outcome.reply.text).toBe('Set Chat: partial outage.');
      expect(outcome.state.version).toBe(1);
    });

    it('sets several components at once, by name or ID in any case', () => {
      const outcome = changed(apply(emptyState(T0), 'component chat, FILES, vpn down', later));
      expect(outcome.state.components).toEqual({
        chat: { status: 'major_outage', updatedAt: later },
        files: { status: 'major_outage', updatedAt: later },
        vpn: { status: 'major_outage', updatedAt: later },
      });
      expect(outcome.reply.text).toBe('Set Chat: major outage, Files: major outage, VPN: major outage.');
    });

    it('refuses unknown components, listing the valid ones, and changes nothing', () => {
      const text = refusal(apply(deepFreeze(emptyState(T0)), 'component Chat, Fax down', later));
      expect(text).toContain(
        'Unknown component "Fax". The components are: Chat, Files, Email, VPN, Website.',
      );
      expect(text).toContain(USAGE.component.form);
    });

    it('answers without a change when the components already have that status', () => {
      expect(answer(apply(emptyState(T0), 'component Chat operational', later))).toBe(
        'Those components already have that status; nothing changed.',
      );
    });

    it('lists the components and their statuses with "components"', () => {
      const state = stateAfter('component Chat degraded');
      expect(answer(apply(state, 'components', later)).split('\n')).toEqual([
        'Components:',
        '- Chat (Collaboration): degraded_performance',
        '- Files (Collaboration): operational',
        '- Email (Communication): operational',
        '- VPN (Network): operational',
        '- Website: operational',
      ]);
    });
  });

  describe('role', () => {
    const later = minutesAfter(T0, 5);

    it('assigns the person Teams mentioned, with their Entra object ID', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(apply(state, 'role INC-1 commander @Ada Lovelace', later, { mentions: [ADA] }));
      const assigned = incident(outcome.state, 'INC-1');
      expect(assigned.roles).toEqual({ commander: ADA });
      expect(assigned.timeline.at(-1)).toEqual({
        at: later,
        kind: 'role',
        text: 'Ada Lovelace is commander',
        author: ALICE,
      });
      expect(outcome.reply.text).toBe('Ada Lovelace is now commander of INC-1.');
      expect(outcome.reply.card?.facts).toContainEqual({ title: 'Roles', value: 'commander: Ada Lovelace' });
    });

    it('matches the mention whatever its case', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(apply(state, 'role comms @ada lovelace', later, { mentions: [BOB, ADA] }));
      expect(incident(outcome.state, 'INC-1').roles.comms).toEqual(ADA);
    });

    it('assigns the person who typed it for "me"', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(apply(state, 'role scribe me', later));
      expect(incident(outcome.state, 'INC-1').roles).toEqual({ scribe: ALICE });
    });

    it('keeps the other roles when one is reassigned', () => {
      const state = stateAfter(open('Chat is down'), 'role scribe me');
      const outcome = changed(apply(state, 'role commander @Bob Builder', later, { mentions: [BOB] }));
      expect(incident(outcome.state, 'INC-1').roles).toEqual({ scribe: ALICE, commander: BOB });
    });

    it('refuses a name that is not a Teams mention, and changes nothing', () => {
      const state = deepFreeze(stateAfter(open('Chat is down')));
      const text = refusal(apply(state, 'role INC-1 commander @Ada Lovelace', later));
      expect(text).toContain('Mention the person with @ so Teams tells me who they are (or say "me")');
      expect(text).toContain('"Ada Lovelace" is not a mention.');
      expect(text).toContain(USAGE.role.form);
    });

    it('shows the roles in "list" and on the timeline, never in the public updates', () => {
      const state = stateAfter(open('Chat is down', 'Looking'), 'role commander me');
      expect(answer(apply(state, 'list', later))).toContain('(commander: Alice Admin)');
      expect(answer(apply(state, 'timeline', later))).toContain(
        'Timeline of INC-1: Chat is down (commander: Alice Admin)',
      );
      expect(JSON.stringify(incident(state, 'INC-1').updates)).not.toContain('commander');
    });
  });

  describe('note and timeline', () => {
    const later = minutesAfter(T0, 5);

    it('adds a note to the timeline and never as a public update', () => {
      const state = stateAfter(open('Chat is down', 'Looking'));
      const outcome = changed(apply(state, 'note INC-1 Rolled back deploy 4512', later));
      const noted = incident(outcome.state, 'INC-1');
      expect(noted.updates).toEqual(incident(state, 'INC-1').updates);
      expect(noted.status).toBe('investigating');
      expect(noted.timeline.at(-1)).toEqual({
        at: later,
        kind: 'note',
        text: 'Rolled back deploy 4512',
        author: ALICE,
      });
      expect(outcome.reply.text).toBe('Noted on the INC-1 timeline (internal).');
    });

    it('does not renew the next-update promise: a note is not an update', () => {
      const state = stateAfter(open('Chat is down'));
      const noted = incident(changed(apply(state, 'note Paged the DBA', later)).state, 'INC-1');
      expect(noted.nextUpdateAt).toBe(incident(state, 'INC-1').nextUpdateAt);
    });

    it('adds a note to a resolved incident', () => {
      const state = stateAfter(open('Chat is down'), 'close');
      const noted = incident(changed(apply(state, 'note INC-1 Follow-up ticket 881', later)).state, 'INC-1');
      expect(noted.status).toBe('resolved');
      expect(noted.timeline.at(-1)?.text).toBe('Follow-up ticket 881');
    });

    it('replies with the timeline, oldest first, with time, kind and author', () => {
      const state = stateAfter(
        open('Chat is down', 'Looking'),
        'note Paged the DBA',
        'update identified Disk full',
      );
      expect(answer(apply(state, 'timeline INC-1', later)).split('\n')).toEqual([
        'Timeline of INC-1: Chat is down',
        '- 21 Nov 2026, 12:00 UTC · update · Alice Admin: Investigating: Looking',
        '- 21 Nov 2026, 12:01 UTC · note · Alice Admin: Paged the DBA',
        '- 21 Nov 2026, 12:02 UTC · update · Alice Admin: Identified: Disk full',
      ]);
    });

    it('shows the timeline of a resolved incident when asked by ID', () => {
      const state = stateAfter(open('Chat is down'), 'close');
      expect(answer(apply(state, 'timeline INC-1', later))).toContain('Timeline of INC-1');
    });

    it('refuses a timeline of an incident that does not exist', () => {
      expect(refusal(apply(emptyState(T0), 'timeline INC-4'))).toContain('There is no incident INC-4.');
    });
  });

  describe('next and eta', () => {
    const later = minutesAfter(T0, 10);

    it('promises the next update after a duration', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(apply(state, 'next INC-1 30m', later));
      const promised = incident(outcome.state, 'INC-1');
      expect(promised.nextUpdateAt).toBe(minutesAfter(later, 30));
      expect(promised.timeline.at(-1)).toMatchObject({
        kind: 'next',
        text: 'Next update by 21 Nov 2026, 12:40 UTC',
      });
      expect(outcome.reply.text).toBe('INC-1: next update by 21 Nov 2026, 12:40 UTC.');
    });

    it('promises the next update by a UTC clock time, tomorrow if it has passed today', () => {
      const state = stateAfter(open('Chat is down'));
      const today = incident(changed(apply(state, 'next 14:30', later)).state, 'INC-1');
      expect(today.nextUpdateAt).toBe('2026-11-21T14:30:00.000Z');
      const tomorrow = incident(changed(apply(state, 'next 09:00', later)).state, 'INC-1');
      expect(tomorrow.nextUpdateAt).toBe('2026-11-22T09:00:00.000Z');
    });

    it('records an estimated time of resolution', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(apply(state, 'eta INC-1 2026-11-21T18:00Z', later));
      expect(incident(outcome.state, 'INC-1').eta).toBe('2026-11-21T18:00:00.000Z');
      expect(outcome.reply.text).toBe('INC-1: estimated resolution 21 Nov 2026, 18:00 UTC.');
      expect(outcome.reply.card?.facts).toContainEqual({ title: 'ETA', value: '21 Nov 2026, 18:00 UTC' });
    });

    it.each(['next', 'eta'])('%s refuses a time in the past, and changes nothing', (verb) => {
      const state = deepFreeze(stateAfter(open('Chat is down')));
      const text = refusal(apply(state, `${verb} INC-1 2026-11-21T11:00Z`, later));
      expect(text).toContain('"2026-11-21T11:00Z" is not a time in the future.');
      expect(text).toContain(USAGE[verb as 'next' | 'eta'].form);
    });

    it('refuses the very instant of the command', () => {
      const state = stateAfter(open('Chat is down'));
      expect(refusal(apply(state, 'eta 2026-11-21T12:10Z', later))).toContain('is not a time in the future');
    });

    it('refuses a resolved incident', () => {
      const state = stateAfter(open('Chat is down'), 'close');
      expect(refusal(apply(state, 'next INC-1 30m', later))).toContain('INC-1 was already resolved');
    });
  });

  describe('templates', () => {
    it('lists the templates with their title and impact', () => {
      expect(answer(apply(emptyState(T0), 'templates')).split('\n')).toEqual([
        'Templates ("open from <name> [more text]"):',
        '- email-delay: Email delivery delayed [minor]',
        '- vpn-down: VPN connections failing [critical]',
      ]);
    });

    it('says when none are configured', () => {
      expect(
        answer(apply(emptyState(T0), 'templates', T0, { catalog: { components: [], templates: [] } })),
      ).toBe('No incident templates are configured (status.config.json).');
    });
  });

  describe('maintenance', () => {
    it('schedules a window "in 2h for 30m" with its components, leaving them operational until it starts', () => {
      const outcome = changed(
        apply(
          emptyState(T0),
          'maintenance in 2h for 30m [Email] Mail server upgrade | Email may be briefly unavailable',
        ),
      );
      expect(outcome.subjectId).toBe('MNT-1');
      expect(outcome.state.nextMaintenanceNumber).toBe(2);
      expect(outcome.state.maintenances).toEqual([
        {
          id: 'MNT-1',
          number: 1,
          title: 'Mail server upgrade',
          status: 'scheduled',
          components: ['email'],
          scheduledFor: '2026-11-21T14:00:00.000Z',
          scheduledUntil: '2026-11-21T14:30:00.000Z',
          createdAt: T0,
          updatedAt: T0,
          updates: [
            {
              id: 'MNT-1-1',
              status: 'scheduled',
              message: 'Email may be briefly unavailable',
              createdAt: T0,
              author: ALICE,
            },
          ],
        },
      ]);
      expect(outcome.state.components).toEqual({});
      expect(outcome.state.incidents).toEqual([]);
      expect(outcome.reply.text).toBe(
        'Scheduled MNT-1: Mail server upgrade, 21 Nov 2026, 14:00 UTC – 21 Nov 2026, 14:30 UTC.',
      );
    });

    it('schedules a window between two ISO times', () => {
      const state = changed(
        apply(emptyState(T0), 'maintenance 2026-11-22T22:00Z 2026-11-23T01:00+01:00 [VPN] VPN upgrade'),
      ).state;
      expect(maintenance(state, 'MNT-1')).toMatchObject({
        scheduledFor: '2026-11-22T22:00:00.000Z',
        scheduledUntil: '2026-11-23T00:00:00.000Z',
        components: ['vpn'],
        title: 'VPN upgrade',
      });
    });

    it('schedules "22:00 for 1h" tonight, in UTC', () => {
      const state = changed(apply(emptyState(T0), 'maintenance 22:00 for 1h Database patch')).state;
      expect(maintenance(state, 'MNT-1')).toMatchObject({
        scheduledFor: '2026-11-21T22:00:00.000Z',
        scheduledUntil: '2026-11-21T23:00:00.000Z',
        components: [],
      });
    });

    it('numbers windows MNT-1, MNT-2 independently of incidents', () => {
      const state = stateAfter(
        open('Chat is down'),
        'maintenance in 1h for 1h A',
        'maintenance in 2h for 1h B',
      );
      expect(state.maintenances.map((window) => window.id)).toEqual(['MNT-1', 'MNT-2']);
      expect(state.nextIncidentNumber).toBe(2);
    });

    it('refuses a window that ends before it starts', () => {
      const text = refusal(
        apply(emptyState(T0), 'maintenance 2026-11-22T22:00Z 2026-11-22T21:00Z Backwards'),
      );
      expect(text).toContain('Maintenance must end after it starts.');
      expect(text).toContain(USAGE.maintenance.form);
    });

    it('refuses a window that is already over', () => {
      expect(
        refusal(apply(emptyState(T0), 'maintenance 2026-11-20T22:00Z 2026-11-20T23:00Z Yesterday')),
      ).toContain('That maintenance window is already over.');
    });

    it('refuses unknown components', () => {
      expect(refusal(apply(emptyState(T0), 'maintenance in 1h for 1h [Mainframe] Reboot'))).toContain(
        'Unknown component "Mainframe".',
      );
    });

    describe('cancel and complete', () => {
      const scheduled = aMaintenance(1, minutesAfter(T0, 60), minutesAfter(T0, 120), {
        components: ['email'],
      });
      const running = aMaintenance(2, minutesAfter(T0, -30), minutesAfter(T0, 30), {
        status: 'in_progress',
        components: ['email'],
        restore: { email: 'degraded_performance' },
      });
      const withWindows = aState([], {
        maintenances: [scheduled, running],
        nextMaintenanceNumber: 3,
        components: { email: { status: 'under_maintenance', updatedAt: minutesAfter(T0, -30) } },
      });

      it('cancels a window that has not started: completed, ending when it would have started', () => {
        const outcome = changed(apply(withWindows, 'maintenance cancel MNT-1'));
        const cancelled = maintenance(outcome.state, 'MNT-1');
        expect(cancelled.status).toBe('completed');
        expect(cancelled.scheduledUntil).toBe(scheduled.scheduledFor);
        expect(cancelled.updates.at(-1)).toEqual({
          id: 'MNT-1-2',
          status: 'completed',
          message: 'This maintenance has been cancelled.',
          createdAt: T0,
          author: ALICE,
        });
        expect(outcome.reply.text).toBe('Cancelled MNT-1: Maintenance 1.');
      });

      it('completes a running window early and restores its components to what they were', () => {
        const outcome = changed(apply(withWindows, 'maintenance complete MNT-2 All done'));
        const completed = maintenance(outcome.state, 'MNT-2');
        expect(completed.status).toBe('completed');
        expect(completed).not.toHaveProperty('restore');
        expect(completed.updates.at(-1)?.message).toBe('All done');
        expect(outcome.state.components.email).toEqual({ status: 'degraded_performance', updatedAt: T0 });
      });

      it('does not mark a component operational that an open incident took down during the window', () => {
        // Email went under maintenance; then an incident took it down; completing the window early must not
        // declare it healthy while the incident is open (the timer's own ending of a window respects this).
        const state = changed(apply(withWindows, 'open critical [Email] Mail is down | Looking')).state;
        expect(statusOf(state, 'email')).toBe('major_outage');
        const outcome = changed(apply(state, 'maintenance complete MNT-2', minutesAfter(T0, 5)));
        expect(statusOf(outcome.state, 'email')).toBe('major_outage');
      });

      it('refuses an unknown window', () => {
        expect(refusal(apply(withWindows, 'maintenance cancel MNT-9'))).toContain(
          'There is no maintenance MNT-9.',
        );
      });

      it('refuses a window that is already over', () => {
        const done = changed(apply(withWindows, 'maintenance cancel MNT-1')).state;
        expect(refusal(apply(done, 'maintenance complete MNT-1'))).toBe(
          'MNT-1 is already over; nothing changed.',
        );
      });
    });
  });

  describe('postmortem', () => {
    const later = minutesAfter(T0, 60);

    it('publishes a link on a resolved incident and moves it to postmortem', () => {
      const state = stateAfter(open('Chat is down'), 'close');
      const outcome = changed(apply(state, 'postmortem INC-1 https://wiki.example.com/pm/inc-1', later));
      const done = incident(outcome.state, 'INC-1');
      expect(done.status).toBe('postmortem');
      expect(done.postmortem).toEqual({
        url: 'https://wiki.example.com/pm/inc-1',
        publishedAt: later,
        author: ALICE,
      });
      expect(done.resolvedAt).toBe(incident(state, 'INC-1').resolvedAt);
      expect(done.timeline.at(-1)).toMatchObject({ kind: 'postmortem' });
      expect(outcome.reply.text).toBe('Published the postmortem of INC-1.');
    });

    it('keeps text that is not an http(s) link as text', () => {
      const state = stateAfter(open('Chat is down'), 'close');
      for (const text of ['An expired certificate. We now alert on expiry.', 'javascript:alert(1)']) {
        const done = incident(changed(apply(state, `postmortem INC-1 ${text}`, later)).state, 'INC-1');
        expect(done.postmortem).toEqual({ text, publishedAt: later, author: ALICE });
      }
    });

    it('refuses an incident that is still open', () => {
      const state = deepFreeze(stateAfter(open('Chat is down')));
      expect(refusal(apply(state, 'postmortem INC-1 https://wiki.example.com/pm', later))).toContain(
        'INC-1 is still open; close it before its postmortem.',
      );
    });

    it('replaces the postmortem of an incident already in postmortem', () => {
      const state = stateAfter(open('Chat is down'), 'close', 'postmortem INC-1 Draft');
      const done = incident(changed(apply(state, 'postmortem INC-1 Final', later)).state, 'INC-1');
      expect(done.postmortem?.text).toBe('Final');
    });
  });

  describe('edit', () => {
    const later = minutesAfter(T0, 5);

    it('replaces the text of the latest update, marks it edited, and keeps the old text on the timeline', () => {
      const state = stateAfter(
        open('Chat is down', 'Looking'),
        'update identified Load balancer misconfgured',
      );
      const outcome = changed(apply(state, 'edit INC-1 Load balancer misconfigured in West Europe', later));
      const edited = incident(outcome.state, 'INC-1');
      expect(edited.updates).toHaveLength(2);
      expect(edited.updates[0]).toEqual(incident(state, 'INC-1').updates[0]);
      expect(edited.updates[1]).toEqual({
        ...incident(state, 'INC-1').updates[1],
        message: 'Load balancer misconfigured in West Europe',
        editedAt: later,
      });
      expect(edited.status).toBe('identified');
      expect(edited.timeline.at(-1)).toEqual({
        at: later,
        kind: 'edit',
        text: 'Edited INC-1-2; it said: Load balancer misconfgured',
        author: ALICE,
      });
      expect(outcome.reply.text).toBe('Edited the latest update of INC-1.');
    });

    it('edits the resolving update of a resolved incident', () => {
      const state = stateAfter(open('Chat is down'), 'close INC-1 Fixd');
      const edited = incident(changed(apply(state, 'edit INC-1 Fixed', later)).state, 'INC-1');
      expect(edited.status).toBe('resolved');
      expect(edited.updates.at(-1)).toMatchObject({ status: 'resolved', message: 'Fixed', editedAt: later });
    });
  });

  describe('undo', () => {
    it('reverts the same person’s last update within 10 minutes, and records the undo on the timeline', () => {
      const before = stateAfter(open('Chat is down', 'Looking'));
      const updated = changed(apply(before, 'update identified Wrong incident!', minutesAfter(T0, 1))).state;
      const outcome = changed(apply(updated, 'undo', minutesAfter(T0, 1 + UNDO_WINDOW_MINUTES)));
      const restored = incident(outcome.state, 'INC-1');
      expect(restored.status).toBe('investigating');
      expect(restored.updates).toEqual(incident(before, 'INC-1').updates);
      expect(restored.timeline.slice(0, -1)).toEqual(incident(before, 'INC-1').timeline);
      expect(restored.timeline.at(-1)).toMatchObject({
        kind: 'undo',
        text: 'Undid: Updated INC-1 (identified).',
      });
      expect(outcome.reply.text).toBe('Undone: Updated INC-1 (identified).');
      expect(outcome.state.version).toBe(updated.version + 1);
    });

    it('restores the component statuses the change made', () => {
      const before = stateAfter('open major [Chat] Chat is down | Looking');
      const updated = changed(
        apply(before, 'update [Chat: down, Files: down] Worse', minutesAfter(T0, 1)),
      ).state;
      const undone = changed(apply(updated, 'undo', minutesAfter(T0, 2))).state;
      expect(statusOf(undone, 'chat')).toBe('partial_outage');
      expect(statusOf(undone, 'files')).toBe('operational');
    });

    it('refuses after 10 minutes', () => {
      const state = stateAfter(open('Chat is down'));
      expect(refusal(apply(state, 'undo', minutesAfter(T0, UNDO_WINDOW_MINUTES + 1)))).toBe(
        'You have no change of the last 10 minutes to undo.',
      );
    });

    it('never undoes someone else’s change', () => {
      const state = stateAfter(open('Chat is down'));
      expect(refusal(apply(state, 'undo', minutesAfter(T0, 1), { actor: BOB }))).toBe(
        'You have no change of the last 10 minutes to undo.',
      );
    });

    it('refuses when someone else changed the same incident since', () => {
      const opened = stateAfter(open('Chat is down'));
      const mine = changed(apply(opened, 'update identified Cause found', minutesAfter(T0, 1))).state;
      const theirs = changed(
        apply(mine, 'update monitoring Fix deployed', minutesAfter(T0, 2), { actor: BOB }),
      ).state;
      expect(refusal(apply(theirs, 'undo', minutesAfter(T0, 3)))).toBe(
        'INC-1 changed again since your change; undo refused. Set it right with a new command instead.',
      );
    });

    it('undoes my change when someone else changed a different incident since', () => {
      const opened = stateAfter(open('Chat is down'), open('Mail is slow'));
      const mine = changed(apply(opened, 'update INC-1 identified Cause found', minutesAfter(T0, 2))).state;
      const theirs = changed(
        apply(mine, 'update INC-2 identified Queue stuck', minutesAfter(T0, 3), { actor: BOB }),
      ).state;
      const undone = changed(apply(theirs, 'undo', minutesAfter(T0, 4))).state;
      expect(incident(undone, 'INC-1').status).toBe('investigating');
      expect(incident(undone, 'INC-2').status).toBe('identified');
    });

    it('does not silently revert a component status someone else set since', () => {
      // Alice opens INC-1 on Chat (partial outage); Bob then says Chat is fully down; Alice undoes her open.
      const opened = stateAfter('open major [Chat] Chat is down | Looking');
      const bobs = changed(
        apply(opened, 'component Chat major_outage', minutesAfter(T0, 1), { actor: BOB }),
      ).state;
      const outcome = apply(bobs, 'undo', minutesAfter(T0, 2));
      const after = outcome.kind === 'changed' ? outcome.state : bobs;
      expect(statusOf(after, 'chat')).toBe('major_outage');
    });

    it('undoes an open: the incident goes, its components recover, and its number is never reused', () => {
      const opened = stateAfter('open critical [Chat] Wrong channel | Oops');
      expect(opened.history.months).toEqual({ '2026-11': 1 });
      const undone = changed(apply(opened, 'undo', minutesAfter(T0, 1))).state;
      expect(undone.incidents).toEqual([]);
      expect(statusOf(undone, 'chat')).toBe('operational');
      expect(undone.history.months).toEqual({ '2026-11': 0 });
      expect(undone.nextIncidentNumber).toBe(2);
      const reopened = changed(apply(undone, open('Chat is down'), minutesAfter(T0, 2)));
      expect(reopened.subjectId).toBe('INC-2');
    });

    it('undoes a close: the incident is open again', () => {
      const closed = stateAfter('open major [Chat] Chat is down | Looking', 'close');
      const undone = changed(apply(closed, 'undo', minutesAfter(T0, 2))).state;
      expect(incident(undone, 'INC-1').status).toBe('investigating');
      expect(incident(undone, 'INC-1')).not.toHaveProperty('resolvedAt');
      expect(statusOf(undone, 'chat')).toBe('partial_outage');
    });

    it('undoes a scheduled maintenance', () => {
      const scheduled = stateAfter('maintenance in 2h for 30m [Email] Upgrade');
      const undone = changed(apply(scheduled, 'undo', minutesAfter(T0, 1))).state;
      expect(undone.maintenances).toEqual([]);
    });

    it('undoes a component change', () => {
      const set = stateAfter('component Chat down');
      const undone = changed(apply(set, 'undo', minutesAfter(T0, 1))).state;
      expect(statusOf(undone, 'chat')).toBe('operational');
    });

    it('steps back one change at a time, and an undo is not itself undone', () => {
      const state = stateAfter(open('Chat is down', 'Looking'), 'update identified A', 'update monitoring B');
      const once = changed(apply(state, 'undo', minutesAfter(T0, 3))).state;
      expect(incident(once, 'INC-1').status).toBe('identified');
      const twice = changed(apply(once, 'undo', minutesAfter(T0, 4))).state;
      expect(incident(twice, 'INC-1').status).toBe('investigating');
      expect(incident(twice, 'INC-1').updates.map((update) => update.message)).toEqual(['Looking']);
    });
  });

  describe('version', () => {
    const start = stateAfter(open('First'), open('Second'));
    const commands: [string, Command][] = [
      ['open', open('Third')],
      ['update', { verb: 'update', incident: 1, status: 'identified', message: 'Found' }],
      ['close', { verb: 'close', incident: 2 }],
      ['impact', typed('impact INC-1 critical')],
      ['role', typed('role INC-1 commander me')],
      ['note', typed('note INC-1 Paged the DBA')],
      ['next', typed('next INC-1 15m')],
      ['eta', typed('eta INC-1 3h')],
      ['edit', typed('edit INC-1 Better words')],
      ['component', typed('component Chat degraded')],
      ['maintenance', typed('maintenance in 2h for 1h Patch')],
    ];

    it.each(commands)('increases by exactly one on %s, and the state records when', (_verb, command) => {
      const now = minutesAfter(T0, 60);
      const outcome = changed(apply(start, command, now));
      expect(start.version).toBe(2);
      expect(outcome.state.version).toBe(3);
      expect(outcome.state.updatedAt).toBe(now);
    });

    it('counts every change from an empty state', () => {
      const versions: number[] = [];
      let state = emptyState(T0);
      for (const command of [
        open('A'),
        open('B'),
        { verb: 'update', incident: 1, message: 'x' },
        { verb: 'close', incident: 2 },
      ] as Command[]) {
        state = changed(apply(state, command)).state;
        versions.push(state.version);
      }
      expect(versions).toEqual([1, 2, 3, 4]);
    });

    it.each<[string, Command]>([
      ['list', { verb: 'list' }],
      ['help', { verb: 'help' }],
      ['components', { verb: 'components' }],
      ['templates', { verb: 'templates' }],
      ['timeline', { verb: 'timeline', incident: 1 }],
      ['a refused update', { verb: 'update', incident: 99, message: 'x' }],
      ['a refused close', { verb: 'close' }],
    ])('does not change on %s', (_label, command) => {
      const outcome = apply(start, command);
      expect(outcome.kind).not.toBe('changed');
      expect(outcome).not.toHaveProperty('state');
    });
  });

  describe('list', () => {
    it('says that all systems are operational when no incident is open', () => {
      const state = stateAfter(open('First'), { verb: 'close', incident: 1 });
      expect(answer(apply(state, { verb: 'list' }))).toBe('No incident is open: all systems operational.');
    });

    it('shows each open incident with its impact, its latest update and how long ago it was', () => {
      const state = stateAfter(
        open('Chat is down', 'Looking'),
        open('Mail is slow', 'Queues growing'),
        open('Old problem'),
        { verb: 'close', incident: 3 },
        { verb: 'update', incident: 1, status: 'identified', message: 'Cause found' },
      );
      // The update to INC-1 was made at T0 + 4 min, INC-2 was opened at T0 + 1 min.
      const text = answer(apply(state, { verb: 'list' }, minutesAfter(T0, 9)));
      expect(text.split('\n')).toEqual([
        '2 open incidents:',
        '- INC-1 [major] Identified: Chat is down. Latest update 5 minutes ago: Cause found',
        '- INC-2 [major] Investigating: Mail is slow. Latest update 8 minutes ago: Queues growing',
      ]);
    });

    it('speaks of one incident in the singular, and marks an overdue update', () => {
      const state = stateAfter(open('Chat is down', 'Looking'));
      const text = answer(apply(state, { verb: 'list' }, minutesAfter(T0, 120)));
      expect(text).toBe(
        '1 open incident:\n- INC-1 [major] Investigating: Chat is down. Latest update 2 hours ago: Looking ⚠ UPDATE OVERDUE (promised by 21 Nov 2026, 13:00 UTC)',
      );
    });

    it('does not mark an update overdue before its promised time', () => {
      const state = stateAfter(open('Chat is down', 'Looking'));
      expect(answer(apply(state, { verb: 'list' }, minutesAfter(T0, 60)))).not.toContain('OVERDUE');
    });

    it('lists maintenance that is not over', () => {
      const state = stateAfter('maintenance 2026-11-21T14:00Z 2026-11-21T15:00Z Mail upgrade');
      expect(answer(apply(state, 'list')).split('\n')).toEqual([
        'No incident is open: all systems operational.',
        'Maintenance:',
        '- MNT-1 scheduled: Mail upgrade (21 Nov 2026, 14:00 UTC – 21 Nov 2026, 15:00 UTC)',
      ]);
    });
  });

  describe('help', () => {
    it('lists every command with the page title and an example', () => {
      const text = answer(apply(emptyState(T0), { verb: 'help' }));
      expect(text).toContain('Contoso status');
      for (const usage of Object.values(USAGE)) expect(text).toContain(`- ${usage.form}`);
      expect(text).toContain('INC-3, inc-3, #3 or 3');
      expect(text).toContain(USAGE.open.example);
    });

    it.each(['open', 'update', 'close', 'list', 'help', 'maintenance', 'undo'] as const)(
      'explains %p on its own',
      (topic) => {
        const text = answer(apply(emptyState(T0), { verb: 'help', topic }));
        expect(text).toBe(`${USAGE[topic].form}\n${USAGE[topic].summary}\nExample: ${USAGE[topic].example}`);
      },
    );
  });

  describe('replies', () => {
    it('link to the status page, in the text and as the card action, when the page URL is set', () => {
      const { reply } = changed(apply(emptyState(T0), open('Chat is down'), T0, { pageUrl: PAGE_URL }));
      expect(reply.text).toBe(
        `Opened INC-1: Chat is down (investigating, major impact).\nStatus page: ${PAGE_URL}`,
      );
      expect(reply.card?.url).toBe(PAGE_URL);
    });

    it.each<[string, Command]>([
      ['update', { verb: 'update', message: 'News' }],
      ['close', { verb: 'close' }],
    ])('link to the status page after %s', (_verb, command) => {
      const state = stateAfter(open('Chat is down'));
      const { reply } = changed(apply(state, command, T0, { pageUrl: PAGE_URL }));
      expect(reply.text).toContain(`Status page: ${PAGE_URL}`);
      expect(reply.card?.url).toBe(PAGE_URL);
    });

    it('carry no link when no page URL is set', () => {
      const { reply } = changed(apply(emptyState(T0), open('Chat is down')));
      expect(reply.text).not.toContain('Status page');
      expect(reply.card).toBeDefined();
      expect(reply.card).not.toHaveProperty('url');
    });

    it('carry no card when they change nothing', () => {
      expect(apply(emptyState(T0), { verb: 'list' }, T0, { pageUrl: PAGE_URL }).reply.card).toBeUndefined();
      expect(apply(emptyState(T0), { verb: 'close' }, T0, { pageUrl: PAGE_URL }).reply.card).toBeUndefined();
    });

    it('show the components of the incident with their current status on the card', () => {
      const { reply } = changed(
        apply(emptyState(T0), 'open critical [Chat, Files: degraded] Down | Looking'),
      );
      expect(reply.card?.facts).toContainEqual({
        title: 'Components',
        value: 'Chat: major outage, Files: degraded performance',
      });
    });
  });
});
