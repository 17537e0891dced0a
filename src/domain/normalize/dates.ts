/**
 * Dates → "YYYY-MM-DD" or null. Accepts ISO dates/datetimes, "dd-mm-yyyy", "dd/mm/yyyy", "6 augustus 2025".
 * Dates before 2000-01-01 or more than one year after `now` → null + issue `date_out_of_range:<field>`;
 * present but unreadable → null + `unparsed_date:<field>`.
 */
const MONTHS: Record<string, number> = {
  januari: 1, jan: 1, january: 1, februari: 2, feb: 2, february: 2, maart: 3, mrt: 3, march: 3, mar: 3, april: 4, apr: 4,
  mei: 5, may: 5, juni: 6, jun: 6, june: 6, juli: 7, jul: 7, july: 7, augustus: 8, aug: 8, august: 8, september: 9, sep: 9, sept: 9,
  oktober: 10, okt: 10, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};

function ymd(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return dt.toISOString().slice(0, 10);
}

export function toIsoDate(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'number' && Number.isFinite(v)) {
    const ms = v < 1e11 ? v * 1000 : v; // unix seconds or ms
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
  }
  if (typeof v !== 'string') return null;
  const s = v.trim().slice(0, 100);
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])/.exec(s);
  if (m) {
    if (/T\d{2}:\d{2}.*(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
      const d = new Date(s);
      if (!Number.isNaN(d.getTime())) return d.toISOString().slice(0, 10);
    }
    return ymd(+m[1], +m[2], +m[3]);
  }
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  if (m) return ymd(+m[3], +m[2], +m[1]);
  m = /^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$/i.exec(s);
  if (m && MONTHS[m[2].toLowerCase()]) return ymd(+m[3], MONTHS[m[2].toLowerCase()], +m[1]);
  return null;
}

export function parseDate(v: unknown, field: string, now: Date, issues: string[]): string | null {
  if (v === null || v === undefined || v === '') return null;
  const d = toIsoDate(v);
  if (!d) {
    issues.push(`unparsed_date:${field}`);
    return null;
  }
  const max = new Date(now.getTime() + 366 * 86_400_000).toISOString().slice(0, 10);
  if (d < '2000-01-01' || d > max) {
    issues.push(`date_out_of_range:${field}`);
    return null;
  }
  return d;
}
