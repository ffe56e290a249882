import { sid } from '../support/sid';
import { NUMBERS } from '../support/seeds';
import { incomingCall, incomingSms, startHarness, type Harness } from '../support/webhook-harness';

describe('the owner changes how calls reach them by text', () => {
  let harness: Harness;
  let sequence = 0;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  async function ownerTexts(body: string): Promise<string | undefined> {
    sequence += 1;
    await harness.sms(incomingSms(sid('SM', `settings${sequence}`), NUMBERS.aceBusiness, NUMBERS.aceOwner, body));
    return harness
      .outbox()
      .filter((sms) => sms.to === NUMBERS.aceOwner)
      .at(-1)?.body;
  }
  const callAnswer = async (sid: string) =>
    (await harness.voice(incomingCall(sid, NUMBERS.aceBusiness, NUMBERS.customer))).body;

  it('RING ON makes the next call ring the owner first, with a confirming reply', async () => {
    expect(await ownerTexts('ring on')).toMatch(/^Done\. Calls to this number now ring your phone first\./);

    expect(await callAnswer(sid('CA', 'set1'))).toContain(
      `<Number url="https://hooks.example.test/prod/twilio/voice/screen">${NUMBERS.aceOwner}</Number>`,
    );
  });

  it('RING OFF goes back to the greeting and voicemail, with a confirming reply', async () => {
    await ownerTexts('RING ON');

    expect(await ownerTexts('RING OFF')).toMatch(/^Done\. Calls to this number no longer ring your phone/);
    expect(await callAnswer(sid('CA', 'set2'))).not.toContain('<Dial');
  });

  it("HOURS sets opening hours in the business number's time zone and reads them back", async () => {
    expect(await ownerTexts('HOURS mon-fri 8:00-18:00')).toBe(
      'Done. Opening hours set: Mon-Fri 08:00-18:00 (Europe/London). Outside them calls go straight to voicemail and callers are told when you open. HOURS OFF to remove.',
    );

    harness.setNow(new Date('2026-07-11T10:00:00Z'));
    expect(await callAnswer(sid('CA', 'set3'))).toContain("We're closed right now and open again on Monday at 08:00.");
  });

  it('HOURS OFF removes the opening hours', async () => {
    await ownerTexts('HOURS Mon-Fri 08:00-18:00');
    expect(await ownerTexts('hours off')).toBe('Done. Opening hours removed: calls are treated as open at any time.');

    harness.setNow(new Date('2026-07-11T10:00:00Z'));
    expect(await callAnswer(sid('CA', 'set4'))).not.toContain('closed');
  });

  it('HOURS that cannot be read change nothing and say why', async () => {
    expect(await ownerTexts('HOURS Mon-Fri 18:00-08:00')).toBe(
      'Not changed: "Mon-Fri 18:00-08:00": closing time must be after opening time. Text RING ON, RING OFF, HOURS Mon-Fri 08:00-18:00 or HOURS OFF.',
    );
  });

  it('a text starting with "Hours" is a command: not relayed, the owner gets its correct form', async () => {
    await harness.sms(incomingSms(sid('SM', 'customer1'), NUMBERS.aceBusiness, NUMBERS.customer, 'When are you open?'));

    expect(await ownerTexts('Hours are 9 to 5, see you then')).toMatch(
      /^Not sent to any customer: a text starting with HOURS is a command\. Write it as HOURS Mon-Fri 08:00-18:00/,
    );
    expect(harness.outbox().filter((sms) => sms.to === NUMBERS.customer)).toHaveLength(1);
  });

  it('the same reply with its job first is relayed to the customer', async () => {
    await harness.sms(incomingSms(sid('SM', 'customer2'), NUMBERS.aceBusiness, NUMBERS.customer, 'When are you open?'));

    await ownerTexts('#1 Hours are 9 to 5, see you then');

    expect(
      harness
        .outbox()
        .filter((sms) => sms.to === NUMBERS.customer)
        .at(-1)?.body,
    ).toBe('Hours are 9 to 5, see you then');
  });
});
