import { registerSW } from 'virtual:pwa-register';

/** Fired on `window` when a new version of the app is installed and controls the next load. */
export const UPDATE_READY_EVENT = 'fulcrum:update-ready';

/**
 * Registers the service worker that keeps the app shell on this device, so a cycle kept
 * offline opens with no network. Production builds only: in development Vite serves
 * the page and a cached shell would hide every change. Never throws: a browser without
 * service workers (or one that refuses this one) still runs the app online, and the
 * problem is logged.
 *
 * A new version activates on its own (`autoUpdate`) but never reloads the page under
 * the person's hands: the page may hold edits not yet on the device or the server. It
 * fires {@link UPDATE_READY_EVENT} instead; the next load runs the new version.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD) return;
  try {
    registerSW({
      immediate: true,
      onNeedReload: () => window.dispatchEvent(new CustomEvent(UPDATE_READY_EVENT)),
      onRegisterError: (error: unknown) => warn(error),
    });
  } catch (error) {
    warn(error);
  }
}

function warn(error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  console.warn(
    `Fulcrum could not install its offline copy of the app (service worker: ${reason}); the app works online, but will not open without a network.`,
  );
}
