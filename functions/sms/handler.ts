import { readConfig } from '../../shared/config';
import { SMS_CONFIG } from '../../shared/function-config';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createSmsHandler } from './create-handler';
import { wireSms } from './wiring';

export const handler = createSmsHandler(wireSms(readConfig(SMS_CONFIG), lambdaWiring('sms')));
