import { DynamoCallScreening } from '../../shared/adapters/dynamodb/dynamo-call-screening';
import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import { DynamoSpamVerdicts } from '../../shared/adapters/dynamodb/dynamo-spam-verdicts';
import { DynamoSendBudget } from '../../shared/adapters/dynamodb/dynamo-send-budget';
import type { ConfigFor } from '../../shared/config';
import type { AnswerVoiceCallDeps } from '../../shared/domain/calls/answer-voice-call';
import { VOICE_SECTIONS } from '../../shared/function-settings';
import type { WebhookChainDeps } from '../../shared/middleware/twilio-webhook';
import { systemClock } from '../../shared/ports/clock';
import {
  documentClient,
  serviceLogger,
  twilioCredentials,
  webhookChain,
  type WiringOptions,
} from '../../shared/wiring';

export const VOICE_SETTINGS = VOICE_SECTIONS;
export type VoiceConfig = ConfigFor<(typeof VOICE_SETTINGS)[number]>;

export interface VoiceWiring {
  chain: WebhookChainDeps;
  /** The use cases' ports (answer, and the ring-first callbacks); their metrics come per invocation from the chain. */
  answer: Omit<AnswerVoiceCallDeps, 'metrics'>;
}

/**
 * The voice function: a directory read to resolve the role; in `ring` mode also whether the caller is one of our
 * numbers, and the screening item of the call (issue 12); a caller the business screens as spam, its verdict (issue 19).
 */
export function wireVoice(config: VoiceConfig, options: WiringOptions): VoiceWiring {
  const logger = serviceLogger(options);
  const db = documentClient(config.dynamodb, options);
  const directory = new DynamoNumberDirectory(db, config.directory.directoryTable);
  const { onboardingNumber } = config.numbers;
  return {
    chain: webhookChain(config, twilioCredentials(config.twilio, options), logger, options),
    answer: {
      directory,
      onboardingNumber,
      screening: new DynamoCallScreening(db, config.activity.activityTable),
      spamVerdicts: new DynamoSpamVerdicts(db, config.activity.activityTable),
      ringSeconds: config.calls.ringSeconds,
      dialBudgets: config.calls,
      voicemailsPerCallerPerDay: config.calls.voicemailsPerCallerPerDay,
      budget: new DynamoSendBudget(db, config.activity.activityTable),
      clock: options.clock ?? systemClock,
      logger,
    },
  };
}
