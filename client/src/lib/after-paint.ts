/** How long a hidden tab (which paints no frames) waits before running what waits for one. */
const HIDDEN_TAB_MS = 250;

/**
 * Runs `run` once the next frame is painted (an animation frame, then a task), so what
 * changed before is on screen first. A hidden tab, which paints nothing, runs it after a
 * quarter of a second; a visible one always waits for its frame, however long the work
 * before it takes (on a slow device, a timer racing the frame would run `run` first).
 * Outside a page (no animation frames) it runs after this task. Returns the function
 * that cancels it.
 */
export function afterNextPaint(run: () => void): () => void {
  let done = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fallback: ReturnType<typeof setTimeout> | undefined;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(fallback);
    run();
  };
  if (typeof requestAnimationFrame !== 'function') {
    timer = setTimeout(once, 0);
    return () => clearTimeout(timer);
  }
  const frame = requestAnimationFrame(() => (timer = setTimeout(once, 0)));
  const whenHidden = () => {
    if (done) return;
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') once();
    else fallback = setTimeout(whenHidden, HIDDEN_TAB_MS);
  };
  fallback = setTimeout(whenHidden, HIDDEN_TAB_MS);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
    if (timer !== undefined) clearTimeout(timer);
  };
}

/**
 * Runs `work` once the next frame is painted and the page is idle (at the latest a
 * second later): work no person waits for, kept off the frames that answer them.
 */
export function whenIdleAfterPaint(work: () => void): void {
  afterNextPaint(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 1000 });
    else setTimeout(work, 0);
  });
}
