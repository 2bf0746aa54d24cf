/**
 * A connection to the relay that never opens: a session made with it stays offline, so
 * every edit is local. Install it as `globalThis.WebSocket` before opening a session.
 */
export class OfflineSocket {
  binaryType = 'arraybuffer';
  readyState = 0;
  close(): void {
    this.readyState = 3;
  }
  send(): void {}
}
