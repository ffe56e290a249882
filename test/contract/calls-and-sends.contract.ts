import { DynamoBusinessLedger } from '../../shared/adapters/dynamodb/dynamo-business-ledger';
import { DynamoCallLog } from '../../shared/adapters/dynamodb/dynamo-call-log';
import { DynamoCallScreening } from '../../shared/adapters/dynamodb/dynamo-call-screening';
import { DynamoDeliveryRecords } from '../../shared/adapters/dynamodb/dynamo-delivery-records';
import { DynamoSendBudget } from '../../shared/adapters/dynamodb/dynamo-send-budget';
import { DynamoVoicemailLog } from '../../shared/adapters/dynamodb/dynamo-voicemail-log';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import type { CallClaim } from '../../shared/ports/business-ledger';
import type { CallRecord } from '../../shared/ports/call-log';
import { startContractServer, type ContractServer } from './support/contract-server';
import { itemAt } from './support/raw';

// The call path's writes: the claim transaction (CallSid, cap, cooldown, budgets), the call record, the screening of a
// `ring` call, the voicemail record, and the delivery fields the redelivery queue moves queued -> sending -> settled.
describe('a call and its sends', () => {
  let server: ContractServer;
  const at = new Date('2026-11-30T10:00:00.000Z');
  const day = '2026-11-30';
  const business = (n: number) => `+4420794600${String(n).padStart(2, '0')}` as E164;
  const caller = '+447700900123' as E164;
  const activity = () => server.tables.activityTable;
  // Each business number's client: its ledger, cooldowns and budgets live under CLIENT#client-<n>.
  const tenure = (n: number) => ({ clientId: `client-${n}`, number: business(n) });

  beforeAll(async () => {
    server = await startContractServer();
  });
  afterAll(() => server.close());

  describe('the claim of a call', () => {
    const ledger = () => new DynamoBusinessLedger(server.db, activity());
    const claim = (overrides: Partial<CallClaim>): CallClaim => ({
      business: tenure(1),
      callSid: 'CA-claim',
      textBackTo: caller,
      sends: 2,
      dailyCap: 200,
      cooldownStart: new Date(at.getTime() - 30 * 60_000),
      at,
      day,
      ...overrides,
    });

    it('claims a new call, its sends, its caller cooldown and its budgets at once', async () => {
      const result = await ledger().claimCall(
        claim({
          business: tenure(2),
          callSid: 'CA-claim-1',
          budgets: [{ business: tenure(2), line: { kind: 'owner' }, limit: 5, day }],
        }),
      );
      expect(result).toBe('claimed');
      expect(await itemAt(server, activity(), { pk: 'CALL#CA-claim-1', sk: 'CALL' })).toMatchObject({
        state: 'CLAIMED',
      });
      expect(await itemAt(server, activity(), { pk: 'CLIENT#client-2', sk: 'LEDGER' })).toMatchObject({
        'sent#2026-11-30': 2,
      });
      expect(await itemAt(server, activity(), { pk: 'CLIENT#client-2', sk: 'BUDGET#2026-11-30#OWNER' })).toMatchObject({
        sent: 1,
      });
    });

    it('answers a second claim of the same CallSid as a duplicate and reserves nothing more', async () => {
      await ledger().claimCall(claim({ business: tenure(3), callSid: 'CA-claim-2' }));
      const again = await ledger().claimCall(
        claim({ business: tenure(3), callSid: 'CA-claim-2', textBackTo: undefined }),
      );
      expect(again).toBe('duplicate');
      expect(await itemAt(server, activity(), { pk: 'CLIENT#client-3', sk: 'LEDGER' })).toMatchObject({
        'sent#2026-11-30': 2,
      });
    });

    it('refuses a call whose sends would pass the daily cap, and leaves no claim behind', async () => {
      await ledger().claimCall(
        claim({ business: tenure(4), callSid: 'CA-claim-3', textBackTo: undefined, dailyCap: 3 }),
      );
      const result = await ledger().claimCall(
        claim({ business: tenure(4), callSid: 'CA-claim-3b', textBackTo: undefined, dailyCap: 3 }),
      );
      expect(result).toBe('cap-reached');
      expect(await itemAt(server, activity(), { pk: 'CALL#CA-claim-3b', sk: 'CALL' })).toBeUndefined();
    });

    it('refuses a second text-back to the same caller within the cooldown', async () => {
      await ledger().claimCall(claim({ business: tenure(5), callSid: 'CA-claim-4' }));
      const result = await ledger().claimCall(
        claim({ business: tenure(5), callSid: 'CA-claim-5', at: new Date(at.getTime() + 60_000) }),
      );
      expect(result).toBe('cooling-down');
    });

    it('names the budget that has no room when everything else held', async () => {
      const owner = { business: tenure(6), line: { kind: 'owner' as const }, limit: 1, day };
      await ledger().claimCall(
        claim({ business: tenure(6), callSid: 'CA-claim-6', textBackTo: undefined, budgets: [owner] }),
      );
      const result = await ledger().claimCall(
        claim({ business: tenure(6), callSid: 'CA-claim-7', textBackTo: undefined, budgets: [owner] }),
      );
      expect(result).toEqual({ budgetsSpent: ['owner'] });
    });

    it('reserves sends within the cap and refuses those past it', async () => {
      const reserve = (sends: number) => ledger().reserveSends({ business: tenure(7), sends, dailyCap: 3, day });
      expect(await reserve(2)).toEqual({ granted: true });
      expect(await reserve(2)).toEqual({ granted: false });
      expect(await reserve(1)).toEqual({ granted: true });
    });

    it('drops the counters of past days on the next write to the ledger', async () => {
      await ledger().reserveSends({ business: tenure(8), sends: 1, dailyCap: 5, day: '2026-11-28' });
      await ledger().reserveSends({ business: tenure(8), sends: 1, dailyCap: 5, day });
      expect(await itemAt(server, activity(), { pk: 'CLIENT#client-8', sk: 'LEDGER' })).toEqual({
        pk: 'CLIENT#client-8',
        sk: 'LEDGER',
        'sent#2026-11-30': 1,
      });
    });
  });

  describe('daily send budgets', () => {
    const budget = () => new DynamoSendBudget(server.db, activity());
    const take = (count = 1) =>
      budget().take({ business: tenure(10), line: { kind: 'automated', counterpart: caller }, limit: 3, count, day });

    it('takes from a budget until its limit and then refuses', async () => {
      expect([await take(2), await take(1), await take(1)]).toEqual([true, true, false]);
    });

    it('gives the budget item an expiry in epoch seconds, once its day has ended in every zone, plus a day', async () => {
      await budget().take({ business: tenure(11), line: { kind: 'owner' }, limit: 3, day });
      const item = await itemAt(server, activity(), { pk: 'CLIENT#client-11', sk: 'BUDGET#2026-11-30#OWNER' });
      expect(item?.expiresAt).toBe(Date.parse('2026-11-30T00:00:00Z') / 1000 + 3 * 86_400);
    });
  });

  describe('the call record', () => {
    const log = () => new DynamoCallLog(server.db, activity());
    const record = (callSid: string): CallRecord => ({
      callSid,
      clientId: 'client-1',
      businessNumber: business(1),
      callerId: caller,
      callStatus: 'no-answer',
      endedAt: at,
      textBack: { state: 'sent', sid: 'SM1' },
      ownerNotification: { state: 'failed', error: 'unreachable', providerCode: 30003 },
    });

    it('records a missed call with what was sent, kept a year', async () => {
      await log().record(record('CA-log-1'));
      expect(await itemAt(server, activity(), { pk: 'CALL#CA-log-1', sk: 'CALL' })).toMatchObject({
        state: 'SEND_FAILED',
        textBack: { state: 'sent', sid: 'SM1' },
        expiresAt: at.getTime() / 1000 + 365 * 86_400,
      });
    });

    it('records a call the claim left behind, but not one already recorded', async () => {
      await ledger(server).claimCall({
        business: tenure(12),
        callSid: 'CA-log-2',
        sends: 0,
        dailyCap: 200,
        cooldownStart: at,
        at,
        day,
      });
      expect(await log().recordIfMissing(record('CA-log-2'))).toBe(true);
      expect(await log().recordIfMissing(record('CA-log-2'))).toBe(false);
    });
  });

  describe('the screening of a ring call', () => {
    const screening = () => new DynamoCallScreening(server.db, activity());
    const ownerPhone = '+447700900999' as E164;
    const leg = (parentCallSid: string, callSid = 'CA-leg-1', business1 = business(1)) => ({
      callSid,
      parentCallSid,
      business: business1,
      ownerPhone,
    });
    const ringing = (callSid: string, withCaller = false) =>
      screening().expect({ callSid, business: business(1), ownerPhone, ...(withCaller ? { caller } : {}), at });

    it('keeps the first screening of a CallSid when the voice webhook comes again', async () => {
      await screening().expect({ callSid: 'CA-screen-1', business: business(1), ownerPhone, caller, at });
      await screening().expect({ callSid: 'CA-screen-1', business: business(2), ownerPhone, at });
      expect(await screening().find('CA-screen-1')).toEqual({
        callSid: 'CA-screen-1',
        business: business(1),
        ownerPhone,
        caller,
      });
    });

    it('binds the first owner leg only: the same leg again is kept, another leg, business or phone is refused', async () => {
      await ringing('CA-screen-5', true);
      expect(await screening().bindOwnerLeg(leg('CA-screen-5'))).toMatchObject({ ownerLeg: 'CA-leg-1', caller });
      expect(await screening().bindOwnerLeg(leg('CA-screen-5'))).toMatchObject({ ownerLeg: 'CA-leg-1' });
      expect(await screening().bindOwnerLeg(leg('CA-screen-5', 'CA-leg-2'))).toBeUndefined();
      expect(await screening().bindOwnerLeg(leg('CA-screen-5', 'CA-leg-1', business(2)))).toBeUndefined();
      expect(
        await screening().bindOwnerLeg({ ...leg('CA-screen-5'), ownerPhone: '+447700900888' as E164 }),
      ).toBeUndefined();
      expect(await screening().bindOwnerLeg(leg('CA-screen-none'))).toBeUndefined();
    });

    it('accepts a screened call from its bound leg before it is closed, and the close returns the acceptance and the dial status', async () => {
      await ringing('CA-screen-2', true);
      await screening().bindOwnerLeg(leg('CA-screen-2'));
      expect(await screening().accept(leg('CA-screen-2', 'CA-leg-2'), at)).toBe(false);
      expect(await screening().accept(leg('CA-screen-2'), at)).toBe(true);
      expect(await screening().close('CA-screen-2', at, 'completed')).toEqual({
        accepted: true,
        dialCallStatus: 'completed',
        firstDecision: true,
      });
    });

    it('refuses an acceptance after the screening was closed without one', async () => {
      await ringing('CA-screen-3');
      await screening().bindOwnerLeg(leg('CA-screen-3'));
      await screening().close('CA-screen-3', at, 'no-answer');
      expect(await screening().accept(leg('CA-screen-3'), at)).toBe(false);
    });

    it('says a second close is not the first, and keeps the dial status the first one stored', async () => {
      await ringing('CA-screen-4');
      await screening().close('CA-screen-4', at, 'busy');
      expect(await screening().close('CA-screen-4', at)).toEqual({
        accepted: false,
        dialCallStatus: 'busy',
        firstDecision: false,
      });
    });

    it('closes nothing for a call that was never screened', async () => {
      expect(await screening().close('CA-screen-none', at)).toBeUndefined();
      expect(await screening().accept(leg('CA-screen-none'), at)).toBe(false);
    });
  });

  describe('the voicemail record', () => {
    const voicemails = () => new DynamoVoicemailLog(server.db, activity());
    const facts = (recordingSid: string) => ({
      recordingSid,
      callSid: 'CA-vm',
      url: 'https://api.twilio.com/recording',
      status: 'completed',
      durationSeconds: 12,
      at,
    });

    it('says which delivery of the recording callback came first', async () => {
      const first = await voicemails().recordRecording(facts('RE-1'));
      const second = await voicemails().recordRecording(facts('RE-1'));
      expect([first, second]).toEqual([{ first: true }, { first: false }]);
    });

    it('lets the owner text of a voicemail be claimed once', async () => {
      expect(await voicemails().claimOwnerText('RE-2', 'CA-vm', at)).toBe(true);
      expect(await voicemails().claimOwnerText('RE-2', 'CA-vm', at)).toBe(false);
    });

    it('records the owner text and the job reference on the voicemail', async () => {
      await voicemails().recordOwnerText('RE-3', {
        delivery: { state: 'sent', sid: 'SM-vm' },
        jobRef: 4,
        transcriptionStatus: 'completed',
      });
      expect(await itemAt(server, activity(), { pk: 'VOICEMAIL#RE-3', sk: 'VOICEMAIL' })).toMatchObject({
        ownerText: { state: 'sent', sid: 'SM-vm' },
        jobRef: 4,
      });
    });
  });

  describe('a queued send', () => {
    const records = () => new DynamoDeliveryRecords(server.db, activity());
    const target = (sid: string) => ({ record: 'call' as const, sid, field: 'textBack' });
    const hold = (attempt: string, now: Date) => ({
      attempt,
      now,
      until: new Date(now.getTime() + 60_000),
      holdMs: 60_000,
    });
    const queue = (sid: string) =>
      new DynamoCallLog(server.db, activity()).record({
        callSid: sid,
        clientId: 'client-1',
        businessNumber: business(1),
        callerId: caller,
        callStatus: 'no-answer',
        endedAt: at,
        textBack: { state: 'queued', reason: 'timeout', since: at.toISOString() },
        ownerNotification: { state: 'sent', sid: 'SM2' },
      });

    it('is held by one attempt, and another finds it held', async () => {
      await queue('CA-q-1');
      expect(await records().take(target('CA-q-1'), hold('a1', at))).toEqual({ taken: true, lostAnswers: [] });
      expect(await records().take(target('CA-q-1'), hold('a2', at))).toEqual({ taken: false, why: 'held' });
    });

    it('is taken over once its hold lapsed, with the lapsed hold as a lost answer', async () => {
      await queue('CA-q-2');
      await records().take(target('CA-q-2'), hold('a1', at));
      const later = new Date(at.getTime() + 120_000);
      expect(await records().take(target('CA-q-2'), hold('a2', later))).toEqual({
        taken: true,
        lostAnswers: [{ from: at.toISOString(), until: new Date(at.getTime() + 60_000).toISOString() }],
      });
    });

    it('is settled only by the attempt that holds it, and then finished', async () => {
      await queue('CA-q-3');
      await records().take(target('CA-q-3'), hold('a1', at));
      expect(await records().settle(target('CA-q-3'), 'a2', { state: 'sent', sid: 'SM-x' })).toBe(false);
      expect(await records().settle(target('CA-q-3'), 'a1', { state: 'sent', sid: 'SM-y' })).toBe(true);
      expect(await records().take(target('CA-q-3'), hold('a3', at))).toEqual({
        taken: false,
        why: 'finished',
        delivery: { state: 'sent', sid: 'SM-y' },
      });
    });

    it('is not taken before the webhook that queued it recorded it', async () => {
      expect(await records().take(target('CA-q-none'), hold('a1', at))).toEqual({
        taken: false,
        why: 'not-recorded-yet',
      });
    });
  });
});

function ledger(server: ContractServer): DynamoBusinessLedger {
  return new DynamoBusinessLedger(server.db, server.tables.activityTable);
}
