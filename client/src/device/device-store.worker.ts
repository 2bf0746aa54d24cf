import { workerScope } from '../lib/worker-scope.ts';
import type { DeviceRequest } from './device-requests.ts';
import { deviceRequestHandler } from './device-worker-handler.ts';

/*
 * The device store's worker: IndexedDB (through Dexie) runs here, in a chunk of its own,
 * so the database code is not part of the page's first download and saving an edit
 * never takes the page's thread. The page talks to it through `DeviceStore`.
 */
const scope = workerScope<DeviceRequest>();
const handle = deviceRequestHandler();

scope.onmessage = (event: MessageEvent<DeviceRequest>) => {
  void handle(event.data).then((reply) => scope.postMessage(reply));
};
