import { loadConfig, type ServiceConfig } from '../../shared/config';
import { SECTION_VARIABLES, type ConfigSectionName } from '../../shared/function-settings';
import {
  deployedVariables,
  LOCAL_STAND_INS,
  localServiceOptionsFromEnvironment,
} from '../../local/environment-options';
import { LOCAL_DEFAULTS } from '../../local/local-defaults';
import { LOCAL_TABLES, startLocalService, type LocalService } from '../../local/local-service';
import { runCli } from '../admin/support/admin-target';
import { sid } from '../support/sid';
import { formBody, twilioSignature, type TwilioParams } from '../support/twilio-request';
import { failedStart, startService, type StartedService } from './support/started-service';

/**
 * A value other than the default for every variable `npm start` reads as the deployed functions do. A variable a
 * function reads that is neither here nor a local stand-in (LOCAL_STAND_INS) fails the first test below.
 */
const NON_DEFAULT: Readonly<Record<string, string>> = {
  PUBLIC_BASE_URL: 'https://trial-tunnel.acme-plumbing.co.uk/hooks',
  METRICS_NAMESPACE: 'MissedCallTextBack/trial',
  TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
  TWILIO_AUTH_TOKEN: 'trial-auth-token',
  TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
  TWILIO_MESSAGING_SERVICE_SID: 'MG0123456789abcdef0123456789abcdef',
  TWILIO_API_TIMEOUT_MS: '2500',
  TEXT_BACK_COOLDOWN_MINUTES: '45',
  DAILY_SMS_CAP: '77',
  EMERGENCY_KEYWORD_SETS: 'flooding,gas',
  DAILY_OWNER_SMS_CAP: '66',
  AUTOMATED_TEXTS_PER_COUNTERPART: '2',
  SIGNUP_ASSIGNMENTS_PER_HOUR: '7',
  SIGNUP_APPROVAL_REQUIRED: 'true',
  SIGNUP_REPLIES_PER_DAY: '9',
  NUMBER_QUARANTINE_DAYS: '7',
  ONBOARDING_DAILY_SMS_CAP: '333',
  REDELIVERY_BASE_DELAY_SECONDS: '7',
  RING_SECONDS: '25',
  RECORDINGS_PUBLIC: 'true',
  RING_DIALS_PER_HOUR: '12',
  RING_DIALS_PER_CALLER: '2',
  VOICEMAILS_PER_CALLER: '4',
  REVIEW_HOURS: '09-20',
  OWNER_TEXTS_PER_RUN: '25',
};

/** Values for the resource variables, so a section can be read on its own. */
const RESOURCE_STAND_INS: Record<string, string> = {
  DIRECTORY_TABLE: 'Directory',
  ACTIVITY_TABLE: 'Activity',
  ONBOARDING_NUMBER: '+447476955179',
  PUBLIC_BASE_URL: 'http://localhost:3000',
  METRICS_NAMESPACE: 'MissedCallTextBack/local',
  REDELIVERY_QUEUE_URL: 'in-process',
  CRM_EVENTS_QUEUE_URL: 'in-process',
  TWILIO_ACCOUNT_SID: LOCAL_DEFAULTS.accountSid,
  TWILIO_AUTH_TOKEN: LOCAL_DEFAULTS.authToken,
};

const sectionOf = (variable: string): ConfigSectionName =>
  (Object.keys(SECTION_VARIABLES) as ConfigSectionName[]).find((section) =>
    [...SECTION_VARIABLES[section].required, ...SECTION_VARIABLES[section].optional].includes(variable),
  ) as ConfigSectionName;

/** The leaves of a section that one variable sets, as the deployed functions read it: [path, value]. */
function fieldsSetBy(variable: string): Array<[string, unknown]> {
  const section = sectionOf(variable);
  const without = loadConfig([section], RESOURCE_STAND_INS)[section] as unknown;
  const withValue = loadConfig([section], { ...RESOURCE_STAND_INS, [variable]: NON_DEFAULT[variable] })[
    section
  ] as unknown;
  const leaves = (value: unknown, path: string): Array<[string, unknown]> =>
    value && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, inner]) => leaves(inner, `${path}.${key}`))
      : [[path, value]];
  const before = new Map(leaves(without, section));
  return leaves(withValue, section).filter(([path, value]) => before.get(path) !== value);
}

const at = (config: ServiceConfig, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], config);

const honoured = deployedVariables().filter((variable) => !(variable in LOCAL_STAND_INS));

describe('npm start reads the settings the deployed functions read', () => {
  let service: LocalService;
  beforeAll(async () => {
    service = await startLocalService({
      ...(await localServiceOptionsFromEnvironment({ ...NON_DEFAULT, PORT: '0', DYNAMODB_PORT: '0' })),
      logWriter: () => undefined,
    });
  });
  afterAll(async () => service.close());

  it('every variable a deployed function reads is honoured locally or has a named local stand-in', () => {
    const unaccounted = deployedVariables().filter(
      (variable) => !(variable in NON_DEFAULT) && !(variable in LOCAL_STAND_INS),
    );

    expect(unaccounted).toEqual([]);
  });

  it.each(honoured)('%s set to a non-default value is in the configuration npm start builds', (variable) => {
    const fields = fieldsSetBy(variable);

    expect(fields.length).toBeGreaterThan(0);
    for (const [path, value] of fields) expect([path, at(service.config, path)]).toEqual([path, value]);
  });

  it('the stand-ins are the local parts: embedded DynamoDB tables, in-process queues, the seed onboarding number', () => {
    expect(service.config.directory.directoryTable).toBe(LOCAL_TABLES.directoryTable);
    expect(service.config.activity.activityTable).toBe(LOCAL_TABLES.activityTable);
    expect(service.config.dynamodb.endpoint).toBe(service.dynamodbEndpoint);
    expect(service.config.redelivery.queueUrl).toBe('in-process');
    expect(service.config.crmEvents.queueUrl).toBe('in-process');
    expect(service.config.numbers.onboardingNumber).toBe('+447476955179');
  });

  it('with nothing set, npm start builds the deployed defaults (sign-up open, caps as in Lambda)', async () => {
    const options = await localServiceOptionsFromEnvironment({});
    const defaults = loadConfig(['textBack', 'sendLimits', 'signup', 'calls'], {});

    expect({
      textBack: {
        cooldownMinutes: options.textBackCooldownMinutes,
        dailySmsCap: options.dailySmsCap,
        emergencySets: options.emergencySets,
      },
      sendLimits: options.sendLimits,
      signup: options.signup,
      calls: { ringSeconds: options.ringSeconds, recordingsPublic: options.recordingsPublic, ...options.callBudgets },
    }).toEqual(defaults);
    expect(options.twilioApi).toEqual({ kind: 'fake' });
  });
});

describe('npm start refuses what it cannot honour, naming the variable', () => {
  it('a bad value is refused as the deployed functions refuse it', async () => {
    const result = await failedStart({ SIGNUP_APPROVAL_REQUIRED: 'yes' });

    expect(result.code).toBe(1);
    expect(result.output).toContain('Could not start: SIGNUP_APPROVAL_REQUIRED must be "true" or "false", got "yes"');
  });

  it('TWILIO_SECRET_ID is refused: locally the credentials come from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN', async () => {
    await expect(
      localServiceOptionsFromEnvironment({ TWILIO_SECRET_ID: 'missed-call-textback/prod/twilio' }),
    ).rejects.toThrow(
      'TWILIO_SECRET_ID is read by the deployed functions only (Secrets Manager); locally give TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN instead',
    );
  });

  it("an ONBOARDING_NUMBER other than the seed's is refused, the seed's own accepted", async () => {
    await expect(localServiceOptionsFromEnvironment({ ONBOARDING_NUMBER: '+447911000111' })).rejects.toThrow(
      "ONBOARDING_NUMBER +447911000111 differs from the seed's onboardingNumber +447476955179",
    );
    await expect(localServiceOptionsFromEnvironment({ ONBOARDING_NUMBER: '+44 7476 955179' })).resolves.toMatchObject({
      seed: { onboardingNumber: '+447476955179' },
    });
  });
});

describe('SIGNUP_APPROVAL_REQUIRED=true npm start', () => {
  const TOKEN = 'approval-trial-token';
  const ONBOARDING = '+447476955179';
  const OWNER = '+447922334455';
  let service: StartedService;
  beforeAll(async () => {
    service = await startService({ SIGNUP_APPROVAL_REQUIRED: 'true', TWILIO_AUTH_TOKEN: TOKEN });
  }, 40000);
  afterAll(async () => service.stop());

  let sent = 0;
  async function text(body: string): Promise<void> {
    const url = `${service.url}/twilio/sms`;
    const params: TwilioParams = {
      MessageSid: sid('SM', `approval-${body}-${sent++}`),
      AccountSid: LOCAL_DEFAULTS.accountSid,
      From: OWNER,
      To: ONBOARDING,
      Body: body,
    };
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilioSignature(TOKEN, url, params),
      },
      body: formBody(params),
    });
    expect(response.status).toBe(200);
  }

  it('says at start-up that sign-ups are held for approval', () => {
    expect(service.output()).toContain(
      'sign-up:        held for "admin signups approve" (SIGNUP_APPROVAL_REQUIRED=true)',
    );
  });

  it('holds a completed sign-up for "admin signups approve" instead of assigning a number', async () => {
    for (const body of ['Hi', 'Dave Builds', 'YES', 'YES']) await text(body);

    const outbox = (await (await fetch(`${service.url}/local/outbox`)).json()) as Array<{ to: string; body: string }>;
    expect(outbox.filter((sms) => sms.to === OWNER).at(-1)?.body).toBe(
      "Thanks! Every new business is checked before it goes live. We'll text you your number as soon as yours is approved.",
    );
    expect(outbox.some((sms) => sms.body.includes('Your missed-call number is'))).toBe(false);
    const waiting = await runCli(
      ['signups', 'list', '--json', '--endpoint', `http://127.0.0.1:${service.dynamodbPort}`],
      {
        PORT: String(service.port),
        DYNAMODB_PORT: String(service.dynamodbPort),
      },
    );
    expect(JSON.parse(waiting.stdout)).toEqual([
      expect.objectContaining({ phone: OWNER, businessName: 'Dave Builds' }),
    ]);
  });
});
