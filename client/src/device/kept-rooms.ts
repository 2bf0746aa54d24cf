/**
 * Which cycles this browser has stored a copy of, as a hint read at once (localStorage)
 * before the device store's worker has even started: a cycle kept here opens from the
 * device, and only one not kept loads the whole cycle from the server while the device
 * store opens (sync/cycle-state.ts). A wrong hint costs time, never data: a cycle the
 * device turns out not to hold is loaded from the server after all.
 */
const KEY = 'fulcrum.keptRooms';

function read(): Set<string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return new Set(Array.isArray(parsed) ? parsed.filter((r) => typeof r === 'string') : []);
  } catch {
    return new Set();
  }
}

function write(rooms: Set<string>): void {
  try {
    localStorage.setItem(KEY, JSON.stringify([...rooms]));
  } catch {
    // No storage: every visit counts as a first one, which is only slower.
  }
}

/** True when this device has stored a copy of the room (`workspace/cycle`). */
export function isRoomKept(room: string): boolean {
  return read().has(room);
}

/** True when this device has stored a copy of any cycle of `workspace`. */
export function keepsAnyOf(workspace: string): boolean {
  return [...read()].some((room) => room.startsWith(`${workspace}/`));
}

/** Notes that this device now holds a copy of the room. */
export function markRoomKept(room: string): void {
  const rooms = read();
  if (rooms.has(room)) return;
  rooms.add(room);
  write(rooms);
}

/** Notes that this device's copy of the room is gone. */
export function forgetRoomKept(room: string): void {
  const rooms = read();
  if (rooms.delete(room)) write(rooms);
}
