// Evaluated as soon as it is in, beside the app's much larger script (the second import
// of main.ts): an invite link's first visit builds the cycle's document from the state
// asked for by early.ts while the app's script is still compiling, when the page has
// nothing else to do (session/early-open.ts). Yjs comes with it, so it runs that soon.
import { applyDocUpdate, createCycleDoc } from '../../shared/doc/updates.ts';
import { buildEarlyDoc } from './early.ts';
import { SERVER_STATE_ORIGIN } from './sync/cycle-state.ts';

buildEarlyDoc((state) => {
  const doc = createCycleDoc();
  try {
    applyDocUpdate(doc, state, SERVER_STATE_ORIGIN);
    return doc;
  } catch {
    doc.destroy();
    return null;
  }
});
