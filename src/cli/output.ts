/** Printing rows as an aligned table, CSV or JSON. */
export type OutputFormat = 'table' | 'csv' | 'json';

export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(3);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function csvEscape(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderTable(rows: Record<string, unknown>[], format: OutputFormat = 'table'): string {
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  if (!rows.length) return format === 'csv' ? '' : '(no rows)\n';
  const cols = Object.keys(rows[0]);
  const cells = rows.map((r) => cols.map((c) => formatCell(r[c])));
  if (format === 'csv') return [cols, ...cells].map((r) => r.map(csvEscape).join(',')).join('\n') + '\n';
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const numeric = cols.map((_, i) => rows.every((r) => typeof r[cols[i]] === 'number' || r[cols[i]] === null));
  const line = (r: string[]) => r.map((s, i) => (numeric[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(cols), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n';
}

export function printTable(rows: Record<string, unknown>[], format: OutputFormat = 'table'): void {
  process.stdout.write(renderTable(rows, format));
}
