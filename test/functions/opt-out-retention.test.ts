import { BatchWriteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_TABLES } from '../../local/local-service';
import { DynamoContacts } from '../../shared/adapters/dynamodb/dynamo-contacts';
import { DynamoNumberAdmin } from '../../shared/adapters/dynamodb/dynamo-number-admin';
import { ACTIVITY_TTL_ATTRIBUTE } from '../../shared/adapters/dynamodb/tables';
import { NumberStatus, TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { runCli } from '../admin/support/admin-target';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { incomingSms, startHarness, type Harness } from '../support/webhook-harness';

const YEAR_S = 365 * 86_400;
const START = new Date('2026-03-02T10:00:00Z');
const ACE = NUMBERS.aceBusiness as E164;
const NEW_OWNER = '+447922334455';

/** Issue 11 §3: opt-outs are kept while their number serves a business, and for a year after it goes back to the pool. */
describe('how long opt-outs are kept when a number changes hands', () => {
  let harness: Harness;
  let sids = 0;
  beforeEach(async () => {
    // Issue 17: no rest before reuse here (NUMBER_QUARANTINE_DAYS=0): the waiting-list job returns a released number
    // to the pool at its next run, which `release` below runs.
    harness = await startHarness(undefined, { signup: { numberQuarantineDays: 0 } });
    harness.setNow(START);
  });
  afterEach(async () => harness.close());

  const aYearFrom = (at: Date) => Math.floor(at.getTime() / 1000) + YEAR_S;
  const text = (body: string, from: string, to: string = ACE) => {
    sids += 1;
    return harness.sms(incomingSms(sid('SM', `ret${sids}`), to, from, body));
  };
  const contact = (customer: string) => harness.activityItem(`BIZ#${ACE}`, `CONTACT#${customer}`);
  const expiryOf = async (customer: string) => (await contact(customer))?.[ACTIVITY_TTL_ATTRIBUTE];
  /** The operator's CLI on the harness's tables, as `npm run admin` runs it against the local service. */
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
  /** Releases the number with the CLI; the CLI stamps the release with the real time, between the two returned. */
  const release = async (phone: string = ACE) => {
    const before = new Date();
    await admin('numbers', 'release', phone);
    await harness.functions.serveWaitingList();
    return { earliest: aYearFrom(before), latest: aYearFrom(new Date()) + 1 };
  };
  const expectExpiryWithin = (expiry: unknown, window: { earliest: number; latest: number }) => {
    expect(typeof expiry).toBe('number');
    expect(expiry).toBeGreaterThanOrEqual(window.earliest);
    expect(expiry).toBeLessThanOrEqual(window.latest);
  };
  async function signUp(owner: string): Promise<void> {
    for (const body of ['Hi', 'Dave Builds', 'YES', 'YES']) await text(body, owner, NUMBERS.onboarding);
  }

  it('an opt-out on a number that serves a business has no expiry; an opt-in expires a year after it', async () => {
    await text('STOP', NUMBERS.customer);
    await text('STOP', NUMBERS.otherCustomer);
    await text('START', NUMBERS.otherCustomer);

    expect(await contact(NUMBERS.customer)).toMatchObject({ optedOut: true });
    expect(await contact(NUMBERS.customer)).not.toHaveProperty(ACTIVITY_TTL_ATTRIBUTE);
    expect(await contact(NUMBERS.otherCustomer)).toMatchObject({ optedOut: false });
    expect(await expiryOf(NUMBERS.otherCustomer)).toBe(aYearFrom(START));
  });

  it("releasing a number to the pool gives its opted-out contacts a year's expiry in the table's TTL attribute, and leaves opted-in ones as they were", async () => {
    await text('STOP', NUMBERS.customer);
    await text('STOP', NUMBERS.otherCustomer);
    await text('START', NUMBERS.otherCustomer);

    const window = await release();

    expectExpiryWithin(await expiryOf(NUMBERS.customer), window);
    expect(await contact(NUMBERS.customer)).toMatchObject({ optedOut: true });
    expect(await expiryOf(NUMBERS.otherCustomer)).toBe(aYearFrom(START));
  });

  it('releasing a number leaves the opt-outs of every other number alone', async () => {
    await text('STOP', NUMBERS.customer);
    await harness.db.send(
      new PutCommand({
        TableName: LOCAL_TABLES.activityTable,
        Item: { pk: `BIZ#${NUMBERS.pooled}`, sk: `CONTACT#${NUMBERS.customer}`, optedOut: true },
      }),
    );

    await release();

    expect(await harness.activityItem(`BIZ#${NUMBERS.pooled}`, `CONTACT#${NUMBERS.customer}`)).not.toHaveProperty(
      ACTIVITY_TTL_ATTRIBUTE,
    );
  });

  it('a released number assigned again at sign-up keeps its opt-outs with no expiry, and its opted-in contacts their own', async () => {
    await text('STOP', NUMBERS.customer);
    await text('STOP', NUMBERS.otherCustomer);
    await text('START', NUMBERS.otherCustomer);
    await release();

    await signUp(NEW_OWNER);

    // The released number sorts first in the pool, so the new owner gets it, with its opt-outs.
    expect(harness.outbox().at(-1)).toMatchObject({
      to: NEW_OWNER,
      body: expect.stringContaining(`Your missed-call number is ${ACE}.`),
    });
    expect(await contact(NUMBERS.customer)).toMatchObject({ optedOut: true });
    expect(await contact(NUMBERS.customer)).not.toHaveProperty(ACTIVITY_TTL_ATTRIBUTE);
    expect(await expiryOf(NUMBERS.otherCustomer)).toBe(aYearFrom(START));
    expect(await harness.activityItem(`BIZ#${ACE}`, 'POOL')).toBeUndefined();
  });

  it('a released number the operator gives back to a client keeps its opt-outs with no expiry', async () => {
    await text('STOP', NUMBERS.customer);
    await release();

    await admin('numbers', 'set-role', ACE, 'OPERATIONAL', '--client', 'c1');

    expect(await contact(NUMBERS.customer)).toMatchObject({ optedOut: true });
    expect(await contact(NUMBERS.customer)).not.toHaveProperty(ACTIVITY_TTL_ATTRIBUTE);
    expect(await harness.activityItem(`BIZ#${ACE}`, 'POOL')).toBeUndefined();
  });

  it('after release and reassignment, the customer who opted out still gets no text-back from the number', async () => {
    await text('STOP', NUMBERS.customer);
    await release();
    await signUp(NEW_OWNER);

    await text('Do you fix boilers?', NUMBERS.customer);

    expect(harness.outbox().filter((sms) => sms.to === NUMBERS.customer)).toEqual([]);
  });

  it('a release whose last step lands after a sign-up already took the number leaves its opt-outs kept', async () => {
    await text('STOP', NUMBERS.customer);
    await release();
    await signUp(NEW_OWNER);

    // The release's opt-out step of a slow operator run, arriving after the sign-up's assignment.
    await new DynamoNumberAdmin(harness.db, LOCAL_TABLES).settleOptOuts({
      phone: ACE,
      after: { role: TwilioNumberRole.SYSTEM, status: NumberStatus.AVAILABLE },
    });

    expect(await contact(NUMBERS.customer)).toMatchObject({ optedOut: true });
    expect(await contact(NUMBERS.customer)).not.toHaveProperty(ACTIVITY_TTL_ATTRIBUTE);
  });

  it('a carrier opt-out recorded while the number is in the pool expires a year after it', async () => {
    await release();
    const at = new Date(START.getTime() + 86_400_000);

    // A text sent just before the release, refused by the carrier just after it (sendText records that carrier opt-out).
    await new DynamoContacts(harness.db, LOCAL_TABLES.activityTable).optOut(
      ACE,
      NUMBERS.customer as E164,
      'carrier',
      at,
    );

    expect(await contact(NUMBERS.customer)).toMatchObject({ optedOut: true, optOutSource: 'carrier' });
    expect(await expiryOf(NUMBERS.customer)).toBe(aYearFrom(at));
  });

  it('releasing the same number again changes nothing: the first release date stands', async () => {
    await text('STOP', NUMBERS.customer);
    const window = await release();
    const first = await expiryOf(NUMBERS.customer);

    const again = await admin('numbers', 'release', ACE);

    expect(again.stdout).toContain('unchanged');
    expect(await expiryOf(NUMBERS.customer)).toBe(first);
    expectExpiryWithin(first, window);
  });

  it('a release interrupted after the number went back to the pool is finished by running it again', async () => {
    await text('STOP', NUMBERS.customer);
    await release();
    // As if the run had stopped before reaching this contact: an opt-out still without expiry.
    await harness.db.send(
      new PutCommand({
        TableName: LOCAL_TABLES.activityTable,
        Item: { pk: `BIZ#${ACE}`, sk: `CONTACT#${NUMBERS.otherCustomer}`, optedOut: true, optOutSource: 'keyword' },
      }),
    );

    await admin('numbers', 'release', ACE);

    expect(await expiryOf(NUMBERS.otherCustomer)).toBe(await expiryOf(NUMBERS.customer));
  });

  it('an assignment interrupted before the number was promoted is finished when the sign-up is retried', async () => {
    await text('STOP', NUMBERS.customer);
    await release();
    const restore = harness.failDynamo(
      (name, input) => name === 'DeleteItemCommand' && JSON.stringify(input.Key ?? {}).includes('POOL'),
    );
    await signUp(NEW_OWNER);
    restore();
    const interrupted = await harness.activityItem(`BIZ#${ACE}`, 'POOL');
    await harness.functions.redelivery.drain();

    expect(interrupted).toBeDefined();

    expect(await contact(NUMBERS.customer)).not.toHaveProperty(ACTIVITY_TTL_ATTRIBUTE);
    expect(await harness.activityItem(`BIZ#${ACE}`, 'POOL')).toBeUndefined();
    expect(harness.outbox().at(-1)).toMatchObject({ to: NEW_OWNER, body: expect.stringContaining(ACE) });
  });

  it('a number with hundreds of opt-outs is paged through, on release and on reassignment', async () => {
    const customers = Array.from({ length: 260 }, (_, index) => `+4479130${String(index).padStart(5, '0')}`);
    for (let start = 0; start < customers.length; start += 25) {
      await harness.db.send(
        new BatchWriteCommand({
          RequestItems: {
            [LOCAL_TABLES.activityTable]: customers.slice(start, start + 25).map((customer) => ({
              PutRequest: { Item: { pk: `BIZ#${ACE}`, sk: `CONTACT#${customer}`, optedOut: true } },
            })),
          },
        }),
      );
    }
    const contacts = async () =>
      (
        await harness.db.send(
          new QueryCommand({
            TableName: LOCAL_TABLES.activityTable,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :contact)',
            ExpressionAttributeValues: { ':pk': `BIZ#${ACE}`, ':contact': 'CONTACT#' },
          }),
        )
      ).Items ?? [];

    await release();
    const released = await contacts();
    await admin('numbers', 'set-role', ACE, 'OPERATIONAL', '--client', 'c1');
    const reassigned = await contacts();

    expect(released).toHaveLength(260);
    expect(released.filter((item) => typeof item[ACTIVITY_TTL_ATTRIBUTE] === 'number')).toHaveLength(260);
    expect(reassigned.filter((item) => ACTIVITY_TTL_ATTRIBUTE in item)).toEqual([]);
  });
});
