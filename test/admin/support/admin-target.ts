import { DynamoClaimingRegistry } from '../../../shared/adapters/dynamodb/dynamo-claiming-registry';
import { PutCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { run } from '../../../admin/cli';
import type { AdminIo } from '../../../admin/admin-io';
import { createTables, startEmbeddedDynamo, type EmbeddedDynamo } from '../../../local/embedded-dynamodb';
import { startFakeTwilioApi, type FakeTwilioApi } from '../../../local/fake-twilio-api';
import { LOCAL_DEFAULTS } from '../../../local/local-defaults';
import { LOCAL_TABLES } from '../../../local/local-service';
import { applySeed, parseSeed, type Seed } from '../../../local/seed';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/document-client';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** What the CLI asked at the terminal, in order. */
  questions: string[];
}

/**
 * Runs the admin CLI in-process with its own output and environment (nothing from the host leaks in).
 * With `terminal`, a person is at a terminal and gives these answers in order; without it there is no terminal.
 */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined> = {},
  terminal?: { answers: string[] },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const questions: string[] = [];
  const io: AdminIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env };
  if (terminal) {
    const answers = [...terminal.answers];
    io.ask = async (question) => {
      questions.push(question);
      return answers.shift() ?? '';
    };
  }
  const code = await run(argv, io);
  return { code, stdout, stderr, questions };
}

/** Numbers the admin tests use, named for what they are. */
export const ADMIN_NUMBERS = {
  onboarding: '+447476955179',
  ace: '+447476955110',
  bright: '+447476955120',
  poolA: '+447476955130',
  poolB: '+447476955131',
  internal: '+447476955140',
  fresh: '+447476955160',
  aceOwner: '+447400111222',
  customer: '+447911123456',
} as const;

/** The demo seed's shape: two clients with their OPERATIONAL numbers, the onboarding number, a small pool. */
export const ADMIN_SEED: Seed = parseSeed({
  numbers: [
    { phone: '447476955179', role: 'ONBOARDING' },
    { phone: '+447476955110', role: 'OPERATIONAL', clientId: 'c1', status: 'ASSIGNED' },
    { phone: '+447476955120', role: 'OPERATIONAL', clientId: 'c2', status: 'ASSIGNED' },
    { phone: '+447476955130', role: 'SYSTEM', status: 'AVAILABLE' },
    { phone: '+447476955131', role: 'SYSTEM', status: 'AVAILABLE' },
    { phone: '+447476955140', role: 'SYSTEM' },
  ],
  clients: [
    { id: 'c1', businessName: 'Ace Plumbing', ownerPhone: '+447400111222', twilioNumber: '+447476955110' },
    { id: 'c2', businessName: 'Bright Sparks Electrical', ownerPhone: '+447400333444', twilioNumber: '+447476955120' },
  ],
  onboardingNumber: '447476955179',
});

/** The public base URL the admin tests wire numbers to. */
export const ADMIN_PUBLIC_BASE_URL = 'https://hooks.example.test';
/** Nothing listens here: a Twilio API that cannot be reached. */
const UNREACHABLE_TWILIO_API = 'http://127.0.0.1:1';

export interface AdminTarget {
  endpoint: string;
  /** The fake Twilio account, with every seed number on it, when started with `{ twilio: true }`. */
  twilio?: FakeTwilioApi;
  db: DynamoDBDocumentClient;
  /** Runs the CLI against this embedded DynamoDB, with the seed's onboarding number. */
  cli(...argv: string[]): Promise<CliResult>;
  /** The same, with a person at a terminal giving these answers. */
  run(argv: string[], terminal: { answers: string[] }): Promise<CliResult>;
  /** Writes a directory item as is: how the tests make data the CLI itself would refuse to make. */
  putDirectoryItem(item: Record<string, unknown>): Promise<void>;
  putActivityItem(item: Record<string, unknown>): Promise<void>;
  /** Every item of a directory partition, by sort key. */
  partition(pk: string): Promise<Record<string, Record<string, unknown>>>;
  directoryItems(): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** An embedded DynamoDB with the service's tables and a seed: the local target of the CLI. */
export async function startAdminTarget(
  seed: Seed = ADMIN_SEED,
  /** `accountNumbers`: the numbers on the fake Twilio account, when not the seed's. */
  options: { twilio?: boolean; accountNumbers?: string[] } = {},
): Promise<AdminTarget> {
  const dynamo: EmbeddedDynamo = await startEmbeddedDynamo(0);
  const twilio = options.twilio
    ? await startFakeTwilioApi({
        accountSid: LOCAL_DEFAULTS.accountSid,
        authToken: LOCAL_DEFAULTS.authToken,
        phoneNumbers: options.accountNumbers ?? seed.numbers.map((number) => number.phone),
      })
    : undefined;
  const env = {
    TWILIO_API_BASE_URL: twilio?.baseUrl ?? UNREACHABLE_TWILIO_API,
    PUBLIC_BASE_URL: ADMIN_PUBLIC_BASE_URL,
  };
  await createTables(dynamo.endpoint, LOCAL_TABLES);
  const db = createDocumentClient({ endpoint: dynamo.endpoint });
  await applySeed(seed, new DynamoClaimingRegistry(db, LOCAL_TABLES.directoryTable));
  return {
    endpoint: dynamo.endpoint,
    db,
    ...(twilio ? { twilio } : {}),
    cli: (...argv) =>
      runCli([...argv, '--endpoint', dynamo.endpoint, '--onboarding-number', seed.onboardingNumber], env),
    run: (argv, terminal) =>
      runCli([...argv, '--endpoint', dynamo.endpoint, '--onboarding-number', seed.onboardingNumber], env, terminal),
    putDirectoryItem: async (item) => {
      await db.send(new PutCommand({ TableName: LOCAL_TABLES.directoryTable, Item: item }));
    },
    putActivityItem: async (item) => {
      await db.send(new PutCommand({ TableName: LOCAL_TABLES.activityTable, Item: item }));
    },
    partition: async (pk) => {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: LOCAL_TABLES.directoryTable,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
        }),
      );
      return Object.fromEntries(Items.map((item) => [String(item.sk), item]));
    },
    directoryItems: async () =>
      (await db.send(new ScanCommand({ TableName: LOCAL_TABLES.directoryTable }))).Items ?? [],
    close: async () => {
      db.destroy();
      await Promise.all([dynamo.close(), twilio?.close()]);
    },
  };
}

/** Items in a stable order, to compare the table before and after a command. */
export function sortedItems(items: Record<string, unknown>[]): Record<string, unknown>[] {
  return [...items].sort((a, b) => `${String(a.pk)} ${String(a.sk)}`.localeCompare(`${String(b.pk)} ${String(b.sk)}`));
}
