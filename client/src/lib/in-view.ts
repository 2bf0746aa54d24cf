/**
 * Svelte action: tells `onChange` whether the node is on screen (or within 200 px of it)
 * each time that changes, so work shown only there can wait while nobody can see it.
 */
export function inView(node: Element, onChange: (visible: boolean) => void) {
  if (typeof IntersectionObserver !== 'function') return;
  let tell = onChange;
  const observer = new IntersectionObserver(
    (entries) => tell(entries[entries.length - 1].isIntersecting),
    { rootMargin: '200px' },
  );
  observer.observe(node);
  return {
    update(next: (visible: boolean) => void) {
      tell = next;
    },
    destroy() {
      observer.disconnect();
    },
  };
}
