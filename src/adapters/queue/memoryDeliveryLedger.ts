import type { DeliveryLedger, DeliveryOutcome } from '../../core/ports';

/** The ledger in memory: for one process (tests, and the local host before a queue package is installed). */
export class MemoryDeliveryLedger implements DeliveryLedger {
  readonly handed = new Set<number>();
  readonly delivered = new Set<string>();
  /** Every outcome recorded, oldest first. */
  readonly outcomes: DeliveryOutcome[] = [];

  isHandedOn(version: number): Promise<boolean> {
    return Promise.resolve(this.handed.has(version));
  }

  markHandedOn(version: number): Promise<void> {
    this.handed.add(version);
    return Promise.resolve();
  }

  isDelivered(deliveryId: string): Promise<boolean> {
    return Promise.resolve(this.delivered.has(deliveryId));
  }

  record(outcome: DeliveryOutcome): Promise<void> {
    if (outcome.kind === 'delivered') this.delivered.add(outcome.deliveryId);
    this.outcomes.push(outcome);
    return Promise.resolve();
  }

  lastOutcomes(): Promise<Record<string, DeliveryOutcome>> {
    const last: Record<string, DeliveryOutcome> = {};
    for (const outcome of this.outcomes) last[outcome.subscriber] = outcome;
    return Promise.resolve(last);
  }
}
