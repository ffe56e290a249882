import { readDirectorySnapshot } from '../../shared/adapters/dynamodb/directory-items';
import type { ConfigFor } from '../../shared/config';
import { AUDIT_SECTIONS } from '../../shared/function-settings';
import { documentClient, metricsFactory, serviceLogger, type WiringOptions } from '../../shared/wiring';
import type { AuditDependencies } from './create-handler';

export const AUDIT_SETTINGS = AUDIT_SECTIONS;
export type AuditConfig = ConfigFor<(typeof AUDIT_SETTINGS)[number]>;

/** The scheduled audit's wiring: the directory (read whole), the onboarding number and its metrics. No Twilio. */
export function wireAudit(config: AuditConfig, options: WiringOptions): AuditDependencies {
  const db = documentClient(config.dynamodb, options);
  return {
    // The directory alone: the audit never reads the activity table, so it is given neither its name nor access.
    readSnapshot: () => readDirectorySnapshot(db, config.directory.directoryTable),
    onboardingNumber: config.numbers.onboardingNumber,
    logger: serviceLogger(options),
    createMetrics: metricsFactory(config.metrics, options),
  };
}
