import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { parseSeed } from '../../local/seed';
import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { MetricName } from '../../shared/metric-names';
import { NUMBERS, TEST_SEED } from '../support/seeds';
import { incomingCall, incomingSms, startHarness, type Harness } from '../support/webhook-harness';
import { sid } from '../support/sid';

const OWNER = '+447922334455';
const OTHER_OWNER = '+447831123456';

describe('signing up by text on the onboarding number', () => {
  let harness: Harness;
  let sids = 0;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  async function text(from: string, body: string, to: string = NUMBERS.onboarding) {
    sids += 1;
    return harness.sms(incomingSms(sid('SM', `signup${sids}`), to, from, body));
  }
  const lastReplyTo = (phone: string) =>
    harness
      .outbox()
      .filter((sms) => sms.to === phone)
      .at(-1)?.body ?? '';
  const conversation = (phone: string) => harness.activityItem(`SIGNUP#${phone}`, 'SIGNUP');
  const directory = () => new DynamoNumberDirectory(harness.db, harness.config.directory.directoryTable);

  async function signUp(from: string, businessName: string, notify = 'YES') {
    await text(from, 'Hi');
    await text(from, businessName);
    await text(from, notify);
    return text(from, 'YES');
  }

  it('welcomes a new owner and asks for the business name, from the onboarding number', async () => {
    await text(OWNER, 'Hello, I want missed-call texts');

    expect(harness.outbox()).toEqual([
      {
        sid: expect.any(String),
        to: OWNER,
        from: NUMBERS.onboarding,
        body: expect.stringContaining('what is your business name?'),
      },
    ]);
    expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_BUSINESS_NAME' });
  });

  it('asks which phone gets the alerts once it has the name', async () => {
    await text(OWNER, 'Hi');
    await text(OWNER, 'Dave Builds');

    expect(lastReplyTo(OWNER)).toBe(
      `Thanks, Dave Builds! Which phone should get your missed-call alerts? Reply YES to use this one (${OWNER}), or send another number.`,
    );
    expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_NOTIFY_PHONE', businessName: 'Dave Builds' });
  });

  it('takes another number for alerts, in any common format, and asks to confirm', async () => {
    await text(OWNER, 'Hi');
    await text(OWNER, 'Dave Builds');
    await text(OWNER, '+44 7831 123456');

    expect(lastReplyTo(OWNER)).toBe(
      `Please confirm: business "Dave Builds", alerts to ${OTHER_OWNER}. We'll text that phone once to ask it to accept. Reply YES to continue, or RESTART to change the details.`,
    );
  });

  it('asks again when the alert number is not a phone number', async () => {
    await text(OWNER, 'Hi');
    await text(OWNER, 'Dave Builds');
    await text(OWNER, 'my mobile');

    expect(lastReplyTo(OWNER)).toContain("doesn't look like a phone number");
    expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_NOTIFY_PHONE' });
  });

  it('on YES assigns a pool number: OPERATIONAL with its client, and sends the number with forwarding instructions', async () => {
    await signUp(OWNER, 'Dave Builds');

    const reply = lastReplyTo(OWNER);
    expect(reply).toContain(`Your missed-call number is ${NUMBERS.pooled}.`);
    expect(reply).toContain(`dial **61*${NUMBERS.pooled}# on your mobile`);
    expect(reply).toContain('ask your carrier to forward unanswered calls');
    const entry = await directory().lookup(NUMBERS.pooled as E164);
    expect(entry.record).toMatchObject({ role: TwilioNumberRole.OPERATIONAL, status: 'ASSIGNED' });
    expect(entry.owner).toMatchObject({
      businessName: 'Dave Builds',
      ownerPhone: OWNER,
      twilioNumber: NUMBERS.pooled,
      id: entry.record?.clientId,
    });
    expect(harness.metrics()[MetricName.ONBOARDING_NUMBER_ASSIGNED]).toBe(1);
  });

  it('the new number works at once: a missed call to it is greeted and texted back in the new business name', async () => {
    await signUp(OWNER, 'Dave Builds');

    const voice = await harness.voice(incomingCall(sid('CA', 'new'), NUMBERS.pooled, NUMBERS.customer));
    expect(voice.body).toContain('Thanks for calling Dave Builds.');
  });

  it('RESTART starts over at any step', async () => {
    await text(OWNER, 'Hi');
    await text(OWNER, 'Wrong Name');
    await text(OWNER, 'restart');

    expect(lastReplyTo(OWNER)).toContain('what is your business name?');
    expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_BUSINESS_NAME' });
    expect((await conversation(OWNER))?.businessName).toBeUndefined();
  });

  it('HELP explains and repeats the current question', async () => {
    await text(OWNER, 'Hi');
    await text(OWNER, 'Dave Builds');
    await text(OWNER, 'HELP');

    expect(lastReplyTo(OWNER)).toContain('This number sets up missed-call text-back');
    expect(lastReplyTo(OWNER)).toContain('Which phone should get your alerts?');
    expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_NOTIFY_PHONE' });
  });

  it('an owner who already has a client gets their existing number again, never a second one', async () => {
    await text(NUMBERS.aceOwner, 'I want to sign up');

    expect(lastReplyTo(NUMBERS.aceOwner)).toContain(
      `You're already set up: Ace Plumbing's missed-call number is ${NUMBERS.aceBusiness}.`,
    );
    expect(await conversation(NUMBERS.aceOwner)).toMatchObject({
      step: 'DONE',
      clientId: 'c1',
      assignedNumber: NUMBERS.aceBusiness,
    });
    expect((await directory().listClients()).filter((client) => client.ownerPhone === NUMBERS.aceOwner)).toHaveLength(
      1,
    );
  });

  it('an owner who finishes and signs up again keeps their number', async () => {
    await signUp(OWNER, 'Dave Builds');
    await text(OWNER, 'RESTART');
    await signUp(OWNER, 'Dave Builds Again');

    expect(lastReplyTo(OWNER)).toContain(`missed-call number is ${NUMBERS.pooled}`);
    expect((await directory().listClients()).filter((client) => client.ownerPhone === OWNER)).toHaveLength(1);
  });

  it('a retried webhook (same MessageSid) changes nothing and sends nothing twice', async () => {
    await harness.sms(incomingSms(sid('SM', 'retry1'), NUMBERS.onboarding, OWNER, 'Hi'));
    await harness.sms(incomingSms(sid('SM', 'retry2'), NUMBERS.onboarding, OWNER, 'Dave Builds'));
    await harness.sms(incomingSms(sid('SM', 'retry2'), NUMBERS.onboarding, OWNER, 'Dave Builds'));
    await harness.sms(incomingSms(sid('SM', 'retry1'), NUMBERS.onboarding, OWNER, 'Hi'));

    expect(harness.outbox().filter((sms) => sms.to === OWNER)).toHaveLength(2);
    expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_NOTIFY_PHONE', businessName: 'Dave Builds' });
  });

  it('a retried final YES assigns one number only', async () => {
    await text(OWNER, 'Hi');
    await text(OWNER, 'Dave Builds');
    await text(OWNER, 'YES');
    await Promise.all(
      [1, 2, 3].map(() => harness.sms(incomingSms(sid('SM', 'final'), NUMBERS.onboarding, OWNER, 'YES'))),
    );

    expect((await directory().listClients()).filter((client) => client.ownerPhone === OWNER)).toHaveLength(1);
    expect(harness.outbox().filter((sms) => sms.body.includes('Your missed-call number is'))).toHaveLength(1);
  });

  it('a voice call to the onboarding number during sign-up is still refused and sends nothing', async () => {
    await text(OWNER, 'Hi');
    const sent = harness.outbox().length;

    const voice = await harness.voice(incomingCall(sid('CA', 'ob'), NUMBERS.onboarding, OWNER));

    expect(voice.body).toContain('This number is for text messages only.');
    expect(harness.outbox()).toHaveLength(sent);
  });
});

describe('when the pool runs out', () => {
  const ONE_FREE_NUMBER = parseSeed({
    numbers: [
      { phone: '447476955179', role: 'ONBOARDING' },
      { phone: '+447476955130', role: 'SYSTEM', status: 'AVAILABLE' },
    ],
    clients: [],
    onboardingNumber: '447476955179',
  });
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness(ONE_FREE_NUMBER);
  });
  afterEach(async () => harness.close());

  async function confirmSignUp(owner: string, name: string) {
    await harness.sms(incomingSms(sid('SM', `${owner.slice(1)}a`), NUMBERS.onboarding, owner, 'Hi'));
    await harness.sms(incomingSms(sid('SM', `${owner.slice(1)}b`), NUMBERS.onboarding, owner, name));
    await harness.sms(incomingSms(sid('SM', `${owner.slice(1)}c`), NUMBERS.onboarding, owner, 'YES'));
  }
  const yes = (owner: string) =>
    harness.sms(incomingSms(sid('SM', `${owner.slice(1)}d`), NUMBERS.onboarding, owner, 'YES'));

  it('concurrent sign-ups racing for the last free number: exactly one wins, the other waits, nothing is lost', async () => {
    const owners = ['+447922334455', '+447831123456', '+447912345678', '+447911123456'];
    for (const [index, owner] of owners.entries()) await confirmSignUp(owner, `Racer ${index}`);

    await Promise.all(owners.map(yes));

    const directory = new DynamoNumberDirectory(harness.db, harness.config.directory.directoryTable);
    const clients = await directory.listClients();
    expect(clients).toHaveLength(1);
    expect(clients[0]?.twilioNumber).toBe('+447476955130');
    const number = await directory.getNumber('+447476955130' as E164);
    expect(number).toMatchObject({ role: 'OPERATIONAL', status: 'ASSIGNED', clientId: clients[0]?.id });
    expect(harness.outbox().filter((sms) => sms.body.includes('Your missed-call number is'))).toHaveLength(1);
    expect(harness.outbox().filter((sms) => sms.body.includes("you're on the waiting list"))).toHaveLength(3);
    expect(harness.metrics()[MetricName.ONBOARDING_POOL_EXHAUSTED]).toBe(3);
  });

  it('a waiting owner gets their number when one is added to the pool', async () => {
    await confirmSignUp('+447922334455', 'First');
    await yes('+447922334455');
    await confirmSignUp('+447831123456', 'Second');
    await yes('+447831123456');
    expect(harness.outbox().at(-1)?.body).toContain('waiting list');

    const directory = new DynamoNumberDirectory(harness.db, harness.config.directory.directoryTable);
    await directory.putNumber({ phone: '+447476955131' as E164, role: TwilioNumberRole.SYSTEM, status: 'AVAILABLE' });
    const served = await harness.functions.serveWaitingList();

    expect(served).toEqual({ assigned: 1, stillWaiting: 0 });
    expect(harness.outbox().at(-1)).toMatchObject({
      to: '+447831123456',
      from: NUMBERS.onboarding,
      body: expect.stringContaining('Your missed-call number is +447476955131'),
    });
    const { Item } = await harness.db.send(
      new GetCommand({
        TableName: harness.config.activity.activityTable,
        Key: { pk: 'WAITLIST', sk: '+447831123456' },
      }),
    );
    expect(Item).toBeUndefined();
  });

  it('a waiting owner who texts again is told they are still waiting, and gets a number if one appeared', async () => {
    await confirmSignUp('+447922334455', 'First');
    await yes('+447922334455');
    await confirmSignUp('+447831123456', 'Second');
    await yes('+447831123456');

    await harness.sms(incomingSms(sid('SM', 'again1'), NUMBERS.onboarding, '+447831123456', 'any news?'));
    expect(harness.outbox().at(-1)?.body).toContain("You're still on the waiting list");

    const directory = new DynamoNumberDirectory(harness.db, harness.config.directory.directoryTable);
    await directory.putNumber({ phone: '+447476955131' as E164, role: TwilioNumberRole.SYSTEM, status: 'AVAILABLE' });
    await harness.sms(incomingSms(sid('SM', 'again2'), NUMBERS.onboarding, '+447831123456', 'and now?'));
    expect(harness.outbox().at(-1)?.body).toContain('Your missed-call number is +447476955131');
  });

  it('the demo seed format accepts pool numbers', () => {
    expect(TEST_SEED.numbers).toContainEqual({ phone: '+447476955130', role: 'SYSTEM', status: 'AVAILABLE' });
  });
});
