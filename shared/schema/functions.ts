/**
 * The business functions a person speaks for, and that sign off a stage of the cycle.
 * A module of its own, without schemas: the page reads an invite's functions before
 * anything else has loaded (client/src/session/early-open.ts).
 */
export const FUNCTIONS = ['sales', 'marketing', 'supplyChain', 'finance', 'executive'] as const;
