/** A count with its noun: `1 month`, `3 months`, `2 families` (with `many`). */
export function countOf(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
