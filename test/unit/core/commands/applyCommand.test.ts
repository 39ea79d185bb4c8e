import { typed, apply, changed, stateAfter, open } from './commandHelpers';
import { minutesAfter, PAGE_URL, T0 } from '../../../support/builders';
import type { Command } from '../../../../src/core/commands/parseCommand';
import { emptyState } from '../../../../src/core/model/state';

describe('applyCommand', () => {
  describe('version', () => {
    const start = stateAfter(open('First'), open('Second'));
    const commands: [string, Command][] = [
      ['open', open('Third')],
      ['update', { verb: 'update', incident: 1, status: 'identified', message: 'Found' }],
      ['close', { verb: 'close', incident: 2 }],
      ['impact', typed('impact INC-1 critical')],
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

    it.each<[string, Command]>([
      ['role', typed('role INC-1 commander me')],
      ['note', typed('note INC-1 Paged the DBA')],
    ])(
      'increases by exactly one on %s, an internal change, and keeps the public instant',
      (_verb, command) => {
        const now = minutesAfter(T0, 60);
        const outcome = changed(apply(start, command, now));
        expect(outcome.state.version).toBe(3);
        // Pages are rendered as of updatedAt: keeping it keeps every public file byte for byte the same.
        expect(outcome.state.updatedAt).toBe(start.updatedAt);
        const incident = outcome.state.incidents.find((candidate) => candidate.id === 'INC-1');
        expect(incident?.updatedAt).toBe(
          start.incidents.find((candidate) => candidate.id === 'INC-1')?.updatedAt,
        );
      },
    );

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

  describe('replies', () => {
    // Changed by the replies issue: the link is the incident's own page, not the front page.
    it('link to the incident page, in the text and as the card action, when the page URL is set', () => {
      const { reply } = changed(apply(emptyState(T0), open('Chat is down'), T0, { pageUrl: PAGE_URL }));
      expect(reply.text).toMatch(/^Opened INC-1: Chat is down \(investigating, major impact\)\./);
      expect(reply.text.endsWith(`\nStatus page: ${PAGE_URL}incidents/INC-1.html`)).toBe(true);
      expect(reply.card?.url).toBe(`${PAGE_URL}incidents/INC-1.html`);
    });

    it.each<[string, Command]>([
      ['update', { verb: 'update', message: 'News' }],
      ['close', { verb: 'close' }],
    ])('link to the incident page after %s', (_verb, command) => {
      const state = stateAfter(open('Chat is down'));
      const { reply } = changed(apply(state, command, T0, { pageUrl: PAGE_URL }));
      expect(reply.text).toContain(`Status page: ${PAGE_URL}incidents/INC-1.html`);
      expect(reply.card?.url).toBe(`${PAGE_URL}incidents/INC-1.html`);
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
