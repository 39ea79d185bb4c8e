import { parsed, mistake, expectUsageOf, apply, changed, refusal, answer } from './commandHelpers';
import { deepFreeze, minutesAfter, T0 } from '../../../support/builders';
import { USAGE } from '../../../../src/core/commands/registry';
import { emptyState } from '../../../../src/core/model/state';

describe('componentVerb', () => {
  describe('parse', () => {
    it('sets one component (its own usage example)', () => {
      expect(parsed(USAGE.component.example)).toEqual({
        verb: 'component',
        components: [{ name: 'Chat', status: 'partial_outage' }],
      });
    });

    it('sets several components, separated by commas, names with spaces kept', () => {
      expect(parsed('component Chat, Files,Teams Phone down')).toEqual({
        verb: 'component',
        components: [
          { name: 'Chat', status: 'major_outage' },
          { name: 'Files', status: 'major_outage' },
          { name: 'Teams Phone', status: 'major_outage' },
        ],
      });
    });

    it.each([
      ['operational', 'operational'],
      ['ok', 'operational'],
      ['degraded', 'degraded_performance'],
      ['degraded_performance', 'degraded_performance'],
      ['partial', 'partial_outage'],
      ['major_outage', 'major_outage'],
      ['down', 'major_outage'],
      ['maintenance', 'under_maintenance'],
      ['Under-Maintenance', 'under_maintenance'],
    ])('reads the status word %p as %p', (word, status) => {
      expect(parsed(`component VPN ${word}`)).toEqual({
        verb: 'component',
        components: [{ name: 'VPN', status }],
      });
    });

    it.each(['component Chat', 'component Chat broken'])('refuses %p: it must end with a status', (text) => {
      const result = mistake(text);
      expect(result.error).toBe('End with a status: ok, degraded, partial, down or maintenance.');
      expectUsageOf(result.usage, 'component');
    });

    it('refuses a status without a component', () => {
      expect(mistake('component partial').error).toBe('Say which component.');
    });
  });

  describe('apply', () => {
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
  });
});
