import { createLambdaDependencies } from '../../shared/lambda-dependencies';
import { createSmsHandler } from './create-handler';

export const handler = createSmsHandler(createLambdaDependencies('sms'));
