/**
 * A table's column headers told to each of its cells, so that on a narrow screen, where
 * each row reads as a card (work.css, `.item-cards`; the pre-read's tables), a cell can
 * show what it holds ("Owner", "Due") before its value. The headers stay the one place
 * the words are written: the cells take them as `data-label`, which the card layout shows
 * with `content: attr(data-label)`.
 */

/**
 * Sets `data-label` on every body cell of `root` (a table, or every table within it) to
 * the text of its column's header.
 */
export function labelCells(root: HTMLElement): void {
  const tables = root instanceof HTMLTableElement ? [root] : root.querySelectorAll('table');
  for (const table of tables) {
    const headers = [...(table.tHead?.rows[0]?.cells ?? [])].map((cell) =>
      (cell.textContent ?? '').trim(),
    );
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        for (const cell of row.cells) {
          const label = headers[cell.cellIndex] ?? '';
          if (cell.dataset.label !== label) cell.dataset.label = label;
        }
      }
    }
  }
}

/**
 * Svelte action: `<table use:cellLabels>` or `<div use:cellLabels>` around tables. Labels
 * the cells at once and after every change of the rows or headers.
 */
export function cellLabels(root: HTMLElement): { destroy: () => void } {
  labelCells(root);
  const observer = new MutationObserver(() => labelCells(root));
  // Rows and cells come and go; a header's words may change. Attribute changes (our own
  // `data-label` among them) are not watched, so labelling never wakes the observer again.
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  return { destroy: () => observer.disconnect() };
}
