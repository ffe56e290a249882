import { MetricName } from '../../shared/metric-names';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import { parseSeed } from '../../local/seed';
import { NUMBERS, TEST_SEED } from '../support/seeds';
import { sid, type SidPrefix } from '../support/sid';
import { callEnded, incomingCall, incomingSms, startHarness, type Harness } from '../support/webhook-harness';

/**
 * Issue 19 §6: `LANGUAGE ES` switches every text and spoken line the business's customers get to Spanish, said by
 * the Spanish Polly voice; PARAR, ALTO and AYUDA work as STOP and HELP do. Owner-facing texts stay English.
 */
let harness: Harness;
let sequence = 0;
beforeEach(async () => {
  harness = await startHarness(TEST_SEED, { dailyOwnerSmsCap: 100 });
  harness.setNow(new Date('2026-12-07T10:00:00Z'));
});
afterEach(async () => harness.close());

const next = (prefix: SidPrefix) => sid(prefix, `lang${(sequence += 1)}`);
const text = (from: string, body: string) => harness.sms(incomingSms(next('SM'), NUMBERS.aceBusiness, from, body));
const sentTo = (phone: string) =>
  harness
    .outbox()
    .filter((sms) => sms.to === phone)
    .map((sms) => sms.body);
const lastTo = (phone: string) => sentTo(phone).at(-1);
async function missedCall(caller: string = NUMBERS.customer) {
  const callSid = next('CA');
  const twiml = (await harness.voice(incomingCall(callSid, NUMBERS.aceBusiness, caller))).body;
  await harness.status(callEnded(callSid, NUMBERS.aceBusiness, caller, 'no-answer'));
  return twiml;
}

const SPANISH_TEXT_BACK =
  'Sentimos no haber atendido su llamada a Ace Plumbing. Responda con lo que necesita y le contestaremos pronto. Escriba PARAR para darse de baja.';

describe('LANGUAGE ES from the owner', () => {
  it('is confirmed in English to the owner, and the next caller hears Spanish in the Spanish voice and is texted back in Spanish', async () => {
    await text(NUMBERS.aceOwner, 'LANGUAGE es');
    expect(lastTo(NUMBERS.aceOwner)).toBe(
      'Done. Your callers and customers now get texts and the greeting in Spanish. LANGUAGE EN for English.',
    );

    const twiml = await missedCall();

    expect(twiml).toContain('<Say voice="Polly.Lupe" language="es-US">Gracias por llamar a Ace Plumbing.');
    expect(twiml).toContain('Por favor, deje un mensaje después del tono.');
    expect(twiml).not.toContain('Polly.Joanna');
    expect(lastTo(NUMBERS.customer)).toBe(SPANISH_TEXT_BACK);
    // The owner's alert stays English.
    expect(lastTo(NUMBERS.aceOwner)).toBe(
      `Missed call to Ace Plumbing from ${NUMBERS.customer}. We've texted them back.`,
    );
  });

  it('out of hours: the closed text-back and the greeting say when it opens, in Spanish', async () => {
    await text(NUMBERS.aceOwner, 'HOURS Mon-Fri 08:00-18:00');
    await text(NUMBERS.aceOwner, 'LANGUAGE ES');
    harness.setNow(new Date('2026-12-07T19:00:00Z')); // Monday 19:00 in London

    const twiml = await missedCall();

    expect(twiml).toContain('Ahora estamos cerrados y abrimos mañana a las 08:00.');
    expect(lastTo(NUMBERS.customer)).toBe(
      'Sentimos no haber atendido su llamada a Ace Plumbing. Ahora estamos cerrados y abrimos mañana a las 08:00. Responda con lo que necesita y le contestaremos. Escriba PARAR para darse de baja.',
    );
  });

  it("the owner's own words are used as written, with the Spanish opt-out line", async () => {
    await text(NUMBERS.aceOwner, 'LANGUAGE ES');
    await text(NUMBERS.aceOwner, 'TEXTBACK Hola, somos {name}: cuéntenos qué necesita.');
    expect(lastTo(NUMBERS.aceOwner)).toContain(
      '"Hola, somos Ace Plumbing: cuéntenos qué necesita. Escriba PARAR para darse de baja."',
    );

    await missedCall();

    expect(lastTo(NUMBERS.customer)).toBe(
      'Hola, somos Ace Plumbing: cuéntenos qué necesita. Escriba PARAR para darse de baja.',
    );
  });

  it("a customer's text is acknowledged in Spanish, and forwarded to the owner in English", async () => {
    await text(NUMBERS.aceOwner, 'LANGUAGE ES');
    await text(NUMBERS.customer, 'Tengo una fuga en la cocina');

    expect(lastTo(NUMBERS.customer)).toBe(
      'Gracias por su mensaje a Ace Plumbing. Lo hemos pasado al equipo y le contestaremos pronto. Escriba PARAR para darse de baja.',
    );
    expect(lastTo(NUMBERS.aceOwner)).toMatch(/^#1 New job from \+447911123456:\nTengo una fuga en la cocina/);
  });

  it('the voicemail ends with a Spanish goodbye in the Spanish voice', async () => {
    await text(NUMBERS.aceOwner, 'LANGUAGE ES');
    const callSid = next('CA');
    const done = await harness.post(
      WEBHOOK_ROUTES.voicemailDone,
      incomingCall(callSid, NUMBERS.aceBusiness, NUMBERS.customer, { RecordingSid: next('RE') }),
    );

    expect(done.body).toContain('<Say voice="Polly.Lupe" language="es-US">Gracias. Adiós.</Say>');
  });

  it('LANGUAGE EN goes back to English', async () => {
    await text(NUMBERS.aceOwner, 'LANGUAGE ES');
    await text(NUMBERS.aceOwner, 'LANGUAGE EN');

    const twiml = await missedCall();

    expect(twiml).toContain('<Say voice="Polly.Joanna">Thanks for calling Ace Plumbing.');
    expect(lastTo(NUMBERS.customer)).toMatch(/^Sorry we missed your call at Ace Plumbing\..* Reply STOP to opt out\.$/);
  });

  it.each(['LANGUAGE fr', 'LANGUAGE', 'Language spanish'])(
    '"%s" gets the correct form and changes nothing',
    async (body) => {
      await text(NUMBERS.aceOwner, body);

      expect(lastTo(NUMBERS.aceOwner)).toBe(
        'Not sent to any customer: a text starting with LANGUAGE is a command. Write it as LANGUAGE ES (Spanish) or LANGUAGE EN (English). To send it to a customer, put the job first: #12 your text. HELP lists the commands.',
      );
      await missedCall();
      expect(lastTo(NUMBERS.customer)).toMatch(/^Sorry we missed your call/);
    },
  );
});

describe("a Spanish business's customers and their keywords", () => {
  beforeEach(async () => {
    await text(NUMBERS.aceOwner, 'LANGUAGE ES');
  });

  it('AYUDA gets the HELP answer in Spanish, once a day', async () => {
    await text(NUMBERS.customer, 'Ayuda');
    await text(NUMBERS.customer, 'AYUDA');

    expect(sentTo(NUMBERS.customer)).toEqual([
      'Este es el servicio de mensajes de Ace Plumbing. Cuéntenos lo que necesita y se lo pasaremos. Escriba PARAR para darse de baja.',
    ]);
    expect(harness.metrics()[MetricName.SMS_HELP]).toBe(2);
    expect(sentTo(NUMBERS.aceOwner).some((body) => body.includes('Ayuda'))).toBe(false);
  });

  it('PARAR opts out, is confirmed once in Spanish (Twilio does not act on it), and stops the text-back; START opts back in', async () => {
    await text(NUMBERS.customer, 'PARAR');
    expect(sentTo(NUMBERS.customer)).toEqual([
      'Se ha dado de baja de los mensajes de Ace Plumbing. Escriba START para volver a recibirlos.',
    ]);
    expect(harness.metrics()[MetricName.SMS_OPTED_OUT]).toBe(1);

    await text(NUMBERS.customer, 'parar');
    await missedCall();
    expect(sentTo(NUMBERS.customer)).toHaveLength(1);

    await text(NUMBERS.customer, 'START');
    await missedCall();
    expect(lastTo(NUMBERS.customer)).toBe(SPANISH_TEXT_BACK);
  });

  it('AYUDA then PARAR the same day: both answered (each keyword has its own reply a day); opting out again that day is not confirmed twice', async () => {
    await text(NUMBERS.customer, 'AYUDA');
    await text(NUMBERS.customer, 'PARAR');
    await text(NUMBERS.customer, 'START');
    await text(NUMBERS.customer, 'PARAR');

    expect(sentTo(NUMBERS.customer)).toEqual([
      'Este es el servicio de mensajes de Ace Plumbing. Cuéntenos lo que necesita y se lo pasaremos. Escriba PARAR para darse de baja.',
      'Se ha dado de baja de los mensajes de Ace Plumbing. Escriba START para volver a recibirlos.',
    ]);
    expect(harness.metrics()[MetricName.SMS_OPTED_OUT]).toBe(2);
  });

  it('ALTO opts out as PARAR does', async () => {
    await text(NUMBERS.customer, 'Alto.');
    await missedCall();

    expect(sentTo(NUMBERS.customer)).toEqual([
      'Se ha dado de baja de los mensajes de Ace Plumbing. Escriba START para volver a recibirlos.',
    ]);
  });

  it('STOP opts out with no reply of ours: Twilio confirms it', async () => {
    await text(NUMBERS.customer, 'STOP');

    expect(sentTo(NUMBERS.customer)).toEqual([]);
    expect(harness.metrics()[MetricName.SMS_OPTED_OUT]).toBe(1);
  });

  it("the owner's PARAR or AYUDA is never relayed to a customer", async () => {
    await text(NUMBERS.customer, 'Tengo una fuga');
    const toCustomer = sentTo(NUMBERS.customer).length;
    await text(NUMBERS.aceOwner, 'PARAR');
    await text(NUMBERS.aceOwner, 'AYUDA');

    expect(sentTo(NUMBERS.customer)).toHaveLength(toCustomer);
    expect(lastTo(NUMBERS.aceOwner)).toMatch(/^Your commands/);
  });
});

describe('DynamoDB calls', () => {
  it('the voice webhook of a Spanish business: still 1 (the language comes with the number lookup)', async () => {
    await text(NUMBERS.aceOwner, 'LANGUAGE ES');
    harness.resetCounters();

    const twiml = (await harness.voice(incomingCall(next('CA'), NUMBERS.aceBusiness, NUMBERS.customer))).body;

    expect(twiml).toContain('Polly.Lupe');
    expect(harness.dynamoCalls).toEqual(['QueryCommand']);
  });

  it('the status callback that texts back in Spanish: one batch read, the claim, the call record (as in English)', async () => {
    await text(NUMBERS.aceOwner, 'LANGUAGE ES');
    await missedCall(NUMBERS.otherCustomer);
    const callSid = next('CA');
    await harness.voice(incomingCall(callSid, NUMBERS.aceBusiness, NUMBERS.customer));
    harness.resetCounters();
    await harness.status(callEnded(callSid, NUMBERS.aceBusiness, NUMBERS.customer, 'no-answer'));

    expect(lastTo(NUMBERS.customer)).toBe(SPANISH_TEXT_BACK);
    expect(harness.dynamoCalls).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand', 'PutItemCommand']);
  });
});

describe('the seed file', () => {
  it('a client seeded with "language": "es" speaks Spanish from the first call', async () => {
    await harness.close();
    const seed = parseSeed({
      numbers: [
        { phone: '447476955179', role: 'ONBOARDING' },
        { phone: '+447476955110', role: 'OPERATIONAL', clientId: 'c1' },
      ],
      clients: [
        {
          id: 'c1',
          businessName: 'Ace Plumbing',
          ownerPhone: '+447400111222',
          twilioNumber: '+447476955110',
          language: 'es',
        },
      ],
      onboardingNumber: '447476955179',
    });
    harness = await startHarness(seed);

    const twiml = await missedCall();

    expect(twiml).toContain('Polly.Lupe');
    expect(lastTo(NUMBERS.customer)).toBe(SPANISH_TEXT_BACK);
  });
});
