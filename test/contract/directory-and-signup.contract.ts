import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoNumberAdmin } from '../../shared/adapters/dynamodb/dynamo-number-admin';
import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import { DynamoNumberPool } from '../../shared/adapters/dynamodb/dynamo-number-pool';
import { DynamoSignupStore } from '../../shared/adapters/dynamodb/dynamo-signup-store';
import { NumberStatus, TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import type { SignupConversation } from '../../shared/ports/signup-store';
import { startContractServer, type ContractServer } from './support/contract-server';

// The directory table and its four indexes (byClientId, byOwnerPhone, the sparse KEYS_ONLY availablePool, byKind),
// read by the webhooks, sign-up and the admin CLI; and the sign-up store's versioned and counted writes.
describe('numbers, clients and sign-ups', () => {
  let server: ContractServer;
  const at = new Date('2026-11-30T10:00:00.000Z');
  const number = (n: number) => `+4420794602${String(n).padStart(2, '0')}` as E164;
  const owner = (n: number) => `+4477009003${String(n).padStart(2, '0')}` as E164;
  const directory = () => new DynamoNumberDirectory(server.db, server.tables.directoryTable);
  const pool = () => new DynamoNumberPool(server.db, server.tables.directoryTable);
  const admin = () => new DynamoNumberAdmin(server.db, server.tables);
  const client = (n: number, id = `client-${n}`) => ({
    id,
    businessName: `Business ${n}`,
    ownerPhone: owner(n),
    twilioNumber: number(n),
  });
  const free = (n: number) =>
    directory().putNumber({ phone: number(n), role: TwilioNumberRole.SYSTEM, status: NumberStatus.AVAILABLE });

  beforeAll(async () => {
    server = await startContractServer();
  });
  afterAll(() => server.close());

  describe('the directory', () => {
    it('finds a number and the client that owns it with one Query', async () => {
      await directory().putNumber({
        phone: number(1),
        role: TwilioNumberRole.OPERATIONAL,
        status: NumberStatus.ASSIGNED,
        clientId: 'client-1',
      });
      await directory().putClient(client(1));
      expect(await directory().lookup(number(1))).toEqual({
        record: { phone: number(1), role: TwilioNumberRole.OPERATIONAL, status: 'ASSIGNED', clientId: 'client-1' },
        owner: client(1),
      });
    });

    it('finds a client by its id through the byClientId index', async () => {
      await directory().putClient(client(2));
      expect(await directory().getClient('client-2')).toEqual(client(2));
    });

    it('sets and removes opening hours only while the client owns the number', async () => {
      await directory().putClient(client(3));
      expect(
        await directory().updateCallSettings(number(3), {
          callMode: 'ring',
          hours: { text: 'Mon-Fri 08:00-18:00', timeZone: 'Europe/London' },
        }),
      ).toBe(true);
      expect(await directory().updateCallSettings(number(3), { hours: null })).toBe(true);
      expect(await directory().getClient('client-3')).toEqual({ ...client(3), callMode: 'ring' });
      expect(await directory().updateCallSettings(number(99), { callMode: 'ring' })).toBe(false);
    });

    it('keeps the never-text list as a bounded set on the client record, read with it', async () => {
      await directory().putClient(client(4));
      const add = (phone: E164, limit = 2) =>
        directory().updateCallSettings(number(4), { neverText: { add: phone, limit } });
      expect(await add(owner(10))).toBe(true);
      expect(await add(owner(10))).toBe(true);
      expect(await add(owner(11))).toBe(true);
      // At the limit a third number is refused by the write's own condition.
      expect(await add(owner(12))).toBe(false);
      expect(await directory().updateCallSettings(number(4), { neverText: { remove: owner(10) } })).toBe(true);
      expect((await directory().lookup(number(4))).owner).toEqual({ ...client(4), neverText: [owner(11)] });
      expect(await directory().updateCallSettings(number(4), { neverText: { remove: owner(11) } })).toBe(true);
      expect(await directory().getClient('client-4')).toEqual(client(4));
    });

    it("sets and resets the owner's own words and link domain (issue 19) each in one update", async () => {
      await directory().putClient(client(5));
      expect(
        await directory().updateCallSettings(number(5), {
          hours: { text: 'Mon-Fri 08:00-18:00', timeZone: 'Europe/London' },
          ownText: { field: 'afterHoursText', text: 'Closed: text us.' },
        }),
      ).toBe(true);
      await directory().updateCallSettings(number(5), { ownText: { field: 'linkDomain', text: 'ace.example' } });
      expect(
        await directory().updateCallSettings(number(5), { ownText: { field: 'greeting', text: 'Hi {name}.' } }),
      ).toBe(true);
      expect(await directory().getClient('client-5')).toMatchObject({
        afterHoursText: 'Closed: text us.',
        greeting: 'Hi {name}.',
        linkDomain: 'ace.example',
      });
      await directory().updateCallSettings(number(5), { ownText: { field: 'afterHoursText', text: null } });
      await directory().updateCallSettings(number(5), { ownText: { field: 'linkDomain', text: null } });
      expect(await directory().getClient('client-5')).toEqual({
        ...client(5),
        hours: 'Mon-Fri 08:00-18:00',
        timeZone: 'Europe/London',
        greeting: 'Hi {name}.',
      });
    });

    it('lists every number through the byKind index, page after page', async () => {
      // About 1.2 MB of NUMBER items: more than one page of a Query.
      for (let index = 0; index < 30; index += 1)
        await server.db.send(
          new PutCommand({
            TableName: server.tables.directoryTable,
            Item: { pk: `+44207946${String(5000 + index)}`, sk: 'NUMBER', role: 'SYSTEM', note: 'x'.repeat(40_000) },
          }),
        );
      const numbers = await directory().listNumbers();
      expect(numbers.filter((record) => record.phone.startsWith('+442079465')).length).toBe(30);
    });
  });

  describe('the pool of free numbers', () => {
    it('finds free numbers in the sparse availablePool index, at most as many as asked', async () => {
      await free(10);
      await free(11);
      await free(12);
      const found = await pool().availableNumbers(2);
      expect(found).toHaveLength(2);
    });

    it('reserves a free number once, out of the index, and finds the reservation', async () => {
      await free(13);
      expect(await pool().reserve(number(13), 'client-13', at)).toBe(true);
      expect(await pool().reserve(number(13), 'client-other', at)).toBe(false);
      expect(await pool().availableNumbers(100)).not.toContain(number(13));
      expect(await pool().findReservation('client-13')).toBe(number(13));
    });

    it('refuses a client on a number that belongs to another client', async () => {
      await pool().createClient(client(14), at);
      await expect(pool().createClient(client(14, 'client-intruder'), at)).rejects.toThrow('already belongs');
    });

    it('promotes a reserved number to OPERATIONAL and finds its client by owner phone', async () => {
      await free(15);
      await pool().reserve(number(15), 'client-15', at);
      await pool().createClient(client(15), at);
      await pool().promote(number(15), 'client-15', at);
      expect((await directory().getNumber(number(15)))?.role).toBe(TwilioNumberRole.OPERATIONAL);
      expect(await pool().findClientByOwnerPhone(owner(15))).toEqual(client(15));
    });
  });

  describe('the admin reads', () => {
    it('finds the onboarding numbers with a filtered Query of the byKind index', async () => {
      await directory().putNumber({ phone: number(20), role: TwilioNumberRole.ONBOARDING });
      expect(await admin().onboardingNumbers()).toEqual([number(20)]);
    });

    it("lists a client's jobs by one Query of its own partition, with or without a number, and no other client's", async () => {
      const job = (pk: string, sk: string, clientId = 'client-21') =>
        server.db.send(
          new PutCommand({
            TableName: server.tables.activityTable,
            Item: { pk, sk, jobId: sk, clientId, ref: 1, status: 'OPEN', lastMessageAt: at.toISOString() },
          }),
        );
      await job('CLIENT#client-21', 'OPENJOB#+447700900999');
      await job('CLIENT#client-21', 'JOB#000001#old');
      await job('CLIENT#client-22', 'OPENJOB#+447700900998', 'client-22');
      const withNumber = await admin().listJobs({ ...client(21), twilioNumber: number(21) });
      const withoutNumber = await admin().listJobs({ id: 'client-21', businessName: 'B', ownerPhone: owner(21) });
      expect([withNumber.length, withoutNumber.length]).toEqual([2, 2]);
    });
  });

  describe('the sign-up store', () => {
    const signups = () => new DynamoSignupStore(server.db, server.tables.activityTable);
    const conversation = (phone: E164, version: number): SignupConversation => ({
      phone,
      step: 'ASK_BUSINESS_NAME',
      startedAt: at.toISOString(),
      updatedAt: at.toISOString(),
      version,
    });

    it('saves a conversation only over the version it was read at', async () => {
      expect(await signups().save(conversation(owner(30), 1), 0)).toBe(true);
      expect(await signups().save(conversation(owner(30), 2), 0)).toBe(false);
      expect(await signups().save(conversation(owner(30), 2), 1)).toBe(true);
      expect((await signups().get(owner(30)))?.version).toBe(2);
    });

    it('reads a conversation and an alert request with one BatchGetItem', async () => {
      await signups().save(conversation(owner(31), 1), 0);
      const request = {
        alertPhone: owner(31),
        requester: owner(32),
        businessName: 'Ace',
        requestedAt: at.toISOString(),
        state: 'PENDING' as const,
      };
      expect(await signups().requestAlertPhone(request, new Date(at.getTime() - 86_400_000))).toBe('requested');
      const read = await signups().readForSender(owner(31));
      expect([read.conversation?.version, read.alertRequest?.requester]).toEqual([1, owner(32)]);
    });

    it('keeps an alert phone busy while its request is pending, and answers it once', async () => {
      const request = {
        alertPhone: owner(33),
        requester: owner(34),
        businessName: 'Ace',
        requestedAt: at.toISOString(),
        state: 'PENDING' as const,
      };
      const dayBefore = new Date(at.getTime() - 86_400_000);
      await signups().requestAlertPhone(request, dayBefore);
      expect(await signups().requestAlertPhone({ ...request, requester: owner(35) }, dayBefore)).toBe('busy');
      expect(await signups().answerAlertRequest(request, 'ACCEPTED', 'SM-yes', at)).toBe(true);
      expect(await signups().answerAlertRequest(request, 'DECLINED', 'SM-no', at)).toBe(false);
    });

    it('hands out assignment slots up to the hourly limit', async () => {
      const slots = [await signups().takeAssignmentSlot(at, 2), await signups().takeAssignmentSlot(at, 2)];
      expect([...slots, await signups().takeAssignmentSlot(at, 2)]).toEqual([
        '2026-11-30T10',
        '2026-11-30T10',
        undefined,
      ]);
    });

    it('keeps the waiting list and the pending approvals in the order they came', async () => {
      await signups().addToWaitingList(owner(41), new Date(at.getTime() + 1000));
      await signups().addToWaitingList(owner(40), at);
      await signups().addPendingApproval({
        phone: owner(42),
        businessName: 'B',
        notifyPhone: owner(42),
        since: at.toISOString(),
      });
      await signups().removeFromWaitingList(owner(41));
      expect(await signups().waitingList()).toEqual([owner(40)]);
      expect((await signups().pendingApprovals()).map((approval) => approval.phone)).toEqual([owner(42)]);
    });
  });
});
