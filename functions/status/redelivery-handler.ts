import { readConfig } from '../../shared/config';
import { STATUS_REDELIVERY_CONFIG } from '../../shared/function-config';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createStatusRedelivery } from './redelivery';

export const handler = createStatusRedelivery(readConfig(STATUS_REDELIVERY_CONFIG), lambdaWiring('status-redelivery'));
