import { readConfig } from '../../shared/config';
import { SMS_REDELIVERY_CONFIG } from '../../shared/function-config';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createSmsRedelivery } from './redelivery';

export const handler = createSmsRedelivery(readConfig(SMS_REDELIVERY_CONFIG), lambdaWiring('sms-redelivery'));
