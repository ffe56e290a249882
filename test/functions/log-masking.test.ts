import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { callEnded, incomingCall, incomingSms, onItem, startHarness, type Harness } from '../support/webhook-harness';

// The customer's number as Twilio and DynamoDB may spell it inside an error text.
const CUSTOMER_DIGITS = NUMBERS.customer.slice(1);

describe('phone numbers inside error texts never reach a log line', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  const loggedText = () => JSON.stringify(harness.logs);

  it("a text-back Twilio refuses is logged with the number in Twilio's error text masked", async () => {
    harness.twilioApi.injectFaults({
      kind: 'error',
      status: 400,
      code: 21211,
      message: `The 'To' number ${NUMBERS.customer} is not a valid phone number.`,
    });

    await harness.status(callEnded(sid('CA', 'refused'), NUMBERS.aceBusiness, NUMBERS.customer, 'no-answer'));

    expect(harness.logs).toContainEqual(
      expect.objectContaining({
        message: 'sms send failed',
        providerCode: 21211,
        error: "Twilio refused the message: The 'To' number ***3456 is not a valid phone number.",
      }),
    );
    expect(loggedText()).not.toContain(CUSTOMER_DIGITS);
  });

  it('a DynamoDB failure whose text names a number is logged masked when the call is ended safely', async () => {
    harness.failDynamo(
      onItem('QueryCommand', ''),
      new Error(`ValidationException: key +44 7911 123456 does not match the schema`),
    );

    await harness.voice(incomingCall(sid('CA', 'db-failure'), NUMBERS.aceBusiness, NUMBERS.customer));

    expect(harness.logs).toContainEqual(
      expect.objectContaining({ level: 'ERROR', error: expect.stringContaining('key ***3456 does not match') }),
    );
    expect(loggedText()).not.toMatch(/7911 ?123456/);
  });

  it('an unexpected failure whose text names a number is logged masked', async () => {
    harness.failDynamo(
      onItem('PutItemCommand', 'MESSAGE#', { conditional: false }),
      new Error(`item for ${CUSTOMER_DIGITS} too large`),
    );

    await harness.sms(incomingSms(sid('SM', 'unexpected'), NUMBERS.aceBusiness, NUMBERS.aceOwner, 'JOBS'));

    expect(harness.logs).toContainEqual(
      expect.objectContaining({ message: 'webhook failed unexpectedly', error: 'item for ***3456 too large' }),
    );
    expect(loggedText()).not.toContain(CUSTOMER_DIGITS);
  });
});
