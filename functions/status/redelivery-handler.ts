import { loadConfig } from '../../shared/config';
import { FUNCTION_SETTINGS } from '../../shared/function-settings';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createStatusRedelivery } from './redelivery';

export const handler = createStatusRedelivery(
  loadConfig(FUNCTION_SETTINGS.statusRedelivery),
  lambdaWiring('status-redelivery'),
);
