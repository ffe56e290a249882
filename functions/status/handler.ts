import { createLambdaDependencies } from '../../shared/lambda-dependencies';
import { createStatusHandler } from './create-handler';

export const handler = createStatusHandler(createLambdaDependencies('status'));
