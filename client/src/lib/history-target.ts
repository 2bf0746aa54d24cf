/**
 * The route item that opens the History view on a cell or record: `risks:risk-1a2b`,
 * `demand:F1|2027-01`. Its own small module, so the Plan view (in the page's first
 * download) links to History without carrying the History view's code.
 */
export function historyTarget(root: string, key: string): string {
  return `${root}:${key}`;
}
