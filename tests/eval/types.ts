/** One section of `npm run eval`: metrics and the targets they are judged against. */
export interface EvalSection {
  name: string;
  metrics: Record<string, number>;
  targets?: Record<string, { min?: number; max?: number }>;
  /** Extra lines printed under the section (confusions, misses…). */
  lines?: string[];
}
