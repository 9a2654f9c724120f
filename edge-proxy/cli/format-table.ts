/** Lays rows out as an aligned plain-text table under upper-cased headings. */
export function formatTable(headings: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const cells = [headings.map((heading) => heading.toUpperCase()), ...rows.map((row) => row.map((cell) => (cell === null ? '-' : String(cell))))];
  const widths = headings.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  return cells.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}
