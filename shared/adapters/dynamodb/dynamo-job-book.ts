import type { AddCustomerMessageResult, JobBook, StoredJobMessage, VoicemailIntake } from '../../ports/job-book';
import * as activityKeys from './activity-table-keys';
import { DynamoTextJobs } from './dynamo-text-jobs';
import { addVoicemailToJob } from './dynamo-voicemail-jobs';
import { queryAllPages } from './query-all-pages';

/**
 * The whole job book (dynamo-text-jobs.ts has the layout): the SMS webhook's side with voicemails
 * (dynamo-voicemail-jobs.ts) and a job's messages.
 */
export class DynamoJobBook extends DynamoTextJobs implements JobBook {
  async addVoicemail(intake: VoicemailIntake): Promise<AddCustomerMessageResult> {
    return addVoicemailToJob(this.store, intake);
  }

  async messages(jobId: string): Promise<StoredJobMessage[]> {
    const { pk, skPrefix } = activityKeys.jobMessages(jobId);
    const items = await queryAllPages(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
      ExpressionAttributeValues: { ':pk': pk, ':msg': skPrefix },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      messageSid: String(item.messageSid),
      author: item.author === 'owner' ? 'owner' : 'customer',
      body: String(item.body),
      mediaUrls: (item.mediaUrls as string[]) ?? [],
      at: String(item.at),
    }));
  }
}
