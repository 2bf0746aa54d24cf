import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyRecorded, recordChanges } from '../../../../server/sync/change-capture.ts';

function docWith(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('notes').insert(0, text);
  return doc;
}

describe('what a room records of its document', () => {
  it('merges every update of a recording into one that rebuilds the change', () => {
    const doc = new Y.Doc();
    const recording = recordChanges(doc);
    doc.getText('notes').insert(0, 'Port ');
    doc.getText('notes').insert(5, 'strike');
    const change = recording.stop();
    doc.getText('notes').insert(0, 'after stop: ');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, change!);
    expect(copy.getText('notes').toString()).toBe('Port strike');
  });

  it('records nothing when nothing changed', () => {
    const doc = new Y.Doc();
    expect(recordChanges(doc).stop()).toBeNull();
  });

  it('applies an update and returns what it changed; a duplicate changes nothing', () => {
    const source = docWith('Port strike');
    const update = Y.encodeStateAsUpdate(source);
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
    expect(applyRecorded(doc, update, 'peer')).not.toBeNull();
    expect(doc.getText('notes').toString()).toBe('Port strike');
    expect(origins).toEqual(['peer']);
    expect(applyRecorded(doc, update, 'peer')).toBeNull();
  });

  it('stops recording when the update does not apply', () => {
    const doc = new Y.Doc();
    expect(() => applyRecorded(doc, new Uint8Array([0, 9, 9, 9]), 'peer')).toThrow();
    // Later changes are no longer captured: the listener is gone.
    const observers = (doc as unknown as { _observers: Map<string, Set<unknown>> })._observers;
    expect(observers.get('update')?.size ?? 0).toBe(0);
  });
});
