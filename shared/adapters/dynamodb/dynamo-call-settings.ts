import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { E164 } from '../../domain/numbers/phone-number';
import type { CallSettingsChange, CallSettingsStore } from '../../ports/call-settings-store';
import { OWNER_WORDS_FIELD } from '../../domain/calls/owner-words';
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
    if (settings.hours === null) removes.push('#hours', '#zone');
    if (settings.hours) {
      sets.push('#hours = :hours', '#zone = :zone');
      values[':hours'] = settings.hours.text;
      values[':zone'] = settings.hours.timeZone;
    }
    if (settings.hours !== undefined) Object.assign(names, { '#hours': 'hours', '#zone': 'timeZone' });
    // Issue 19: the owner's words, bounded by OWNER_WORDS_MAX before they get here.
    const strings = {
      ...(settings.words ? { [OWNER_WORDS_FIELD[settings.words.kind]]: settings.words.text } : {}),
      ...(settings.linkDomain !== undefined ? { linkDomain: settings.linkDomain } : {}),
    };
    for (const [index, [field, value]] of Object.entries(strings).entries()) {
      names[`#s${index}`] = field;
      if (value === null) removes.push(`#s${index}`);
      else {
        sets.push(`#s${index} = :s${index}`);
        values[`:s${index}`] = value;
      }
    }
    const expression = [
      sets.length ? `SET ${sets.join(', ')}` : '',
      removes.length ? `REMOVE ${removes.join(', ')}` : '',
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
          ConditionExpression: 'attribute_exists(twilioNumber)',
          // hours and timeZone are DynamoDB reserved words.
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        }),
      ),
    );
  }
}
