import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The Content-Security-Policy of every response, as hono's `secureHeaders` takes it. The
 * built page loads only its own files: one module script, its CSS, the service worker
 * and the manifest, and talks only to its own server (`'self'` covers the same host's
 * `ws:`/`wss:` sync socket). No inline script is allowed anywhere.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  // 'wasm-unsafe-eval' lets the page compile WebAssembly (the constrained plan's solver,
  // HiGHS, in its worker) and nothing else: JavaScript eval stays refused.
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  // 'unsafe-inline' for styles only: the meeting's notes editor (CodeMirror, through
  // style-mod) writes its theme into <style> elements it creates at run time (a nonce,
  // EditorView.cspNonce, would need a fresh one templated into every page served), and
  // Svelte and Chart.js set style attributes. Tried without it,
  // the meeting reports violations (tests/e2e/security-headers.test.ts). Styles cannot
  // run code: scripts stay strict, 'self' only (and WebAssembly compiled, see above).
  styleSrc: ["'self'", "'unsafe-inline'"],
  // Vite inlines small images and fonts as data: URLs; a download is made from a blob: URL.
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Security headers on every response but a websocket upgrade: the policy above,
 * `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` (an invite link's
 * token is in the page's address and must never reach another site),
 * `X-Frame-Options: DENY` for browsers without `frame-ancestors`, and hono's other
 * defaults (Cross-Origin-Opener-Policy and Cross-Origin-Resource-Policy: same-origin).
 */
export function securityHeaders(): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: 'nosniff',
    xFrameOptions: 'DENY',
  });
  return (c, next) => (c.req.path.startsWith('/sync/') ? next() : headers(c, next));
}
