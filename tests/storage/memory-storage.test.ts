import { MemoryStorage } from '../../server/storage/memory-storage.ts';
import { runStorageContract } from './storage-contract.ts';

runStorageContract('MemoryStorage', { open: async () => new MemoryStorage() });
