// Rebuilds a past state off the relay's event loop: the base, then every update in order,
// as one update (see foldOffThread in history.ts). Plain JavaScript, like the
// checkpointer, so it runs in a worker without a TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';

const { base, updates } = workerData;
const doc = new Y.Doc();
doc.transact(() => {
  if (base) Y.applyUpdate(doc, base);
  for (const update of updates) Y.applyUpdate(doc, update);
});
const state = Y.encodeStateAsUpdate(doc);
parentPort?.postMessage(state);
