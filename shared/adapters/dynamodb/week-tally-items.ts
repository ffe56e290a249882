import { TALLY_COUNTERS, type WeekTallyChange } from '../../domain/after-job/week-figures';
import { weekOf } from '../../domain/common/local-time';
import * as activityKeys from './activity-table-keys';

/** A week's figures are read by the digest of the Monday after it; kept five weeks, then expired. */
const WEEK_TALLY_DAYS = 35;

/**
 * The update adding one missed call to its week (`WEEK#<Monday>`, from the event's local day): counters only, so the item is
 * bounded whatever the traffic. No condition: it rides in the transaction that records the event, and never refuses it.
 */
export function weekTallyUpdate(tableName: string, tenure: { clientId: string }, change: WeekTallyChange) {
  const week = weekOf(change.day);
  const adds: Record<string, number> = {};
  for (const name of TALLY_COUNTERS) if (change[name]) adds[name] = 1;
  const names = Object.keys(adds);
  return {
    TableName: tableName,
    Key: activityKeys.weekTally(tenure, week),
    UpdateExpression: `ADD ${names.map((_, index) => `#n${index} :v${index}`).join(', ')} SET expiresAt = :expires`,
    ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#n${index}`, name])),
    ExpressionAttributeValues: {
      ...Object.fromEntries(names.map((name, index) => [`:v${index}`, adds[name]])),
      ':expires': Math.floor(Date.parse(`${week}T00:00:00Z`) / 1000) + WEEK_TALLY_DAYS * 86_400,
    },
  };
}

export type WeekTallyBuilder = typeof weekTallyUpdate;
