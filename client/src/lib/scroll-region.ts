import { afterNextPaint } from './after-paint.ts';

/**
 * A box that scrolls a wide table: while its content overflows, a keyboard reaches it
 * (Tab stops on it, the arrow keys then scroll it) and a screen reader hears it as a
 * region named for what it holds. When everything fits it is a plain box again, so a
 * table that fits adds no extra Tab stop.
 */

/** Whether a box's content is wider or taller than the box shows. */
function overflows(node: HTMLElement): boolean {
  return node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1;
}

/**
 * Svelte action: `<div class="table-scroll" use:scrollRegion={'Scenarios compared'}>`.
 * Watches the box and its content's size, and sets `tabindex`, `role="region"` and
 * `aria-label` while it scrolls. Sizes are read once the page is painted, and then where
 * the browser reports them after laying the page out (a ResizeObserver): read while the
 * page is being built, they would lay it out once more before it is drawn. The look after
 * painting also covers a box the browser does not lay out while it is out of sight
 * (`content-visibility: auto`), which a keyboard must still reach.
 */
export function scrollRegion(
  node: HTMLElement,
  label: string,
): { update: (label: string) => void; destroy: () => void } {
  let name = label;
  const apply = () => {
    if (overflows(node)) {
      node.tabIndex = 0;
      node.setAttribute('role', 'region');
      node.setAttribute('aria-label', name);
    } else {
      node.removeAttribute('tabindex');
      node.removeAttribute('role');
      node.removeAttribute('aria-label');
    }
  };
  let cancelLook = afterNextPaint(apply);
  const observer = new ResizeObserver(apply);
  observer.observe(node);
  // Rows added or removed change the content's size, not the box's.
  const content = new MutationObserver(() => {
    for (const child of node.children) observer.observe(child);
    cancelLook();
    cancelLook = afterNextPaint(apply);
  });
  content.observe(node, { childList: true });
  for (const child of node.children) observer.observe(child);
  return {
    update(next) {
      name = next;
      if (node.getAttribute('role') === 'region') node.setAttribute('aria-label', name);
    },
    destroy() {
      cancelLook();
      observer.disconnect();
      content.disconnect();
    },
  };
}
