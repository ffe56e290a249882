import { Duration } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { ScheduledJob, type ScheduledJobName } from './scheduled-job';
import type { CreateFunction, ServiceFunction } from './service-function';

/** The waiting list is served this often; its runs must finish well within it. */
const WAITING_LIST_RATE = Duration.minutes(5);
/** Issue 19: held review requests go out within this of 08:00, the Monday digest within this of its hour. */
const OWNER_TEXTS_RATE = Duration.minutes(15);

/** The scheduled jobs' functions. */
export function scheduledFunctions(createFunction: CreateFunction): Record<ScheduledJobName, ServiceFunction> {
  return {
    // No retry of a failed run: the next one is 5 minutes later, and a retry could overlap it.
    waitlist: createFunction('waitlist', 'WaitingListFunction', 'gives owners on the waiting list their numbers', {
      timeout: Duration.minutes(1),
      retryAttempts: 0,
    }),
    // Issue 19: no retry of a failed run either: the next one, 15 minutes later, finds everything still due.
    ownerTexts: createFunction('ownerTexts', 'OwnerTextsFunction', 'sends review requests and Monday digests', {
      entry: 'functions/owner-texts/handler.ts',
      timeout: Duration.minutes(1),
      retryAttempts: 0,
    }),
    // A whole-table scan: minutes, not seconds, for a large directory. A failed run is retried twice.
    audit: createFunction('audit', 'AuditFunction', 'audits the number directory daily', {
      timeout: Duration.minutes(5),
      retryAttempts: 2,
    }),
  };
}

/** Each scheduled job's schedule. */
export function scheduleJobs(
  scope: Construct,
  name: string,
  fns: Record<ScheduledJobName, ServiceFunction>,
): Record<ScheduledJobName, ScheduledJob> {
  return {
    waitlist: new ScheduledJob(scope, 'WaitingListSchedule', {
      fn: fns.waitlist,
      schedule: Schedule.rate(WAITING_LIST_RATE),
      description: `${name}: serve the sign-up waiting list every ${WAITING_LIST_RATE.toMinutes()} minutes`,
      // A tick that could not be delivered within the interval is replaced by the next one.
      maxEventAge: WAITING_LIST_RATE,
    }),
    audit: new ScheduledJob(scope, 'AuditSchedule', {
      fn: fns.audit,
      // 07:00 UTC: before the working day in the UK, so a breach is fixed the same day.
      schedule: Schedule.cron({ minute: '0', hour: '7' }),
      description: `${name}: audit the number directory daily at 07:00 UTC`,
    }),
    ownerTexts: new ScheduledJob(scope, 'OwnerTextsSchedule', {
      fn: fns.ownerTexts,
      schedule: Schedule.rate(OWNER_TEXTS_RATE),
      description: `${name}: send the review requests and Monday digests that are due, every ${OWNER_TEXTS_RATE.toMinutes()} minutes`,
      maxEventAge: OWNER_TEXTS_RATE, // an undelivered tick gives way to the next, which catches up
    }),
  };
}
