/**
 * The full text of a name or title cut short by an ellipsis, shown in a tooltip on hover
 * and on keyboard focus (a `title` attribute shows on hover only). One tooltip for the
 * page, placed beside the text and kept in the window; Escape hides it. It is a popover,
 * so it shows over a modal dialog too. Text that fits gets no tooltip. A truncated text
 * outside any control becomes reachable by Tab.
 */

const TIP_ID = 'full-text-tip';
/** Controls that take focus themselves: the tooltip follows their focus. */
const FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]';

let tip: HTMLDivElement | null = null;
let shownFor: HTMLElement | null = null;

function tipElement(): HTMLDivElement {
  if (tip?.isConnected) return tip;
  tip = document.createElement('div');
  tip.id = TIP_ID;
  tip.setAttribute('role', 'tooltip');
  // The top layer: over a modal dialog as over the page.
  if (supportsPopover()) tip.popover = 'manual';
  Object.assign(tip.style, {
    position: 'fixed',
    inset: 'auto',
    margin: '0',
    border: '0',
    zIndex: '1000',
    maxWidth: 'min(420px, calc(100vw - 16px))',
    padding: '5px 9px',
    borderRadius: '6px',
    background: '#1f2937',
    color: '#fff',
    font: '500 12.5px/1.4 system-ui, sans-serif',
    whiteSpace: 'normal',
    overflowWrap: 'anywhere',
    boxShadow: '0 6px 16px rgb(16 24 40 / 0.25)',
    pointerEvents: 'none',
    display: 'none',
  });
  document.body.append(tip);
  return tip;
}

function supportsPopover(): boolean {
  return typeof HTMLElement.prototype.showPopover === 'function';
}

/** True when the text does not fit its box (cut by an ellipsis or a line clamp). */
export function isTruncated(node: HTMLElement): boolean {
  return node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1;
}

function show(node: HTMLElement, text: string): void {
  const element = tipElement();
  element.textContent = text;
  element.style.display = 'block';
  if (element.popover) {
    // Shown again, so it rises above a dialog opened since.
    if (element.matches(':popover-open')) element.hidePopover();
    element.showPopover();
  }
  shownFor = node;
  const anchor = node.getBoundingClientRect();
  const box = element.getBoundingClientRect();
  const left = Math.max(8, Math.min(anchor.left, window.innerWidth - box.width - 8));
  const below = anchor.bottom + 6;
  const top = below + box.height > window.innerHeight - 8 ? anchor.top - box.height - 6 : below;
  element.style.left = `${left}px`;
  element.style.top = `${Math.max(8, top)}px`;
}

function hide(node: HTMLElement): void {
  if (shownFor !== node || !tip) return;
  if (tip.popover && tip.matches(':popover-open')) tip.hidePopover();
  tip.style.display = 'none';
  shownFor = null;
}

/**
 * Svelte action: shows the node's full text (or `text`) in a tooltip while it is cut
 * short and the pointer is on it or it (or the control it is in) has keyboard focus.
 */
export function fullText(node: HTMLElement, text?: string) {
  let full = text;
  const control = node.closest<HTMLElement>(FOCUSABLE);
  const target = control ?? node;
  const content = () => (full ?? node.textContent ?? '').trim();
  const open = () => {
    if (isTruncated(node) && content()) show(node, content());
  };
  const close = () => hide(node);
  const onKey = (event: KeyboardEvent) => {
    // The first Escape hides the tooltip only, not the dialog it may be in.
    if (event.key === 'Escape' && shownFor === node) {
      close();
      event.preventDefault();
      event.stopPropagation();
    }
  };
  // Outside a control, a cut text takes a Tab stop of its own, and only then.
  const reach = () => {
    if (control) return;
    if (isTruncated(node)) node.tabIndex = 0;
    else node.removeAttribute('tabindex');
  };
  // The observer's first call comes once the page is laid out: measuring now would lay it
  // out in the middle of drawing it.
  const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(reach) : null;
  if (observer) observer.observe(node);
  else reach();

  node.addEventListener('mouseenter', open);
  node.addEventListener('mouseleave', close);
  target.addEventListener('focus', open);
  target.addEventListener('blur', close);
  target.addEventListener('keydown', onKey);
  return {
    update(next?: string) {
      full = next;
      reach();
      if (shownFor === node) open();
    },
    destroy() {
      observer?.disconnect();
      close();
      node.removeEventListener('mouseenter', open);
      node.removeEventListener('mouseleave', close);
      target.removeEventListener('focus', open);
      target.removeEventListener('blur', close);
      target.removeEventListener('keydown', onKey);
    },
  };
}
