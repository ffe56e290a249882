/**
 * The checks DynamoDB makes on a TransactWriteItems request before any action runs, and how it reports an action
 * that fails while running, as AWS's DynamoDB Local answers them (the contract suite, test/contract, holds
 * local/dynamo-transactions.ts to it). Messages are DynamoDB Local's.
 */

/** The most a transaction's items and values may weigh together: 4 MB. */
export const TRANSACTION_PAYLOAD_LIMIT = 4 * 1024 * 1024;
const MOST_ACTIONS = 100;

type WireValue = Record<string, unknown>;
type WireItem = Record<string, WireValue>;
export interface ActionShape {
  Key?: WireItem;
  Item?: WireItem;
  ConditionExpression?: string;
  ExpressionAttributeValues?: WireItem;
}

/** Why the request as a whole is refused before anything runs, or undefined when it may run. */
export function requestRefusal(actions: Array<{ kind: string; spec: ActionShape }>): string | undefined {
  if (actions.length < 1)
    return "1 validation error detected: Value [] at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1";
  if (actions.length > MOST_ACTIONS)
    return `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MOST_ACTIONS}`;
  const unconditioned = actions.findIndex(
    (action) => action.kind === 'ConditionCheck' && !action.spec.ConditionExpression,
  );
  if (unconditioned >= 0)
    return `1 validation error detected: Value null at 'transactItems.${unconditioned + 1}.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null`;
  const payload = actions.reduce((total, action) => total + payloadSize(action.spec), 0);
  if (payload > TRANSACTION_PAYLOAD_LIMIT)
    return `Transaction payload size cannot exceed 4MB. Payload Size: ${payload}`;
  return undefined;
}

/**
 * Whether a ValidationException an action met while running depends on the stored item: then DynamoDB cancels the
 * transaction with a ValidationError reason; any other (a malformed expression, an unused value) refuses the request.
 */
export function failsOnStoredItem(message: string): boolean {
  return /Item size to update has exceeded|This attribute is part of the key|Type mismatch for Index Key/.test(message);
}

/** What an action carries: the item it puts, or its key and expression values. */
function payloadSize(spec: ActionShape): number {
  if (spec.Item) return itemSize(spec.Item);
  return itemSize(spec.Key ?? {}) + itemSize(spec.ExpressionAttributeValues ?? {});
}

/** DynamoDB's item size: each attribute's name in UTF-8 plus its value. */
function itemSize(item: WireItem): number {
  return Object.entries(item).reduce((total, [name, value]) => total + utf8(name) + valueSize(value), 0);
}

function valueSize(value: WireValue): number {
  const [type, content] = Object.entries(value)[0] ?? ['NULL', true];
  switch (type) {
    case 'S':
      return utf8(String(content));
    case 'N':
      return Math.ceil(String(content).replace(/^-|\.|e.*$/gi, '').length / 2) + 1;
    case 'B':
      return Buffer.from(String(content), 'base64').length;
    case 'SS':
      return (content as string[]).reduce((total, member) => total + utf8(member), 0);
    case 'NS':
      return (content as string[]).reduce((total, member) => total + valueSize({ N: member }), 0);
    case 'BS':
      return (content as string[]).reduce((total, member) => total + valueSize({ B: member }), 0);
    case 'M':
      return 3 + itemSize(content as WireItem) + Object.keys(content as WireItem).length;
    case 'L':
      return 3 + (content as WireValue[]).reduce((total, member) => total + 1 + valueSize(member), 0);
    default:
      return 1;
  }
}

function utf8(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
