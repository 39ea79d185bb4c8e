import { applyCommand, type CommandContext, type Outcome } from '../../../src/core/applyCommand';
import { USAGE, type Command } from '../../../src/core/command';
import { emptyState, type Incident, type StatusState } from '../../../src/core/state';
import { ALICE, aResolvedIncident, aState, anOpenIncident, deepFreeze, minutesAfter, T0 } from './builders';

const PAGE_URL = 'https://status.contoso.example/';

function context(now = T0, fields: Partial<CommandContext> = {}): CommandContext {
  return { now, actor: ALICE, pageTitle: 'Contoso status', ...fields };
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

/** Applies commands one after the other from an empty state, a minute apart, and returns the final state. */
function stateAfter(...commands: Command[]): StatusState {
  return commands.reduce(
    (state, command, index) => changed(applyCommand(state, command, context(minutesAfter(T0, index)))).state,
    emptyState(T0),
  );
}

const open = (title: string, message = title): Command => ({ verb: 'open', title, message });

describe('applyCommand', () => {
  describe('open', () => {
    it('opens INC-1 as investigating, with the message as its first update', () => {
      const outcome = changed(
        applyCommand(emptyState(T0), open('Chat is down', 'We are investigating'), context()),
      );

      expect(outcome.incidentId).toBe('INC-1');
      expect(outcome.state.nextIncidentNumber).toBe(2);
      expect(outcome.state.incidents).toEqual([
        {
          id: 'INC-1',
          number: 1,
          title: 'Chat is down',
          status: 'investigating',
          impact: 'major',
          createdAt: T0,
          updatedAt: T0,
          updates: [
            {
              id: 'INC-1-1',
              status: 'investigating',
              message: 'We are investigating',
              createdAt: T0,
              author: ALICE,
            },
          ],
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
      const outcome = changed(applyCommand(aState([], { nextIncidentNumber: 8 }), open('Again'), context()));
      expect(outcome.incidentId).toBe('INC-8');
      expect(outcome.state.nextIncidentNumber).toBe(9);
    });

    it('never reuses the number of a resolved incident', () => {
      const state = stateAfter(open('First'), { verb: 'close', incident: 1 }, open('Second'));
      expect(state.incidents.map((i) => i.id)).toEqual(['INC-1', 'INC-2']);
    });

    it('replies with the new ID and a card about the incident', () => {
      const { reply } = changed(applyCommand(emptyState(T0), open('Chat is down', 'Looking'), context()));
      expect(reply.text).toBe('Opened INC-1: Chat is down (investigating).');
      expect(reply.card).toEqual({
        title: 'INC-1: Chat is down',
        tone: 'attention',
        summary: 'Opened INC-1: Chat is down (investigating).',
        facts: [
          { title: 'Status', value: 'Investigating' },
          { title: 'Updated', value: '21 Nov 2026, 12:00 UTC' },
          { title: 'Message', value: 'Looking' },
        ],
      });
    });

    it('does not modify the state it is given', () => {
      const before = deepFreeze(aState([anOpenIncident(1)]));
      const copy = structuredClone(before);
      changed(applyCommand(before, open('Another'), context()));
      expect(before).toEqual(copy);
    });
  });

  describe('update', () => {
    const later = minutesAfter(T0, 10);

    it('with no ID, updates the only open incident', () => {
      const state = stateAfter(open('Chat is down', 'Looking'));
      const outcome = changed(
        applyCommand(state, { verb: 'update', status: 'identified', message: 'Cause found' }, context(later)),
      );

      expect(outcome.incidentId).toBe('INC-1');
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
      const outcome = changed(
        applyCommand(state, { verb: 'update', message: 'Still watching' }, context(later)),
      );
      const updated = incident(outcome.state, 'INC-1');
      expect(updated.status).toBe('monitoring');
      expect(updated.updates.at(-1)).toMatchObject({ status: 'monitoring', message: 'Still watching' });
    });

    it('with an ID, updates that incident and leaves the others alone', () => {
      const state = stateAfter(open('First'), open('Second'), open('Third'));
      const outcome = changed(
        applyCommand(
          state,
          { verb: 'update', incident: 2, status: 'identified', message: 'Found it' },
          context(later),
        ),
      );
      expect(outcome.incidentId).toBe('INC-2');
      expect(incident(outcome.state, 'INC-2').updates.at(-1)?.message).toBe('Found it');
      expect(incident(outcome.state, 'INC-1')).toEqual(incident(state, 'INC-1'));
      expect(incident(outcome.state, 'INC-3')).toEqual(incident(state, 'INC-3'));
      expect(outcome.state.incidents.map((i) => i.id)).toEqual(['INC-1', 'INC-2', 'INC-3']);
    });

    it('with several open incidents and no ID, lists their IDs, asks which, and changes nothing', () => {
      const state = deepFreeze(stateAfter(open('Chat is down'), open('Mail is slow')));
      const text = refusal(applyCommand(state, { verb: 'update', message: 'Looking' }, context(later)));
      expect(text).toContain('2 incidents are open');
      expect(text).toContain('INC-1 (Chat is down)');
      expect(text).toContain('INC-2 (Mail is slow)');
      expect(text).toContain('Say which one, e.g. "update INC-1 …"');
    });

    it('does not count resolved incidents when it looks for the only open one', () => {
      const state = stateAfter(open('First'), open('Second'), { verb: 'close', incident: 1 });
      const outcome = changed(applyCommand(state, { verb: 'update', message: 'Progress' }, context(later)));
      expect(outcome.incidentId).toBe('INC-2');
    });

    it('with no open incident, says so and shows how to open one', () => {
      const text = refusal(applyCommand(emptyState(T0), { verb: 'update', message: 'Hello' }, context()));
      expect(text).toContain('There is no open incident.');
      expect(text).toContain(USAGE.open.form);
    });

    it('refuses an ID that was never used', () => {
      const state = stateAfter(open('First'));
      const text = refusal(
        applyCommand(state, { verb: 'update', incident: 9, message: 'x' }, context(later)),
      );
      expect(text).toContain('There is no incident INC-9.');
      expect(text).toContain('"list"');
      expect(text).toContain(USAGE.update.form);
    });

    it('refuses an archived ID: one that was used but is no longer in the state', () => {
      const state = aState([anOpenIncident(5)], { nextIncidentNumber: 6 });
      const text = refusal(
        applyCommand(state, { verb: 'update', incident: 2, message: 'x' }, context(later)),
      );
      expect(text).toBe('INC-2 was resolved and has been archived; nothing changed.');
    });

    it('refuses an incident that is already resolved and suggests opening a new one', () => {
      const state = stateAfter(open('First'), { verb: 'close', incident: 1 });
      const text = refusal(
        applyCommand(state, { verb: 'update', incident: 1, message: 'Back again' }, context(later)),
      );
      expect(text).toContain('INC-1 is already resolved');
      expect(text).toContain(USAGE.open.form);
    });

    it('refuses an incident in postmortem', () => {
      const state = aState([aResolvedIncident(1, T0, 'postmortem')]);
      expect(
        refusal(applyCommand(state, { verb: 'update', incident: 1, message: 'x' }, context(later))),
      ).toContain('INC-1 is already resolved');
    });

    it.each([
      ['investigating', 'attention'],
      ['identified', 'attention'],
      ['monitoring', 'warning'],
    ] as const)('replies with the new status %p and a card toned %p', (status, tone) => {
      const state = stateAfter(open('Chat is down'));
      const { reply } = changed(
        applyCommand(state, { verb: 'update', status, message: 'News' }, context(later)),
      );
      expect(reply.text).toBe(`Updated INC-1 (${status}).`);
      expect(reply.card?.tone).toBe(tone);
      expect(reply.card?.facts).toContainEqual({ title: 'Message', value: 'News' });
    });
  });

  describe('close', () => {
    const later = minutesAfter(T0, 30);

    it('with no ID, resolves the only open incident with the default message', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(applyCommand(state, { verb: 'close' }, context(later)));
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
      });
    });

    it('uses the message it is given', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(
        applyCommand(state, { verb: 'close', incident: 1, message: 'Service restored' }, context(later)),
      );
      expect(incident(outcome.state, 'INC-1').updates.at(-1)?.message).toBe('Service restored');
    });

    it('says that no incident is left open when it closes the last one', () => {
      const state = stateAfter(open('Chat is down'));
      const { reply } = changed(applyCommand(state, { verb: 'close' }, context(later)));
      expect(reply.text).toBe('Resolved INC-1: Chat is down. No incident is open.');
      expect(reply.card?.tone).toBe('good');
      expect(reply.card?.facts).toContainEqual({ title: 'Status', value: 'Resolved' });
    });

    it('with an ID, resolves that incident and says how many are still open', () => {
      const state = stateAfter(open('First'), open('Second'), open('Third'));
      const outcome = changed(applyCommand(state, { verb: 'close', incident: 2 }, context(later)));
      expect(outcome.incidentId).toBe('INC-2');
      expect(outcome.state.incidents.map((i) => i.status)).toEqual([
        'investigating',
        'resolved',
        'investigating',
      ]);
      expect(outcome.reply.text).toBe('Resolved INC-2: Second. 2 still open.');
    });

    it('with several open incidents and no ID, lists their IDs, asks which, and changes nothing', () => {
      const state = deepFreeze(stateAfter(open('Chat is down'), open('Mail is slow'), open('VPN drops')));
      const text = refusal(applyCommand(state, { verb: 'close', message: 'Fixed' }, context(later)));
      expect(text).toContain(
        '3 incidents are open: INC-1 (Chat is down), INC-2 (Mail is slow), INC-3 (VPN drops).',
      );
      expect(text).toContain('"close INC-1 …"');
    });

    it('with no open incident, says so', () => {
      const text = refusal(applyCommand(emptyState(T0), { verb: 'close' }, context()));
      expect(text).toContain('There is no open incident.');
    });

    it('refuses an incident that is already resolved, saying when', () => {
      const state = stateAfter(open('Chat is down'), { verb: 'close', incident: 1 });
      const text = refusal(applyCommand(state, { verb: 'close', incident: 1 }, context(later)));
      expect(text).toBe('INC-1 was already resolved at 21 Nov 2026, 12:01 UTC; nothing changed.');
    });

    it('refuses an ID that was never used', () => {
      const state = stateAfter(open('First'));
      const text = refusal(applyCommand(state, { verb: 'close', incident: 2 }, context(later)));
      expect(text).toContain('There is no incident INC-2.');
      expect(text).toContain(USAGE.close.form);
    });

    it('refuses an archived ID', () => {
      const state = aState([], { nextIncidentNumber: 4 });
      const text = refusal(applyCommand(state, { verb: 'close', incident: 3 }, context(later)));
      expect(text).toBe('INC-3 was resolved and has been archived; nothing changed.');
    });
  });

  describe('version', () => {
    const start = stateAfter(open('First'), open('Second'));
    const commands: [string, Command][] = [
      ['open', open('Third')],
      ['update', { verb: 'update', incident: 1, status: 'identified', message: 'Found' }],
      ['close', { verb: 'close', incident: 2 }],
    ];

    it.each(commands)('increases by exactly one on %s, and the state records when', (_verb, command) => {
      const now = minutesAfter(T0, 60);
      const outcome = changed(applyCommand(start, command, context(now)));
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
        state = changed(applyCommand(state, command, context())).state;
        versions.push(state.version);
      }
      expect(versions).toEqual([1, 2, 3, 4]);
    });

    it.each<[string, Command]>([
      ['list', { verb: 'list' }],
      ['help', { verb: 'help' }],
      ['a refused update', { verb: 'update', incident: 99, message: 'x' }],
      ['a refused close', { verb: 'close' }],
    ])('does not change on %s', (_label, command) => {
      const outcome = applyCommand(start, command, context());
      expect(outcome.kind).not.toBe('changed');
      expect(outcome).not.toHaveProperty('state');
    });
  });

  describe('list', () => {
    it('says that all systems are operational when no incident is open', () => {
      const state = stateAfter(open('First'), { verb: 'close', incident: 1 });
      expect(answer(applyCommand(state, { verb: 'list' }, context()))).toBe(
        'No incident is open: all systems operational.',
      );
    });

    it('shows each open incident with its latest update and how long ago it was', () => {
      const state = stateAfter(
        open('Chat is down', 'Looking'),
        open('Mail is slow', 'Queues growing'),
        open('Old problem'),
        { verb: 'close', incident: 3 },
        { verb: 'update', incident: 1, status: 'identified', message: 'Cause found' },
      );
      // The update to INC-1 was made at T0 + 4 min, INC-2 was opened at T0 + 1 min.
      const text = answer(applyCommand(state, { verb: 'list' }, context(minutesAfter(T0, 9))));
      expect(text.split('\n')).toEqual([
        '2 open incidents:',
        '- INC-1 Identified: Chat is down. Latest update 5 minutes ago: Cause found',
        '- INC-2 Investigating: Mail is slow. Latest update 8 minutes ago: Queues growing',
      ]);
    });

    it('speaks of one incident in the singular', () => {
      const state = stateAfter(open('Chat is down', 'Looking'));
      const text = answer(applyCommand(state, { verb: 'list' }, context(minutesAfter(T0, 120))));
      expect(text).toBe(
        '1 open incident:\n- INC-1 Investigating: Chat is down. Latest update 2 hours ago: Looking',
      );
    });
  });

  describe('help', () => {
    it('lists every command with the page title and an example', () => {
      const text = answer(applyCommand(emptyState(T0), { verb: 'help' }, context()));
      expect(text).toContain('Contoso status');
      for (const usage of Object.values(USAGE)) expect(text).toContain(`${usage.form}: ${usage.summary}`);
      expect(text).toContain('INC-3, inc-3, #3 or 3');
      expect(text).toContain(USAGE.open.example);
    });

    it.each(['open', 'update', 'close', 'list', 'help'] as const)('explains %p on its own', (topic) => {
      const text = answer(applyCommand(emptyState(T0), { verb: 'help', topic }, context()));
      expect(text).toBe(`${USAGE[topic].form}\n${USAGE[topic].summary}\nExample: ${USAGE[topic].example}`);
    });
  });

  describe('replies', () => {
    it('link to the status page, in the text and as the card action, when the page URL is set', () => {
      const { reply } = changed(
        applyCommand(emptyState(T0), open('Chat is down'), context(T0, { pageUrl: PAGE_URL })),
      );
      expect(reply.text).toBe(`Opened INC-1: Chat is down (investigating).\nStatus page: ${PAGE_URL}`);
      expect(reply.card?.url).toBe(PAGE_URL);
    });

    it.each<[string, Command]>([
      ['update', { verb: 'update', message: 'News' }],
      ['close', { verb: 'close' }],
    ])('link to the status page after %s', (_verb, command) => {
      const state = stateAfter(open('Chat is down'));
      const { reply } = changed(applyCommand(state, command, context(T0, { pageUrl: PAGE_URL })));
      expect(reply.text).toContain(`Status page: ${PAGE_URL}`);
      expect(reply.card?.url).toBe(PAGE_URL);
    });

    it('carry no link when no page URL is set', () => {
      const { reply } = changed(applyCommand(emptyState(T0), open('Chat is down'), context()));
      expect(reply.text).not.toContain('Status page');
      expect(reply.card).toBeDefined();
      expect(reply.card).not.toHaveProperty('url');
    });

    it('carry no card when they change nothing', () => {
      expect(
        applyCommand(emptyState(T0), { verb: 'list' }, context(T0, { pageUrl: PAGE_URL })).reply.card,
      ).toBeUndefined();
      expect(
        applyCommand(emptyState(T0), { verb: 'close' }, context(T0, { pageUrl: PAGE_URL })).reply.card,
      ).toBeUndefined();
    });
  });
});
