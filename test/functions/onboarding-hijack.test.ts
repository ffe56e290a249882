import { DynamoSignupDecisions } from '../../shared/adapters/dynamodb/dynamo-signup-decisions';
import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import { decideSignup, readSignupForDecision } from '../../shared/domain/signup/decide-signup';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { MetricName } from '../../shared/metric-names';
import { NUMBERS } from '../support/seeds';
import { incomingSms, startHarness, type HarnessOptions } from '../support/webhook-harness';

const OWNER = '+447922334455';
const ALERT_PHONE = '+447831123456';
const SECOND_REQUESTER = '+447912345678';
const HOUR = 3_600_000;
const SECOND_POOL_NUMBER = '+447476955131' as E164;

/** Twilio-shaped MessageSids: SM and 32 hex digits. */
let sids = 0;
const nextSid = () => `SM${(sids += 1).toString(16).padStart(32, '0')}`;

async function harnessWith(options: HarnessOptions = {}) {
  const harness = await startHarness(undefined, options);
  const text = (from: string, body: string) => harness.sms(incomingSms(nextSid(), NUMBERS.onboarding, from, body));
  const textsTo = (phone: string) => harness.outbox().filter((sms) => sms.to === phone);
  const lastReplyTo = (phone: string) => textsTo(phone).at(-1)?.body ?? '';
  const conversation = (phone: string) => harness.activityItem(`SIGNUP#${phone}`, 'SIGNUP');
  const clientsOf = async (ownerPhone: string) =>
    (await new DynamoNumberDirectory(harness.db, harness.config.directory.directoryTable).listClients()).filter(
      (client) => client.ownerPhone === ownerPhone,
    );
  /** Name, alert phone, and YES to confirm. */
  const signUp = async (from: string, businessName: string, alertPhone = 'YES') => {
    await text(from, 'Hi');
    await text(from, businessName);
    await text(from, alertPhone);
    return text(from, 'YES');
  };
  return { harness, text, textsTo, lastReplyTo, conversation, clientsOf, signUp };
}
type Kit = Awaited<ReturnType<typeof harnessWith>>;

describe('sign-up refuses our own numbers as the alert phone', () => {
  let kit: Kit;
  beforeEach(async () => {
    kit = await harnessWith();
  });
  afterEach(async () => kit.harness.close());

  it.each([
    ['the onboarding number', NUMBERS.onboarding],
    ['a number in the number table', NUMBERS.system],
    ["a client's business number", NUMBERS.aceBusiness],
    ['a number a client owns but the table lacks', NUMBERS.clientOwnedOnly],
  ])('%s is refused as the alert phone and the owner is asked again', async (_kind, ourNumber) => {
    await kit.text(OWNER, 'Hi');
    await kit.text(OWNER, 'Dave Builds');
    await kit.text(OWNER, ourNumber);

    expect(kit.lastReplyTo(OWNER)).toContain("one of our service's own numbers, so it can't get your alerts");
    expect(await kit.conversation(OWNER)).toMatchObject({ step: 'ASK_NOTIFY_PHONE' });
    expect(kit.textsTo(ourNumber)).toHaveLength(0);
    expect(kit.harness.metrics()[MetricName.ONBOARDING_OWN_NUMBER_REFUSED]).toBe(1);
  });

  it('after a refused number, another phone is taken', async () => {
    await kit.text(OWNER, 'Hi');
    await kit.text(OWNER, 'Dave Builds');
    await kit.text(OWNER, NUMBERS.onboarding);
    await kit.text(OWNER, 'YES');

    expect(await kit.conversation(OWNER)).toMatchObject({ step: 'CONFIRM', notifyPhone: OWNER });
  });
});

describe('an alert phone that is not the phone signing up must accept with YES', () => {
  let kit: Kit;
  beforeEach(async () => {
    kit = await harnessWith();
  });
  afterEach(async () => kit.harness.close());

  it('the named phone gets one text: who asks (their full number), for which business, and to reply YES', async () => {
    await kit.signUp(OWNER, 'Dave Builds', ALERT_PHONE);

    expect(kit.textsTo(ALERT_PHONE)).toEqual([
      {
        sid: expect.any(String),
        to: ALERT_PHONE,
        from: NUMBERS.onboarding,
        body: `${OWNER} is setting up missed-call alerts for "Dave Builds" and asked for them to come to this phone. Reply YES to accept, or NO to refuse. If you don't reply, nothing more will be sent.`,
      },
    ]);
    expect(kit.lastReplyTo(OWNER)).toBe(
      `We've texted ${ALERT_PHONE} to ask it to accept your alerts. Your sign-up finishes when it replies YES (within 24 hours).`,
    );
    expect(kit.harness.metrics()[MetricName.ONBOARDING_ALERT_PHONE_ASKED]).toBe(1);
  });

  it('no number is assigned before the alert phone says YES', async () => {
    await kit.signUp(OWNER, 'Dave Builds', ALERT_PHONE);

    expect(await kit.conversation(OWNER)).toMatchObject({ step: 'AWAITING_ALERT_PHONE', notifyPhone: ALERT_PHONE });
    expect(await kit.clientsOf(ALERT_PHONE)).toHaveLength(0);
    expect(kit.harness.outbox().some((sms) => sms.body.includes('Your missed-call number is'))).toBe(false);
  });

  it("the alert phone's YES finishes the sign-up: the requester gets the number, the alert phone a thank-you", async () => {
    await kit.signUp(OWNER, 'Dave Builds', ALERT_PHONE);

    await kit.text(ALERT_PHONE, 'yes');

    expect(kit.lastReplyTo(ALERT_PHONE)).toBe('Thanks! Missed-call alerts for Dave Builds will come to this phone.');
    expect(kit.lastReplyTo(OWNER)).toContain(`Your missed-call number is ${NUMBERS.pooled}.`);
    expect(await kit.clientsOf(ALERT_PHONE)).toEqual([
      expect.objectContaining({ businessName: 'Dave Builds', twilioNumber: NUMBERS.pooled }),
    ]);
    expect(await kit.conversation(OWNER)).toMatchObject({
      step: 'DONE',
      assignedNumber: NUMBERS.pooled,
      alertPhoneAccepted: true,
    });
    expect(kit.harness.metrics()[MetricName.ONBOARDING_ALERT_PHONE_ACCEPTED]).toBe(1);
  });

  it('a retried YES from the alert phone assigns one number and sends nothing twice', async () => {
    await kit.signUp(OWNER, 'Dave Builds', ALERT_PHONE);
    const sid = nextSid();

    await Promise.all([1, 2, 3].map(() => kit.harness.sms(incomingSms(sid, NUMBERS.onboarding, ALERT_PHONE, 'YES'))));
    await kit.harness.sms(incomingSms(sid, NUMBERS.onboarding, ALERT_PHONE, 'YES'));

    expect(await kit.clientsOf(ALERT_PHONE)).toHaveLength(1);
    expect(kit.textsTo(ALERT_PHONE)).toHaveLength(2);
    expect(kit.harness.outbox().filter((sms) => sms.body.includes('Your missed-call number is'))).toHaveLength(1);
  });

  it("the alert phone's NO sends the requester back to choose another phone", async () => {
    await kit.signUp(OWNER, 'Dave Builds', ALERT_PHONE);

    await kit.text(ALERT_PHONE, 'No');

    expect(kit.lastReplyTo(ALERT_PHONE)).toBe('Thanks. Nothing was set up, and no more texts will come about it.');
    expect(kit.lastReplyTo(OWNER)).toBe(
      `${ALERT_PHONE} did not accept your alerts. Send another phone number for them, or reply YES to use this phone.`,
    );
    expect(await kit.conversation(OWNER)).toMatchObject({ step: 'ASK_NOTIFY_PHONE' });
    expect(await kit.clientsOf(ALERT_PHONE)).toHaveLength(0);
  });

  it("until it answers, nothing else is ever sent to the alert phone: not on the requester's texts, RESTART, a second request or another requester", async () => {
    await kit.signUp(OWNER, 'Dave Builds', ALERT_PHONE);
    await kit.text(OWNER, 'any news?');
    await kit.text(OWNER, 'RESTART');
    await kit.signUp(OWNER, 'Dave Builds', ALERT_PHONE);
    await kit.signUp(SECOND_REQUESTER, 'Other Builds', ALERT_PHONE);

    expect(kit.textsTo(ALERT_PHONE)).toHaveLength(1);
    expect(kit.lastReplyTo(SECOND_REQUESTER)).toBe(
      "That phone can't be asked right now. Send another phone number for your alerts, or reply YES to use this phone.",
    );
    expect(await kit.conversation(SECOND_REQUESTER)).toMatchObject({ step: 'ASK_NOTIFY_PHONE' });
  });

  it('a phone that texted STOP to the onboarding number is never asked', async () => {
    await kit.text(ALERT_PHONE, 'STOP');

    await kit.text(OWNER, 'Hi');
    await kit.text(OWNER, 'Dave Builds');
    await kit.text(OWNER, ALERT_PHONE);

    expect(kit.textsTo(ALERT_PHONE)).toHaveLength(0);
    expect(kit.lastReplyTo(OWNER)).toBe(
      "That phone can't be asked right now. Send another phone number for your alerts, or reply YES to use this phone.",
    );
    expect(await kit.conversation(OWNER)).toMatchObject({ step: 'ASK_NOTIFY_PHONE' });
  });

  it('the requester waiting for the alert phone is told so, and RESTART frees them', async () => {
    await kit.signUp(OWNER, 'Dave Builds', ALERT_PHONE);

    await kit.text(OWNER, 'any news?');

    expect(kit.lastReplyTo(OWNER)).toBe(
      `We're waiting for ${ALERT_PHONE} to reply YES. Text RESTART to use another phone.`,
    );
  });

  it('a YES after the requester restarted finishes nothing', async () => {
    await kit.signUp(OWNER, 'Dave Builds', ALERT_PHONE);
    await kit.text(OWNER, 'RESTART');

    await kit.text(ALERT_PHONE, 'YES');

    expect(kit.lastReplyTo(ALERT_PHONE)).toBe('That request is no longer open, so nothing was set up.');
    expect(await kit.clientsOf(ALERT_PHONE)).toHaveLength(0);
    expect(await kit.conversation(OWNER)).toMatchObject({ step: 'ASK_BUSINESS_NAME' });
  });

  it('an alert phone in the middle of its own sign-up: its YES is taken as the acceptance', async () => {
    await kit.text(ALERT_PHONE, 'Hi');
    await kit.text(ALERT_PHONE, 'Alert Phone Own Business');
    await kit.signUp(OWNER, 'Dave Builds', ALERT_PHONE);

    await kit.text(ALERT_PHONE, 'YES');

    expect(kit.lastReplyTo(ALERT_PHONE)).toBe('Thanks! Missed-call alerts for Dave Builds will come to this phone.');
    expect(await kit.clientsOf(ALERT_PHONE)).toEqual([expect.objectContaining({ businessName: 'Dave Builds' })]);
    // Its own conversation is where it was: the next YES answers its own question.
    expect(await kit.conversation(ALERT_PHONE)).toMatchObject({
      step: 'ASK_NOTIFY_PHONE',
      businessName: 'Alert Phone Own Business',
    });
  });

  it('a request left unanswered lapses after 24 hours: the requester may choose again and the alert phone is free', async () => {
    const start = new Date('2026-11-30T09:00:00Z');
    kit.harness.setNow(start);
    await kit.signUp(OWNER, 'Dave Builds', ALERT_PHONE);
    kit.harness.setNow(new Date(start.getTime() + 24 * HOUR + 60_000));

    await kit.text(OWNER, 'any news?');
    await kit.signUp(SECOND_REQUESTER, 'Other Builds', ALERT_PHONE);

    expect(kit.lastReplyTo(OWNER)).toBe(
      `${ALERT_PHONE} didn't reply within 24 hours, so the request has lapsed. Send another phone number for your alerts, or reply YES to use this phone.`,
    );
    expect(await kit.conversation(OWNER)).toMatchObject({ step: 'ASK_NOTIFY_PHONE' });
    expect(kit.textsTo(ALERT_PHONE)).toHaveLength(2);
    expect(kit.lastReplyTo(ALERT_PHONE)).toContain(
      `${SECOND_REQUESTER} is setting up missed-call alerts for "Other Builds"`,
    );
  });

  it('a YES after the request lapsed is not an acceptance', async () => {
    const start = new Date('2026-11-30T09:00:00Z');
    kit.harness.setNow(start);
    await kit.signUp(OWNER, 'Dave Builds', ALERT_PHONE);
    kit.harness.setNow(new Date(start.getTime() + 25 * HOUR));

    await kit.text(ALERT_PHONE, 'YES');

    expect(await kit.clientsOf(ALERT_PHONE)).toHaveLength(0);
    expect(kit.lastReplyTo(ALERT_PHONE)).toContain('what is your business name?');
  });
});

describe("naming a phone that already belongs to a client's owner", () => {
  let kit: Kit;
  beforeEach(async () => {
    kit = await harnessWith();
  });
  afterEach(async () => kit.harness.close());

  it('reveals nothing about that client to the sender', async () => {
    await kit.signUp(OWNER, 'Dave Builds', NUMBERS.aceOwner);

    const toSender = kit
      .textsTo(OWNER)
      .map((sms) => sms.body)
      .join('\n');
    expect(toSender).not.toContain('Ace Plumbing');
    expect(toSender).not.toContain(NUMBERS.aceBusiness);
    expect(toSender).not.toContain('already set up');
  });

  it('the confirmation request goes to that owner like any other', async () => {
    await kit.signUp(OWNER, 'Dave Builds', NUMBERS.aceOwner);

    expect(kit.textsTo(NUMBERS.aceOwner)).toEqual([
      expect.objectContaining({
        from: NUMBERS.onboarding,
        body: expect.stringContaining(`${OWNER} is setting up missed-call alerts for "Dave Builds"`),
      }),
    ]);
  });

  it("when that owner accepts, the new business gets its own number, never the existing client's", async () => {
    await kit.signUp(OWNER, 'Dave Builds', NUMBERS.aceOwner);

    await kit.text(NUMBERS.aceOwner, 'YES');

    expect(kit.lastReplyTo(OWNER)).toContain(`Your missed-call number is ${NUMBERS.pooled}.`);
    expect((await kit.clientsOf(NUMBERS.aceOwner)).map((client) => client.twilioNumber).sort()).toEqual(
      [NUMBERS.aceBusiness, NUMBERS.pooled].sort(),
    );
    expect(
      kit
        .textsTo(OWNER)
        .map((sms) => sms.body)
        .join('\n'),
    ).not.toContain(NUMBERS.aceBusiness);
  });

  it('an owner signing up from their own owner phone still gets their own number back', async () => {
    await kit.signUp(NUMBERS.aceOwner, 'Ace Again');

    expect(kit.lastReplyTo(NUMBERS.aceOwner)).toContain(`Ace Plumbing's missed-call number is ${NUMBERS.aceBusiness}.`);
    expect(await kit.clientsOf(NUMBERS.aceOwner)).toHaveLength(1);
  });
});

describe('business names', () => {
  let kit: Kit;
  beforeEach(async () => {
    kit = await harnessWith();
  });
  afterEach(async () => kit.harness.close());

  async function giveName(name: string) {
    await kit.text(OWNER, 'Hi');
    await kit.text(OWNER, name);
  }

  it.each([
    ['a link', 'FREE PRIZE txt CLAIM to evil.example', "A business name can't contain a web address."],
    ['a URL', 'Best Plumbing https://x.test/p', "A business name can't contain a web address."],
    ['an email address', 'Mail me at win@prize.test', "A business name can't contain an email address."],
    ['a phone number', 'Call 0906 123 4567 now', "A business name can't contain a phone number."],
    ['more than 40 characters', 'A'.repeat(41), 'Please send your business name (2 to 40 characters).'],
    ['one character', 'A', 'Please send your business name (2 to 40 characters).'],
  ])('a name with %s is refused with a clear reply, and asked again', async (_what, name, reply) => {
    await giveName(name);

    expect(kit.lastReplyTo(OWNER)).toContain(reply);
    expect(await kit.conversation(OWNER)).toMatchObject({ step: 'ASK_BUSINESS_NAME' });
    expect((await kit.conversation(OWNER))?.businessName).toBeUndefined();
  });

  it('control characters and characters XML forbids are removed from the name', async () => {
    await giveName('Dave\u0007 Builds\u001b[31m\uFFFE\n Ltd');

    expect(await kit.conversation(OWNER)).toMatchObject({
      step: 'ASK_NOTIFY_PHONE',
      businessName: 'Dave Builds[31m Ltd',
    });
  });

  it('a name of exactly 40 characters, with accents and an ampersand, is kept as sent', async () => {
    const name = 'Éamon & Søn Plumbing and Heating Ltd 24/7'.slice(0, 40);
    await giveName(name);

    expect(await kit.conversation(OWNER)).toMatchObject({ businessName: name });
  });
});

describe('the sign-up rate limit', () => {
  let kit: Kit;
  beforeEach(async () => {
    kit = await harnessWith({ signup: { assignmentsPerHour: 1 } });
  });
  afterEach(async () => kit.harness.close());

  it('over N assignments in an hour, the owner goes on the waiting list and it is counted', async () => {
    kit.harness.setNow(new Date('2026-11-30T09:10:00Z'));
    await kit.signUp(OWNER, 'First Builds');

    await kit.signUp(SECOND_REQUESTER, 'Second Builds');

    expect(kit.lastReplyTo(SECOND_REQUESTER)).toContain("you're on the waiting list");
    expect(await kit.conversation(SECOND_REQUESTER)).toMatchObject({ step: 'WAITING_FOR_NUMBER' });
    expect(await kit.clientsOf(SECOND_REQUESTER)).toHaveLength(0);
    expect(kit.harness.metrics()[MetricName.ONBOARDING_RATE_LIMITED]).toBe(1);
  });

  it('one counter item per hour, with a TTL', async () => {
    kit.harness.setNow(new Date('2026-11-30T09:10:00Z'));
    await kit.signUp(OWNER, 'First Builds');
    await kit.signUp(SECOND_REQUESTER, 'Second Builds');

    const counter = await kit.harness.activityItem('SIGNUP_RATE', '2026-11-30T09');
    expect(counter).toMatchObject({
      assigned: 1,
      expiresAt: Math.floor(Date.parse('2026-11-30T09:10:00Z') / 1000) + 86_400,
    });
  });

  it('the next hour the waiting-list job assigns the waiting owner their number', async () => {
    await new DynamoNumberDirectory(kit.harness.db, kit.harness.config.directory.directoryTable).putNumber({
      phone: SECOND_POOL_NUMBER,
      role: TwilioNumberRole.SYSTEM,
      status: 'AVAILABLE',
    });
    kit.harness.setNow(new Date('2026-11-30T09:10:00Z'));
    await kit.signUp(OWNER, 'First Builds');
    await kit.signUp(SECOND_REQUESTER, 'Second Builds');
    kit.harness.setNow(new Date('2026-11-30T10:01:00Z'));

    const served = await kit.harness.functions.serveWaitingList();

    expect(served).toEqual({ assigned: 1, stillWaiting: 0 });
    expect(kit.lastReplyTo(SECOND_REQUESTER)).toContain('Your missed-call number is');
  });
});

describe('operator approval (SIGNUP_APPROVAL_REQUIRED)', () => {
  let kit: Kit;
  beforeEach(async () => {
    kit = await harnessWith({ signup: { approvalRequired: true } });
  });
  afterEach(async () => kit.harness.close());
  const decide = async (phone: string, decision: 'approve' | 'reject') => {
    const deps = {
      signups: new DynamoSignupDecisions(kit.harness.db, kit.harness.config.activity.activityTable),
      clock: { now: () => new Date() },
    };
    return decideSignup(phone as E164, decision, deps, (await readSignupForDecision(phone as E164, deps)).shown);
  };

  it('a completed sign-up waits for an operator: no number yet, and the owner is told', async () => {
    await kit.signUp(OWNER, 'Dave Builds');

    expect(kit.lastReplyTo(OWNER)).toBe(
      "Thanks! Every new business is checked before it goes live. We'll text you your number as soon as yours is approved.",
    );
    expect(await kit.conversation(OWNER)).toMatchObject({ step: 'AWAITING_APPROVAL' });
    expect(await kit.clientsOf(OWNER)).toHaveLength(0);
    expect(await kit.harness.activityItem('APPROVALS', OWNER)).toMatchObject({
      businessName: 'Dave Builds',
      notifyPhone: OWNER,
    });
    expect(kit.harness.metrics()[MetricName.ONBOARDING_AWAITING_APPROVAL]).toBe(1);
  });

  it('once approved, the waiting-list job assigns the number and texts it from the onboarding number', async () => {
    await kit.signUp(OWNER, 'Dave Builds');

    await decide(OWNER, 'approve');
    const served = await kit.harness.functions.serveWaitingList();

    expect(served).toEqual({ assigned: 1, stillWaiting: 0 });
    expect(kit.textsTo(OWNER).at(-1)).toMatchObject({
      from: NUMBERS.onboarding,
      body: expect.stringContaining(`Your missed-call number is ${NUMBERS.pooled}.`),
    });
    expect(await kit.harness.activityItem('APPROVALS', OWNER)).toBeUndefined();
  });

  it('once rejected, the owner is told politely once, and the conversation ends', async () => {
    await kit.signUp(OWNER, 'Dave Builds');

    await decide(OWNER, 'reject');
    await kit.harness.functions.serveWaitingList();
    await kit.harness.functions.serveWaitingList();
    const sent = kit.textsTo(OWNER).length;
    await kit.text(OWNER, 'why?');
    await kit.text(OWNER, 'RESTART');

    expect(
      kit
        .textsTo(OWNER)
        .filter(
          (sms) =>
            sms.body === "Sorry, we can't set up missed-call text-back for your business. Thank you for your interest.",
        ),
    ).toHaveLength(1);
    expect(kit.textsTo(OWNER)).toHaveLength(sent);
    expect(await kit.clientsOf(OWNER)).toHaveLength(0);
  });

  it('an owner signing up from their own owner phone needs no approval to get their number back', async () => {
    await kit.signUp(NUMBERS.aceOwner, 'Ace Again');

    expect(kit.lastReplyTo(NUMBERS.aceOwner)).toContain(`missed-call number is ${NUMBERS.aceBusiness}`);
  });
});

describe('onboarding replies are capped', () => {
  let kit: Kit;
  beforeEach(async () => {
    kit = await harnessWith({ signup: { repliesPerDay: 3, onboardingDailySmsCap: 5 } });
  });
  afterEach(async () => kit.harness.close());

  it('after N replies in a day the sender gets no more replies, counted', async () => {
    kit.harness.setNow(new Date('2026-11-30T09:00:00Z'));
    for (const body of ['Hi', 'HELP', 'HELP', 'HELP', 'HELP']) await kit.text(OWNER, body);

    expect(kit.textsTo(OWNER)).toHaveLength(3);
    expect(kit.harness.metrics()[MetricName.ONBOARDING_REPLY_CAPPED]).toBe(2);
  });

  it('the next day the sender gets replies again', async () => {
    kit.harness.setNow(new Date('2026-11-30T09:00:00Z'));
    for (const body of ['Hi', 'HELP', 'HELP', 'HELP']) await kit.text(OWNER, body);
    kit.harness.setNow(new Date('2026-12-01T00:01:00Z'));

    await kit.text(OWNER, 'HELP');

    expect(kit.textsTo(OWNER)).toHaveLength(4);
  });

  it('texts past the cap are still applied: the conversation moves on', async () => {
    kit.harness.setNow(new Date('2026-11-30T09:00:00Z'));
    for (const body of ['Hi', 'HELP', 'HELP', 'Dave Builds']) await kit.text(OWNER, body);

    expect(await kit.conversation(OWNER)).toMatchObject({ step: 'ASK_NOTIFY_PHONE', businessName: 'Dave Builds' });
  });

  it("sign-up texts count against the onboarding number's own daily cap", async () => {
    kit.harness.setNow(new Date('2026-11-30T09:00:00Z'));
    for (const phone of ['+447911123456', '+447912345678', '+447922334455']) {
      await kit.text(phone, 'Hi');
      await kit.text(phone, 'HELP');
    }

    expect(kit.harness.outbox().filter((sms) => sms.from === NUMBERS.onboarding)).toHaveLength(5);
    expect(kit.harness.metrics()[MetricName.SMS_DAILY_CAP_REACHED]).toBe(1);
  });
});

describe('DynamoDB calls of a sign-up', () => {
  let kit: Kit;
  beforeEach(async () => {
    kit = await harnessWith();
  });
  afterEach(async () => kit.harness.close());
  const callsFor = async (from: string, body: string) => {
    kit.harness.resetCounters();
    await kit.text(from, body);
    return [...kit.harness.dynamoCalls];
  };

  it('a sign-up step: one read of the exchange, one of the conversation with any request to this phone, the owner check, the save, the cap, the record', async () => {
    await kit.text(OWNER, 'Hi');
    await kit.text(OWNER, 'Dave Builds');

    expect(await callsFor(OWNER, 'YES')).toEqual([
      'BatchGetItemCommand',
      'BatchGetItemCommand',
      'QueryCommand',
      'PutItemCommand',
      'UpdateItemCommand',
      'PutItemCommand',
    ]);
  });

  it("the name step adds one GetItem: the claim of the name's skeleton (a look-alike of a business we serve)", async () => {
    await kit.text(OWNER, 'Hi');

    expect(await callsFor(OWNER, 'Dave Builds')).toEqual([
      'BatchGetItemCommand',
      'BatchGetItemCommand',
      'QueryCommand',
      'GetItemCommand',
      'PutItemCommand',
      'UpdateItemCommand',
      'PutItemCommand',
    ]);
  });

  // Each assignment includes one conditional UpdateItem of the number's POOL item: its opt-outs are kept again (issue 11);
  // and the name's claim: one GetItem before a number is reserved, and the client record with its claim in one
  // TransactWriteItems (issue 17).
  it("the final YES that assigns a number: 15 calls, the hour's slot, the opt-outs' retention and the name's claim among them", async () => {
    await kit.text(OWNER, 'Hi');
    await kit.text(OWNER, 'Dave Builds');
    await kit.text(OWNER, 'YES');

    const calls = await callsFor(OWNER, 'YES');
    expect(calls).toHaveLength(15);
    expect(calls.filter((call) => call === 'TransactWriteItemsCommand')).toHaveLength(1);
  });

  it("the alert phone's YES that assigns the requester's number: 16 calls", async () => {
    await kit.signUp(OWNER, 'Dave Builds', ALERT_PHONE);

    expect(await callsFor(ALERT_PHONE, 'YES')).toHaveLength(16);
  });
});
