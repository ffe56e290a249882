import { readConfig } from '../../shared/config';
import { VOICE_CONFIG } from '../../shared/function-config';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createVoiceHandler } from './create-handler';
import { wireVoice } from './wiring';

export const handler = createVoiceHandler(wireVoice(readConfig(VOICE_CONFIG), lambdaWiring('voice')));
