// The dynalite project of jest.contract.config.js: dynalite behind local/dynamo-transactions.ts.
process.env.CONTRACT_SERVER = 'dynalite';
