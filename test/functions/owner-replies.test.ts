import { MetricName } from '../../shared/metric-names';
import { NUMBERS } from '../support/seeds';
import { incomingSms, startHarness, type Harness } from '../support/webhook-harness';
import { sid } from '../support/sid';

describe('the owner replying through their business number', () => {
  let harness: Harness;
  let sids = 0;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  const text = (from: string, body: string, extra = {}) => {
    sids += 1;
    return harness.sms(incomingSms(sid('SM', `own${sids}`), NUMBERS.aceBusiness, from, body, extra));
  };
  const sentTo = (phone: string) => harness.outbox().filter((sms) => sms.to === phone);
  /** A job's messages: each its own item under the job's partition, oldest first. */
  const messagesOf = async (jobId: string) =>
    (await harness.activityItems())
      .filter((item) => item.pk === `JOB#${jobId}`)
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));

  it("a reply goes to the customer of the most recent open job, from the business number, never the owner's phone", async () => {
    await text(NUMBERS.customer, 'Tap leaking');
    await text(NUMBERS.otherCustomer, 'Boiler broken');

    await text(NUMBERS.aceOwner, 'On my way, 20 minutes');

    expect(sentTo(NUMBERS.otherCustomer).at(-1)).toMatchObject({
      from: NUMBERS.aceBusiness,
      body: 'On my way, 20 minutes',
    });
    expect(sentTo(NUMBERS.customer)).toHaveLength(1);
    expect(harness.metrics()[MetricName.SMS_OWNER_REPLY_RELAYED]).toBe(1);
  });

  it('"#1 text" goes to the customer of job #1 and is stored on that job', async () => {
    await text(NUMBERS.customer, 'Tap leaking');
    await text(NUMBERS.otherCustomer, 'Boiler broken');

    await text(NUMBERS.aceOwner, '#1 Can do Friday 9am');

    expect(sentTo(NUMBERS.customer).at(-1)?.body).toBe('Can do Friday 9am');
    const job = await harness.activityItem('CLIENT#c1', `OPENJOB#${NUMBERS.customer}`);
    expect(await messagesOf(String(job?.jobId))).toEqual([
      expect.objectContaining({ author: 'customer', body: 'Tap leaking' }),
      expect.objectContaining({ author: 'owner', body: 'Can do Friday 9am' }),
    ]);
  });

  it('the customer answering the relayed reply joins the same job', async () => {
    await text(NUMBERS.customer, 'Tap leaking');
    await text(NUMBERS.aceOwner, 'Friday ok?');
    await text(NUMBERS.customer, 'Yes Friday is fine');

    const job = await harness.activityItem('CLIENT#c1', `OPENJOB#${NUMBERS.customer}`);
    expect(job).toMatchObject({ ref: 1, messageCount: 3 });
    expect(sentTo(NUMBERS.aceOwner).at(-1)?.body).toContain(`#1 Message from ${NUMBERS.customer}:\nYes Friday is fine`);
  });

  it('JOBS lists open jobs with their short references', async () => {
    await text(NUMBERS.customer, 'Tap leaking');
    await text(NUMBERS.otherCustomer, 'Boiler broken');

    await text(NUMBERS.aceOwner, 'jobs');

    expect(sentTo(NUMBERS.aceOwner).at(-1)?.body).toBe(
      `Open jobs:\n#2 ${NUMBERS.otherCustomer}: Boiler broken\n#1 ${NUMBERS.customer}: Tap leaking`,
    );
  });

  it('DONE #1 closes the job; the next text from that customer opens #3', async () => {
    await text(NUMBERS.customer, 'Tap leaking');
    await text(NUMBERS.otherCustomer, 'Boiler broken');

    await text(NUMBERS.aceOwner, 'DONE #1');
    expect(sentTo(NUMBERS.aceOwner).at(-1)?.body).toBe('Job #1 closed.');
    expect(await harness.activityItem('CLIENT#c1', `OPENJOB#${NUMBERS.customer}`)).toBeUndefined();

    await text(NUMBERS.customer, 'New problem: radiator');
    expect(await harness.activityItem('CLIENT#c1', `OPENJOB#${NUMBERS.customer}`)).toMatchObject({
      ref: 3,
      messageCount: 1,
    });
    expect(sentTo(NUMBERS.customer)).toHaveLength(2);
  });

  it('DONE for a job that is not open says so', async () => {
    await text(NUMBERS.aceOwner, 'DONE #9');

    expect(sentTo(NUMBERS.aceOwner).at(-1)?.body).toBe('There is no open job #9. Text JOBS to see your open jobs.');
  });

  it('a reply with no open job says so and sends nothing to anyone else', async () => {
    await text(NUMBERS.aceOwner, 'Hello?');

    expect(harness.outbox()).toEqual([
      expect.objectContaining({
        to: NUMBERS.aceOwner,
        body: 'There is no open job to reply to. Text JOBS to see your open jobs.',
      }),
    ]);
  });

  it('an owner photo (MMS) is relayed text-first and kept on the job', async () => {
    await text(NUMBERS.customer, 'Tap leaking');
    await text(NUMBERS.aceOwner, 'Is it this part?', { NumMedia: '1', MediaUrl0: 'https://api.twilio.com/media/ME1' });

    const job = await harness.activityItem('CLIENT#c1', `OPENJOB#${NUMBERS.customer}`);
    expect(await messagesOf(String(job?.jobId))).toContainEqual(
      expect.objectContaining({ author: 'owner', mediaUrls: ['https://api.twilio.com/media/ME1'] }),
    );
  });
});
