import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Message type of the state-vector query and its reply: "which changes do you hold?".
 * y-websocket uses types 0 to 3 (sync, awareness, auth, query-awareness) and a stock
 * client ignores a type it has no handler for; 100 stays clear of any type y-websocket
 * may add next to those, so the two never collide. The relay answers it; the client
 * compares the reply with its own document to know whether the server has every edit.
 */
export const MESSAGE_STATE_VECTOR = 100;

/** Client to server: `[100]`, asking for the room document's state vector. */
export function encodeStateVectorQuery(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_STATE_VECTOR);
  return encoding.toUint8Array(encoder);
}

/**
 * Server to client: `[100, state vector]`, the room document's state vector (a
 * varUint8Array). The relay sends it only after every frame the client sent before its
 * query is stored, so it covers all of them.
 */
export function encodeStateVectorReply(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_STATE_VECTOR);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/**
 * The state vector carried by a reply frame (the whole frame, type included). Throws
 * an Error naming the problem when the frame is not exactly one state-vector reply.
 */
export function readStateVectorReply(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  let stateVector: Uint8Array;
  try {
    const type = decoding.readVarUint(decoder);
    if (type !== MESSAGE_STATE_VECTOR) {
      throw new Error(`message type ${type} is not a state-vector reply (${MESSAGE_STATE_VECTOR})`);
    }
    const length = decoding.readVarUint(decoder);
    if (length > frame.length - decoder.pos) {
      throw new Error(
        `the state vector's length ${length} runs past the end of the frame (${frame.length - decoder.pos} bytes left)`,
      );
    }
    stateVector = decoding.readUint8Array(decoder, length);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Not a state-vector reply: ${reason}`, { cause: error });
  }
  if (decoding.hasContent(decoder)) {
    throw new Error(
      `Not a state-vector reply: ${frame.length - decoder.pos} trailing bytes after the state vector`,
    );
  }
  return stateVector;
}

/**
 * Message type of the liveness ping and its answer: "are you still there?". The page sends
 * the one byte `[101]` only after a second of silence on an open connection, and the relay
 * answers with the same byte at once, ahead of any frame it is still handling. So an idle
 * connection costs one byte each way per second, and a busy one nothing: any message
 * proves the connection alive. A stock y-websocket client never sends it.
 */
export const MESSAGE_PING = 101;

/** The whole ping frame, client to server, and the relay's answer, server to client: `[101]`. */
export const PING_FRAME: Uint8Array = Uint8Array.of(MESSAGE_PING);

/** True when `frame` is exactly one ping (or its answer): the single byte `[101]`. */
export function isPing(frame: Uint8Array): boolean {
  return frame.length === 1 && frame[0] === MESSAGE_PING;
}
