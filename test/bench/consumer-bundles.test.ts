import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { stackBuildOptions } from '../../bench/bundle-size';

const ROOT = resolve(__dirname, '../..');

/** What a bundle of `entry` is made of, built as the stack builds it (esbuild's metafile inputs). */
async function bundleInputs(entry: string): Promise<string[]> {
  const result = await build({
    ...(await stackBuildOptions(ROOT)),
    entryPoints: [join(ROOT, entry)],
    outfile: join(tmpdir(), 'consumer-bundles', entry.replace(/\W/g, '-'), 'index.js'),
    write: false,
  });
  const output = Object.values((result.metafile as Metafile).outputs).find((candidate) => candidate.entryPoint);
  if (!output) throw new Error(`esbuild bundled nothing for ${entry}`);
  return Object.keys(output.inputs);
}

/** The HTTP edge of a webhook: middy, the middleware folder, and twilio's signature validator with our wrapper of it. */
function httpEdge(inputs: string[]): string[] {
  return inputs.filter(
    (input) =>
      /(^|\/)node_modules\/@middy\//.test(input) ||
      /(^|\/)node_modules\/twilio\/lib\/webhooks\//.test(input) ||
      input.startsWith('shared/middleware/') ||
      input === 'shared/adapters/twilio/signature.ts',
  );
}

describe('the redelivery consumers carry no HTTP edge: no middy, no signature check', () => {
  it.each([
    ['status', 'functions/status/redelivery-handler.ts'],
    ['sms', 'functions/sms/redelivery-handler.ts'],
  ])("the %s consumer's bundle holds no middy module and no Twilio signature validator", async (_fn, entry) => {
    const inputs = await bundleInputs(entry);

    expect(inputs).toContain('shared/redelivery/create-redelivery-consumer.ts');
    expect(httpEdge(inputs)).toEqual([]);
  });

  it.each([
    ['status', 'functions/status/handler.ts'],
    ['sms', 'functions/sms/handler.ts'],
  ])("the %s webhook's bundle does hold them (the check above can see them)", async (_fn, entry) => {
    const edge = httpEdge(await bundleInputs(entry));

    expect(edge).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/node_modules\/@middy\/core\//),
        expect.stringMatching(/node_modules\/twilio\/lib\/webhooks\/webhooks\.js$/),
        'shared/adapters/twilio/signature.ts',
      ]),
    );
  });
});
