import { app } from '@azure/functions';
import { readConfig } from '../src/config';
import { sharedFunctionHandlers } from '../src/app/functionHandlers';
import { DELIVERY_QUEUE } from '../src/adapters/queue/queueNames';

const handlers = sharedFunctionHandlers(readConfig);

// One message per delivery. Retries with backoff are the function's own (a re-enqueue with a delay); the
// trigger's redelivery and its `deliveries-poison` queue (maxDequeueCount in host.json) catch only crashes:
// https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
app.storageQueue('deliver', {
  queueName: DELIVERY_QUEUE,
  // Identity-based: DELIVERY_QUEUE__queueServiceUri in Azure; a connection string locally.
  connection: 'DELIVERY_QUEUE',
  handler: handlers.deliver,
});
