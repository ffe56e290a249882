// The DynamoDB Local project of jest.contract.config.js: AWS's own DynamoDB Local, the referee.
process.env.CONTRACT_SERVER = 'dynamodb-local';
