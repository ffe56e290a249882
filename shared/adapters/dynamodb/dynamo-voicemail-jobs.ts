import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AddCustomerMessageResult, JobMessage, VoicemailIntake, VoicemailJobs } from '../../ports/job-book';
import * as activityKeys from './activity-table-keys';
import { DynamoSendLedger } from './dynamo-send-ledger';
import { expiresAt } from './expiry';
import { intakeOnJob, type JobStore } from './job-intake';
import type { TransactItem } from './transactions';

/**
 * A voicemail is the caller's message on their job: its RecordingSid is claimed (its own item, kept a year) in the
 * same transaction, the recording is its media, and no sends are reserved (the owner's text is reserved on its own).
 */
export async function addVoicemailToJob(store: JobStore, intake: VoicemailIntake): Promise<AddCustomerMessageResult> {
  const { voicemail } = intake;
  const body = `Voicemail: ${voicemail.transcript ?? '(no transcript)'}`;
  const message: JobMessage = {
    messageSid: voicemail.recordingSid,
    author: 'customer',
    body,
    mediaUrls: [voicemail.recordingUrl],
    at: voicemail.at,
  };
  const claim: TransactItem = {
    Put: {
      TableName: store.tableName,
      Item: {
        ...activityKeys.voicemailOnJob(voicemail.recordingSid),
        recordingSid: voicemail.recordingSid,
        clientId: intake.business.clientId,
        at: voicemail.at.toISOString(),
        expiresAt: expiresAt(voicemail.at),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  return intakeOnJob(store, { ...intake, message, sends: { joining: 0, opening: 0 } }, claim);
}

/** Voicemails on the callers' jobs (the status function's side of the job book, DynamoJobBook's layout). */
export class DynamoVoicemailJobs implements VoicemailJobs {
  private readonly store: JobStore;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    // The business ledger's update, for the reference a voicemail's new job takes in the same transaction.
    this.store = { db, tableName, ledger: new DynamoSendLedger(db, tableName) };
  }

  async addVoicemail(intake: VoicemailIntake): Promise<AddCustomerMessageResult> {
    return addVoicemailToJob(this.store, intake);
  }
}
