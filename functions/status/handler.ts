import { loadConfig } from '../../shared/config';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createStatusHandler } from './create-handler';
import { STATUS_SETTINGS, wireStatus } from './wiring';

export const handler = createStatusHandler(wireStatus(loadConfig(STATUS_SETTINGS), lambdaWiring('status')));
