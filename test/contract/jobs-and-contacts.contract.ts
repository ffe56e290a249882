import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoContacts } from '../../shared/adapters/dynamodb/dynamo-contacts';
import { DynamoExchangeReader } from '../../shared/adapters/dynamodb/dynamo-exchange-reader';
import { DynamoInbox } from '../../shared/adapters/dynamodb/dynamo-inbox';
import { DynamoJobBook } from '../../shared/adapters/dynamodb/dynamo-job-book';
import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import { DynamoOptOutRetention } from '../../shared/adapters/dynamodb/dynamo-opt-out-retention';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import type { InboundMessage } from '../../shared/ports/inbox';
import type { CustomerMessageIntake } from '../../shared/ports/job-book';
import { startContractServer, type ContractServer } from './support/contract-server';
import { itemAt } from './support/raw';

// A customer's texts: the MessageSid's claim, the job it opens or joins (with its reference and the cap, in one
// transaction rebuilt from the CancellationReasons' old items), the exchange read (one BatchGetItem over both tables),
// and the opt-outs with their retention (a transaction with a condition check on the number's POOL item).
describe('jobs, messages and opt-outs', () => {
  let server: ContractServer;
  const at = new Date('2026-11-30T10:00:00.000Z');
  const business = (n: number) => `+4420794601${String(n).padStart(2, '0')}` as E164;
  const customer = (n: number) => `+4477009002${String(n).padStart(2, '0')}` as E164;
  const activity = () => server.tables.activityTable;
  // Each business number's client: its jobs and ledger live under CLIENT#client-<n>, not under the number.
  const tenure = (number: E164) => ({ clientId: `client-${Number(number.slice(-2))}`, number });
  const jobs = () => new DynamoJobBook(server.db, activity());
  let sids = 0;
  const inbound = (to: E164, from: E164, body = 'Boiler is leaking'): InboundMessage => ({
    messageSid: `SM-contract-${(sids += 1)}`,
    to,
    from,
    body,
    mediaUrls: [],
    receivedAt: at,
    role: TwilioNumberRole.OPERATIONAL,
    clientId: 'client-1',
  });
  const intake = (to: E164, from: E164, overrides: Partial<CustomerMessageIntake> = {}): CustomerMessageIntake => {
    const message = inbound(to, from);
    return {
      business: tenure(to),
      customer: from,
      message: { messageSid: message.messageSid, author: 'customer', body: message.body, mediaUrls: [], at },
      inbound: message,
      jobSequence: 0,
      sends: { joining: 1, opening: 2 },
      dailyCap: 200,
      day: '2026-11-30',
      ...overrides,
    };
  };

  beforeAll(async () => {
    server = await startContractServer();
  });
  afterAll(() => server.close());

  describe('the job book', () => {
    it("opens a job with the business's next reference for a first text", async () => {
      const result = await jobs().addCustomerMessage(intake(business(1), customer(1)));
      expect(result).toMatchObject({ kind: 'added', ref: 1, isNew: true, granted: true, budgetsSpent: [] });
    });

    it('answers the same MessageSid again as a duplicate', async () => {
      const first = intake(business(2), customer(1));
      await jobs().addCustomerMessage(first);
      expect(await jobs().addCustomerMessage(first)).toEqual({ kind: 'duplicate' });
    });

    it('joins the job another delivery opened meanwhile, found in the cancellation', async () => {
      const opened = await jobs().addCustomerMessage(intake(business(3), customer(1)));
      // Read before that job was opened: the transaction fails on the summary, whose old item names the job.
      const joined = await jobs().addCustomerMessage(intake(business(3), customer(1)));
      expect(joined).toMatchObject({ kind: 'added', isNew: false });
      expect(opened.kind === 'added' && joined.kind === 'added' && joined.jobId === opened.jobId).toBe(true);
    });

    it('takes the next free reference when another customer took the one read', async () => {
      await jobs().addCustomerMessage(intake(business(4), customer(1)));
      const second = await jobs().addCustomerMessage(intake(business(4), customer(2)));
      expect(second).toMatchObject({ kind: 'added', ref: 2, isNew: true });
    });

    it('stores the text without its sends once the daily cap is reached', async () => {
      await jobs().addCustomerMessage(intake(business(5), customer(1), { dailyCap: 2 }));
      const result = await jobs().addCustomerMessage(intake(business(5), customer(2), { dailyCap: 2, jobSequence: 1 }));
      expect(result).toMatchObject({ kind: 'added', ref: 2, granted: false });
    });

    it('names the budget that had no room and stores the text all the same', async () => {
      const forward = { business: tenure(business(6)), line: { kind: 'owner' as const }, limit: 1, day: '2026-11-30' };
      await jobs().addCustomerMessage(intake(business(6), customer(1), { budgets: () => ({ forward }) }));
      const result = await jobs().addCustomerMessage(
        intake(business(6), customer(2), { budgets: () => ({ forward }) }),
      );
      expect(result).toMatchObject({ kind: 'added', budgetsSpent: ['forward'] });
    });

    it("adds the owner's reply to the open job, and refuses it once the job is closed", async () => {
      const opened = await jobs().addCustomerMessage(intake(business(7), customer(1)));
      const jobId = opened.kind === 'added' ? opened.jobId : '';
      const job = { tenure: tenure(business(7)), customer: customer(1), jobId };
      const reply = (sid: string) => ({
        messageSid: sid,
        author: 'owner' as const,
        body: 'On my way',
        mediaUrls: [],
        at,
      });
      expect(await jobs().addOwnerReply(job, reply('SM-reply-1'), inbound(business(7), customer(1)))).toBe('added');
      await jobs().close(tenure(business(7)), customer(1), at);
      expect(await jobs().addOwnerReply(job, reply('SM-reply-2'), inbound(business(7), customer(1)))).toBe(
        'no-open-job',
      );
    });

    it('lists open jobs and pages through their messages in order', async () => {
      const first = await jobs().addCustomerMessage(intake(business(8), customer(1)));
      const jobId = first.kind === 'added' ? first.jobId : '';
      for (let index = 0; index < 3; index += 1)
        await jobs().addCustomerMessage({
          ...intake(business(8), customer(1)),
          openJob: { jobId, ref: 1 },
          message: {
            messageSid: `SM-order-${index}`,
            author: 'customer',
            body: `part ${index}`,
            mediaUrls: [],
            at: new Date(at.getTime() + (index + 1) * 1000),
          },
        });
      expect((await jobs().listOpen(tenure(business(8)))).map((job) => job.messageCount)).toEqual([4]);
      expect((await jobs().messages(jobId)).map((message) => message.body)).toEqual([
        'Boiler is leaking',
        'part 0',
        'part 1',
        'part 2',
      ]);
    });

    it('notes a failed send on the open job, and ignores one for a job no longer open', async () => {
      await jobs().addCustomerMessage(intake(business(9), customer(1)));
      const failure = { messageSid: 'SM-f', purpose: 'owner-forward', error: 'unreachable', providerCode: 30003, at };
      await jobs().recordSendFailure(tenure(business(9)), customer(1), failure);
      await jobs().recordSendFailure(tenure(business(9)), customer(2), failure);
      expect(await itemAt(server, activity(), { pk: `CLIENT#client-9`, sk: `OPENJOB#${customer(1)}` })).toMatchObject({
        sendFailureCount: 1,
        lastSendFailure: { purpose: 'owner-forward', providerCode: 30003 },
      });
      expect(await itemAt(server, activity(), { pk: `CLIENT#client-9`, sk: `OPENJOB#${customer(2)}` })).toBeUndefined();
    });

    it('closes a job under its reference, kept a year, and finds nothing to close twice', async () => {
      await jobs().addCustomerMessage(intake(business(10), customer(1)));
      const closed = await jobs().close(tenure(business(10)), customer(1), at);
      expect(closed).toMatchObject({ ref: 1, status: 'DONE' });
      expect(await jobs().close(tenure(business(10)), customer(1), at)).toBeUndefined();
      expect(await jobs().listOpen(tenure(business(10)))).toEqual([]);
    });

    it("stores a voicemail on the caller's job once per RecordingSid", async () => {
      const voicemail = {
        business: tenure(business(11)),
        customer: customer(1),
        voicemail: { recordingSid: 'RE-job', recordingUrl: 'https://api.twilio.com/r', transcript: 'Call me', at },
        jobSequence: 0,
        dailyCap: 200,
        day: '2026-11-30',
      };
      expect(await jobs().addVoicemail(voicemail)).toMatchObject({ kind: 'added', ref: 1, granted: false });
      expect(await jobs().addVoicemail(voicemail)).toEqual({ kind: 'duplicate' });
    });
  });

  describe('the exchange read', () => {
    it('reads the number, its owner, the ledger, the open job, the cooldown and the handled record in one go', async () => {
      const directory = new DynamoNumberDirectory(server.db, server.tables.directoryTable);
      await directory.putNumber({
        phone: business(20),
        role: TwilioNumberRole.OPERATIONAL,
        status: 'ASSIGNED',
        clientId: 'client-20',
      });
      await directory.putClient({
        id: 'client-20',
        businessName: 'Ace Plumbing',
        ownerPhone: customer(50),
        twilioNumber: business(20),
      });
      const first = intake(business(20), customer(1));
      await jobs().addCustomerMessage(first);
      const reader = new DynamoExchangeReader(server.db, server.tables.directoryTable, activity());
      const snapshot = await reader.read(business(20), customer(1), { messageSid: first.inbound.messageSid });
      expect(snapshot).toMatchObject({
        business: {
          record: { role: TwilioNumberRole.OPERATIONAL, clientId: 'client-20' },
          owner: { businessName: 'Ace Plumbing' },
        },
        counterpart: {},
        counterpartOptedOut: false,
        handled: { state: 'RECEIVED' },
        openJob: { ref: 1, messageCount: 1 },
      });
      expect(snapshot.ledger.jobSequence).toBe(1);
    });

    it('reads a number calling itself once, as BatchGetItem refuses a key twice', async () => {
      const reader = new DynamoExchangeReader(server.db, server.tables.directoryTable, activity());
      const snapshot = await reader.read(business(21), business(21));
      expect(snapshot).toMatchObject({ business: {}, counterpart: {}, counterpartOptedOut: false });
    });
  });

  describe('the inbox', () => {
    const inbox = () => new DynamoInbox(server.db, activity());

    it('stores a message once, and says so for a retried webhook', async () => {
      const message = inbound(business(30), customer(1));
      expect([await inbox().store(message), await inbox().store(message)]).toEqual([true, false]);
    });

    it('records what was sent for a message, marked failed when a send failed', async () => {
      const message = inbound(business(30), customer(2));
      await inbox().store(message);
      await inbox().recordOutcome(message.messageSid, { reply: { state: 'failed', error: 'unreachable' } });
      expect(await itemAt(server, activity(), { pk: `MESSAGE#${message.messageSid}`, sk: 'MESSAGE' })).toMatchObject({
        state: 'SEND_FAILED',
      });
    });

    it('records a message the claim left behind, but not one already recorded', async () => {
      const message = inbound(business(30), customer(3));
      await inbox().store(message);
      const outcome = { reply: { state: 'sent' as const, sid: 'SM-r' } };
      expect(await inbox().recordIfMissing(message, outcome)).toBe(true);
      expect(await inbox().recordIfMissing(message, outcome)).toBe(false);
    });

    it('writes a full record over a message stored on its job', async () => {
      const message = inbound(business(30), customer(4));
      await inbox().record(message, { reply: { state: 'sent', sid: 'SM-full' } });
      expect(await itemAt(server, activity(), { pk: `MESSAGE#${message.messageSid}`, sk: 'MESSAGE' })).toMatchObject({
        state: 'DONE',
        outcome: { reply: { state: 'sent', sid: 'SM-full' } },
      });
    });
  });

  describe('opt-outs and their retention', () => {
    const contacts = () => new DynamoContacts(server.db, activity());
    const retention = () => new DynamoOptOutRetention(server.db, activity());
    const contact = (number: E164, who: E164) =>
      itemAt(server, activity(), { pk: `BIZ#${number}`, sk: `CONTACT#${who}` });

    it('keeps an opt-out of a number in use with no expiry', async () => {
      await contacts().optOut(business(40), customer(1), 'keyword', at);
      expect(await contacts().hasOptedOut(business(40), customer(1))).toBe(true);
      expect((await contact(business(40), customer(1)))?.expiresAt).toBeUndefined();
    });

    it('gives an opt-out of a number in the pool the expiry of its opt-outs', async () => {
      await retention().expireOptOuts(business(41), at);
      await contacts().optOut(business(41), customer(1), 'carrier', at);
      expect((await contact(business(41), customer(1)))?.expiresAt).toBe(at.getTime() / 1000 + 365 * 86_400);
    });

    it('ends an opt-out with an opt-in, kept a year', async () => {
      await contacts().optOut(business(42), customer(1), 'keyword', at);
      await contacts().optIn(business(42), customer(1), at);
      expect(await contacts().hasOptedOut(business(42), customer(1))).toBe(false);
    });

    it('sets every opt-out of a released number to expire, paging past 100 contacts', async () => {
      for (let index = 0; index < 105; index += 1)
        await server.db.send(
          new PutCommand({
            TableName: activity(),
            Item: {
              pk: `BIZ#${business(43)}`,
              sk: `CONTACT#+4477009${String(index).padStart(5, '0')}`,
              optedOut: true,
            },
          }),
        );
      await retention().expireOptOuts(business(43), at);
      const expiry = at.getTime() / 1000 + 365 * 86_400;
      expect((await contact(business(43), '+447700900104' as E164))?.expiresAt).toBe(expiry);
    });

    it('takes the expiry off every opt-out once the number is assigned again', async () => {
      await contacts().optOut(business(44), customer(1), 'keyword', at);
      await retention().expireOptOuts(business(44), at);
      await retention().keepOptOuts(business(44), at);
      expect((await contact(business(44), customer(1)))?.expiresAt).toBeUndefined();
      expect(await itemAt(server, activity(), { pk: `BIZ#${business(44)}`, sk: 'POOL' })).toBeUndefined();
    });
  });
});
