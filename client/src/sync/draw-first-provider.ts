import { WebsocketProvider } from 'y-websocket';
import { joinOtherTabs } from './tab-join.ts';

/**
 * The relay's websocket provider, sending each change this page makes a moment later:
 * in a microtask after the transaction, once the page has reacted to it (the view's
 * update is queued by the transaction's own listeners, which run before Yjs reports the
 * change for sending). So the relay and the other browsers, which get to work as soon as
 * a change arrives, do not compete with this page for the processor while it draws the
 * change's consequences: on the reference cycle, with a second browser open on the same
 * machine, Enter to the new numbers went from a p95 of about 23 to 15 ms, and the second
 * browser saw the change about 4 ms later (docs/benchmarks.md).
 *
 * Changes leave in the order they were made; one made while offline is brought by the
 * next sync, as before.
 *
 * It joins the page's other tabs on the cycle by exchanging only what each lacks
 * (tab-join.ts), not by sending them the whole document.
 */
export class DrawFirstProvider extends WebsocketProvider {
  constructor(...args: ConstructorParameters<typeof WebsocketProvider>) {
    super(...args);
    const send = this._updateHandler;
    this.doc.off('update', send);
    // Kept as the provider's handler, so destroying the provider stops it.
    this._updateHandler = (update, origin) => queueMicrotask(() => send(update, origin));
    this.doc.on('update', this._updateHandler);
  }

  override connectBc(): void {
    joinOtherTabs(this);
  }
}
