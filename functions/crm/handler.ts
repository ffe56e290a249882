import { readConfig } from '../../shared/config';
import { CRM_CONFIG } from '../../shared/function-config';
import { createCrmConsumer } from './create-handler';
import { wireCrm } from './wiring';

/** SQS: delivers job events to the CRM webhooks of the businesses that set one (issue 19 §5). */
export const handler = createCrmConsumer(wireCrm(readConfig(CRM_CONFIG), { service: 'crm' }));
