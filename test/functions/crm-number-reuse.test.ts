import { DynamoClientAdmin } from '../../shared/adapters/dynamodb/dynamo-client-admin';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import type { JobEvent } from '../../shared/ports/job-events';
import { runCli } from '../admin/support/admin-target';
import { signatureVerifies, startTestCrm, type TestCrm } from '../support/crm-receiver';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { incomingSms, startHarness, type Harness } from '../support/webhook-harness';

const ACE = NUMBERS.aceBusiness as E164;
const NEW_OWNER = '+447922334455';

/**
 * Issue 19 §5 with issue 17's sealed tenants: an event belongs to the business whose job it is. After the number
 * changes hands, the old business's queued events still go to the old business's webhook, signed with its secret, and
 * the new owner's to theirs.
 */
describe('CRM events when a number changes hands', () => {
  let harness: Harness;
  let crm: TestCrm;
  let sids = 0;
  beforeEach(async () => {
    crm = await startTestCrm();
    harness = await startHarness(undefined, {
      signup: { numberQuarantineDays: 0 },
      crm: { localReceiver: crm.url },
    });
  });
  afterEach(async () => {
    await harness.close();
    await crm.close();
  });

  const text = (body: string, from: string, to: string = ACE) =>
    harness.sms(incomingSms(sid('SM', `crmreuse${(sids += 1)}`), to, from, body));
  const admin = async (...argv: string[]) => {
    const result = await runCli([
      ...argv,
      '--endpoint',
      harness.dynamo.endpoint,
      '--onboarding-number',
      NUMBERS.onboarding,
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    return result.stdout;
  };
  const clients = () => new DynamoClientAdmin(harness.db, harness.config.directory.directoryTable);

  it("the old business's events go to its own webhook, the new owner's to theirs, each signed with its own secret", async () => {
    await clients().setCrmWebhook(
      { id: 'c1', businessName: 'Ace Plumbing', ownerPhone: NUMBERS.aceOwner as E164, twilioNumber: ACE },
      { url: crm.url, secret: 'whsec_ace' },
      new Date(),
    );
    await text('Boiler is leaking', NUMBERS.customer);
    await admin('numbers', 'release', ACE);
    await harness.functions.serveWaitingList();
    for (const body of ['Hi', 'Dave Builds', 'YES', 'YES']) await text(body, NEW_OWNER, NUMBERS.onboarding);
    const listed = JSON.parse(await admin('clients', 'list', '--json')) as Array<{ id: string; businessName: string }>;
    const dave = listed.find((client) => client.businessName === 'Dave Builds');
    expect(dave).toBeDefined();
    await clients().setCrmWebhook(
      { id: dave!.id, businessName: 'Dave Builds', ownerPhone: NEW_OWNER as E164, twilioNumber: ACE },
      { url: crm.url, secret: 'whsec_dave' },
      new Date(),
    );
    await text('Need a plasterer', NUMBERS.otherCustomer);

    // Delivered only now: c1's event was queued before the number changed hands.
    await harness.functions.crm.drain();
    const byClient = crm.requests.map((request) => {
      const event = JSON.parse(request.body) as JobEvent;
      return [
        event.clientId,
        event.customer,
        signatureVerifies('whsec_ace', request),
        signatureVerifies('whsec_dave', request),
      ];
    });
    expect(byClient).toEqual([
      ['c1', NUMBERS.customer, true, false],
      [dave!.id, NUMBERS.otherCustomer, false, true],
    ]);
  });
});
