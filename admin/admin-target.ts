import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoAfterJobBook } from '../shared/adapters/dynamodb/dynamo-after-job-book';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadSeedFile } from '../local/seed';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client';
import { DynamoNumberAdmin, type AdminTables } from '../shared/adapters/dynamodb/dynamo-number-admin';
import { DynamoClientAdmin } from '../shared/adapters/dynamodb/dynamo-client-admin';
import { DynamoNumberDirectory } from '../shared/adapters/dynamodb/dynamo-number-directory';
import { DynamoNumberPool } from '../shared/adapters/dynamodb/dynamo-number-pool';
import { DynamoOptOutRetention } from '../shared/adapters/dynamodb/dynamo-opt-out-retention';
import { DynamoSignupDecisions } from '../shared/adapters/dynamodb/dynamo-signup-decisions';
import { DynamoNameClaimBackfill } from '../shared/adapters/dynamodb/dynamo-name-claim-backfill';
import { DynamoTenureMigration } from '../shared/adapters/dynamodb/dynamo-tenure-migration';
import { normalizePhoneNumber, type E164 } from '../shared/domain/numbers/phone-number';
import { TargetError, type AdminIo } from './admin-io';
import { localDynamoAddress, type LocalAddress } from './local-addresses';
import { readStackOutputs, stackName } from './stack-outputs';
import { LOCAL_DEFAULTS } from '../local/local-defaults';

/** The tables `npm start` creates in its embedded DynamoDB (LOCAL_TABLES in local/local-service.ts). */
export const LOCAL_TARGET_TABLES: AdminTables = { directoryTable: 'Directory', activityTable: 'Activity' };
/** The seed `npm start` loads when SEED_FILE is not set: the local onboarding number comes from it. */
export const DEFAULT_SEED_FILE = LOCAL_DEFAULTS.seedFile;
export const DEFAULT_DYNAMODB_PORT = String(LOCAL_DEFAULTS.dynamodbPort);

export interface TargetOptions {
  env?: string;
  region?: string;
  profile?: string;
  endpoint?: string;
  onboardingNumber?: E164;
}

/** One connection to the tables of one environment, for the length of a command. */
export interface AdminSession {
  /** For people: "local DynamoDB at http://127.0.0.1:8000" or "environment prod (stack MissedCallTextBack-prod)". */
  description: string;
  /** Locally: where the DynamoDB was looked for and what moves it, for a connection failure. */
  address?: LocalAddress;
  tables: AdminTables;
  admin: DynamoNumberAdmin;
  directory: DynamoNumberDirectory;
  /** Sign-up conversations, approvals and the waiting list, in the activity table. */
  signups: DynamoSignupDecisions;
  /** The pool as sign-up takes numbers from it (assignNumber), and the opt-outs a number keeps when assigned. */
  pool: DynamoNumberPool;
  optOuts: DynamoOptOutRetention;
  /** Edits of a client record: its owner phone, its removal. */
  clients: DynamoClientAdmin;
  /** Issue 17: the move of each business's activity from its number's partition to its client's. */
  migration: DynamoTenureMigration;
  /** Issue 17 §5: the name claims of clients created before names were claimed. */
  nameClaims: DynamoNameClaimBackfill;
  /** Issue 19: `clients set-digest <id> on` queues the client's first digest, as the owner's DIGEST ON does. */
  afterJob: DynamoAfterJobBook;
  /** The configured onboarding number: `--onboarding-number`, else the stack output or the local seed. */
  onboardingNumber(): Promise<E164>;
  close(): void;
}

/** The local embedded DynamoDB of `npm start` by default; a deployed environment with `--env`. */
export async function openSession(options: TargetOptions, io: AdminIo): Promise<AdminSession> {
  if (options.env) return openEnvironment(options.env, options);

  const address = localDynamoAddress(io.env, options.endpoint);
  const endpoint = address.url;
  const db = createDocumentClient({ endpoint });
  const seedFile = io.env.SEED_FILE || DEFAULT_SEED_FILE;
  return {
    description: `local DynamoDB at ${endpoint}`,
    address,
    tables: LOCAL_TARGET_TABLES,
    admin: new DynamoNumberAdmin(db, LOCAL_TARGET_TABLES),
    directory: new DynamoNumberDirectory(db, LOCAL_TARGET_TABLES.directoryTable),
    signups: new DynamoSignupDecisions(db, LOCAL_TARGET_TABLES.activityTable),
    ...clientParts(db, LOCAL_TARGET_TABLES),
    onboardingNumber: async () => {
      if (options.onboardingNumber) return options.onboardingNumber;
      try {
        return (await loadSeedFile(seedFile)).onboardingNumber;
      } catch (error) {
        throw new TargetError(
          `cannot read the onboarding number from the seed (${(error as Error).message}): pass --onboarding-number`,
        );
      }
    },
    close: () => db.destroy(),
  };
}

async function openEnvironment(env: string, options: TargetOptions): Promise<AdminSession> {
  const aws = {
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  };
  const outputs = await readStackOutputs(env, aws);
  const onboardingNumber = options.onboardingNumber ?? normalizePhoneNumber(outputs.onboardingNumber);
  if (!onboardingNumber)
    throw new TargetError(
      `stack ${stackName(env)} output OnboardingNumber is not a valid phone number: ${outputs.onboardingNumber}`,
    );
  const tables: AdminTables = { directoryTable: outputs.directoryTable, activityTable: outputs.activityTable };
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(aws), { marshallOptions: { removeUndefinedValues: true } });
  return {
    description: `environment ${env} (stack ${stackName(env)}, table ${tables.directoryTable})`,
    tables,
    admin: new DynamoNumberAdmin(db, tables),
    directory: new DynamoNumberDirectory(db, tables.directoryTable),
    signups: new DynamoSignupDecisions(db, tables.activityTable),
    ...clientParts(db, tables),
    onboardingNumber: async () => onboardingNumber,
    close: () => db.destroy(),
  };
}

function clientParts(
  db: DynamoDBDocumentClient,
  tables: AdminTables,
): Pick<AdminSession, 'pool' | 'optOuts' | 'clients' | 'migration' | 'nameClaims' | 'afterJob'> {
  return {
    nameClaims: new DynamoNameClaimBackfill(db, tables.directoryTable),
    migration: new DynamoTenureMigration(db, tables.activityTable),
    pool: new DynamoNumberPool(db, tables.directoryTable),
    optOuts: new DynamoOptOutRetention(db, tables.activityTable),
    clients: new DynamoClientAdmin(db, tables.directoryTable),
    afterJob: new DynamoAfterJobBook(db, tables.activityTable),
  };
}
