import * as path from 'node:path';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { phoneMetadataDefine } from './phone-metadata';
import type { FunctionName } from '../shared/function-settings';

export const PROJECT_ROOT = path.join(__dirname, '..');

/** The newest Node.js runtime Lambda offers in this aws-cdk-lib; a test fails when a newer one appears. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

export interface ServiceFunctionProps {
  /** The handler file, relative to the project root, e.g. `functions/voice/handler.ts` (exports `handler`). */
  entry: string;
  description: string;
  environment: Record<string, string>;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
  /** Default 12 s, for webhooks: Twilio abandons a request after 15 s. Scheduled jobs set their own. */
  timeout?: Duration;
  /** Retries of an asynchronous (scheduled) invocation that failed; Lambda's default is 2. */
  retryAttempts?: number;
  /** The environment's served calling codes: only their phone metadata is bundled (lib/phone-metadata.ts). */
  servedCallingCodes: readonly string[];
}

/**
 * A function with the house defaults (the webhooks and the scheduled jobs): newest Node runtime, ARM64, its own log group with retention,
 * a role that can write only to that log group (no managed policy), a minified CommonJS bundle with source maps,
 * AWS SDK v3 left to the runtime, phone metadata for the served calling codes only, bundled by the locally installed esbuild (never Docker).
 */
export class ServiceFunction extends NodejsFunction {
  readonly functionLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description}: writes its own logs; data grants are added per function`,
    });
    super(scope, id, {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      // Twilio abandons a webhook after 15 s: past 12 s an answer is worthless, so fail and be counted instead.
      timeout: props.timeout ?? Duration.seconds(12),
      ...(props.retryAttempts === undefined ? {} : { retryAttempts: props.retryAttempts }),
      role,
      logGroup,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.CJS,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The Node.js runtimes ship AWS SDK v3.
        externalModules: ['@aws-sdk/*'],
        forceDockerBundling: false,
        logLevel: LogLevel.WARNING,
        // The phone metadata of the served numbering plans only, generated here from node_modules (never the whole world's).
        define: phoneMetadataDefine(props.servedCallingCodes),
      },
    });
    logGroup.grantWrite(role);
    this.functionLogGroup = logGroup;
  }
}

/** Builds one of the stack's functions with the house defaults and exactly the settings its code reads. */
export type CreateFunction = (
  handler: FunctionName,
  id: string,
  description: string,
  overrides?: { timeout?: Duration; retryAttempts?: number; entry?: string },
) => ServiceFunction;
