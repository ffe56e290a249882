/**
 * DynamoDB refuses an empty string (or empty binary) as the value of a secondary index's key attribute; dynalite stores
 * it, and the item then silently misses the index. The front (local/dynamo-transactions.ts) refuses it as DynamoDB
 * Local does, on PutItem and UpdateItem and on their transactional forms.
 */
export interface IndexKey {
  index: string;
  attribute: string;
}

type WireItem = Record<string, Record<string, unknown>>;

/** The index key attributes of a table, from its DescribeTable answer. */
export function indexKeysOf(table: {
  GlobalSecondaryIndexes?: Array<{ IndexName: string; KeySchema: Array<{ AttributeName: string }> }>;
  LocalSecondaryIndexes?: Array<{ IndexName: string; KeySchema: Array<{ AttributeName: string }> }>;
}): IndexKey[] {
  return [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])].flatMap((index) =>
    index.KeySchema.map((element) => ({ index: index.IndexName, attribute: element.AttributeName })),
  );
}

/** DynamoDB Local's refusal of an empty index key value in a put or an update, or undefined when there is none. */
export function emptyIndexKey(
  request: {
    Item?: WireItem;
    UpdateExpression?: string;
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: WireItem;
  },
  keys: IndexKey[],
): string | undefined {
  const written = new Map<string, Record<string, unknown>>(Object.entries(request.Item ?? {}));
  // `SET name = :value` assignments of an update (not computed ones such as if_not_exists).
  for (const [, path, placeholder] of (request.UpdateExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)(?!\s*[+-])/g)) {
    const name = path?.startsWith('#') ? request.ExpressionAttributeNames?.[path] : path;
    const value = placeholder ? request.ExpressionAttributeValues?.[placeholder] : undefined;
    if (name && value) written.set(name, value);
  }
  const empty = keys.find(({ attribute }) => {
    const value = written.get(attribute);
    return value !== undefined && (value.S === '' || value.B === '');
  });
  return empty
    ? `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: ${empty.index}, IndexKey: ${empty.attribute}`
    : undefined;
}
