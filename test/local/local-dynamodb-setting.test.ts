import { localDynamoServerFrom } from '../../local/embedded-dynamodb';

describe('LOCAL_DYNAMODB picks the local DynamoDB server', () => {
  it('keeps dynalite, which needs no Java, when the setting is unset or empty', () => {
    expect([localDynamoServerFrom(undefined), localDynamoServerFrom('')]).toEqual(['dynalite', 'dynalite']);
  });

  it("runs AWS's DynamoDB Local when asked for aws-local", () => {
    expect(localDynamoServerFrom('aws-local')).toBe('aws-local');
  });

  it('refuses any other value, naming the setting and the two it accepts', () => {
    expect(() => localDynamoServerFrom('dynamodb-local')).toThrow(
      'LOCAL_DYNAMODB must be dynalite (the default) or aws-local, got "dynamodb-local"',
    );
  });
});
