import { DynamoExchangeReader } from '../../../shared/adapters/dynamodb/dynamo-exchange-reader';
import { DynamoNumberDirectory } from '../../../shared/adapters/dynamodb/dynamo-number-directory';
import { TwilioNumberRole } from '../../../shared/domain/numbers/number-role';
import { normalizePhoneNumber, type E164 } from '../../../shared/domain/numbers/phone-number';
import { resolveNumberRole, roleFromEntry } from '../../../shared/domain/numbers/resolve-number-role';
import { NUMBERS } from '../../support/seeds';
import { startUseCasePorts, type UseCasePorts } from '../../support/use-case-ports';

/**
 * The voice webhook resolves a role with resolveNumberRole (one Query on the directory); status and SMS read the same
 * directory items in their one BatchGetItem and decide with roleFromEntry. Both must give every number the same role.
 */
describe('one resolver decides a role, whichever adapter read the directory', () => {
  let ports: UseCasePorts;
  beforeAll(async () => {
    ports = await startUseCasePorts();
  });
  afterAll(async () => ports.close());

  const rules = () => ({ onboardingNumber: ports.config.numbers.onboardingNumber, logger: ports.logger });
  const byQuery = (phone: string) =>
    resolveNumberRole(phone, {
      ...rules(),
      directory: new DynamoNumberDirectory(ports.db, ports.config.directory.directoryTable),
    });
  const byBatchGet = async (phone: string) => {
    const business = normalizePhoneNumber(phone);
    const reader = new DynamoExchangeReader(
      ports.db,
      ports.config.directory.directoryTable,
      ports.config.activity.activityTable,
    );
    const entry = business ? (await reader.read(business, undefined)).business : {};
    return roleFromEntry(phone, entry, rules());
  };

  it.each([
    ['the onboarding number', NUMBERS.onboarding, TwilioNumberRole.ONBOARDING],
    ['an OPERATIONAL number with its client', NUMBERS.aceBusiness, TwilioNumberRole.OPERATIONAL],
    ['an OPERATIONAL number whose client is missing', NUMBERS.orphanOperational, TwilioNumberRole.OPERATIONAL],
    ['a number only a client owns', NUMBERS.clientOwnedOnly, TwilioNumberRole.OPERATIONAL],
    ['a free pool number', NUMBERS.pooled, TwilioNumberRole.SYSTEM],
    ['a SYSTEM number', NUMBERS.system, TwilioNumberRole.SYSTEM],
    ['a number nobody knows', NUMBERS.unknown, TwilioNumberRole.SYSTEM],
    ['the onboarding number written without its +', NUMBERS.onboarding.slice(1), TwilioNumberRole.ONBOARDING],
    ['a To that is no phone number', 'client:support', TwilioNumberRole.SYSTEM],
  ])('%s resolves to the same role, source and client both ways', async (_label, phone, role) => {
    const [queried, batched] = await Promise.all([byQuery(phone), byBatchGet(phone)]);

    expect(queried.role).toBe(role);
    expect(batched).toEqual(queried);
  });

  it('a number whose client is missing is never resolved as onboarding, by either path', async () => {
    const [queried, batched] = await Promise.all([
      byQuery(NUMBERS.orphanOperational),
      byBatchGet(NUMBERS.orphanOperational),
    ]);

    expect([queried.role, batched.role]).toEqual([TwilioNumberRole.OPERATIONAL, TwilioNumberRole.OPERATIONAL]);
    expect([queried.client, batched.client]).toEqual([undefined, undefined]);
  });

  it('the configured onboarding number is ONBOARDING by both paths even with no number record', async () => {
    const configured = { onboardingNumber: NUMBERS.unknown as E164, logger: ports.logger };
    const queried = await resolveNumberRole(NUMBERS.unknown, {
      ...configured,
      directory: new DynamoNumberDirectory(ports.db, ports.config.directory.directoryTable),
    });
    const reader = new DynamoExchangeReader(
      ports.db,
      ports.config.directory.directoryTable,
      ports.config.activity.activityTable,
    );
    const batched = roleFromEntry(
      NUMBERS.unknown,
      (await reader.read(NUMBERS.unknown as E164, undefined)).business,
      configured,
    );

    expect([queried.role, batched.role]).toEqual([TwilioNumberRole.ONBOARDING, TwilioNumberRole.ONBOARDING]);
  });
});
