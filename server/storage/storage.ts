/**
 * The storage interface lives in shared/protocol/storage.ts: the relay's store and the
 * browser's device store keep the same contract. Re-exported here for server imports.
 */
export type { Storage, StoredRoom } from '../../shared/protocol/storage.ts';
