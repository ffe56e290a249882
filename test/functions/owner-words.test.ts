import { sid } from '../support/sid';
import { NUMBERS } from '../support/seeds';
import { callEnded, incomingCall, incomingSms, startHarness, type Harness } from '../support/webhook-harness';

const OPT_OUT = 'Reply STOP to opt out.';

describe("the owner's own words: TEXTBACK, AFTERHOURS, GREETING and LINKS by text", () => {
  let harness: Harness;
  let sequence = 0;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  async function ownerTexts(body: string): Promise<string | undefined> {
    sequence += 1;
    await harness.sms(incomingSms(sid('SM', `words${sequence}`), NUMBERS.aceBusiness, NUMBERS.aceOwner, body));
    return harness
      .outbox()
      .filter((sms) => sms.to === NUMBERS.aceOwner)
      .at(-1)?.body;
  }
  async function textBackAfterCall(callSid: string): Promise<string | undefined> {
    await harness.status(callEnded(callSid, NUMBERS.aceBusiness, NUMBERS.customer));
    return harness
      .outbox()
      .filter((sms) => sms.to === NUMBERS.customer)
      .at(-1)?.body;
  }
  const callAnswer = async (callSid: string) =>
    (await harness.voice(incomingCall(callSid, NUMBERS.aceBusiness, NUMBERS.customer))).body;

  it('TEXTBACK sets the text-back, previewed exactly as the caller gets it with the segment count', async () => {
    expect(await ownerTexts('TEXTBACK Hi, {name} here! On a job now, text us what you need.')).toBe(
      `Done. Callers you miss now get: "Hi, Ace Plumbing here! On a job now, text us what you need. ${OPT_OUT}" (1 segment). TEXTBACK RESET for the default.`,
    );

    expect(await textBackAfterCall(sid('CA', 'words1'))).toBe(
      `Hi, Ace Plumbing here! On a job now, text us what you need. ${OPT_OUT}`,
    );
  });

  it('TEXTBACK RESET goes back to the default text-back', async () => {
    await ownerTexts('TEXTBACK Back soon.');

    expect(await ownerTexts('textback reset')).toMatch(
      /^Done\. Callers you miss now get: "Sorry we missed your call at Ace Plumbing\. .* Reply STOP to opt out\." \(1 segment\)\./,
    );
    expect(await textBackAfterCall(sid('CA', 'words2'))).toMatch(/^Sorry we missed your call at Ace Plumbing\./);
  });

  it('AFTERHOURS is what a caller gets when the business is closed; open, they get the text-back', async () => {
    await ownerTexts('HOURS Mon-Fri 08:00-18:00');
    await ownerTexts('TEXTBACK We are on a job, back to you within the hour.');
    expect(await ownerTexts('AFTERHOURS Closed now: text us and we will call you first thing.')).toBe(
      `Done. Callers you miss while closed now get: "Closed now: text us and we will call you first thing. ${OPT_OUT}" (1 segment). AFTERHOURS RESET for the default.`,
    );

    harness.setNow(new Date('2026-07-11T10:00:00Z')); // a Saturday
    expect(await textBackAfterCall(sid('CA', 'words3'))).toBe(
      `Closed now: text us and we will call you first thing. ${OPT_OUT}`,
    );
    harness.setNow(new Date('2026-07-13T10:00:00Z')); // a Monday, open (and past the cooldown)
    expect(await textBackAfterCall(sid('CA', 'words4'))).toBe(
      `We are on a job, back to you within the hour. ${OPT_OUT}`,
    );
  });

  it('AFTERHOURS RESET goes back to the default closed text, which says when the business opens', async () => {
    await ownerTexts('HOURS Mon-Fri 08:00-18:00');
    await ownerTexts('AFTERHOURS Closed.');
    expect(await ownerTexts('AFTERHOURS RESET')).toBe(
      'Done. Callers you miss while closed now get the standard text, with when you open.',
    );

    harness.setNow(new Date('2026-07-11T10:00:00Z'));
    expect(await textBackAfterCall(sid('CA', 'words5'))).toMatch(/We're closed right now and open again on Monday/);
  });

  it('GREETING is what callers hear, escaped for TwiML; GREETING RESET goes back to the standard one', async () => {
    expect(await ownerTexts(`GREETING You've reached {name} <Gas & Heating> "24/7".`)).toBe(
      `Done. Callers now hear: "You've reached Ace Plumbing <Gas & Heating> "24/7". Please leave a message after the tone. We'll also send you a text message." GREETING RESET for the default.`,
    );
    const answer = await callAnswer(sid('CA', 'words6'));
    expect(answer).toContain(
      `<Say voice="Polly.Joanna">You've reached Ace Plumbing &lt;Gas &amp; Heating&gt; "24/7". Please leave a message after the tone. We'll also send you a text message.</Say><Record `,
    );

    await ownerTexts('GREETING RESET');
    expect(await callAnswer(sid('CA', 'words7'))).toContain('Thanks for calling Ace Plumbing.');
  });

  it.each([
    [
      'a link',
      'TEXTBACK Book at https://evil.example/now',
      /^Not changed: it has a link \(LINKS yourdomain\.com allows your own\)/,
    ],
    [
      'a phone number',
      'TEXTBACK Call 07911 999888 now',
      /^Not changed: it has a phone number other than \+447476955110/,
    ],
    ['an email address', 'AFTERHOURS Mail me@ace.example', /^Not changed: it has an email address/],
    ['an invisible character', 'GREETING Hello\u200bthere', /^Not changed: it has invisible characters/],
    ['321 characters', `TEXTBACK ${'a'.repeat(321)}`, /^Not changed: it is 321 characters with your name; at most 320/],
    [
      'a greeting of 301',
      `GREETING ${'a'.repeat(301)}`,
      /^Not changed: it is 301 characters with your name; at most 300/,
    ],
  ])('words with %s are refused, change nothing and say why', async (_what, text, reply) => {
    expect(await ownerTexts(text)).toMatch(reply);
    expect(await textBackAfterCall(sid('CA', 'words8'))).toMatch(/^Sorry we missed your call at Ace Plumbing\./);
  });

  it("the business's own number may go in the words, in any format", async () => {
    expect(await ownerTexts('TEXTBACK Urgent? Call 07476 955110.')).toMatch(/^Done\./);
  });

  it('LINKS lets the owner link to their own domain, and only to it', async () => {
    expect(await ownerTexts('LINKS https://www.aceplumbing.example/')).toBe(
      'Done. Your texts may link to aceplumbing.example. LINKS OFF to stop.',
    );
    expect(await ownerTexts('TEXTBACK Book at https://book.aceplumbing.example/slots')).toMatch(/^Done\./);
    expect(await ownerTexts('TEXTBACK Book at https://aceplumbing.example.evil.example/x')).toMatch(
      /^Not changed: it has a link/,
    );

    await ownerTexts('LINKS OFF');
    expect(await ownerTexts('TEXTBACK Book at aceplumbing.example')).toMatch(/^Not changed: it has a link/);
  });

  it('a character outside the GSM alphabet is warned about: it doubles the cost', async () => {
    expect(await ownerTexts('TEXTBACK Sorry we missed you 🔧 text us.')).toMatch(
      /\(1 segment\)\. Note: "🔧" makes it UCS-2: twice the cost\./,
    );
  });

  it('a text of 320 characters is taken, and previewed with its segments', async () => {
    expect(await ownerTexts(`TEXTBACK ${'a'.repeat(320)}`)).toMatch(/\(3 segments\)\./);
  });

  it('a command word with nothing after it is answered with its form, never relayed to a customer', async () => {
    await harness.sms(incomingSms(sid('SM', 'wordsCustomer'), NUMBERS.aceBusiness, NUMBERS.customer, 'Hello?'));

    expect(await ownerTexts('Greeting')).toMatch(/Write it as GREETING your words or GREETING RESET\./);
    expect(harness.outbox().filter((sms) => sms.to === NUMBERS.customer)).toHaveLength(1);
  });

  it('HELP lists the new commands', async () => {
    expect(await ownerTexts('HELP')).toContain('\nTEXTBACK / AFTERHOURS / GREETING your words (or RESET)');
  });

  it('TEXTBACK costs the owner-command path the same five DynamoDB calls as RING ON', async () => {
    await ownerTexts('JOBS'); // warm: the business's items have been read under its client
    harness.resetCounters();
    await ownerTexts('RING ON');
    const ring = [...harness.dynamoCalls];
    harness.resetCounters();
    await ownerTexts('TEXTBACK Back soon.');

    expect(harness.dynamoCalls).toEqual(ring);
    // Read; the owner budget (taken first: no change the owner cannot be told of); the client record's update; the
    // message's claim; the record.
    expect(ring).toEqual([
      'BatchGetItemCommand',
      'UpdateItemCommand',
      'UpdateItemCommand',
      'PutItemCommand',
      'PutItemCommand',
    ]);
  });

  it('with a greeting set, the voice path still makes exactly one DynamoDB call', async () => {
    await ownerTexts('GREETING Hello from {name}.');
    harness.resetCounters();

    expect(await callAnswer(sid('CA', 'words9'))).toContain('Hello from Ace Plumbing.');
    expect(harness.dynamoCalls).toEqual(['QueryCommand']);
  });

  it('with a text-back set, a missed call still makes the same three DynamoDB calls', async () => {
    await ownerTexts('TEXTBACK Back soon, {name}.');
    await harness.status(callEnded(sid('CA', 'words10'), NUMBERS.aceBusiness, 'anonymous'));
    harness.resetCounters();

    expect(await textBackAfterCall(sid('CA', 'words11'))).toBe(`Back soon, Ace Plumbing. ${OPT_OUT}`);
    expect(harness.dynamoCalls).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand', 'PutItemCommand']);
  });
});
