import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import type { ConfigFor } from '../../shared/config';
import type { AnswerVoiceCallDeps } from '../../shared/domain/calls/answer-voice-call';
import { resolveNumberRole } from '../../shared/domain/numbers/resolve-number-role';
import { FUNCTION_SETTINGS } from '../../shared/function-settings';
import type { WebhookChainDeps } from '../../shared/middleware/twilio-webhook';
import { documentClient, serviceLogger, twilioCredentials, webhookChain, type WiringOptions } from '../../shared/wiring';

export const VOICE_SETTINGS = FUNCTION_SETTINGS.voice;
export type VoiceConfig = ConfigFor<(typeof VOICE_SETTINGS)[number]>;

export interface VoiceWiring {
  chain: WebhookChainDeps;
  /** The use case's ports; its metrics come per invocation from the chain. */
  answer: Omit<AnswerVoiceCallDeps, 'metrics'>;
}

/** The voice function: one directory read to resolve the role, nothing else. */
export function wireVoice(config: VoiceConfig, options: WiringOptions): VoiceWiring {
  const logger = serviceLogger(options);
  const directory = new DynamoNumberDirectory(documentClient(config.dynamodb, options), config.directory.directoryTable);
  const { onboardingNumber } = config.numbers;
  return {
    chain: webhookChain(config, twilioCredentials(config.twilio, options), logger, options),
    answer: { resolveRole: (phone) => resolveNumberRole(phone, { directory, onboardingNumber, logger }), logger },
  };
}
