import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoNumberAdmin } from '../../shared/adapters/dynamodb/dynamo-number-admin';
import { JsonLogger } from '../../shared/adapters/logging/json-logger';
import { createEmfMetrics } from '../../shared/adapters/metrics/emf-metrics';
import { loadConfig } from '../../shared/config';
import { createAuditHandler } from './create-handler';

const config = loadConfig();
const admin = new DynamoNumberAdmin(createDocumentClient(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {}), config);

/** Scheduled daily: audits the directory table and emits `audit.breaches`. */
export const handler = createAuditHandler({
  readSnapshot: () => admin.readSnapshot(),
  onboardingNumber: config.onboardingNumber,
  logger: new JsonLogger('audit'),
  createMetrics: () => createEmfMetrics(config.metricsNamespace),
});
