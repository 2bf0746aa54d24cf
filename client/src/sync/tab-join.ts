import * as bc from 'lib0/broadcastchannel';
import type { WebsocketProvider } from 'y-websocket';
import { answerTabJoin, MESSAGE_TAB_JOIN, tabJoinMessages } from '../../../shared/doc/index.ts';

/**
 * Joins the other tabs of this browser open on the provider's cycle, as y-websocket's
 * own `connectBc` does, without sending them the whole document: that cost a page
 * encoding all of it again (100 to 280 ms on a 500-family plan) at every load, to tell
 * tabs that mostly hold it already. Instead the tab sends its state vector; each other
 * tab answers with what the newcomer lacks and asks, with its own state vector, for
 * what it lacks in turn (shared/doc/tab-sync.ts). Presence is shared as y-websocket does.
 */
export function joinOtherTabs(provider: WebsocketProvider): void {
  if (provider.disableBc) return;
  // A join from the server is ignored: only tabs send it.
  provider.messageHandlers[MESSAGE_TAB_JOIN] = (encoder, decoder, tab, fromServer) => {
    if (fromServer) return;
    publish(tab, answerTabJoin(decoder, encoder, tab.doc, tab));
  };
  if (!provider.bcconnected) {
    bc.subscribe(provider.bcChannel, provider._bcSubscriber);
    provider.bcconnected = true;
  }
  for (const message of tabJoinMessages(provider.doc, provider.awareness)) {
    publish(provider, message);
  }
}

function publish(provider: WebsocketProvider, message: Uint8Array): void {
  bc.publish(provider.bcChannel, message, provider);
}
