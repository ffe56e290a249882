import { createLambdaDependencies } from '../../shared/lambda-dependencies';
import { createVoiceHandler } from './create-handler';

export const handler = createVoiceHandler(createLambdaDependencies('voice'));
