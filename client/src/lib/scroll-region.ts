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
 * `aria-label` while it scrolls.
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
  const observer = new ResizeObserver(apply);
  observer.observe(node);
  // Rows added or removed change the content's size, not the box's.
  const content = new MutationObserver(() => {
    for (const child of node.children) observer.observe(child);
    apply();
  });
  content.observe(node, { childList: true });
  for (const child of node.children) observer.observe(child);
  apply();
  return {
    update(next) {
      name = next;
      apply();
    },
    destroy() {
      observer.disconnect();
      content.disconnect();
    },
  };
}
