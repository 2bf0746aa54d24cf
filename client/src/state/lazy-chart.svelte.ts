import type { Chart, ChartConfiguration, ChartType, DefaultDataPoint } from 'chart.js';
import { afterNextPaint } from '../lib/after-paint.ts';
import type { ChartClass } from '../lib/load-chart.ts';

/** Where a lazily loaded chart is: its code on the way, drawn, or its code failed to load. */
export type ChartStatus = 'loading' | 'ready' | 'failed';

/**
 * One chart's life: created once when Chart.js has loaded, updated in place while it
 * lives, destroyed when its component goes. The chart is `$state.raw` so the component's
 * update effect reruns when it appears, and Svelte never proxies Chart.js internals.
 */
export class LazyChart<TType extends ChartType, TData = DefaultDataPoint<TType>, TLabel = unknown> {
  #chart = $state.raw<Chart<TType, TData, TLabel> | null>(null);
  #status = $state<ChartStatus>('loading');

  /** The live chart, or `null` while Chart.js loads and after the component is gone. */
  get chart(): Chart<TType, TData, TLabel> | null {
    return this.#chart;
  }

  get status(): ChartStatus {
    return this.#status;
  }

  /**
   * Loads Chart.js and creates the chart on `canvas` once the next frame is painted. Call
   * it from the component's mount effect and return what it returns: that cleanup destroys
   * the chart, or, if the component goes before Chart.js arrives, makes sure no chart is
   * created at all. `config` runs once, when the chart is created, outside any reactive
   * tracking, so a change of props never recreates the chart; the component's update
   * effect applies it.
   */
  mount(
    canvas: HTMLCanvasElement,
    load: () => Promise<ChartClass>,
    config: () => ChartConfiguration<TType, TData, TLabel>,
  ): () => void {
    let isGone = false;
    let created: Chart<TType, TData, TLabel> | null = null;
    this.#status = 'loading';
    let cancelWait = () => {};
    load().then(
      (ChartJs) => {
        if (isGone) return;
        // Made once the frame that shows the component is painted: a new chart lays itself
        // out and draws (tens of milliseconds each), which would hold that frame up.
        cancelWait = afterNextPaint(() => {
          if (isGone) return;
          created = new ChartJs<TType, TData, TLabel>(canvas, config());
          this.#chart = created;
          this.#status = 'ready';
        });
      },
      (error: unknown) => {
        if (isGone) return;
        console.error('Fulcrum: the chart library failed to load', error);
        this.#status = 'failed';
      },
    );
    return () => {
      isGone = true;
      cancelWait();
      created?.destroy();
      created = null;
      this.#chart = null;
    };
  }

  /**
   * A chart component's two effects, from its setup: create the chart with {@link mount}
   * once `canvas` returns the element, and on every change of what `update` reads, apply it
   * to the live chart and redraw without animation (new data into the same chart).
   */
  attach(
    canvas: () => HTMLCanvasElement | undefined,
    load: () => Promise<ChartClass>,
    config: (canvas: HTMLCanvasElement) => ChartConfiguration<TType, TData, TLabel>,
    update: (chart: Chart<TType, TData, TLabel>) => void,
  ): void {
    $effect(() => {
      const target = canvas();
      if (!target) return;
      return this.mount(target, load, () => config(target));
    });

    $effect(() => {
      const chart = this.chart;
      if (!chart) return;
      update(chart);
      chart.update('none');
    });
  }
}
