export { tenurePartition } from './tenure-partition';

// The activity table's keys are in activity-table-keys.ts, imported as `* as activityKeys`: one export each, so a
// bundle carries only the keys its adapters build.

/** The ledger keeps per-day counters; each day is the business's own calendar day, given by the domain. */
export const ledgerAttributes = {
  sent: (day: string) => `sent#${day}`,
  jobSequence: 'jobSeq',
} as const;

/** A job's summary keeps the start of its latest message only. */
export const PREVIEW_LENGTH = 160;
