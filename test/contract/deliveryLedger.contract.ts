import type { DeliveryLedger, DeliveryOutcome } from '../../src/core/ports';

// What every DeliveryLedger promises: facts recorded once stand, and each subscriber's last outcome is kept.

const outcome = (fields: Partial<DeliveryOutcome>): DeliveryOutcome => ({
  deliveryId: 'INC-1-1.support',
  subscriber: 'support',
  kind: 'delivered',
  at: '2026-11-21T12:00:00.000Z',
  attempt: 1,
  detail: 'HTTP 202',
  ...fields,
});

export function describeDeliveryLedgerContract(
  name: string,
  make: () => Promise<{ ledger: DeliveryLedger; cleanup: () => Promise<void> }>,
): void {
  describe(`${name} (DeliveryLedger contract)`, () => {
    let subject: { ledger: DeliveryLedger; cleanup: () => Promise<void> };
    beforeEach(async () => {
      subject = await make();
    });
    afterEach(() => subject.cleanup());

    it('remembers which saves were handed on, idempotently', async () => {
      expect(await subject.ledger.isHandedOn(3)).toBe(false);
      await subject.ledger.markHandedOn(3);
      await subject.ledger.markHandedOn(3);
      expect([await subject.ledger.isHandedOn(3), await subject.ledger.isHandedOn(4)]).toEqual([true, false]);
    });

    it('marks a delivery done only when it was delivered', async () => {
      await subject.ledger.record(outcome({ deliveryId: 'a.support', kind: 'retrying', detail: 'HTTP 500' }));
      expect(await subject.ledger.isDelivered('a.support')).toBe(false);
      await subject.ledger.record(outcome({ deliveryId: 'a.support' }));
      await subject.ledger.record(outcome({ deliveryId: 'a.support', kind: 'duplicate' }));
      expect(await subject.ledger.isDelivered('a.support')).toBe(true);
    });

    it("keeps each subscriber's last outcome", async () => {
      await subject.ledger.record(outcome({ subscriber: 'support', kind: 'retrying' }));
      await subject.ledger.record(outcome({ subscriber: 'support', kind: 'delivered', attempt: 2 }));
      await subject.ledger.record(outcome({ subscriber: 'monitoring', kind: 'poisoned' }));
      const last = await subject.ledger.lastOutcomes();
      expect([last.support?.kind, last.support?.attempt, last.monitoring?.kind]).toEqual([
        'delivered',
        2,
        'poisoned',
      ]);
    });
  });
}
