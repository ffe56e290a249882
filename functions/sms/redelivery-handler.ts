import { loadConfig } from '../../shared/config';
import { FUNCTION_SETTINGS } from '../../shared/function-settings';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createSmsRedelivery } from './redelivery';

export const handler = createSmsRedelivery(loadConfig(FUNCTION_SETTINGS.smsRedelivery), lambdaWiring('sms-redelivery'));
