import { readConfig } from '../../shared/config';
import { STATUS_CONFIG } from '../../shared/function-config';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createStatusHandler } from './create-handler';
import { wireStatus } from './wiring';

export const handler = createStatusHandler(wireStatus(readConfig(STATUS_CONFIG), lambdaWiring('status')));
