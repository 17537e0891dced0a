/** Pure statistics for the researchers' outputs (tightness, durations, emerging skills) and input resolution. */
export * from './tightness';
export * from './emerging';
export * from './lookup';
