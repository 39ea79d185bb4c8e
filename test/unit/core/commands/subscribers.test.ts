import { toCatalog, type Catalog } from '../../../../src/core/model/catalog';
import { parseCommand } from '../../../../src/core/commands/parseCommand';
import { applyCommand } from '../../../../src/core/commands/applyCommand';
import type { StatusState } from '../../../../src/core/model/state';
import { aContext, anOpenIncident, aState, PAGE_CATALOG } from '../../../support/builders';

const catalog: Catalog = (() => {
  const result = toCatalog({
    components: PAGE_CATALOG.components,
    subscribers: [
      { name: 'support', kind: 'teams', components: ['Chat', 'Email'] },
      { name: 'monitoring', kind: 'webhook' },
    ],
  });
  if (!result.ok) throw new Error(result.error);
  return result.catalog;
})();

function run(text: string, state: StatusState, ctx = aContext(undefined, { catalog })) {
  const parsed = parseCommand(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return applyCommand(state, parsed.command, ctx);
}

describe('subscribers', () => {
  it('lists each subscriber with its filters and last delivery, never a URL', () => {
    const outcome = run(
      'subscribers',
      aState(),
      aContext(undefined, {
        catalog,
        deliveries: {
          last: {
            support: {
              deliveryId: 'INC-1-1.support',
              subscriber: 'support',
              kind: 'delivered',
              at: '2026-11-21T12:00:00.000Z',
              attempt: 1,
              detail: 'HTTP 202',
            },
          },
          problems: [
            'Subscriber "monitoring" has no URL: set SUBSCRIBER_MONITORING_URL (in Azure, a Key Vault reference).',
          ],
        },
      }),
    );
    expect(outcome.reply.text).toBe(
      [
        '2 subscribers:',
        '- support (teams): incident, maintenance, component; Chat, Email; last delivery delivered 21 Nov 2026, 12:00 UTC (HTTP 202)',
        '- monitoring (webhook): incident, maintenance, component; all components; nothing delivered yet',
        'Not reachable as configured:',
        '- Subscriber "monitoring" has no URL: set SUBSCRIBER_MONITORING_URL (in Azure, a Key Vault reference).',
      ].join('\n'),
    );
  });

  it('says where to declare them when there are none', () => {
    expect(run('subscribers', aState(), aContext()).reply.text).toContain('status.config.json');
  });
});

describe('notify off / on', () => {
  const state = aState({ incidents: [anOpenIncident(1)] });

  it('silences one incident and resumes it', () => {
    const off = run('notify off INC-1', state);
    expect(off.kind).toBe('changed');
    if (off.kind !== 'changed') return;
    expect(off.state.silenced).toEqual(['INC-1']);
    expect(off.reply.text).toContain('INC-1: pushes to subscribers silenced');
    const on = run('notify on', off.state);
    expect(on.kind === 'changed' && on.state.silenced).toEqual([]);
  });

  it('answers without a change when it is already so', () => {
    expect(run('notify on INC-1', state)).toMatchObject({
      kind: 'answered',
      reply: { text: "INC-1's pushes are already on." },
    });
  });

  it.each(['notify', 'notify maybe INC-1', 'notify off INC-1 please'])(
    'refuses "%s" with its right form',
    (text) => {
      const parsed = parseCommand(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.usage).toContain('notify off|on [<id>]');
    },
  );

  it('refuses an incident that does not exist', () => {
    expect(run('notify off INC-9', state).kind).toBe('rejected');
  });
});
