import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MESSAGE_STATE_VECTOR } from '../../shared/protocol/messages.ts';
import { errorMessage } from '../log.ts';

/** y-websocket message types (the first varuint of every frame). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** y-protocols sync message types (the second varuint of a sync frame). */
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

/**
 * Close codes the relay uses. 100x codes make the y-websocket client reconnect (after a
 * back-off); 44xx codes make it stop, which is what a refused token or origin needs.
 */
export const CLOSE = {
  /** A frame that is not a y-websocket message: bad varints or lengths, unknown type, trailing bytes. */
  protocolError: 1002,
  /**
   * A document or awareness update that does not decode or apply, or that builds on
   * changes the server never received (it cannot be applied whole).
   */
  invalidPayload: 1007,
  /** Too many messages: the per-connection rate limit, or a person's budget per minute. */
  policy: 1008,
  /** The server failed (storage); the client reconnects and resends what it has. */
  internalError: 1011,
  /** A room closes outside a shutdown (it is unloaded). */
  goingAway: 1001,
  /** The server is restarting (graceful shutdown): reconnect, to this or another process. */
  serviceRestart: 1012,
  /** No token, a malformed, forged or expired one. */
  unauthorized: 4401,
  /**
   * A valid token for another workspace, a page from an origin that is not allowed, or a
   * change the write policy refuses (the reason names the rule).
   */
  forbidden: 4403,
  /** The room name is not `<workspace>/<cycle>` with valid names. */
  notFound: 4404,
  /**
   * An update over the size limit, or one that would take the cycle past its stored-size
   * limit: sending it again can never succeed, so the client stops.
   */
  tooLarge: 4413,
  /** More connections with one invite than the limit allows. */
  tooManyConnections: 4429,
} as const;

/** A frame the relay understood. Updates and state vectors are still undecoded bytes. */
export type ClientMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'sync-step-2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }
  /** Fulcrum's own: "which changes do you hold?" (see shared/protocol/messages.ts). */
  | { type: 'state-vector-query' };

/** A frame that is not a y-websocket message; `reason` goes to the log and the close frame. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/**
 * Reads one frame from a client. Exactly one message per frame (y-websocket never
 * concatenates), so trailing bytes are an error too. Throws {@link ProtocolError}.
 */
export function readClientMessage(frame: Uint8Array): ClientMessage {
  if (frame.length === 0) throw new ProtocolError('empty frame');
  const decoder = decoding.createDecoder(frame);
  let message: ClientMessage;
  try {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const syncType = decoding.readVarUint(decoder);
        const payload = readBytes(decoder);
        if (syncType === SYNC_STEP_1) message = { type: 'sync-step-1', stateVector: payload };
        else if (syncType === SYNC_STEP_2) message = { type: 'sync-step-2', update: payload };
        else if (syncType === SYNC_UPDATE) message = { type: 'update', update: payload };
        else throw new ProtocolError(`unknown sync message type ${syncType}`);
        break;
      }
      case MESSAGE_AWARENESS:
        message = { type: 'awareness', update: readBytes(decoder) };
        break;
      case MESSAGE_QUERY_AWARENESS:
        message = { type: 'query-awareness' };
        break;
      case MESSAGE_STATE_VECTOR:
        message = { type: 'state-vector-query' };
        break;
      default:
        throw new ProtocolError(`unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    // lib0 throws plain Errors on a truncated varint or a length past the end.
    throw new ProtocolError(`truncated or malformed frame (${errorMessage(error)})`);
  }
  if (decoding.hasContent(decoder)) {
    throw new ProtocolError(`${frame.length - decoder.pos} trailing bytes after the message`);
  }
  return message;
}

/** `readVarUint8Array` with the length checked first: lib0 would give a short view silently. */
function readBytes(decoder: decoding.Decoder): Uint8Array {
  const length = decoding.readVarUint(decoder);
  if (length > decoder.arr.length - decoder.pos) {
    throw new ProtocolError(
      `length ${length} runs past the end of the frame (${decoder.arr.length - decoder.pos} bytes left)`,
    );
  }
  return decoding.readUint8Array(decoder, length);
}

/** `[sync, step 1, state vector]`. */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeSync(SYNC_STEP_1, stateVector);
}

/** `[sync, step 2, update]`: the answer to a step 1. */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSync(SYNC_STEP_2, update);
}

/** `[sync, update, update]`: a change to broadcast. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SYNC_UPDATE, update);
}

/** `[awareness, update]`. */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * The keep-alive: an awareness update about no client (3 bytes). The client counts it as
 * a message (resetting its 30 s watchdog) and applying it changes nothing.
 */
export const KEEPALIVE_FRAME: Uint8Array = encodeAwareness(new Uint8Array([0]));

function encodeSync(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** A close reason is limited to 123 bytes by the websocket protocol. */
export function truncateReason(reason: string): string {
  return Buffer.byteLength(reason) <= 123 ? reason : `${reason.slice(0, 110)}...`;
}
