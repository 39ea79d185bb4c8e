import { MemoryStateStore } from '../support/fakes/memoryStateStore';
import { describeStateStoreContract } from './stateStore.contract';

// The fake the core's unit tests rely on must keep the same promises as the blob store.
describeStateStoreContract('MemoryStateStore', () => {
  const store = new MemoryStateStore();
  return Promise.resolve({ store, another: () => store, cleanup: () => Promise.resolve() });
});
