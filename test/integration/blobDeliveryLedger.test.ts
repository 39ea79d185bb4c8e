import { randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { BlobDeliveryLedger } from '../../src/adapters/storage/blobDeliveryLedger';
import { describeDeliveryLedgerContract } from '../contract/deliveryLedger.contract';
import { azuriteConnectionString } from '../support/testApp';

describeDeliveryLedgerContract('BlobDeliveryLedger on Azurite', async () => {
  const container = BlobServiceClient.fromConnectionString(azuriteConnectionString()).getContainerClient(
    `ledger-${randomUUID().slice(0, 8)}`,
  );
  await container.create();
  return { ledger: new BlobDeliveryLedger(container), cleanup: async () => void (await container.delete()) };
});
