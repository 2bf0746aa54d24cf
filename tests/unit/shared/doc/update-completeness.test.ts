import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { hasPendingParts, missingPart } from '../../../../shared/doc/update-completeness.ts';

/** The updates `doc` emits while `write` runs, one per transaction. */
function updatesOf(doc: Y.Doc, write: () => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const listen = (update: Uint8Array) => updates.push(update);
  doc.on('update', listen);
  write();
  doc.off('update', listen);
  return updates;
}

/** Whether applying `update` to a copy of `server` leaves pending parts (what yjs says). */
function yjsKeepsPending(server: Y.Doc, update: Uint8Array): boolean {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
  Y.applyUpdate(copy, update);
  return hasPendingParts(copy);
}

describe('missingPart', () => {
  it('accepts updates in order, a duplicate and the whole state at once', () => {
    const ana = new Y.Doc();
    const [first, second] = updatesOf(ana, () => {
      ana.getText('notes').insert(0, 'Order more hoses');
      ana.getText('notes').insert(5, ' 40');
    });
    const server = new Y.Doc();
    expect(missingPart(server, Y.decodeUpdate(first))).toBeNull();
    Y.applyUpdate(server, first);
    expect(missingPart(server, Y.decodeUpdate(first))).toBeNull();
    expect(missingPart(server, Y.decodeUpdate(second))).toBeNull();
    expect(missingPart(new Y.Doc(), Y.decodeUpdate(Y.encodeStateAsUpdate(ana)))).toBeNull();
  });

  it('refuses an update whose earlier part of the same person never arrived', () => {
    const ana = new Y.Doc();
    const [, second] = updatesOf(ana, () => {
      ana.getMap('demand').set('F1|2027-01', 100);
      ana.getMap('demand').set('F1|2027-02', 120);
    });
    const server = new Y.Doc();
    expect(missingPart(server, Y.decodeUpdate(second))).toMatch(/never received/);
    expect(yjsKeepsPending(server, second)).toBe(true);
  });

  it('refuses an update built on another person’s change the server lacks', () => {
    const ana = new Y.Doc();
    const ben = new Y.Doc();
    const [anaText] = updatesOf(ana, () => ana.getText('notes').insert(0, 'Ana wrote this'));
    Y.applyUpdate(ben, anaText);
    const [benText] = updatesOf(ben, () => ben.getText('notes').insert(4, 'and Ben '));
    const server = new Y.Doc();
    expect(missingPart(server, Y.decodeUpdate(benText))).toMatch(/refers to change|never received/);
    expect(yjsKeepsPending(server, benText)).toBe(true);
    Y.applyUpdate(server, anaText);
    expect(missingPart(server, Y.decodeUpdate(benText))).toBeNull();
  });

  it('refuses a deletion of content the server never received', () => {
    const ana = new Y.Doc();
    const [inserted, deleted] = updatesOf(ana, () => {
      ana.getText('notes').insert(0, 'a draft');
      ana.getText('notes').delete(0, 2);
    });
    const server = new Y.Doc();
    expect(missingPart(server, Y.decodeUpdate(deleted))).toMatch(/deletes changes/);
    expect(yjsKeepsPending(server, deleted)).toBe(true);
    Y.applyUpdate(server, inserted);
    expect(missingPart(server, Y.decodeUpdate(deleted))).toBeNull();
  });

  it('refuses an update that skips part of a person’s changes', () => {
    const ana = new Y.Doc();
    const [first, , third] = updatesOf(ana, () => {
      for (let i = 0; i < 3; i++) ana.getMap('demand').set(`F${i}|2027-01`, i);
    });
    const gapped = Y.mergeUpdates([first, third]);
    expect(missingPart(new Y.Doc(), Y.decodeUpdate(gapped))).toMatch(/skips changes/);
    expect(yjsKeepsPending(new Y.Doc(), gapped)).toBe(true);
  });
});
