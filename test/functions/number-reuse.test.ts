import type { E164 } from '../../shared/domain/numbers/phone-number';
import { runCli } from '../admin/support/admin-target';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { callEnded, incomingCall, incomingSms, startHarness, type Harness } from '../support/webhook-harness';

const ACE = NUMBERS.aceBusiness as E164;
const NEW_OWNER = '+447922334455';
/** Small enough for the old business to spend it: the new one must start the day with its own. */
const OWNER_CAP = 4;

/** Issue 17 §1: a number that changes hands carries nothing of its last business over. */
describe('a released number given to a new business', () => {
  let harness: Harness;
  let sids = 0;
  beforeEach(async () => {
    // No rest before reuse here (NUMBER_QUARANTINE_DAYS=0): the waiting-list job's next run puts the number back.
    // On the real clock: the CLI stamps a release with the real time, and the rest is counted from it.
    harness = await startHarness(undefined, { dailyOwnerSmsCap: OWNER_CAP, signup: { numberQuarantineDays: 0 } });
  });
  afterEach(async () => harness.close());

  const text = (body: string, from: string, to: string = ACE) => {
    sids += 1;
    return harness.sms(incomingSms(sid('SM', `reuse${sids}`), to, from, body));
  };
  const missedCall = async (from: string) => {
    sids += 1;
    const callSid = sid('CA', `reuse${sids}`);
    await harness.voice(incomingCall(callSid, ACE, from));
    await harness.status(callEnded(callSid, ACE, from, 'no-answer'));
  };
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
  const textsTo = (phone: string) => harness.outbox().filter((entry) => entry.to === phone);
  const lastTextTo = (phone: string) => textsTo(phone).at(-1)?.body;

  /** Ace Plumbing (c1) builds up jobs #1 and #2 and spends today's owner cap; then its number is released and taken. */
  async function oldBusinessThenNewOwner(): Promise<void> {
    await text('Boiler is leaking', NUMBERS.customer);
    await text('No hot water', NUMBERS.otherCustomer);
    await missedCall('+447913000001');
    await missedCall('+447913000002');
    await missedCall('+447913000003');
    expect(harness.metrics()['sms.owner_cap_reached']).toBeGreaterThan(0);
    await admin('numbers', 'release', ACE);
    await harness.functions.serveWaitingList();
    for (const body of ['Hi', 'Dave Builds', 'YES', 'YES']) await text(body, NEW_OWNER, NUMBERS.onboarding);
    expect(lastTextTo(NEW_OWNER)).toContain(`Your missed-call number is ${ACE}.`);
  }

  it("the new owner's JOBS lists none of the last business's customers", async () => {
    await oldBusinessThenNewOwner();
    await text('JOBS', NEW_OWNER);
    expect(lastTextTo(NEW_OWNER)).toBe('No open jobs.');
  });

  it("the new owner's #1 reply reaches no customer of the last business, and DONE #1 closes nothing", async () => {
    await oldBusinessThenNewOwner();
    const before = textsTo(NUMBERS.customer).length;
    await text('#1 Hi, can I help?', NEW_OWNER);
    expect(lastTextTo(NEW_OWNER)).toBe('There is no open job #1. Text JOBS to see your open jobs.');
    await text('Just checking', NEW_OWNER);
    expect(lastTextTo(NEW_OWNER)).toBe('There is no open job to reply to. Text JOBS to see your open jobs.');
    await text('DONE #1', NEW_OWNER);
    expect(lastTextTo(NEW_OWNER)).toBe('There is no open job #1. Text JOBS to see your open jobs.');
    expect(textsTo(NUMBERS.customer)).toHaveLength(before);
  });

  it("the new business's jobs start at #1 and its owner cap is its own", async () => {
    await oldBusinessThenNewOwner();
    const capReached = harness.metrics()['sms.owner_cap_reached'];
    await text('Need a plasterer', '+447913000009');
    expect(lastTextTo(NEW_OWNER)).toMatch(/^#1 New job from \+447913000009/);
    await missedCall('+447913000010');
    expect(lastTextTo(NEW_OWNER)).toMatch(/^Missed call to Dave Builds from \+447913000010/);
    expect(harness.metrics()['sms.owner_cap_reached']).toBe(capReached);
  });

  it('a customer of the last business who texts again opens a new job with the new business, not the old one', async () => {
    await oldBusinessThenNewOwner();
    await text('Any news on the boiler?', NUMBERS.customer);
    expect(lastTextTo(NEW_OWNER)).toMatch(/^#1 New job from \+447911123456/);
    expect(lastTextTo(NEW_OWNER)).not.toContain('Boiler is leaking');
  });

  it("operators still see the last business's jobs by its client id", async () => {
    await oldBusinessThenNewOwner();
    const listed = JSON.parse((await admin('jobs', 'list', '--client', 'c1', '--json')).stdout) as Array<{
      ref: number;
      customer: string;
    }>;
    expect(listed.map((job) => [job.ref, job.customer]).sort()).toEqual([
      [1, NUMBERS.customer],
      [2, NUMBERS.otherCustomer],
    ]);
    const shown = await admin('jobs', 'show', '--client', 'c1', '1');
    expect(shown.stdout).toContain('Boiler is leaking');
  });
});
