import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RecordingFacts, VoicemailLog } from '../../ports/voicemail-log';
import type { Delivery } from '../../domain/sending/delivery';
import * as activityKeys from './activity-table-keys';
import { conditionally } from './document-client';
import { expiresAt } from './expiry';

/** `VOICEMAIL#<RecordingSid>`: written by the recording and transcription callbacks, in either order. */
export class DynamoVoicemailLog implements VoicemailLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordRecording(facts: RecordingFacts): Promise<{ first: boolean }> {
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: activityKeys.voicemail(facts.recordingSid),
        UpdateExpression:
          'SET callSid = :callSid, recordingUrl = :url, recordingStatus = :status, recordedAt = if_not_exists(recordedAt, :at), expiresAt = if_not_exists(expiresAt, :expires)' +
          (facts.durationSeconds !== undefined ? ', recordingDuration = :duration' : ''),
        ExpressionAttributeValues: {
          ':callSid': facts.callSid,
          ':url': facts.url,
          ':status': facts.status,
          ':at': facts.at.toISOString(),
          ':expires': expiresAt(facts.at),
          ...(facts.durationSeconds !== undefined ? { ':duration': facts.durationSeconds } : {}),
        },
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    return { first: Attributes?.recordedAt === undefined };
  }

  async claimOwnerText(recordingSid: string, callSid: string, at: Date): Promise<boolean> {
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: activityKeys.voicemail(recordingSid),
          UpdateExpression:
            'SET callSid = :callSid, ownerTextClaimedAt = :at, expiresAt = if_not_exists(expiresAt, :expires)',
          ConditionExpression: 'attribute_not_exists(ownerTextClaimedAt)',
          ExpressionAttributeValues: { ':callSid': callSid, ':at': at.toISOString(), ':expires': expiresAt(at) },
        }),
      ),
    );
  }

  async recordOwnerText(
    recordingSid: string,
    outcome: { delivery: Delivery; jobRef?: number; transcriptionStatus: string },
  ): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: activityKeys.voicemail(recordingSid),
        UpdateExpression: `SET ownerText = :delivery, transcriptionStatus = :transcription${outcome.jobRef !== undefined ? ', jobRef = :ref' : ''}`,
        ExpressionAttributeValues: {
          ':delivery': outcome.delivery,
          ':transcription': outcome.transcriptionStatus,
          ...(outcome.jobRef !== undefined ? { ':ref': outcome.jobRef } : {}),
        },
      }),
    );
  }
}
