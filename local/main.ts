import { LOCAL_DEFAULTS } from './local-defaults';
import { startLocalService } from './local-service';
import { loadSeedFile } from './seed';
import { loadConfig } from '../shared/config';

async function main(): Promise<void> {
  const env = process.env;
  const port = portFrom(env.PORT, LOCAL_DEFAULTS.port, 'PORT');
  const host = env.HOST || LOCAL_DEFAULTS.host;
  const dynamodbPort = portFrom(env.DYNAMODB_PORT, LOCAL_DEFAULTS.dynamodbPort, 'DYNAMODB_PORT');
  const authToken = env.TWILIO_AUTH_TOKEN || LOCAL_DEFAULTS.authToken;
  const accountSid = env.TWILIO_ACCOUNT_SID || LOCAL_DEFAULTS.accountSid;
  const seedFile = env.SEED_FILE || LOCAL_DEFAULTS.seedFile;
  const seed = await loadSeedFile(seedFile);
  const textBackCooldownMinutes = positiveFrom(env.TEXT_BACK_COOLDOWN_MINUTES, 30, 'TEXT_BACK_COOLDOWN_MINUTES');
  const dailySmsCap = positiveFrom(env.DAILY_SMS_CAP, 200, 'DAILY_SMS_CAP');
  const sendLimits = {
    dailyOwnerSmsCap: positiveFrom(env.DAILY_OWNER_SMS_CAP, 500, 'DAILY_OWNER_SMS_CAP'),
    automatedTextsPerCounterpart: positiveFrom(
      env.AUTOMATED_TEXTS_PER_COUNTERPART,
      3,
      'AUTOMATED_TEXTS_PER_COUNTERPART',
    ),
  };
  // RING_SECONDS and RECORDINGS_PUBLIC, validated exactly as the deployed functions validate them.
  const { calls } = loadConfig(['calls'], env);

  const service = await startLocalService({
    port,
    host,
    dynamodbPort,
    authToken,
    accountSid,
    seed,
    textBackCooldownMinutes,
    dailySmsCap,
    sendLimits,
    ringSeconds: calls.ringSeconds,
    recordingsPublic: calls.recordingsPublic,
    waitingListIntervalMs: 5000,
    ...(env.PUBLIC_BASE_URL ? { publicBaseUrl: env.PUBLIC_BASE_URL } : {}),
  });

  console.log(
    [
      `Missed-call text-back running locally (seed: ${seedFile})`,
      `  voice webhook:  ${service.publicBaseUrl}/twilio/voice`,
      `  status webhook: ${service.publicBaseUrl}/twilio/status`,
      `  sms webhook:    ${service.publicBaseUrl}/twilio/sms`,
      `  ring-first and voicemail callbacks: ${service.publicBaseUrl}/twilio/voice/{dial-action,screen,screen-result,voicemail-done}, ${service.publicBaseUrl}/twilio/status/{recording,transcription}`,
      `  auth token:     ${authToken}`,
      `  Twilio API:     ${service.url} (fake: Messages and IncomingPhoneNumbers; TWILIO_API_BASE_URL for "admin numbers wire")`,
      `  outbox:         ${service.url}/local/outbox   metrics: ${service.url}/local/metrics   health: ${service.url}/health`,
      `  DynamoDB:       ${service.dynamodbEndpoint}`,
      `  listening on:   ${service.listening}${host === LOCAL_DEFAULTS.host ? ' (this machine only; HOST=0.0.0.0 to open it to the network)' : ''}`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping...');
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function positiveFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`${name} must be a whole number of at least 1, got "${value}"`);
  return number;
}

function portFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name} must be a port number, got "${value}"`);
  return port;
}

main().catch((error: unknown) => {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
