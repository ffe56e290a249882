import { loadConfig } from '../../shared/config';
import { STATUS_REDELIVERY_SECTIONS } from '../../shared/function-settings';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createStatusRedelivery } from './redelivery';

export const handler = createStatusRedelivery(
  loadConfig(STATUS_REDELIVERY_SECTIONS),
  lambdaWiring('status-redelivery'),
);
