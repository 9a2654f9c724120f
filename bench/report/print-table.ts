import type { BenchRow } from '../bench-row';

const format = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));

/** One part's rows as a text table (median, then [min-max] of the rounds), then its verdicts. */
export function formatPart(rows: readonly BenchRow[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row.figures)))];
  const cell = (row: BenchRow, column: string) => {
    const value = row.figures[column];
    if (value === undefined) return '-';
    const spread = row.spread?.[column];
    return spread ? `${format(value)} [${format(spread[0])}-${format(spread[1])}]` : format(value);
  };
  const cells = rows.map((row) => [row.name, ...columns.map((column) => cell(row, column))]);
  const header = ['', ...columns];
  const widths = header.map((title, index) => Math.max(title.length, ...cells.map((line) => line[index]!.length)));
  const line = (values: string[]) => values.map((value, index) => (index === 0 ? value.padEnd(widths[index]!) : value.padStart(widths[index]!))).join('  ');
  const verdicts = rows.flatMap((row) => (row.verdicts ?? []).map((verdict) => `  ${verdict.pass ? 'pass        ' : 'falls short '} ${verdict.target}: ${format(verdict.measured)} (${row.name})`));
  return [line(header), ...cells.map(line), ...(verdicts.length ? ['', ...verdicts] : [])].join('\n');
}
