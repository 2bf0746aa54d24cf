import type { FulcrumServer } from './fulcrum-server.ts';
import type { Logger } from './log.ts';

/** How a bounded stop ended. */
export type StopOutcome = { stopped: true } | { stopped: false; pending: string };

/**
 * Stops `server` gracefully (see {@link FulcrumServer.close}) but waits at most
 * `timeoutMs`. A stop that does not finish in time is logged as `shutdown.timed-out`
 * with what was still pending; a stop that fails is logged as `shutdown.failed`.
 */
export async function stopWithin(
  server: Pick<FulcrumServer, 'close' | 'pending'>,
  timeoutMs: number,
  logger: Logger,
): Promise<StopOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
  });
  try {
    const ended = await Promise.race([server.close().then(() => 'stopped' as const), timedOut]);
    if (ended === 'stopped') return { stopped: true };
    const pending = server.pending();
    logger.error('shutdown.timed-out', { timeoutMs, pending });
    return { stopped: false, pending };
  } catch (error) {
    const pending = `${server.pending()}, which failed: ${error instanceof Error ? error.message : String(error)}`;
    logger.error('shutdown.failed', { pending });
    return { stopped: false, pending };
  } finally {
    clearTimeout(timer);
  }
}
