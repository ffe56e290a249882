import { DynamoNumberAdmin } from '../../shared/adapters/dynamodb/dynamo-number-admin';
import type { ConfigFor } from '../../shared/config';
import { FUNCTION_SETTINGS } from '../../shared/function-settings';
import { documentClient, metricsFactory, serviceLogger, type WiringOptions } from '../../shared/wiring';
import type { AuditDependencies } from './create-handler';

export const AUDIT_SETTINGS = FUNCTION_SETTINGS.audit;
export type AuditConfig = ConfigFor<(typeof AUDIT_SETTINGS)[number]>;

/** The scheduled audit's wiring: the directory (read whole), the onboarding number and its metrics. No Twilio. */
export function wireAudit(config: AuditConfig, options: WiringOptions): AuditDependencies {
  const db = documentClient(config.dynamodb, options);
  const admin = new DynamoNumberAdmin(db, { directoryTable: config.directory.directoryTable, activityTable: config.activity.activityTable });
  return {
    readSnapshot: () => admin.readSnapshot(),
    onboardingNumber: config.numbers.onboardingNumber,
    logger: serviceLogger(options),
    createMetrics: metricsFactory(config.metrics, options),
  };
}
