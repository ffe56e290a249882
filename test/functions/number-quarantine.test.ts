import twilio from 'twilio';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { runCli } from '../admin/support/admin-target';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { incomingCall, incomingSms, startHarness, type Harness } from '../support/webhook-harness';

const ACE = NUMBERS.aceBusiness as E164;
const NEW_OWNER = '+447922334455';
const DAY_MS = 86_400_000;

/** Issue 17 §1: a released number rests (NUMBER_QUARANTINE_DAYS) before the pool gives it to another business. */
describe('a released number rests before reuse', () => {
  let harness: Harness;
  let sids = 0;
  let releasedAt: Date;
  beforeEach(async () => {
    harness = await startHarness(undefined, { signup: { numberQuarantineDays: 30 } });
    releasedAt = new Date();
    await admin('numbers', 'release', ACE);
  });
  afterEach(async () => harness.close());

  const admin = async (...argv: string[]) => {
    const result = await runCli([
      ...argv,
      '--endpoint',
      harness.dynamo.endpoint,
      '--onboarding-number',
      NUMBERS.onboarding,
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    return result;
  };
  const text = (body: string, from: string, to: string = ACE) => {
    sids += 1;
    return harness.sms(incomingSms(sid('SM', `rest${sids}`), to, from, body));
  };
  const listed = async () =>
    (JSON.parse((await admin('numbers', 'list', '--json')).stdout) as Array<Record<string, unknown>>).find(
      (row) => row.phone === ACE,
    );
  const signUp = async (owner: string) => {
    for (const body of ['Hi', 'Dave Builds', 'YES', 'YES']) await text(body, owner, NUMBERS.onboarding);
  };

  it('a call hears "This number is no longer in service." and is hung up, counted', async () => {
    const answer = await harness.voice(incomingCall(sid('CA', 'rest1'), ACE, NUMBERS.customer));
    const expected = new twilio.twiml.VoiceResponse();
    expected.say({ voice: 'Polly.Joanna' }, 'This number is no longer in service.');
    expected.hangup();
    expect(answer.body).toBe(expected.toString());
    expect(harness.metrics()['voice.quarantined_number']).toBe(1);
    expect(harness.metrics()['voice.system_number']).toBeUndefined();
  });

  it("costs one DynamoDB call on each route: the role gate's own read", async () => {
    harness.resetCounters();
    await harness.voice(incomingCall(sid('CA', 'rest2'), ACE, NUMBERS.customer));
    expect(harness.dynamoCalls).toEqual(['QueryCommand']);
    harness.resetCounters();
    await text('Hello?', NUMBERS.customer);
    expect(harness.dynamoCalls).toEqual(['BatchGetItemCommand']);
  });

  it('a text gets no reply, counted', async () => {
    await text('Is anyone there?', NUMBERS.customer);
    expect(harness.outbox()).toEqual([]);
    expect(harness.metrics()['sms.quarantined_number']).toBe(1);
  });

  it('sign-up never hands it out while it rests', async () => {
    await harness.functions.serveWaitingList();
    await signUp(NEW_OWNER);
    const told =
      harness
        .outbox()
        .filter((entry) => entry.to === NEW_OWNER)
        .at(-1)?.body ?? '';
    expect(told).toMatch(/Your missed-call number is \+/);
    expect(told).not.toContain(ACE);
  });

  it('numbers list shows it resting, and from when it is available once the waiting-list job has dated the rest', async () => {
    expect(await listed()).toMatchObject({ role: 'SYSTEM', status: 'RESTING', availableFrom: null });
    await harness.functions.serveWaitingList();
    const row = await listed();
    expect(row).toMatchObject({ status: 'RESTING' });
    const availableFrom = Date.parse(String(row?.availableFrom));
    expect(availableFrom - Date.parse(String(row?.restingSince))).toBe(30 * DAY_MS);
    expect(Math.abs(availableFrom - (releasedAt.getTime() + 30 * DAY_MS))).toBeLessThan(60_000);
    expect((await admin('numbers', 'list')).stdout).toContain(`${ACE} rests before reuse since`);
  });

  it('after its rest the waiting-list job puts it back in the pool, and the next owner waiting gets it', async () => {
    harness.setNow(new Date(releasedAt.getTime() + 10 * DAY_MS));
    await harness.functions.serveWaitingList();
    expect(await listed()).toMatchObject({ status: 'RESTING' });

    harness.setNow(new Date(releasedAt.getTime() + 31 * DAY_MS));
    await harness.functions.serveWaitingList();
    const row = await listed();
    expect(row).toMatchObject({ role: 'SYSTEM', status: 'AVAILABLE' });
    expect(row).not.toHaveProperty('availableFrom');
    await signUp(NEW_OWNER);
    expect(
      harness
        .outbox()
        .filter((entry) => entry.to === NEW_OWNER)
        .at(-1)?.body,
    ).toContain(`Your missed-call number is ${ACE}.`);
  });

  it('the audit finds nothing wrong with a resting number', async () => {
    const audit = await runCli([
      'audit',
      '--endpoint',
      harness.dynamo.endpoint,
      '--onboarding-number',
      NUMBERS.onboarding,
      '--json',
    ]);
    const report = JSON.parse(audit.stdout) as { breaches: Array<{ phone?: string }> };
    expect(report.breaches.filter((breach) => breach.phone === ACE)).toEqual([]);
  });
});
