import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SpamVerdicts } from '../../ports/spam-verdicts';
import * as activityKeys from './activity-table-keys';

/** Kept past the 30-day replay window, so a status callback redelivered late still sees the verdict. */
const VERDICT_SECONDS = 31 * 24 * 60 * 60;

/**
 * `CALL#<CallSid>` / `SCREENED`: a sibling of the call's own record, so the status callback reads it in the
 * BatchGetItem it already makes (dynamo-exchange-reader.ts). About 100 bytes, one per screened call.
 */
export class DynamoSpamVerdicts implements SpamVerdicts {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async markScreened(callSid: string, stirVerstat: string, at: Date): Promise<void> {
    // A redelivered voice webhook writes the same item again: harmless.
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...activityKeys.spamVerdict(callSid),
          stirVerstat: stirVerstat.slice(0, 40),
          expiresAt: Math.floor(at.getTime() / 1000) + VERDICT_SECONDS,
        },
      }),
    );
  }
}
