/** Someone else's cursor on a plan cell, as the grid shows it. */
export interface Visitor {
  name: string;
  color: string;
}

/** Others' cursors by family or resource id, then `grid|month` (my own left out). */
export function visitorsByCell(
  people: readonly {
    name: string;
    color: string;
    isMe: boolean;
    focus: { grid: string; id: string; month: string } | null;
  }[],
): ReadonlyMap<string, ReadonlyMap<string, Visitor[]>> {
  const byId = new Map<string, Map<string, Visitor[]>>();
  for (const person of people) {
    if (person.isMe || !person.focus) continue;
    const { grid, id, month } = person.focus;
    let cells = byId.get(id);
    if (!cells) byId.set(id, (cells = new Map()));
    const key = `${grid}|${month}`;
    cells.set(key, [...(cells.get(key) ?? []), { name: person.name, color: person.color }]);
  }
  return byId;
}

/** The people with a cursor anywhere in one family or resource, each once. */
export function visitorsIn(cells: ReadonlyMap<string, Visitor[]> | undefined): Visitor[] {
  if (!cells) return [];
  const byName = new Map<string, Visitor>();
  for (const list of cells.values()) for (const visitor of list) byName.set(visitor.name, visitor);
  return [...byName.values()];
}
