import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_TABLES } from '../local/local-service';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client';
import { DIRECTORY_KEYS } from '../shared/adapters/dynamodb/tables';
import { NUMBERS, TEST_SEED } from '../test/support/seeds';
import { callEnded, incomingCall, incomingSms } from '../test/support/webhook-harness';
import { startFaultRig } from '../test/reliability/support/fault-rig';
import { median, quantile } from './stats';
import { sid } from '../test/support/sid';

export interface LatencyRow {
  name: string;
  calls: number;
  p50Ms: number;
  p99Ms: number;
  /** p50 over the p50 of one bare Query of the same item in the same run (the voice path's one call, done bare). */
  ratioToQuery: number;
}

/**
 * Warm latency in-process against the embedded DynamoDB (in memory) and the fake Twilio API: each round times the voice
 * path's read done bare (one Query of the same item, through the same SDK client configuration: the baseline), one bare GetItem (for comparison), one voice call (OPERATIONAL, the greeting), one missed-call status callback (claim, text-back, owner notice,
 * record) and one customer text opening a job (store, job, forward, acknowledgement), interleaved so machine noise hits
 * all of them alike. Every call and text is new (unique CallSid, caller, MessageSid, customer).
 */
export async function measureWarmLatency(rounds: number): Promise<LatencyRow[]> {
  // No cap or cooldown may turn the measured paths into shorter ones halfway through.
  const rig = await startFaultRig(TEST_SEED, {
    inMemory: true,
    env: { DAILY_SMS_CAP: '100000000', DAILY_OWNER_SMS_CAP: '100000000', TEXT_BACK_COOLDOWN_MINUTES: '1' },
  });
  const db = createDocumentClient({ endpoint: rig.dynamodbEndpoint });
  const samples = {
    get: [] as number[],
    query: [] as number[],
    voice: [] as number[],
    status: [] as number[],
    sms: [] as number[],
  };
  const warmUp = Math.min(200, Math.ceil(rounds / 10));
  try {
    for (let round = -warmUp; round < rounds; round += 1) {
      const serial = String(round + warmUp).padStart(6, '0');
      const started = performance.now();
      await db.send(
        new GetCommand({
          TableName: LOCAL_TABLES.directoryTable,
          Key: { pk: NUMBERS.aceBusiness, sk: DIRECTORY_KEYS.numberSk },
        }),
      );
      const getMs = performance.now() - started;
      // The voice path's one read, bare: a Query for the number's partition (its record and its client).
      const queryStarted = performance.now();
      await db.send(
        new QueryCommand({
          TableName: LOCAL_TABLES.directoryTable,
          KeyConditionExpression: 'pk = :phone',
          ExpressionAttributeValues: { ':phone': NUMBERS.aceBusiness },
        }),
      );
      const queryMs = performance.now() - queryStarted;
      const voice = await rig.voice(incomingCall(sid('CA', serial), NUMBERS.aceBusiness, `+447912${serial}`));
      const status = await rig.status(callEnded(sid('CA', serial), NUMBERS.aceBusiness, `+447912${serial}`));
      const sms = await rig.sms(
        incomingSms(sid('SM', serial), NUMBERS.aceBusiness, `+447911${serial}`, 'Leaking tap, can you come Friday?'),
      );
      for (const [name, result] of [
        ['voice', voice],
        ['status', status],
        ['sms', sms],
      ] as const) {
        if (result.statusCode !== 200) throw new Error(`${name} answered ${result.statusCode}: ${result.body}`);
      }
      if (round < 0) continue;
      samples.get.push(getMs);
      samples.query.push(queryMs);
      samples.voice.push(voice.ms);
      samples.status.push(status.ms);
      samples.sms.push(sms.ms);
    }
    if (rig.errorLogs.length > 0) throw new Error(`the functions logged errors while measured: ${rig.errorLogs[0]}`);
  } finally {
    db.destroy();
    await rig.close();
  }
  const queryP50 = median(samples.query);
  const row = (name: string, values: number[]): LatencyRow => ({
    name,
    calls: values.length,
    p50Ms: median(values),
    p99Ms: quantile(values, 0.99),
    ratioToQuery: median(values) / queryP50,
  });
  return [
    row("one bare Query of the same item (baseline: the voice path's one call)", samples.query),
    row('one bare GetItem of its number record (for comparison)', samples.get),
    row('voice: OPERATIONAL call answered', samples.voice),
    row('status: missed call texted back', samples.status),
    row('sms: customer text opening a job', samples.sms),
  ];
}
