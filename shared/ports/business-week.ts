import type { JobGlance, OpenJobGlance, WeekTally } from '../domain/after-job/week-figures';
import type { LocalDay } from '../domain/common/local-day';
import type { Tenure } from '../domain/numbers/tenure';

/** Issue 19: what the Monday digest reads, all from the business's own partition (CLIENT#<clientId>), by key. */
export interface BusinessWeek {
  /** The week's missed calls and text-backs (zero when none): one GetItem. */
  tally(business: Tenure, week: LocalDay): Promise<WeekTally>;
  /** Its open jobs, at most `limit` of them (Query pages), and whether there are more. */
  openJobs(business: Tenure, limit: number): Promise<{ jobs: OpenJobGlance[]; more: boolean }>;
  /** The jobs closed in [from, until), at most `limit` (Query pages on CLOSED#<closedAt>). */
  closedJobs(business: Tenure, from: Date, until: Date, limit: number): Promise<JobGlance[]>;
}
