import { countDynamoCalls, type DynamoCallsRow } from '../../bench/dynamo-calls';

/** Issue 19's paths in the bench's DynamoDB count: their numbers, and the onboarding text split between its functions. */
let rows: DynamoCallsRow[];
beforeAll(async () => {
  rows = await countDynamoCalls();
}, 60_000);

const row = (fn: DynamoCallsRow['fn'], path: string) => {
  const found = rows.find((entry) => entry.fn === fn && entry.path === path);
  if (!found) throw new Error(`no ${fn} row "${path}"`);
  return found;
};

describe('the DynamoDB calls bench', () => {
  it('counts forward mode with a never-text list, a greeting and LANGUAGE es as the one Query of the number lookup', () => {
    const voice = row('voice', 'forward mode, business with a never-text list, its own greeting, LANGUAGE es');

    expect(voice.calls).toEqual(['QueryCommand']);
    expect(voice.met).toBe(true);
  });

  it('gives a text to the onboarding number to the sms function and the signup function it invokes, apart', () => {
    const onboarding = row('sms', 'first text to the onboarding number');

    expect(Object.keys(onboarding.byFunction ?? {}).sort()).toEqual(['signup', 'sms']);
    expect(Object.values(onboarding.byFunction ?? {}).flat()).toHaveLength(onboarding.calls.length);
  });

  it('a CRM webhook adds one SQS SendMessage and no DynamoDB call; its delivery is one GetItem', () => {
    const withWebhook = row('sms', 'customer text opening a job, business with a CRM webhook');
    const without = row('sms', 'customer text opening a job');

    expect(withWebhook.calls).toEqual(without.calls);
    expect(withWebhook.sideEffects?.sqsSendMessages).toBe(1);
    expect(row('crm', 'delivering that one event (job.opened) to the CRM').calls).toEqual(['GetItemCommand']);
  });

  it('the emergency ring places one call through the Calls API, the plain emergency none', () => {
    expect(row('sms', 'the same with EMERGENCY RING ON (a call placed)').sideEffects?.callsPlaced).toBe(1);
    expect(
      row('sms', 'customer text matching an emergency (safety reply, URGENT alert)').sideEffects?.callsPlaced,
    ).toBe(0);
  });

  it('the owner-texts job sends what is due, one text each', () => {
    expect(row('owner-texts', 'run: one review request due (sent)').sideEffects?.smsSent).toBe(1);
    expect(row('owner-texts', 'run: one Monday digest due (sent)').sideEffects?.smsSent).toBe(1);
    expect(row('owner-texts', 'run: nothing due').calls).toHaveLength(1);
  });
});
