import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { E164 } from '../../domain/numbers/phone-number';
import type { CallSettingsChange, CallSettingsStore } from '../../ports/call-settings-store';
import { conditionally } from './document-client';
import { DIRECTORY_KEYS } from './tables';

/**
 * A client's call settings on its directory record: all the SMS function's owner commands change, so its bundle
 * carries this and not the whole number directory.
 */
export class DynamoCallSettings implements CallSettingsStore {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  /**
   * Changes a client's call settings on its record, only while the client still owns the number.
   * `hours: null` removes the opening hours (open all the time). False when the number has no client.
   */
  async updateCallSettings(business: E164, settings: CallSettingsChange): Promise<boolean> {
    const sets: string[] = [];
    const removes: string[] = [];
    const values: Record<string, unknown> = {};
    const names: Record<string, string> = {};
    if (settings.callMode) {
      sets.push('callMode = :mode');
      values[':mode'] = settings.callMode;
    }
    if (settings.spamScreen) {
      sets.push('spamScreen = :spam');
      values[':spam'] = settings.spamScreen;
    }
    // Issue 19: English is the default, so it is stored as no value ("language" is a DynamoDB reserved word).
    if (settings.language) names['#language'] = 'language';
    if (settings.language === 'en') removes.push('#language');
    else if (settings.language) {
      sets.push('#language = :language');
      values[':language'] = settings.language;
    }
    if (settings.emergencyRing !== undefined) {
      sets.push('emergencyRing = :ring');
      values[':ring'] = settings.emergencyRing;
    }
    if (settings.hours === null) removes.push('#hours', '#zone');
    if (settings.hours) {
      sets.push('#hours = :hours', '#zone = :zone');
      values[':hours'] = settings.hours.text;
      values[':zone'] = settings.hours.timeZone;
    }
    // A string set: adding a number twice or removing an absent one is a no-op, so a replay changes nothing.
    const never = settings.neverText;
    if (never) values[':never'] = new Set(['add' in never ? never.add : never.remove]);
    if (never && 'add' in never) values[':limit'] = never.limit;
    if (settings.hours !== undefined) Object.assign(names, { '#hours': 'hours', '#zone': 'timeZone' });
    // Issue 19: the owner's words, link domain or review link, bounded (OWNER_WORDS_MAX, REVIEW_LINK_MAX) before they get here.
    if (settings.ownText) {
      names['#text'] = settings.ownText.field;
      if (settings.ownText.text === null) removes.push('#text');
      else {
        sets.push('#text = :text');
        values[':text'] = settings.ownText.text;
      }
    }
    // Issue 19: the Monday digest (the review link is an ownText, validated by reviewLinkOf before it gets here).
    if (settings.digest !== undefined) {
      sets.push('digest = :digest');
      values[':digest'] = settings.digest;
    }
    const expression = [
      sets.length ? `SET ${sets.join(', ')}` : '',
      removes.length ? `REMOVE ${removes.join(', ')}` : '',
      never ? `${'add' in never ? 'ADD' : 'DELETE'} neverText :never` : '',
    ]
      .join(' ')
      .trim();
    if (!expression) return true;
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: business, sk: DIRECTORY_KEYS.clientSk },
          UpdateExpression: expression,
          // The never-text list is bounded: the client record every route reads stays small.
          ConditionExpression: `attribute_exists(twilioNumber)${
            values[':limit'] ? ' AND (attribute_not_exists(neverText) OR size(neverText) < :limit)' : ''
          }`,
          // hours and timeZone are DynamoDB reserved words.
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        }),
      ),
    );
  }
}
