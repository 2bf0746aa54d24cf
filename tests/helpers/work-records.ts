/** The open risk many document tests write: every field a new risk needs, nothing more. */
export const OPEN_RISK = {
  title: 'Resin shortage',
  kind: 'risk',
  probability: 3,
  impact: 4,
  status: 'open',
  raisedIn: '2026-12',
} as const;
