import { elementScroll, observeElementRect, type Virtualizer } from '@tanstack/virtual-core';

/**
 * Tells a virtualizer the size of its scrolling area once the page is laid out, and on
 * every change after (a ResizeObserver, whose first call comes after the first layout).
 * The stock observer measures at once, as the grid mounts, which lays a large page out
 * one extra time in the middle of drawing it; until the first call the virtualizer uses
 * its `initialRect`.
 */
export function observeRectWhenLaidOut<T extends Element, I extends Element>(
  instance: Virtualizer<T, I>,
  cb: (rect: { width: number; height: number }) => void,
): undefined | (() => void) {
  const element = instance.scrollElement;
  if (!element || typeof ResizeObserver !== 'function') return observeElementRect(instance, cb);
  const observer = new ResizeObserver(() =>
    cb({ width: element.clientWidth, height: element.clientHeight }),
  );
  observer.observe(element, { box: 'content-box' });
  return () => observer.disconnect();
}

/**
 * Scrolls a virtualizer's area as the stock `elementScroll` does, except to where it
 * already is at the start: a virtualizer scrolls to its first offset (0) as it mounts,
 * and scrolling lays out the page, in the middle of drawing it.
 */
export function scrollUnlessThere<T extends Element, I extends Element>(
  offset: number,
  options: { adjustments?: number; behavior?: ScrollBehavior },
  instance: Virtualizer<T, I>,
): void {
  if (offset + (options.adjustments ?? 0) === 0 && instance.scrollOffset === 0) return;
  elementScroll(offset, options, instance);
}
