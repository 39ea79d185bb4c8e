import { auditEntry } from '../../../src/app/auditEntry';
import { ADA, T0 } from '../../support/builders';

describe('auditEntry', () => {
  it('records who sent what, when, and what became of it', () => {
    const entry = auditEntry(
      T0,
      { actor: ADA, text: 'open Chat is down', tenantId: 'tenant-1' },
      { verb: 'open', outcome: 'applied', stateVersion: 3, incidentId: 'INC-2' },
    );
    expect(entry).toEqual({
      at: T0,
      actor: ADA,
      text: 'open Chat is down',
      tenantId: 'tenant-1',
      verb: 'open',
      outcome: 'applied',
      stateVersion: 3,
      incidentId: 'INC-2',
    });
  });

  it('leaves the tenant out when the message carried none', () => {
    const entry = auditEntry(T0, { actor: ADA, text: 'help' }, { outcome: 'refused', detail: 'not allowed' });
    expect(entry).toEqual({ at: T0, actor: ADA, text: 'help', outcome: 'refused', detail: 'not allowed' });
    expect('tenantId' in entry).toBe(false);
  });
});
