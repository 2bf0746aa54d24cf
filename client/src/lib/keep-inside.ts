/**
 * A bubble under a cell (an error message) that stays inside what clips it: the grid's
 * scrolling box. It shows below its cell; when there is no room below (the bottom row)
 * it flips above, and when it would run out on the left it lines up with the cell's
 * left edge instead of its right.
 */

/** The gap between the cell and its bubble, in CSS pixels. */
const GAP = 2;

/** The visible box of the nearest ancestor that clips: scrolls or hides overflow. */
function clippingBox(node: HTMLElement): DOMRect | null {
  for (let at = node.parentElement; at; at = at.parentElement) {
    const style = getComputedStyle(at);
    if (/(auto|scroll|hidden|clip)/.test(style.overflowY + style.overflowX)) {
      const box = at.getBoundingClientRect();
      // The part inside the scroll bars: clientWidth and clientHeight leave them out.
      return new DOMRect(box.left, box.top, at.clientWidth, at.clientHeight);
    }
  }
  return null;
}

/** Places `node`, absolutely positioned in its cell, so it stays inside its clipping box. */
export function placeInside(node: HTMLElement): void {
  const style = node.style;
  style.top = `calc(100% + ${GAP}px)`;
  style.bottom = 'auto';
  style.right = '0';
  style.left = 'auto';
  const box = clippingBox(node);
  const cell = node.parentElement?.getBoundingClientRect();
  if (!box || !cell) return;
  const bubble = node.getBoundingClientRect();
  const roomBelow = box.bottom - cell.bottom;
  const roomAbove = cell.top - box.top;
  if (bubble.height + GAP > roomBelow && roomAbove > roomBelow) {
    style.top = 'auto';
    style.bottom = `calc(100% + ${GAP}px)`;
  }
  if (bubble.left < box.left) {
    style.right = 'auto';
    style.left = '0';
  }
}

/**
 * Svelte action: keeps a bubble inside the grid, placed again whenever its text (the
 * parameter) changes.
 */
export function keepInside(node: HTMLElement, _text?: string): { update(text?: string): void } {
  placeInside(node);
  return { update: () => placeInside(node) };
}
