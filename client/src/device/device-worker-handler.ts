import { DexieStorage } from './dexie-storage.ts';
import { toDeviceStorageError } from './device-storage-error.ts';
import type { DeviceReply, DeviceRequest } from './device-requests.ts';
import { SeenStore } from './seen-store.ts';
import type { DeviceDatabaseOptions } from './device-database.ts';

/**
 * The device store as the worker runs it: the cycles' logs ({@link DexieStorage}) and
 * what each person last saw ({@link SeenStore}), in one IndexedDB database. Each request
 * is one call of theirs; every failure comes back as the store's own sentence.
 */
export function deviceRequestHandler(
  name = 'fulcrum-device',
  options: DeviceDatabaseOptions = {},
): (request: DeviceRequest) => Promise<DeviceReply> {
  const cycles = new DexieStorage(name, options);
  const seen = new SeenStore(name, options);
  const run = (request: DeviceRequest): Promise<unknown> => {
    switch (request.op) {
      case 'load':
        return cycles.load(...request.args);
      case 'append':
        return cycles.append(...request.args);
      case 'compact':
        return cycles.compact(...request.args);
      case 'rooms':
        return cycles.rooms(...request.args);
      case 'forget':
        return cycles.forget(...request.args);
      case 'rememberCycle':
        return cycles.rememberCycle(...request.args);
      case 'listCycles':
        return cycles.listCycles(...request.args);
      case 'seenGet':
        return seen.get(...request.args);
      case 'seenPut':
        return seen.put(...request.args);
    }
  };
  return async (request) => {
    try {
      return { id: request.id, ok: true, value: await run(request) };
    } catch (error) {
      const failure = toDeviceStorageError('use its saved copies', error);
      return { id: request.id, ok: false, problem: failure.problem, message: failure.message };
    }
  };
}
