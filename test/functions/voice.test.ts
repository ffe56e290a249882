import { MetricName } from '../../shared/metric-names';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import { voicemailCallback } from '../support/ring-calls';
import { NUMBERS } from '../support/seeds';
import { incomingCall, startHarness, type Harness } from '../support/webhook-harness';
import { sid } from '../support/sid';

describe('POST /twilio/voice', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  it('a call to a business number hears a short message in the business name, can leave a voicemail, then the call ends', async () => {
    const response = await harness.voice(incomingCall(sid('CA', '100'), NUMBERS.aceBusiness, NUMBERS.customer));

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['Content-Type']).toMatch(/^text\/xml/);
    const base = 'https://hooks.example.test/prod';
    expect(response.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna">Thanks for calling Ace Plumbing. ' +
        "Sorry we can't take your call right now. Please leave a message after the tone. We'll also send you a text message.</Say>" +
        `<Record action="${base}/twilio/voice/voicemail-done" maxLength="120" playBeep="true" recordingStatusCallback="${base}${voicemailCallback(WEBHOOK_ROUTES.recording, sid('CA', '100'), NUMBERS.aceBusiness)}" ` +
        `transcribe="true" transcribeCallback="${base}${voicemailCallback(WEBHOOK_ROUTES.transcription, sid('CA', '100'), NUMBERS.aceBusiness)}"/><Hangup/></Response>`,
    );
    expect(harness.metrics()[MetricName.VOICE_OPERATIONAL_ANSWERED]).toBe(1);
    expect(harness.outbox()).toEqual([]);
  });

  it('a call to the onboarding number is rejected politely and counted as an invariant violation', async () => {
    const response = await harness.voice(incomingCall(sid('CA', '101'), NUMBERS.onboarding, NUMBERS.customer));

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna">This number is for text messages only. ' +
        'Please send us a text to get started.</Say><Hangup/></Response>',
    );
    expect(harness.metrics()[MetricName.VOICE_ONBOARDING_VIOLATION]).toBe(1);
    expect(harness.logs).toContainEqual(
      expect.objectContaining({ level: 'CRITICAL', callSid: sid('CA', '101'), to: '***5179' }),
    );
    expect(harness.outbox()).toEqual([]);
  });

  it('a call to the onboarding number known only from configuration is rejected the same way', async () => {
    const { CONFIG_ONBOARDING_SEED } = await import('../support/seeds');
    const configOnly = await startHarness(CONFIG_ONBOARDING_SEED);
    try {
      const response = await configOnly.voice(incomingCall(sid('CA', '102'), NUMBERS.onboarding, NUMBERS.customer));

      expect(response.body).toContain('This number is for text messages only.');
      expect(configOnly.metrics()[MetricName.VOICE_ONBOARDING_VIOLATION]).toBe(1);
      expect(configOnly.logs).toContainEqual(
        expect.objectContaining({ message: 'voice call routed by role', role: 'ONBOARDING', source: 'config' }),
      );
    } finally {
      await configOnly.close();
    }
  });

  it.each([
    ['a pooled SYSTEM number', NUMBERS.pooled, 'pool'],
    ['a SYSTEM number', NUMBERS.system, 'pool'],
    ['a number nobody knows', NUMBERS.unknown, 'default'],
    ['a garbage To', 'not-a-number', 'default'],
  ])('a call to %s ends at once, is counted, and does nothing else', async (_label, to, source) => {
    const response = await harness.voice(incomingCall(sid('CA', '103'), to, NUMBERS.customer));

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    expect(harness.metrics()[MetricName.VOICE_SYSTEM_NUMBER]).toBe(1);
    expect(harness.logs).toContainEqual(
      expect.objectContaining({ message: 'voice call routed by role', role: 'SYSTEM', source }),
    );
    expect(harness.outbox()).toEqual([]);
  });

  it('a number owned by a client but missing from the number table is OPERATIONAL through its client', async () => {
    const response = await harness.voice(incomingCall(sid('CA', '104'), NUMBERS.clientOwnedOnly, NUMBERS.customer));

    expect(response.body).toContain('Thanks for calling Cosy Heating.');
    expect(harness.logs).toContainEqual(
      expect.objectContaining({ message: 'voice call routed by role', role: 'OPERATIONAL', source: 'client' }),
    );
  });

  it('every call is logged with its role, source and description, and phone numbers masked', async () => {
    await harness.voice(incomingCall(sid('CA', '105'), NUMBERS.aceBusiness, NUMBERS.customer));

    const routed = harness.logs.find((entry) => entry.message === 'voice call routed by role');
    expect(routed).toMatchObject({
      callSid: sid('CA', '105'),
      to: '***5110',
      from: '***3456',
      role: 'OPERATIONAL',
      source: 'pool',
    });
    expect(routed?.description).toEqual(expect.stringContaining('business'));
    expect(JSON.stringify(harness.logs)).not.toContain(NUMBERS.customer.slice(1));
  });

  it('the same number in another format routes the same way', async () => {
    const response = await harness.voice(incomingCall(sid('CA', '106'), '44 7476 955110', NUMBERS.customer));

    expect(response.body).toContain('Thanks for calling Ace Plumbing.');
  });

  it.each([
    ['OPERATIONAL', NUMBERS.aceBusiness],
    ['OPERATIONAL through its client', NUMBERS.clientOwnedOnly],
    ['ONBOARDING', NUMBERS.onboarding],
    ['SYSTEM', NUMBERS.pooled],
    ['unknown', NUMBERS.unknown],
  ])('resolves a call to an %s number with exactly one DynamoDB read', async (_role, to) => {
    harness.resetCounters();
    await harness.voice(incomingCall(sid('CA', '107'), to, NUMBERS.customer));
    expect(harness.dynamoCalls).toEqual(['QueryCommand']);
  });

  it('when DynamoDB is unreachable the caller hears a safe hang-up, never anything onboarding, and it is counted', async () => {
    await harness.dynamo.close();

    const started = Date.now();
    const response = await harness.voice(incomingCall(sid('CA', '108'), NUMBERS.onboarding, NUMBERS.customer));

    expect(Date.now() - started).toBeLessThan(10000);
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    expect(harness.metrics()[MetricName.VOICE_RESOLUTION_FAILED]).toBe(1);
    expect(harness.metrics()[MetricName.VOICE_ONBOARDING_VIOLATION]).toBeUndefined();
  });

  it('writes its metrics as EMF in the configured namespace with no dimensions', async () => {
    await harness.voice(incomingCall(sid('CA', '109'), NUMBERS.onboarding, NUMBERS.customer));

    expect(harness.emfLines).toHaveLength(1);
    const document = JSON.parse(harness.emfLines[0] as string);
    expect(document._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'MissedCallTextBack/test',
        Dimensions: [[]],
        Metrics: [{ Name: MetricName.VOICE_ONBOARDING_VIOLATION, Unit: 'Count' }],
      },
    ]);
    expect(document[MetricName.VOICE_ONBOARDING_VIOLATION]).toBe(1);
  });
});
