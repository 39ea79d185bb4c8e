import {
  parsed,
  mistake,
  expectUsageOf,
  apply,
  changed,
  refusal,
  incident,
  statusOf,
  stateAfter,
  open,
} from './commandHelpers';
import {
  ALICE,
  aResolvedIncident,
  aState,
  anOpenIncident,
  deepFreeze,
  minutesAfter,
  T0,
} from '../../../support/builders';
import { MESSAGE_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../../../src/core/commands/grammar';
import { USAGE } from '../../../../src/core/commands/registry';
import { emptyState } from '../../../../src/core/model/state';

describe('updateVerb', () => {
  describe('parse', () => {
    it('takes everything after the verb as the message when there is no ID or status', () => {
      expect(parsed('update Database failover complete')).toEqual({
        verb: 'update',
        message: 'Database failover complete',
      });
    });

    it.each(['INC-3', 'inc-3', '#3', 'inc 3'])('reads the incident ID written as %p', (id) => {
      expect(parsed(`update ${id} Database failover complete`)).toEqual({
        verb: 'update',
        incident: 3,
        message: 'Database failover complete',
      });
    });

    it('accepts a one-word message after an ID', () => {
      expect(parsed('update INC-3 Recovering')).toEqual({
        verb: 'update',
        incident: 3,
        message: 'Recovering',
      });
    });

    it.each([
      ['investigating', 'investigating'],
      ['identified', 'identified'],
      ['monitoring', 'monitoring'],
      ['acknowledged', 'investigating'],
      ['observing', 'monitoring'],
      ['Identified:', 'identified'],
      ['OBSERVING', 'monitoring'],
    ])('reads the status word %p as %p', (word, status) => {
      expect(parsed(`update ${word} Load balancer misconfigured`)).toEqual({
        verb: 'update',
        status,
        message: 'Load balancer misconfigured',
      });
    });

    it('reads an ID, a status and a message (its own usage example)', () => {
      expect(USAGE.update.example).toBe('update INC-1 identified Load balancer misconfigured');
      expect(parsed(USAGE.update.example)).toEqual({
        verb: 'update',
        incident: 1,
        status: 'identified',
        message: 'Load balancer misconfigured',
      });
    });

    it('maps a status alias after an ID', () => {
      expect(parsed('update #2 observing Error rates back to normal')).toEqual({
        verb: 'update',
        incident: 2,
        status: 'monitoring',
        message: 'Error rates back to normal',
      });
    });

    it.each(['identified:', 'identified,', 'identified.'])(
      'accepts punctuation after the status word: %p',
      (word) => {
        expect(parsed(`update ${word} cause found`)).toEqual({
          verb: 'update',
          status: 'identified',
          message: 'cause found',
        });
      },
    );

    // Changed by the grammar issue: an update never resolves (that is `close`), so a resolving word where a
    // status goes gets both readings and changes nothing.
    it.each(['fixed', 'resolved', 'closed', 'Fixed:'])(
      'never resolves on %p: it names both readings',
      (word) => {
        const result = mistake(`update INC-3 ${word} All good now`);
        expect(result.error).toMatch(/^Two readings, so nothing was changed: an update never resolves\./);
        expect(result.error).toContain('"close INC-3 All good now"');
        expect(result.usage).toBe('');
      },
    );

    it('reads a bare number followed by prose as the message: "update 2 of 3 regions recovered"', () => {
      expect(parsed('update 2 of 3 regions recovered')).toEqual({
        verb: 'update',
        message: '2 of 3 regions recovered',
      });
    });

    it('keeps the newlines of the message', () => {
      expect(parsed('update monitoring Fix deployed\nWatching error rates\n- web\n- mobile')).toEqual({
        verb: 'update',
        status: 'monitoring',
        message: 'Fix deployed\nWatching error rates\n- web\n- mobile',
      });
    });

    it.each(['update', 'update   ', 'update INC-1', 'update #4   '])(
      'refuses %p: an update needs a message',
      (text) => {
        const result = mistake(text);
        expect(result.error).toBe('An update needs a message.');
        expectUsageOf(result.usage, 'update');
      },
    );

    it.each([
      ['update identified', 'identified'],
      ['update INC-1 monitoring', 'monitoring'],
      ['update observing   ', 'observing'],
    ])('refuses %p: a status word with no message', (text, word) => {
      const result = mistake(text);
      expect(result.error).toBe(`Say what changed after "${word}".`);
      expectUsageOf(result.usage, 'update');
    });

    it('refuses a message that is too long', () => {
      const result = mistake(`update identified ${'m'.repeat(MESSAGE_MAX_LENGTH + 1)}`);
      expect(result.error).toBe(
        `The message is ${MESSAGE_MAX_LENGTH + 1} characters long; the limit is ${MESSAGE_MAX_LENGTH}.`,
      );
      expectUsageOf(result.usage, 'update');
    });

    it('shows every update status, the component list and the headline form in its usage', () => {
      expect(USAGE.update.form).toBe(
        'update [<id>] [investigating|identified|monitoring] [[<components>]] <message>  ·  update <id> <status> | <headline> | <message>',
      );
    });

    describe('headlines, resolution and components', () => {
      it('reads the headline form "status | headline | message"', () => {
        expect(parsed('update INC-3 Identified | A major outage | The root cause is a bad deploy')).toEqual({
          verb: 'update',
          incident: 3,
          status: 'identified',
          headline: 'A major outage',
          message: 'The root cause is a bad deploy',
        });
      });

      it('keeps later "|" characters of the headline form in the message', () => {
        expect(parsed('update INC-3 monitoring | Recovering | web | desktop')).toEqual({
          verb: 'update',
          incident: 3,
          status: 'monitoring',
          headline: 'Recovering',
          message: 'web | desktop',
        });
      });

      // Changed by the grammar issue: "|" is syntax only right after the status (a shell pipe is text).
      it('keeps a "|" that follows prose in the message', () => {
        expect(parsed('update INC-3 errors when running grep foo | wc -l')).toEqual({
          verb: 'update',
          incident: 3,
          message: 'errors when running grep foo | wc -l',
        });
      });

      it('reads a status and a message around a single "|"', () => {
        expect(parsed('update identified | Database degraded, we are on it')).toEqual({
          verb: 'update',
          status: 'identified',
          message: 'Database degraded, we are on it',
        });
      });

      it('keeps "|" characters after a status and prose in the message', () => {
        expect(parsed('update INC-3 identified now | A major outage | The root cause')).toEqual({
          verb: 'update',
          incident: 3,
          status: 'identified',
          message: 'now | A major outage | The root cause',
        });
      });

      it('refuses a headline form with an empty message', () => {
        const result = mistake('update INC-3 identified | A major outage |  ');
        expect(result.error).toBe('Say what changed after "identified".');
        expectUsageOf(result.usage, 'update');
      });

      it('refuses a headline that is too long', () => {
        const result = mistake(`update INC-3 identified | ${'h'.repeat(TITLE_MAX_LENGTH + 1)} | m`);
        expect(result.error).toBe(
          `The headline is ${TITLE_MAX_LENGTH + 1} characters long; the limit is ${TITLE_MAX_LENGTH}.`,
        );
      });

      it('reads components after the status', () => {
        expect(parsed('update #3 identified [Chat: down, Files] Cause found')).toEqual({
          verb: 'update',
          incident: 3,
          status: 'identified',
          components: [{ name: 'Chat', status: 'major_outage' }, { name: 'Files' }],
          message: 'Cause found',
        });
      });

      it('reads components without a status', () => {
        expect(parsed('update [Chat: operational] Chat is back')).toEqual({
          verb: 'update',
          components: [{ name: 'Chat', status: 'operational' }],
          message: 'Chat is back',
        });
      });

      it('refuses a bad component status in an update', () => {
        const result = mistake('update INC-3 [Chat: sideways] Hm');
        expect(result.error).toBe('"sideways" is not a component status.');
        expectUsageOf(result.usage, 'update');
      });
    });
  });

  describe('apply', () => {
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
      const state = aState({ incidents: [anOpenIncident(5)], nextIncidentNumber: 6 });
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
      const state = aState({ incidents: [aResolvedIncident(1, T0, { status: 'postmortem' })] });
      expect(refusal(apply(state, { verb: 'update', incident: 1, message: 'x' }, later))).toContain(
        'INC-1 was already resolved',
      );
    });

    // Changed by the replies issue: one text, the status said once (in the headline), the message under it.
    it.each(['investigating', 'identified', 'monitoring'] as const)(
      'replies with the new status %p and the message it published',
      (status) => {
        const state = stateAfter(open('Chat is down'));
        const { reply } = changed(apply(state, { verb: 'update', status, message: 'News' }, later));
        expect(reply.text.split('\n')[0]).toBe(`Updated INC-1 (${status}).`);
        expect(reply.text).toMatch(/^Latest update: News$/m);
        expect(reply.text).toMatch(/^Impact: Major$/m);
        expect(reply.text).not.toMatch(/^Status:/m);
      },
    );

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

    // Changed by the grammar issue: resolving is `close` (an update never resolves); what it does is unchanged.
    describe('resolving, through close', () => {
      it('resolves the incident, with the message as the last update', () => {
        const state = stateAfter('open major [Chat] Chat is down | Looking');
        const outcome = changed(apply(state, 'close INC-1 The certificate was renewed', later));
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
        expect(outcome.reply.text.split('\n')[0]).toBe('Resolved INC-1: Chat is down. No incident is open.');
      });

      it('puts its components back to operational', () => {
        const state = stateAfter('open major [Chat] Chat is down | Looking');
        const outcome = changed(apply(state, 'close INC-1 Chat works again', later));
        expect(incident(outcome.state, 'INC-1').status).toBe('resolved');
        expect(statusOf(outcome.state, 'chat')).toBe('operational');
      });
    });
  });
});
