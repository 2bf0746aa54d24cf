/**
 * The reconciliation engine: pure, deterministic functions of plain data.
 * Every browser and the server run the same code and, on the same plan, compute
 * byte-identical results.
 */
export * from './types.ts';
