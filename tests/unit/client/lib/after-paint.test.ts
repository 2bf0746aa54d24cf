import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint } from '../../../../client/src/lib/after-paint.ts';

describe('afterNextPaint', () => {
  let frames: (() => void)[];
  let visibility: 'visible' | 'hidden';

  beforeEach(() => {
    vi.useFakeTimers();
    frames = [];
    visibility = 'visible';
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
    vi.stubGlobal('cancelAnimationFrame', (id: number) => (frames[id - 1] = () => {}));
    vi.stubGlobal('document', {
      get visibilityState() {
        return visibility;
      },
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const paint = () => {
    for (const frame of frames.splice(0)) frame();
  };

  it('waits for the frame in a visible tab, however long the work before it takes', () => {
    const run = vi.fn();
    afterNextPaint(run);
    vi.advanceTimersByTime(2000);
    expect(run).not.toHaveBeenCalled();
    paint();
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runs in a hidden tab, which paints nothing, after a quarter of a second', () => {
    const run = vi.fn();
    afterNextPaint(run);
    visibility = 'hidden';
    vi.advanceTimersByTime(250);
    expect(run).toHaveBeenCalledTimes(1);
    paint();
    vi.advanceTimersByTime(1000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runs nothing once cancelled', () => {
    const run = vi.fn();
    const cancel = afterNextPaint(run);
    cancel();
    paint();
    visibility = 'hidden';
    vi.advanceTimersByTime(1000);
    expect(run).not.toHaveBeenCalled();
  });
});
