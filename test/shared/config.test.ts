import { ConfigError, loadConfig, readConfig, type SectionReaders } from '../../shared/config';
import { EMERGENCY_SETS } from '../../shared/domain/emergency/detect-emergency';
import * as functionConfig from '../../shared/function-config';
import { CONFIG_SECTIONS, FUNCTION_SETTINGS, type ConfigSectionName } from '../../shared/function-settings';

const COMPLETE = {
  DIRECTORY_TABLE: 'Directory',
  ACTIVITY_TABLE: 'Activity',
  ONBOARDING_NUMBER: '447476955179',
  PUBLIC_BASE_URL: 'https://abc.execute-api.eu-west-2.amazonaws.com/prod/',
  METRICS_NAMESPACE: 'MissedCallTextBack/prod',
  TWILIO_SECRET_ID: 'missed-call/twilio',
  REDELIVERY_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/111122223333/status-redelivery',
  CRM_EVENTS_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/111122223333/crm-events',
  SIGNUP_FUNCTION_NAME: 'MissedCallTextBack-prod-SignupFunction',
};

describe('loadConfig', () => {
  it('reads a complete deployed configuration in sections, normalising the number and the URL', () => {
    expect(loadConfig(CONFIG_SECTIONS, COMPLETE)).toEqual({
      directory: { directoryTable: 'Directory' },
      activity: { activityTable: 'Activity' },
      dynamodb: {},
      numbers: { onboardingNumber: '+447476955179' },
      webhook: { publicBaseUrl: 'https://abc.execute-api.eu-west-2.amazonaws.com/prod' },
      metrics: { namespace: 'MissedCallTextBack/prod' },
      twilio: { credentials: { kind: 'secret', secretId: 'missed-call/twilio' } },
      textBack: { cooldownMinutes: 30, dailySmsCap: 200, emergencySets: EMERGENCY_SETS },
      signup: {
        assignmentsPerHour: 20,
        approvalRequired: false,
        repliesPerDay: 20,
        onboardingDailySmsCap: 1000,
        numberQuarantineDays: 30,
      },
      signupFunction: { functionName: 'MissedCallTextBack-prod-SignupFunction' },
      redelivery: {
        queueUrl: 'https://sqs.eu-west-2.amazonaws.com/111122223333/status-redelivery',
        baseDelaySeconds: 30,
      },
      crmEvents: { queueUrl: 'https://sqs.eu-west-2.amazonaws.com/111122223333/crm-events' },
      calls: {
        ringSeconds: 20,
        recordingsPublic: false,
        dialsPerOwnerPerHour: 30,
        dialsPerCallerPerDay: 5,
        voicemailsPerCallerPerDay: 3,
      },
      sendLimits: { dailyOwnerSmsCap: 500, automatedTextsPerCounterpart: 3 },
      ownerTexts: { reviewHours: { from: 8, until: 21 }, perRun: 500 },
    });
  });

  it('reads RING_SECONDS and RECORDINGS_PUBLIC, and refuses values Twilio or a person could not mean', () => {
    expect(loadConfig(['calls'], { RING_SECONDS: '25', RECORDINGS_PUBLIC: 'true' })).toEqual({
      calls: {
        ringSeconds: 25,
        recordingsPublic: true,
        dialsPerOwnerPerHour: 30,
        dialsPerCallerPerDay: 5,
        voicemailsPerCallerPerDay: 3,
      },
    });
    expect(() => loadConfig(['calls'], { RING_SECONDS: '2' })).toThrow('RING_SECONDS must be from 5 to 600');
    expect(() => loadConfig(['calls'], { RECORDINGS_PUBLIC: 'yes' })).toThrow(
      'RECORDINGS_PUBLIC must be true or false',
    );
  });

  it('reads the dial and voicemail budgets (issue 17), positive integers', () => {
    expect(
      loadConfig(['calls'], { RING_DIALS_PER_HOUR: '12', RING_DIALS_PER_CALLER: '2', VOICEMAILS_PER_CALLER: '4' })
        .calls,
    ).toMatchObject({ dialsPerOwnerPerHour: 12, dialsPerCallerPerDay: 2, voicemailsPerCallerPerDay: 4 });
    expect(() => loadConfig(['calls'], { RING_DIALS_PER_HOUR: '0' })).toThrow(ConfigError);
  });

  it('the status and SMS webhooks and their consumers need their redelivery queue, and name it when it is missing', () => {
    const { REDELIVERY_QUEUE_URL: _queue, ...rest } = COMPLETE;

    for (const fn of ['status', 'sms', 'statusRedelivery', 'smsRedelivery'] as const) {
      expect(() => loadConfig(FUNCTION_SETTINGS[fn], rest)).toThrow(
        new ConfigError('missing environment variable REDELIVERY_QUEUE_URL'),
      );
    }
    expect(
      loadConfig(['redelivery'], { ...COMPLETE, REDELIVERY_BASE_DELAY_SECONDS: '5' }).redelivery.baseDelaySeconds,
    ).toBe(5);
  });

  it('reads the sign-up limits when set', () => {
    expect(
      loadConfig(['signup'], {
        SIGNUP_ASSIGNMENTS_PER_HOUR: '5',
        SIGNUP_APPROVAL_REQUIRED: 'TRUE',
        SIGNUP_REPLIES_PER_DAY: '10',
        ONBOARDING_DAILY_SMS_CAP: '300',
        NUMBER_QUARANTINE_DAYS: '0',
      }),
    ).toEqual({
      signup: {
        assignmentsPerHour: 5,
        approvalRequired: true,
        repliesPerDay: 10,
        onboardingDailySmsCap: 300,
        numberQuarantineDays: 0,
      },
    });
  });

  it('refuses a NUMBER_QUARANTINE_DAYS that is not a whole number of days, 0 or more', () => {
    expect(() => loadConfig(['signup'], { NUMBER_QUARANTINE_DAYS: '-1' })).toThrow(
      'NUMBER_QUARANTINE_DAYS must be a whole number, 0 or more, got "-1"',
    );
  });

  it.each(['yes', '1', 'on'])('refuses SIGNUP_APPROVAL_REQUIRED=%p: only true or false', (value) => {
    expect(() => loadConfig(['signup'], { SIGNUP_APPROVAL_REQUIRED: value })).toThrow(
      `SIGNUP_APPROVAL_REQUIRED must be "true" or "false", got "${value}"`,
    );
  });

  it('reads only the sections asked for: the audit needs no Twilio setting and no public URL', () => {
    const { TWILIO_SECRET_ID: _secret, PUBLIC_BASE_URL: _url, ...auditOnly } = COMPLETE;

    expect(Object.keys(loadConfig(FUNCTION_SETTINGS.audit, auditOnly)).sort()).toEqual(
      [...FUNCTION_SETTINGS.audit].sort(),
    );
  });

  it('a function missing a variable of one of its own sections fails naming it', () => {
    const { PUBLIC_BASE_URL: _url, ...rest } = COMPLETE;

    expect(() => loadConfig(FUNCTION_SETTINGS.voice, rest)).toThrow(
      new ConfigError('missing environment variable PUBLIC_BASE_URL'),
    );
  });

  it('reads the owner SMS cap and the automated texts per counterpart when set', () => {
    expect(loadConfig(['sendLimits'], { DAILY_OWNER_SMS_CAP: '80', AUTOMATED_TEXTS_PER_COUNTERPART: '2' })).toEqual({
      sendLimits: { dailyOwnerSmsCap: 80, automatedTextsPerCounterpart: 2 },
    });
  });

  it('reads an optional Messaging Service SID, and refuses one that is not MG plus 32 hex characters', () => {
    const sid = `MG${'a1'.repeat(16)}`;
    expect(loadConfig(['twilio'], { ...COMPLETE, TWILIO_MESSAGING_SERVICE_SID: sid }).twilio).toMatchObject({
      messagingServiceSid: sid,
    });
    expect(() => loadConfig(['twilio'], { ...COMPLETE, TWILIO_MESSAGING_SERVICE_SID: 'MG123' })).toThrow(
      'TWILIO_MESSAGING_SERVICE_SID must be MG followed by 32 hex characters',
    );
  });

  it('reads the text-back cooldown and daily cap when set', () => {
    expect(loadConfig(['textBack'], { TEXT_BACK_COOLDOWN_MINUTES: '45', DAILY_SMS_CAP: '50' })).toEqual({
      textBack: { cooldownMinutes: 45, dailySmsCap: 50, emergencySets: EMERGENCY_SETS },
    });
  });

  it('reads EMERGENCY_KEYWORD_SETS (issue 19): all by default, none, or named sets; an unknown set is refused', () => {
    const sets = (value: string) => loadConfig(['textBack'], { EMERGENCY_KEYWORD_SETS: value }).textBack.emergencySets;
    expect(sets('none')).toEqual([]);
    expect(sets(' gas , flooding ')).toEqual(['gas', 'flooding']);
    expect(() => sets('gas,lava')).toThrow(
      'EMERGENCY_KEYWORD_SETS names no set "lava": all, none, or some of gas, carbon-monoxide, flooding, electrical, no-heat',
    );
  });

  it.each(['0', '-5', 'ten', '1.5'])('refuses a daily cap of %p', (value) => {
    expect(() => loadConfig(['textBack'], { DAILY_SMS_CAP: value })).toThrow(
      `DAILY_SMS_CAP must be a whole number of at least 1, got "${value}"`,
    );
  });

  it.each(['DIRECTORY_TABLE', 'ACTIVITY_TABLE', 'ONBOARDING_NUMBER', 'PUBLIC_BASE_URL', 'METRICS_NAMESPACE'])(
    'fails fast naming a missing %s',
    (name) => {
      expect(() => loadConfig(CONFIG_SECTIONS, { ...COMPLETE, [name]: undefined })).toThrow(
        new ConfigError(`missing environment variable ${name}`),
      );
    },
  );

  it('without a secret it needs the account SID and auth token, and names the missing one', () => {
    const { TWILIO_SECRET_ID: _secret, ...rest } = COMPLETE;
    expect(() => loadConfig(['twilio'], { ...rest, TWILIO_ACCOUNT_SID: 'AC1' })).toThrow(
      'missing environment variable TWILIO_AUTH_TOKEN',
    );
    expect(
      loadConfig(['twilio'], { ...rest, TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't' }).twilio.credentials,
    ).toEqual({
      kind: 'environment',
      accountSid: 'AC1',
      authToken: 't',
    });
  });

  it('refuses an onboarding number that is not a phone number', () => {
    expect(() => loadConfig(['numbers'], { ...COMPLETE, ONBOARDING_NUMBER: 'none' })).toThrow(
      'ONBOARDING_NUMBER is not a valid phone number',
    );
  });

  it('refuses a public URL that is not http(s)', () => {
    expect(() => loadConfig(['webhook'], { ...COMPLETE, PUBLIC_BASE_URL: 'abc.execute-api' })).toThrow(
      'PUBLIC_BASE_URL must be an http(s) URL',
    );
  });

  it('refuses a PUBLIC_BASE_URL with a query string: Twilio would sign a URL the functions cannot rebuild', () => {
    expect(() =>
      loadConfig(['webhook'], {
        ...COMPLETE,
        PUBLIC_BASE_URL: 'https://abc.execute-api.eu-west-2.amazonaws.com/prod?client=ace',
      }),
    ).toThrow('PUBLIC_BASE_URL must have no query string or fragment (not supported for Twilio webhooks)');
  });
});

describe("readConfig with each function's own readers (shared/function-config.ts)", () => {
  const TABLES = {
    voice: functionConfig.VOICE_CONFIG,
    status: functionConfig.STATUS_CONFIG,
    sms: functionConfig.SMS_CONFIG,
    statusRedelivery: functionConfig.STATUS_REDELIVERY_CONFIG,
    smsRedelivery: functionConfig.SMS_REDELIVERY_CONFIG,
    waitlist: functionConfig.WAITLIST_CONFIG,
    audit: functionConfig.AUDIT_CONFIG,
    crm: functionConfig.CRM_CONFIG,
    signup: functionConfig.SIGNUP_CONFIG,
    ownerTexts: functionConfig.OWNER_TEXTS_CONFIG,
  } as const;

  it.each(Object.keys(FUNCTION_SETTINGS) as Array<keyof typeof FUNCTION_SETTINGS>)(
    '%s: exactly its sections, in the same order, reading what loadConfig reads',
    (fn) => {
      expect(Object.keys(TABLES[fn])).toEqual([...FUNCTION_SETTINGS[fn]]);
      const readers = TABLES[fn] as Partial<SectionReaders<ConfigSectionName>>;
      expect(readConfig(readers as SectionReaders<ConfigSectionName>, COMPLETE)).toEqual(
        loadConfig(FUNCTION_SETTINGS[fn], COMPLETE),
      );
    },
  );

  it('fails on the first missing variable, as loadConfig does', () => {
    const { DIRECTORY_TABLE: _missing, ...env } = COMPLETE;
    expect(() => readConfig(functionConfig.SMS_CONFIG, env)).toThrow(
      new ConfigError('missing environment variable DIRECTORY_TABLE'),
    );
  });
});
