import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTables, startEmbeddedDynamo, type EmbeddedDynamo } from '../../local/embedded-dynamodb';
import { startLocalService, type LocalService } from '../../local/local-service';
import { applySeed } from '../../local/seed';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import { ADMIN_SEED, runCli } from './support/admin-target';
import { startFakeCloudFormation } from './support/fake-cloudformation';

const STAGING_TABLES = { directoryTable: 'mct-staging-Directory', activityTable: 'mct-staging-Activity' };

describe('admin --env <name>: a deployed environment, through its stack outputs', () => {
  let dynamo: EmbeddedDynamo;
  let cloudFormation: Awaited<ReturnType<typeof startFakeCloudFormation>>;
  let deployedApi: LocalService;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo(0);
    await createTables(dynamo.endpoint, STAGING_TABLES);
    const db = createDocumentClient({ endpoint: dynamo.endpoint });
    await applySeed(ADMIN_SEED, new DynamoNumberDirectory(db, STAGING_TABLES.directoryTable));
    // A sign-up waiting for approval: the confirmation shows what would be approved (issue 17).
    await db.send(
      new PutCommand({
        TableName: STAGING_TABLES.activityTable,
        Item: {
          pk: 'SIGNUP#+447831123456',
          sk: 'SIGNUP',
          phone: '+447831123456',
          step: 'AWAITING_APPROVAL',
          businessName: 'Dave Builds',
          notifyPhone: '+447831123456',
          startedAt: '2026-11-30T10:00:00.000Z',
          updatedAt: '2026-11-30T10:00:00.000Z',
          version: 4,
        },
      }),
    );
    db.destroy();
    // Stands in for the deployed API: it checks signatures against its public URL with the environment's token.
    deployedApi = await startLocalService({
      port: 0,
      dynamodbPort: 0,
      authToken: 'staging-auth-token',
      accountSid: 'AC11111111111111111111111111111111',
      seed: ADMIN_SEED,
      logWriter: () => undefined,
    });
    cloudFormation = await startFakeCloudFormation({
      'MissedCallTextBack-staging': {
        DirectoryTableName: STAGING_TABLES.directoryTable,
        ActivityTableName: STAGING_TABLES.activityTable,
        OnboardingNumber: '+447476955179',
        VoiceWebhookUrl: `${deployedApi.publicBaseUrl}/twilio/voice`,
        StatusCallbackUrl: `${deployedApi.publicBaseUrl}/twilio/status`,
        MessagingWebhookUrl: `${deployedApi.publicBaseUrl}/twilio/sms`,
      },
      'MissedCallTextBack-broken': { DirectoryTableName: STAGING_TABLES.directoryTable },
    });
    // The normal credential chain and the SDK's per-service endpoint settings, as an operator's shell would have them.
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormation.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    });
  });
  afterAll(async () => {
    process.env = savedEnv;
    await new Promise<void>((resolve) => cloudFormation.server.close(() => resolve()));
    await Promise.all([dynamo.close(), deployedApi.close()]);
  });

  it('reads the table names and onboarding number from stack MissedCallTextBack-<env> in the given region', async () => {
    const result = await runCli(['audit', '--env', 'staging', '--region', 'eu-west-2']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Audit of environment staging (stack MissedCallTextBack-staging, table ${STAGING_TABLES.directoryTable}); configured onboarding number +447476955179`,
    );
    expect(cloudFormation.requests.at(-1)?.body).toContain('Action=DescribeStacks');
    expect(cloudFormation.requests.at(-1)?.authorization).toContain('/eu-west-2/cloudformation/aws4_request');
  });

  it('writes go to the environment tables', async () => {
    const result = await runCli(['numbers', 'release', '+447476955120', '--env', 'staging', '--yes']);
    const clients = JSON.parse((await runCli(['clients', 'list', '--json', '--env', 'staging'])).stdout) as Array<{
      id: string;
      twilioNumber: string | null;
    }>;

    expect(result.code).toBe(0);
    expect(clients).toContainEqual(expect.objectContaining({ id: 'c2', twilioNumber: null }));
  });

  it.each(['approve', 'reject'])(
    'signups %s on a deployed environment asks for confirmation first, and refuses without a terminal or --yes',
    async (decision) => {
      const result = await runCli(['signups', decision, '+447831123456', '--env', 'staging']);
      const declined = await runCli(
        ['signups', decision, '+447831123456', '--env', 'staging'],
        {},
        { answers: ['prod'] },
      );

      expect(result).toMatchObject({
        code: 2,
        stderr:
          'error: this changes the deployed environment staging and there is no terminal to confirm on: add --yes to go ahead\n',
      });
      expect(declined).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('refused: not confirmed: nothing changed\n'),
      });
      expect(declined.stderr).toContain('business "Dave Builds", owner phone +447831123456, alerts to +447831123456');
    },
  );

  it('a change to a deployed environment with no terminal and no --yes is refused (exit 2), and nothing is written', async () => {
    const result = await runCli(['numbers', 'add', '+447476955172', '--role', 'SYSTEM', '--env', 'staging']);
    const shown = JSON.parse(
      (await runCli(['numbers', 'show', '+447476955172', '--json', '--env', 'staging'])).stdout,
    ) as { record: unknown };

    expect(result).toMatchObject({
      code: 2,
      stderr:
        'error: this changes the deployed environment staging and there is no terminal to confirm on: add --yes to go ahead\n',
    });
    expect(shown.record).toBeNull();
  });

  it('at a terminal, a change to a deployed environment shows what will change and goes ahead once the environment is named', async () => {
    const result = await runCli(
      ['numbers', 'add', '+447476955170', '--role', 'SYSTEM', '--env', 'staging'],
      {},
      { answers: ['staging'] },
    );

    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'About to change environment staging (stack MissedCallTextBack-staging):\n  +447476955170: ',
    );
    expect(result.questions).toEqual(['Type the environment name (staging) to go ahead, anything else to stop: ']);
    expect(result.stdout).toContain('+447476955170: changed');
  });

  it('clients set-call-mode on a deployed environment asks for confirmation first, like every deployed write', async () => {
    const unasked = await runCli(['clients', 'set-call-mode', 'c1', 'ring', '--env', 'staging']);
    const declined = await runCli(
      ['clients', 'set-call-mode', 'c1', 'ring', '--env', 'staging'],
      {},
      { answers: ['no'] },
    );
    const mode = async () =>
      (
        JSON.parse((await runCli(['clients', 'show', 'c1', '--json', '--env', 'staging'])).stdout) as {
          callMode?: string;
        }
      ).callMode;
    const before = await mode();
    const confirmed = await runCli(
      ['clients', 'set-call-mode', 'c1', 'ring', '--env', 'staging'],
      {},
      { answers: ['staging'] },
    );

    expect(unasked.code).toBe(2);
    expect(declined).toMatchObject({ code: 1, stderr: expect.stringContaining('refused: not confirmed') });
    expect(before).toBeUndefined();
    expect(confirmed.stderr).toContain('client c1 (Ace Plumbing), +447476955110: calls forward -> ring');
    expect(await mode()).toBe('ring');
  });

  it.each([
    ['clients add', ['clients', 'add', '--name', 'Dale Roofing', '--owner', '+447911200123']],
    ['clients set-owner', ['clients', 'set-owner', 'c1', '+447911200123']],
    ['clients set-hours', ['clients', 'set-hours', 'c1', 'Mon-Fri 08:00-18:00']],
    ['clients set-spam', ['clients', 'set-spam', 'c1', 'strict']],
    ['clients set-text', ['clients', 'set-text', 'c1', 'greeting', 'Hello from {name}.']],
    ['clients remove', ['clients', 'remove', 'c1']],
    ['setup', ['setup', '--pool', '+447476955130,+447476955131']],
  ])(
    '%s on a deployed environment asks first: without a terminal or --yes it is refused (exit 2), nothing written',
    async (_name, argv) => {
      const twilioEnv = {
        TWILIO_ACCOUNT_SID: 'AC11111111111111111111111111111111',
        TWILIO_AUTH_TOKEN: 'staging-auth-token',
        TWILIO_API_BASE_URL: deployedApi.url,
      };
      const clients = async () => (await runCli(['clients', 'list', '--json', '--env', 'staging'])).stdout;
      const before = await clients();

      const result = await runCli([...argv, '--env', 'staging'], twilioEnv);

      expect(result).toMatchObject({
        code: 2,
        stderr:
          'error: this changes the deployed environment staging and there is no terminal to confirm on: add --yes to go ahead\n',
      });
      expect(await clients()).toBe(before);
    },
  );

  it('clients set-text on a deployed environment shows the new words and asks for confirmation first', async () => {
    const textBack = async () =>
      (
        JSON.parse((await runCli(['clients', 'show', 'c1', '--json', '--env', 'staging'])).stdout) as {
          textBack?: string;
        }
      ).textBack;
    const argv = ['clients', 'set-text', 'c1', 'textback', 'Back soon, {name}.', '--env', 'staging'];
    const declined = await runCli(argv, {}, { answers: ['no'] });
    const before = await textBack();
    const confirmed = await runCli(argv, {}, { answers: ['staging'] });

    expect(declined).toMatchObject({ code: 1, stderr: expect.stringContaining('refused: not confirmed') });
    expect(before).toBeUndefined();
    expect(confirmed.stderr).toContain('client c1 (Ace Plumbing): textback -> "Back soon, {name}."');
    expect(await textBack()).toBe('Back soon, {name}.');
  });

  it('at a terminal, any other answer stops the change: refused, nothing written', async () => {
    const result = await runCli(['numbers', 'release', '+447476955110', '--env', 'staging'], {}, { answers: ['y'] });
    const shown = JSON.parse(
      (await runCli(['numbers', 'show', '+447476955110', '--json', '--env', 'staging'])).stdout,
    ) as { record: { role: string } };

    expect(result).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('refused: not confirmed: nothing changed\n'),
    });
    expect(shown.record.role).toBe('OPERATIONAL');
  });

  it('an import --apply to a deployed environment asks too; a dry run and read commands never ask', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'env-import-')), 'pool.csv');
    await writeFile(file, 'phone_e164,role,client_id,status\n447476955171,SYSTEM,,\n');

    const dryRun = await runCli(['import', file, '--env', 'staging'], {}, { answers: [] });
    const read = await runCli(['audit', '--env', 'staging'], {}, { answers: [] });
    const applied = await runCli(['import', file, '--apply', '--env', 'staging']);

    expect([dryRun.questions, read.questions]).toEqual([[], []]);
    expect(applied.code).toBe(2);
    expect((await runCli(['import', file, '--apply', '--env', 'staging', '--yes'])).code).toBe(0);
  });

  it('a stack that does not exist, or lacks an output, is named in a clear error (exit 1)', async () => {
    expect(await runCli(['audit', '--env', 'nope'])).toMatchObject({
      code: 1,
      stderr: 'error: stack MissedCallTextBack-nope not found: check --env, --region and --profile\n',
    });
    expect(await runCli(['audit', '--env', 'broken'])).toMatchObject({
      code: 1,
      stderr:
        'error: stack MissedCallTextBack-broken has no output ActivityTableName: deploy the current stack, which exports DirectoryTableName, ActivityTableName, OnboardingNumber\n',
    });
  });

  it('simulate --env sends signed webhooks to the URL in the stack outputs, with the token from TWILIO_AUTH_TOKEN', async () => {
    const result = await runCli(
      ['simulate', 'call', '--env', 'staging', '--to', '+447476955110', '--from', '+447911123456'],
      { TWILIO_AUTH_TOKEN: 'staging-auth-token' },
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('POST /twilio/voice -> 200');
    expect(result.stdout).toContain('Thanks for calling Ace Plumbing.');
    expect(deployedApi.outbox()).toHaveLength(2);
  });

  it('simulate --env without a token is a usage error: the local default would only be rejected', async () => {
    const result = await runCli([
      'simulate',
      'text',
      '--env',
      'staging',
      '--to',
      '+447476955110',
      '--from',
      '+447911123456',
      '--body',
      'hi',
    ]);

    expect(result).toMatchObject({
      code: 2,
      stderr:
        'error: a deployed environment checks signatures with its Twilio auth token: set TWILIO_AUTH_TOKEN or pass --token-file\n',
    });
  });

  it('numbers wire --env takes the Twilio account only from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN', async () => {
    const result = await runCli(['numbers', 'wire', '--env', 'staging', '--dry-run']);

    expect(result).toMatchObject({
      code: 2,
      stderr: 'error: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN to the Twilio account of this environment\n',
    });
  });

  it("numbers wire --env points every number at the stack's URL outputs, by role", async () => {
    const twilioEnv = {
      TWILIO_ACCOUNT_SID: 'AC11111111111111111111111111111111',
      TWILIO_AUTH_TOKEN: 'staging-auth-token',
      TWILIO_API_BASE_URL: deployedApi.url,
    };

    // Earlier tests in this file add numbers to the table; they are on the account too, as bought numbers would be.
    for (const phone of ['+447476955170', '+447476955171']) {
      if (!deployedApi.twilioApi.phoneNumbers().some((number) => number.phoneNumber === phone))
        deployedApi.twilioApi.addPhoneNumber(phone);
    }
    const unconfirmed = await runCli(['numbers', 'wire', '--env', 'staging'], twilioEnv);
    const result = await runCli(['numbers', 'wire', '--env', 'staging', '--yes'], twilioEnv);

    // Pointing a deployed environment's numbers is a deployed write: confirmed like every other.
    expect(unconfirmed.code).toBe(2);
    expect(result.code).toBe(0);
    const fields = (phone: string) =>
      deployedApi.twilioApi.phoneNumbers().find((number) => number.phoneNumber === phone)?.fields;
    expect(fields('+447476955110')).toMatchObject({
      voice_url: `${deployedApi.publicBaseUrl}/twilio/voice`,
      status_callback: `${deployedApi.publicBaseUrl}/twilio/status`,
      sms_url: `${deployedApi.publicBaseUrl}/twilio/sms`,
    });
    expect(fields('+447476955179')).toMatchObject({
      voice_url: `${deployedApi.publicBaseUrl}/twilio/voice`,
      status_callback: '',
    });
    const audit = await runCli(['audit', '--env', 'staging', '--json'], twilioEnv);
    expect(JSON.parse(audit.stdout)).toMatchObject({ twilio: { checked: true }, breaches: [] });
  });
});
