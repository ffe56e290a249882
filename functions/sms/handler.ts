import { loadConfig } from '../../shared/config';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createSmsHandler } from './create-handler';
import { SMS_SETTINGS, wireSms } from './wiring';

export const handler = createSmsHandler(wireSms(loadConfig(SMS_SETTINGS), lambdaWiring('sms')));
