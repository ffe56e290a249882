import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoNumberAdmin } from '../../shared/adapters/dynamodb/dynamo-number-admin';
import { JsonLogger } from '../../shared/adapters/logging/json-logger';
import { createEmfMetrics, type EmfWriter } from '../../shared/adapters/metrics/emf-metrics';
import type { Config } from '../../shared/config';
import type { Logger } from '../../shared/ports/logger';
import type { AuditDependencies } from './create-handler';

/** The part of the configuration the audit uses. */
export type AuditConfig = Pick<Config, 'directoryTable' | 'activityTable' | 'onboardingNumber' | 'metricsNamespace' | 'dynamodbEndpoint'>;

export interface AuditWiringOptions {
  db?: DynamoDBDocumentClient;
  emfWriter?: EmfWriter;
  logger?: Logger;
}

/** The deployed audit's wiring (handler.ts); tests pass their own client, EMF writer and logger. */
export function createAuditDependencies(config: AuditConfig, options: AuditWiringOptions = {}): AuditDependencies {
  const db = options.db ?? createDocumentClient(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {});
  const admin = new DynamoNumberAdmin(db, config);
  return {
    readSnapshot: () => admin.readSnapshot(),
    onboardingNumber: config.onboardingNumber,
    logger: options.logger ?? new JsonLogger('audit'),
    createMetrics: () => createEmfMetrics(config.metricsNamespace, options.emfWriter),
  };
}
