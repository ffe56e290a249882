import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { resolveNumberRole } from '../../shared/domain/numbers/resolve-number-role';
import type { LogFields, Logger } from '../../shared/ports/logger';
import { CONFIG_ONBOARDING_SEED, NUMBERS } from '../support/seeds';
import { startHarness, type Harness } from '../support/webhook-harness';

class RecordingLogger implements Logger {
  readonly entries: Array<{ level: string; message: string; fields?: LogFields }> = [];
  info(message: string, fields?: LogFields) {
    this.entries.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: LogFields) {
    this.entries.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: LogFields) {
    this.entries.push({ level: 'error', message, fields });
  }
  critical(message: string, fields?: LogFields) {
    this.entries.push({ level: 'critical', message, fields });
  }
}

describe('resolveNumberRole, against the directory in DynamoDB', () => {
  let harness: Harness;
  let directory: DynamoNumberDirectory;
  let logger: RecordingLogger;
  const resolve = (phone: string | undefined, onboardingNumber: string = NUMBERS.onboarding) =>
    resolveNumberRole(phone, { directory, onboardingNumber: onboardingNumber as E164, logger });

  beforeAll(async () => {
    harness = await startHarness(CONFIG_ONBOARDING_SEED);
    directory = new DynamoNumberDirectory(harness.db, harness.config.directory.directoryTable);
  });
  afterAll(async () => harness.close());
  beforeEach(() => {
    logger = new RecordingLogger();
  });

  it('1. the number table decides first, with the owning client', async () => {
    const info = await resolve(NUMBERS.aceBusiness);
    expect(info).toMatchObject({
      phone: NUMBERS.aceBusiness,
      role: TwilioNumberRole.OPERATIONAL,
      source: 'pool',
      client: { id: 'c1', businessName: 'Ace Plumbing' },
    });
  });

  it('1. the number table wins even over a client that owns the number', async () => {
    await directory.putNumber({ phone: NUMBERS.clientOwnedOnly as E164, role: TwilioNumberRole.SYSTEM });
    try {
      expect(await resolve(NUMBERS.clientOwnedOnly)).toMatchObject({ role: TwilioNumberRole.SYSTEM, source: 'pool' });
      expect((await resolve(NUMBERS.clientOwnedOnly)).client).toBeUndefined();
    } finally {
      await harness.db.send(
        new (await import('@aws-sdk/lib-dynamodb')).DeleteCommand({
          TableName: harness.config.directory.directoryTable,
          Key: { pk: NUMBERS.clientOwnedOnly, sk: 'NUMBER' },
        }),
      );
    }
  });

  it('1. an OPERATIONAL number whose client is missing resolves with no client, never to another role', async () => {
    const info = await resolve(NUMBERS.orphanOperational);
    expect(info).toMatchObject({ role: TwilioNumberRole.OPERATIONAL, source: 'pool' });
    expect(info.client).toBeUndefined();
  });

  it('2. else a client record that owns the number makes it OPERATIONAL', async () => {
    expect(await resolve(NUMBERS.clientOwnedOnly)).toMatchObject({
      role: TwilioNumberRole.OPERATIONAL,
      source: 'client',
      client: { id: 'c3' },
    });
  });

  it('3. else the configured onboarding number is ONBOARDING', async () => {
    expect(await resolve('447476955179')).toMatchObject({ role: TwilioNumberRole.ONBOARDING, source: 'config' });
  });

  it('4. else SYSTEM, with a warning', async () => {
    expect(await resolve(NUMBERS.unknown)).toEqual({
      phone: NUMBERS.unknown,
      role: TwilioNumberRole.SYSTEM,
      source: 'default',
    });
    expect(logger.entries).toEqual([expect.objectContaining({ level: 'warn', fields: { to: '***5199' } })]);
  });

  it('an invalid number is SYSTEM without touching the table', async () => {
    harness.resetCounters();
    expect(await resolve('Anonymous')).toMatchObject({
      phone: undefined,
      role: TwilioNumberRole.SYSTEM,
      source: 'default',
    });
    expect(harness.dynamoCalls).toEqual([]);
  });

  it('a record with a role that is not one of the three is SYSTEM and an error, never guessed', async () => {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    await harness.db.send(
      new PutCommand({
        TableName: harness.config.directory.directoryTable,
        Item: { pk: '+447476955160', sk: 'NUMBER', role: 'onboarding' },
      }),
    );

    expect(await resolve('+447476955160')).toMatchObject({ role: TwilioNumberRole.SYSTEM, source: 'pool' });
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'error' }));
  });

  it('a missing client record is never evidence of onboarding', async () => {
    const info = await resolve(NUMBERS.orphanOperational, NUMBERS.orphanOperational);
    expect(info.role).toBe(TwilioNumberRole.OPERATIONAL);
  });

  it('every path is one DynamoDB read', async () => {
    for (const phone of [
      NUMBERS.aceBusiness,
      NUMBERS.clientOwnedOnly,
      NUMBERS.onboarding,
      NUMBERS.unknown,
      NUMBERS.pooled,
    ]) {
      harness.resetCounters();
      await resolve(phone);
      expect(harness.dynamoCalls).toEqual(['QueryCommand']);
    }
  });
});
