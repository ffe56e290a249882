import { createLambdaDependencies } from '../../shared/lambda-dependencies';
import { createWaitingListHandler } from './create-handler';

export const handler = createWaitingListHandler(createLambdaDependencies('waitlist'));
