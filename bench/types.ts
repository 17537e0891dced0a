/** One measured figure of `npm run bench`. A ratio is always against a reference measured in the same run. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The reference figure measured in the same run (e.g. raw COPY rows/s). */
  limit?: number;
  limitName?: string;
  /** value / limit (or as documented in `note`). */
  ratio?: number;
  peakRssMb?: number;
  note?: string;
}
