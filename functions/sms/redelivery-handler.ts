import { loadConfig } from '../../shared/config';
import { SMS_REDELIVERY_SECTIONS } from '../../shared/function-settings';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createSmsRedelivery } from './redelivery';

export const handler = createSmsRedelivery(loadConfig(SMS_REDELIVERY_SECTIONS), lambdaWiring('sms-redelivery'));
