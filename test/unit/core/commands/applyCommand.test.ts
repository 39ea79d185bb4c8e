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
    const INCIDENT_PAGE = `${PAGE_URL}incidents/INC-1.html`;

    // Changed by the replies issue: one text, the facts in words under the headline, none said twice, and the
    // link to the incident's own page, not the front page.
    it('say what the headline does not: the facts under it, then the link to the incident page', () => {
      const { reply } = changed(
        apply(emptyState(T0), 'open [Chat] Chat is down | Users see errors', T0, { pageUrl: PAGE_URL }),
      );
      expect(reply.text).toBe(
        [
          'Opened INC-1: Chat is down (investigating, major impact).',
          'Components: Chat: partial outage',
          'Next update by: 21 Nov 2026, 13:00 UTC',
          'Latest update: Users see errors',
          `Incident page: ${INCIDENT_PAGE}`,
        ].join('\n'),
      );
    });

    it.each<[string, string[], string, RegExp[]]>([
      ['update', [], 'update identified Found it', [/^Updated INC-1 \(identified\)\.$/m, /^Impact: Major$/m]],
      ['close', [], 'close Fixed', [/^Resolved INC-1: Chat is down\./, /^Impact: Major$/m]],
      [
        'impact',
        [],
        'impact INC-1 critical',
        [/^INC-1: impact raised to critical\.$/m, /^Status: Investigating$/m],
      ],
      ['next', [], 'next INC-1 15m', [/^Status: Investigating$/m, /^Impact: Major$/m]],
      ['eta', [], 'eta INC-1 3h', [/^INC-1: estimated resolution 21 Nov 2026, 15:00 UTC\.$/m]],
      ['edit', [], 'edit INC-1 Better words', [/^Latest update: Better words$/m]],
      ['reopen', ['close INC-1'], 'reopen INC-1', [/^Reopened INC-1: Chat is down \(investigating\)\.$/m]],
      ['postmortem', ['close INC-1'], 'postmortem INC-1 https://wiki.example/pm', [/^Status: Postmortem$/m]],
    ])('after %s, link the incident page and never repeat a fact', (_verb, given, command, expected) => {
      const state = stateAfter(open('Chat is down'), ...given.map((text) => typed(text)));
      const { reply } = changed(apply(state, command, T0, { pageUrl: PAGE_URL }));
      for (const line of expected) expect(reply.text).toMatch(line);
      expect(reply.text.split('\n').at(-1)).toBe(`Incident page: ${INCIDENT_PAGE}`);
      expect(reply.text).not.toContain(`\n${PAGE_URL}\n`);
      // A fact the headline says is not said again.
      const headline = reply.text.split('\n')[0] ?? '';
      if (/\(investigating|\(identified|^Resolved|^Reopened/.test(headline))
        expect(reply.text).not.toMatch(/^Status:/m);
      if (/impact/.test(headline)) expect(reply.text).not.toMatch(/^Impact:/m);
      if (/next update by/.test(headline)) expect(reply.text).not.toMatch(/^Next update by:/m);
      if (/estimated resolution/.test(headline)) expect(reply.text).not.toMatch(/^ETA:/m);
    });

    it.each<[string, string]>([
      ['role', 'role INC-1 commander me'],
      ['note', 'note INC-1 Paged the DBA'],
      ['timeline', 'timeline INC-1'],
    ])('name no public address after %s, which is internal', (_verb, command) => {
      const state = stateAfter(open('Chat is down'));
      expect(apply(state, command, T0, { pageUrl: PAGE_URL }).reply.text).not.toContain('https://');
    });

    it('link the front page after a change about no incident', () => {
      const { reply } = changed(apply(emptyState(T0), 'component Chat degraded', T0, { pageUrl: PAGE_URL }));
      expect(reply.text.split('\n').at(-1)).toBe(`Status page: ${PAGE_URL}`);
    });

    it('carry no link when no page URL is set', () => {
      const { reply } = changed(apply(emptyState(T0), open('Chat is down')));
      expect(reply.text).not.toContain('page:');
      expect(reply.text).toContain('Next update by: ');
    });

    it('say the components of the incident in words, with their current status', () => {
      const { reply } = changed(
        apply(emptyState(T0), 'open critical [Chat, Files: degraded] Down | Looking'),
      );
      expect(reply.text).toMatch(/^Components: Chat: major outage, Files: degraded performance$/m);
      expect(reply.text).not.toContain('_');
    });
  });
});
