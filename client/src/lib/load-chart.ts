import type { Chart, ChartComponentLike } from 'chart.js';

/*
 * The one door to Chart.js. Nothing in client/ imports 'chart.js' or
 * 'chartjs-chart-matrix' as a value except through these dynamic imports, so both stay
 * out of the initial bundle: the first chart on screen fetches them, later charts reuse
 * the same promise. Type-only imports are erased and cost nothing.
 */

/**
 * Imports Chart.js and picks, by name, the parts the charts use. Naming them here (and
 * never passing the whole module object around) lets the bundler drop the controllers,
 * scales and plugins no chart uses.
 */
async function importCore() {
  const {
    Chart,
    BarController,
    BarElement,
    CategoryScale,
    Filler,
    LinearScale,
    LineController,
    LineElement,
    PointElement,
    Tooltip,
  } = await import('chart.js');
  const parts = {
    BarController,
    BarElement,
    CategoryScale,
    Filler,
    LinearScale,
    LineController,
    LineElement,
    PointElement,
    Tooltip,
  };
  return { Chart, parts };
}

async function importMatrix() {
  const { MatrixController, MatrixElement } = await import('chartjs-chart-matrix');
  return { MatrixController, MatrixElement };
}

/** The Chart.js parts a chart can ask {@link loadChart} to register. */
export type CoreParts = Awaited<ReturnType<typeof importCore>>['parts'];
/** The matrix parts a chart can ask {@link loadMatrixChart} to register, besides the core. */
export type MatrixParts = Awaited<ReturnType<typeof importMatrix>>;
/** The Chart class, as a value. */
export type ChartClass = typeof Chart;

let core: Promise<Awaited<ReturnType<typeof importCore>>> | undefined;
let matrix: Promise<MatrixParts> | undefined;

/** Loads once; a failed load (offline, a stale chunk after a deploy) is retried on the next call. */
function loadCore() {
  core ??= importCore().then(
    (loaded) => {
      applyDefaults(loaded.Chart);
      return loaded;
    },
    (error: unknown) => {
      core = undefined;
      throw error;
    },
  );
  return core;
}

function loadMatrix() {
  matrix ??= importMatrix().catch((error: unknown) => {
    matrix = undefined;
    throw error;
  });
  return matrix;
}

/** The page's type and text colour, so chart labels read like the tables beside them. */
function applyDefaults(ChartJs: ChartClass): void {
  const style = getComputedStyle(document.documentElement);
  const font = style.getPropertyValue('--font-sans').trim();
  if (font) ChartJs.defaults.font.family = font;
  ChartJs.defaults.font.size = 12;
  const color = style.getPropertyValue('--text-muted').trim();
  if (color) ChartJs.defaults.color = color;
}

/**
 * Loads Chart.js (once per page) and registers the parts `pick` returns; resolves to the
 * Chart class. Registering twice is harmless, so each chart names exactly what it uses.
 */
export async function loadChart(
  pick: (parts: CoreParts) => ChartComponentLike[],
): Promise<ChartClass> {
  const { Chart, parts } = await loadCore();
  Chart.register(...pick(parts));
  return Chart;
}

/** {@link loadChart} for charts that also need the matrix controller (heatmaps). */
export async function loadMatrixChart(
  pick: (parts: CoreParts & MatrixParts) => ChartComponentLike[],
): Promise<ChartClass> {
  const [{ Chart, parts }, matrixParts] = await Promise.all([loadCore(), loadMatrix()]);
  Chart.register(...pick({ ...parts, ...matrixParts }));
  return Chart;
}
