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
import { ALICE, aState, anOpenIncident, deepFreeze, minutesAfter, T0 } from '../../../support/builders';
import { MESSAGE_MAX_LENGTH } from '../../../../src/core/commands/grammar';
import { USAGE } from '../../../../src/core/commands/registry';
import { emptyState } from '../../../../src/core/model/state';

describe('closeVerb', () => {
  describe('parse', () => {
    it('without ID or message closes the only open incident with the default message', () => {
      expect(parsed('close')).toEqual({ verb: 'close' });
    });

    it.each(['INC-3', 'inc-3', '#3', '3'])('reads the incident ID written as %p', (id) => {
      expect(parsed(`close ${id}`)).toEqual({ verb: 'close', incident: 3 });
    });

    it('reads an ID and a message', () => {
      expect(parsed('close INC-1 Service restored')).toEqual({
        verb: 'close',
        incident: 1,
        message: 'Service restored',
      });
    });

    it('takes everything as the message when the first word is not an ID', () => {
      expect(parsed('close Service restored for everyone')).toEqual({
        verb: 'close',
        message: 'Service restored for everyone',
      });
    });

    it('keeps the newlines of the message', () => {
      expect(parsed('close #2 Service restored.\nRoot cause: expired certificate.')).toEqual({
        verb: 'close',
        incident: 2,
        message: 'Service restored.\nRoot cause: expired certificate.',
      });
    });

    it('refuses a message that is too long', () => {
      const result = mistake(`close INC-1 ${'m'.repeat(MESSAGE_MAX_LENGTH + 1)}`);
      expect(result.error).toBe(
        `The message is ${MESSAGE_MAX_LENGTH + 1} characters long; the limit is ${MESSAGE_MAX_LENGTH}.`,
      );
      expectUsageOf(result.usage, 'close');
    });
  });

  describe('apply', () => {
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
      expect(reply.text.split('\n')[0]).toBe('Resolved INC-1: Chat is down. No incident is open.');
      // The headline says it is resolved: no "Status:" line repeats it.
      expect(reply.text).not.toMatch(/^Status:/m);
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
      expect(outcome.reply.text.split('\n')[0]).toBe('Resolved INC-2: Second. 2 still open.');
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
      const state = aState({ nextIncidentNumber: 4 });
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
        // `open new`: a second open incident on Chat is deliberate (a plain `open` is refused as a duplicate).
        'open new critical [Chat] Chat is down | Looking',
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
        'open new critical [Chat] Chat is down | Looking',
        'close INC-1',
      );
      expect(statusOf(state, 'chat')).toBe('major_outage');
      expect(statusOf(changed(apply(state, 'close INC-2', later)).state, 'chat')).toBe('operational');
    });

    it('leaves a component under maintenance alone', () => {
      const state = aState({
        incidents: [anOpenIncident(1, { createdAt: T0, components: ['email'] })],
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
});
