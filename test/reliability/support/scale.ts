/**
 * How much of the full reliability run to do. `npm run test:reliability` sets RELIABILITY_SCALE=1: the run the
 * guarantees are stated for (10,000 webhooks under load). Unset, as in `npm test` and CI, it is 0.1: the same checks
 * on a tenth of the webhooks, so the whole test command stays within a couple of minutes.
 */
export const RELIABILITY_SCALE = parseScale(process.env.RELIABILITY_SCALE);

/** `full` at scale 1, never below `minimum`. */
export function scaled(full: number, minimum: number): number {
  return Math.max(minimum, Math.round(full * RELIABILITY_SCALE));
}

function parseScale(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0.1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10)
    throw new Error(`RELIABILITY_SCALE must be a number in (0, 10], got "${raw}"`);
  return scale;
}
