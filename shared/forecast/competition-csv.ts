import Papa from 'papaparse';

/** One column of a competition file: the series' name and its observations, oldest first. */
export interface CompetitionColumn {
  name: string;
  values: number[];
}

/**
 * Reads a forecasting-competition file in the layout the tourism competition's data
 * is published in (the Tcomp package's source data): one series per column; row 1
 * names the series; then the number of observations, the first year and, for seasonal
 * data (`period` above 1), the first month or quarter; then the observations, oldest
 * first, shorter columns ending in empty cells. Throws an error naming the column and
 * row of anything that is not a number where one belongs.
 */
export function readCompetitionCsv(text: string, period: number): CompetitionColumn[] {
  const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: false });
  const rows = parsed.data;
  if (rows.length < 2) throw new Error('the file has no series: expected names in row 1');
  const names = rows[0].map((name) => name.trim());
  const infoRows = period > 1 ? 3 : 2;
  return names.map((name, column) => {
    const where = (row: number) => `series "${name}" (column ${column + 1}), row ${row + 1}`;
    const countText = rows[1]?.[column]?.trim() ?? '';
    const count = Number(countText);
    if (countText === '' || !Number.isInteger(count) || count < 0) {
      throw new Error(
        `${where(1)}: the number of observations must be a whole number, got "${countText}"`,
      );
    }
    const values: number[] = [];
    for (let row = 1 + infoRows; row < 1 + infoRows + count; row++) {
      const cell = rows[row]?.[column]?.trim() ?? '';
      const value = Number(cell);
      if (cell === '' || !Number.isFinite(value)) {
        throw new Error(
          `${where(row)}: expected observation ${values.length + 1} of ${count}, got "${cell}"`,
        );
      }
      values.push(value);
    }
    return { name, values };
  });
}
