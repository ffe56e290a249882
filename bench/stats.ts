/** The q-quantile (0..1) of the samples, by nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export const median = (samples: readonly number[]) => quantile(samples, 0.5);

/** How much of the full benchmark to run: BENCH_SCALE=0.1 for a quick look while developing; 1 for the published figures. */
export const BENCH_SCALE = (() => {
  const raw = process.env.BENCH_SCALE;
  const scale = raw ? Number(raw) : 1;
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1)
    throw new Error(`BENCH_SCALE must be in (0, 1], got "${raw}"`);
  return scale;
})();

export function scaledCount(full: number, minimum: number): number {
  return Math.max(minimum, Math.round(full * BENCH_SCALE));
}
