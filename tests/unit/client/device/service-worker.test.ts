import { afterEach, describe, expect, it, vi } from 'vitest';

const registerSW = vi.hoisted(() => vi.fn());
vi.mock('virtual:pwa-register', () => ({ registerSW }));

const { registerServiceWorker, UPDATE_READY_EVENT } =
  await import('../../../../client/src/device/service-worker.ts');

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  registerSW.mockReset();
});

describe('registerServiceWorker', () => {
  it('registers nothing outside production builds (the dev server must never be cached)', () => {
    vi.stubEnv('PROD', false);
    registerServiceWorker();
    expect(registerSW).not.toHaveBeenCalled();
  });

  it('registers at once in production, and announces a new version instead of reloading', () => {
    vi.stubEnv('PROD', true);
    const page = new EventTarget();
    vi.stubGlobal('window', page);
    registerServiceWorker();
    expect(registerSW).toHaveBeenCalledTimes(1);
    const options = registerSW.mock.calls[0][0];
    expect(options.immediate).toBe(true);
    const announced = vi.fn();
    page.addEventListener(UPDATE_READY_EVENT, announced);
    options.onNeedReload();
    expect(announced).toHaveBeenCalledTimes(1);
  });

  it('never throws: a refused or failing registration is logged, naming the problem', () => {
    vi.stubEnv('PROD', true);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    registerServiceWorker();
    registerSW.mock.calls[0][0].onRegisterError(new Error('SecurityError: insecure origin'));
    expect(warn).toHaveBeenLastCalledWith(
      expect.stringMatching(
        /^Fulcrum could not install its offline copy of the app \(service worker: SecurityError: insecure origin\)/,
      ),
    );
    registerSW.mockImplementation(() => {
      throw new Error('navigator is not defined');
    });
    expect(() => registerServiceWorker()).not.toThrow();
    expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('navigator is not defined'));
  });
});
