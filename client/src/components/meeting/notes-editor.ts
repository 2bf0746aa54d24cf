import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import type { WebsocketProvider } from 'y-websocket';
import { createNotesUndo, type agendaNotes } from '../../../../shared/doc/index.ts';

/**
 * The co-edited notes of an agenda item: CodeMirror 6 bound to the item's shared text
 * with y-codemirror.next, so everyone's typing merges character by character and the
 * others' cursors show in their colours. Loaded on demand (this module and CodeMirror
 * are not in the page's first bundle).
 */

/** The shared text of an item's notes. */
export type NotesText = ReturnType<typeof agendaNotes>;

/** What the editor needs. */
export interface NotesEditorOptions {
  parent: HTMLElement;
  text: NotesText;
  /** Presence of the cycle, for the others' cursors and names. */
  awareness: WebsocketProvider['awareness'];
  /** The accessible name, e.g. `Notes, Are we on plan financially?`. */
  label: string;
  readOnly: boolean;
  /** The id of what says why the notes are read-only, for screen readers. */
  readOnlyNote?: string;
  placeholder: string;
}

/** A mounted notes editor. */
export interface NotesEditor {
  setLabel(label: string): void;
  setReadOnly(readOnly: boolean): void;
  destroy(): void;
}

const theme = EditorView.theme({
  '&': {
    fontSize: '14px',
    backgroundColor: 'var(--surface)',
    border: '1px solid var(--border-strong)',
    borderRadius: 'var(--radius-small)',
  },
  '&.cm-focused': {
    outline: '2px solid var(--focus)',
    outlineOffset: '1px',
  },
  '.cm-scroller': {
    fontFamily: 'var(--font-sans)',
    lineHeight: '1.55',
    minHeight: '150px',
    maxHeight: '360px',
    overflow: 'auto',
  },
  '.cm-content': {
    padding: '10px 12px',
    caretColor: 'var(--text)',
  },
  '.cm-line': { padding: '0' },
  '.cm-placeholder': { color: 'var(--text-faint)' },
  '&.cm-readonly': { backgroundColor: 'var(--surface-muted)' },
  '.cm-ySelectionInfo': {
    fontFamily: 'var(--font-sans)',
    fontWeight: '600',
    borderRadius: '3px',
    padding: '0 4px',
  },
});

/** Mounts an editor on `parent`; call `destroy` to take it down (it leaves the text as is). */
export function createNotesEditor(options: NotesEditorOptions): NotesEditor {
  const label = new Compartment();
  const access = new Compartment();
  const undoManager = createNotesUndo(options.text);
  const labelOf = (text: string) => EditorView.contentAttributes.of({ 'aria-label': text });
  const accessOf = (readOnly: boolean) => [
    EditorState.readOnly.of(readOnly),
    EditorView.editable.of(!readOnly),
    EditorView.editorAttributes.of({ class: readOnly ? 'cm-readonly' : '' }),
    EditorView.contentAttributes.of(
      readOnly
        ? {
            'aria-readonly': 'true',
            ...(options.readOnlyNote ? { 'aria-describedby': options.readOnlyNote } : {}),
          }
        : {},
    ),
  ];
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.text.toString(),
      extensions: [
        keymap.of(yUndoManagerKeymap),
        yCollab(options.text, options.awareness, { undoManager }),
        EditorView.lineWrapping,
        placeholder(options.placeholder),
        label.of(labelOf(options.label)),
        access.of(accessOf(options.readOnly)),
        theme,
      ],
    }),
  });
  return {
    setLabel(text) {
      view.dispatch({ effects: label.reconfigure(labelOf(text)) });
    },
    setReadOnly(readOnly) {
      view.dispatch({ effects: access.reconfigure(accessOf(readOnly)) });
    },
    destroy() {
      view.destroy();
      undoManager.destroy();
      // Others stop seeing my cursor in notes I no longer have open.
      const { awareness } = options;
      if (awareness.getLocalState()?.cursor) awareness.setLocalStateField('cursor', null);
    },
  };
}
