import { startEmbeddedDynamo } from '../../../local/embedded-dynamodb';

// Runs the embedded DynamoDB in its own process (argv: port, data directory), so that a test can kill it the way an
// outage does, without the in-process server's shutdown races surfacing in the test run, and start it again on the
// same port and data. Prints {"port":n} once it listens.
async function main(): Promise<void> {
  const [port = '0', path] = process.argv.slice(2);
  const dynamo = await startEmbeddedDynamo(Number(port), path ? { path } : {});
  process.stdout.write(`${JSON.stringify({ port: dynamo.port })}\n`);
  process.on('SIGTERM', () => void dynamo.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
