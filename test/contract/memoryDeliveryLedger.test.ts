import { MemoryDeliveryLedger } from '../../src/adapters/queue/memoryDeliveryLedger';
import { describeDeliveryLedgerContract } from './deliveryLedger.contract';

describeDeliveryLedgerContract('MemoryDeliveryLedger', () =>
  Promise.resolve({ ledger: new MemoryDeliveryLedger(), cleanup: () => Promise.resolve() }),
);
