import { loadConfig } from '../../shared/config';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createVoiceHandler } from './create-handler';
import { VOICE_SETTINGS, wireVoice } from './wiring';

export const handler = createVoiceHandler(wireVoice(loadConfig(VOICE_SETTINGS), lambdaWiring('voice')));
