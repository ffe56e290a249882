import { DynamoClaimingRegistry } from '../../shared/adapters/dynamodb/dynamo-claiming-registry';
import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import { DynamoNumberPool } from '../../shared/adapters/dynamodb/dynamo-number-pool';
import { DynamoSignupDecisions } from '../../shared/adapters/dynamodb/dynamo-signup-decisions';
import { decideSignup, readSignupForDecision } from '../../shared/domain/signup/decide-signup';
import { MetricName } from '../../shared/metric-names';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { NUMBERS } from '../support/seeds';
import { incomingSms, startHarness, type Harness } from '../support/webhook-harness';

const OWNER = '+447922334455';
const OTHER_OWNER = '+447912345678';
let sids = 0;
const nextSid = () => `SM${(sids += 5000).toString(16).padStart(32, '0')}`;

describe('sign-up business names cannot imitate, hide or smuggle', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());
  const text = (from: string, body: string) => harness.sms(incomingSms(nextSid(), NUMBERS.onboarding, from, body));
  const lastReplyTo = (phone: string) =>
    harness
      .outbox()
      .filter((sms) => sms.to === phone)
      .at(-1)?.body ?? '';
  const conversation = (phone: string) => harness.activityItem(`SIGNUP#${phone}`, 'SIGNUP');
  const clients = async () =>
    new DynamoNumberDirectory(harness.db, harness.config.directory.directoryTable).listClients();

  it.each([
    ['a look-alike of Ace Plumbing (capital I for l)', 'Ace PIumbing', 'too close to an existing business name'],
    ['a Cyrillic А in a Latin name', '\u0410ce Plumbing', "can't contain letters of two alphabets"],
    ['Hangul fillers', 'Dave\u3164Builds', "can't contain invisible characters"],
    ['a braille blank', 'Dave\u2800Builds', "can't contain invisible characters"],
    ['tag characters', 'Dave Builds\u{E0066}\u{E0072}\u{E0065}\u{E0065}', "can't contain invisible characters"],
    ['a full-width dot', 'evil\uFF0Ecom', "can't contain a web address"],
    [
      'full-width digits',
      'Call \uFF10\uFF19\uFF10\uFF16\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17',
      "can't contain a phone number",
    ],
  ])('%s is refused with its reason and the name is asked again', async (_what, name, reason) => {
    await text(OWNER, 'Hi');
    await text(OWNER, name);

    expect(lastReplyTo(OWNER)).toContain(reason);
    expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_BUSINESS_NAME' });
    expect((await conversation(OWNER))?.businessName).toBeUndefined();
    expect(harness.metrics()[MetricName.ONBOARDING_NAME_REFUSED]).toBe(1);
  });

  it('seeding a look-alike of a seeded business is refused, naming it', async () => {
    const registry = new DynamoClaimingRegistry(harness.db, harness.config.directory.directoryTable);

    await expect(
      registry.putClient({
        id: 'c9',
        businessName: 'Ace PIumbing',
        ownerPhone: OTHER_OWNER as E164,
        twilioNumber: '+447476955198' as E164,
      }),
    ).rejects.toThrow('client c9: business name "Ace PIumbing" is too close to an existing business name');
  });

  it('the stored name is the NFKC-normalised one', async () => {
    await text(OWNER, 'Hi');
    await text(OWNER, '\uFF24ave Builds');

    expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_NOTIFY_PHONE', businessName: 'Dave Builds' });
  });

  it('a look-alike claimed after the name was chosen loses at assignment: back to the name, no client and no number taken', async () => {
    await text(OWNER, 'Hi');
    await text(OWNER, 'Dave Builds');
    await text(OWNER, 'YES');
    // Another business with a name that looks the same is created meanwhile (its claim written with its client).
    const pool = new DynamoNumberPool(harness.db, harness.config.directory.directoryTable);
    await pool.createClient(
      {
        id: 'c-other',
        businessName: 'Dave BuiIds',
        ownerPhone: OTHER_OWNER as E164,
        twilioNumber: '+447476955199' as E164,
      },
      new Date(),
    );

    await text(OWNER, 'YES');

    expect(lastReplyTo(OWNER)).toContain('too close to an existing business name');
    expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_BUSINESS_NAME' });
    expect((await clients()).filter((client) => client.ownerPhone === OWNER)).toEqual([]);

    await text(OWNER, 'Dave Heating');
    await text(OWNER, 'YES');
    await text(OWNER, 'YES');
    expect(await conversation(OWNER)).toMatchObject({ step: 'DONE', businessName: 'Dave Heating' });
    expect((await clients()).filter((client) => client.ownerPhone === OWNER)).toHaveLength(1);
  });

  it('an approved sign-up whose name a look-alike took meanwhile is asked for another name by the waiting-list job, and blocks nobody', async () => {
    await harness.close();
    harness = await startHarness(undefined, { signup: { approvalRequired: true } });
    const signups = new DynamoSignupDecisions(harness.db, harness.config.activity.activityTable);
    const approve = async (phone: E164) =>
      decideSignup(
        phone,
        'approve',
        { signups, clock: { now: () => new Date() } },
        (await readSignupForDecision(phone, { signups })).shown,
      );
    for (const body of ['Hi', 'Dave Builds', 'YES', 'YES']) await text(OWNER, body);
    for (const body of ['Hi', 'Cosy Roofs', 'YES', 'YES']) await text(OTHER_OWNER, body);
    await approve(OWNER as E164);
    await approve(OTHER_OWNER as E164);
    await new DynamoNumberPool(harness.db, harness.config.directory.directoryTable).createClient(
      {
        id: 'c-other',
        businessName: 'Dave BuiIds',
        ownerPhone: '+447922009999' as E164,
        twilioNumber: '+447476955199' as E164,
      },
      new Date(),
    );

    const served = await harness.functions.serveWaitingList();

    expect(lastReplyTo(OWNER)).toContain('too close to an existing business name');
    expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_BUSINESS_NAME' });
    expect((await conversation(OWNER))?.approved).toBeUndefined();
    expect(served).toMatchObject({ assigned: 1 });
    expect(lastReplyTo(OTHER_OWNER)).toContain('Your missed-call number is');
    expect((await clients()).filter((client) => client.ownerPhone === OWNER)).toEqual([]);
  });
});
