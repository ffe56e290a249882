import { Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  type MethodDeploymentOptions,
  RequestValidator,
  RestApi,
  SecurityPolicy,
  type Resource,
} from 'aws-cdk-lib/aws-apigateway';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ARecord, HostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { ApiGatewayDomain } from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { WEBHOOK_ROUTES } from '../shared/webhook-routes';
import type { CustomDomainSettings, ThrottleSettings, WebhookRouteName } from './environments';

export interface TwilioWebhookApiProps {
  apiName: string;
  stageName: string;
  /** For any method without its own setting. */
  throttling: ThrottleSettings;
  /** Each route's own token bucket; a route without one cannot be added. */
  routeThrottling: Record<WebhookRouteName, ThrottleSettings>;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
  customDomain?: CustomDomainSettings;
}

/**
 * The REST API Twilio posts to. REST (not HTTP) API because it has stage throttling, request validation,
 * access and execution logs and WAF, and its proxy event is the v1 shape the handlers take.
 * Every route requires the X-Twilio-Signature header; the function then checks the signature itself.
 */
export class TwilioWebhookApi extends Construct {
  readonly api: RestApi;
  /**
   * Exactly the base of the URLs Twilio calls, for the functions' signature check (PUBLIC_BASE_URL).
   * Built from the API id, region and stage name: `api.urlForPath()` would reference the stage, which
   * depends on the methods, which depend on the functions, which would depend on the stage: a cycle.
   */
  readonly publicBaseUrl: string;
  private readonly twilio: Resource;
  private readonly signatureRequired: RequestValidator;
  private readonly routeThrottling: Record<string, ThrottleSettings>;

  constructor(scope: Construct, id: string, props: TwilioWebhookApiProps) {
    super(scope, id);
    this.routeThrottling = props.routeThrottling;
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });

    this.api = new RestApi(this, 'Api', {
      restApiName: props.apiName,
      description: 'Twilio voice, status and messaging webhooks',
      endpointTypes: [EndpointType.REGIONAL],
      // With a custom domain, the signature is checked against that domain: the default endpoint could only fail.
      disableExecuteApiEndpoint: Boolean(props.customDomain),
      // Needed for access and execution logs; kept on delete because the setting is shared by the whole account and region.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: props.stageName,
        throttlingRateLimit: props.throttling.rateLimit,
        throttlingBurstLimit: props.throttling.burstLimit,
        // Errors only, and never request or response bodies: they hold phone numbers and message text.
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        methodOptions: perRouteThrottling(props.routeThrottling),
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: ACCESS_LOG_FORMAT,
      },
    });

    this.signatureRequired = new RequestValidator(this, 'SignatureHeaderRequired', {
      restApi: this.api,
      requestValidatorName: 'twilio-signature-header-required',
      validateRequestParameters: true,
      validateRequestBody: false,
    });
    this.twilio = this.api.root.addResource('twilio');
    this.acknowledgeNagFindings();

    if (props.customDomain) {
      this.publicBaseUrl = `https://${props.customDomain.domainName}`;
      this.addCustomDomain(props.customDomain);
    } else {
      const stack = Stack.of(this);
      this.publicBaseUrl = Fn.join('', [
        'https://',
        this.api.restApiId,
        '.execute-api.',
        stack.region,
        '.',
        stack.urlSuffix,
        '/',
        props.stageName,
      ]);
    }
  }

  /** POST /twilio/<pathPart> (nested parts allowed: `voice/dial-action`) to `target` (a function alias) through the Lambda proxy integration; returns the public URL. */
  addRoute(pathPart: string, target: IFunction): string {
    // The three webhooks each have their own bucket; their callbacks (`voice/dial-action`...) share the stage's.
    if (!pathPart.includes('/') && !this.routeThrottling[pathPart])
      throw new Error(`route /twilio/${pathPart} has no throttling of its own (routeThrottling)`);
    const method = this.twilio
      .resourceForPath(pathPart)
      .addMethod('POST', new LambdaIntegration(target, { proxy: true, allowTestInvoke: false }), {
        requestValidator: this.signatureRequired,
        requestParameters: { 'method.request.header.X-Twilio-Signature': true },
      });
    const reason =
      'Twilio cannot send IAM, Cognito or token credentials; it signs each request (HMAC-SHA1 of URL and every form parameter with the account auth token). ' +
      'The function verifies that signature before any other code runs; an authorizer cannot, because it never sees the body.';
    Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason });
    Validations.of(method).acknowledge({ id: 'AwsSolutions-COG4', reason });
    return `${this.publicBaseUrl}/twilio/${pathPart}`;
  }

  private acknowledgeNagFindings(): void {
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'Request parameters are validated (X-Twilio-Signature is required). Bodies are form-encoded, which JSON Schema models cannot describe; ' +
        'the function checks the signature over every parameter and requires the ones it uses.',
    });
    Validations.of(this.api.deploymentStage).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason:
        'Only Twilio calls this API and every request must carry a valid Twilio signature; each route is throttled on its own. ' +
        'A WAF web ACL (about $6/month per environment) can be added if probing shows up in webhook.signature_rejected.',
    });
    Validations.of(this.api.node.findChild('CloudWatchRole')).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'The account-level role API Gateway needs to write access and execution logs; this AWS-managed policy is the one AWS documents for it.',
    });
  }

  private addCustomDomain(domain: CustomDomainSettings): void {
    const domainName = this.api.addDomainName('CustomDomain', {
      domainName: domain.domainName,
      certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
      endpointType: EndpointType.REGIONAL,
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
    if (domain.hostedZone) {
      new ARecord(this, 'CustomDomainAlias', {
        zone: HostedZone.fromHostedZoneAttributes(this, 'Zone', {
          hostedZoneId: domain.hostedZone.id,
          zoneName: domain.hostedZone.name,
        }),
        recordName: domain.domainName,
        target: RecordTarget.fromAlias(new ApiGatewayDomain(domainName)),
      });
    }
  }
}

/** One JSON line per request: who, what, how it ended and how long it took; never a body (phone numbers, texts). */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: AccessLogField.contextRequestId(),
    requestTime: AccessLogField.contextRequestTime(),
    sourceIp: AccessLogField.contextIdentitySourceIp(),
    httpMethod: AccessLogField.contextHttpMethod(),
    resourcePath: AccessLogField.contextResourcePath(),
    status: AccessLogField.contextStatus(),
    responseLatency: AccessLogField.contextResponseLatency(),
    integrationLatency: AccessLogField.contextIntegrationLatency(),
    integrationStatus: AccessLogField.contextIntegrationStatus(),
    errorMessage: AccessLogField.contextErrorMessageString(),
    validationError: AccessLogField.contextErrorValidationErrorString(),
  }),
);

/**
 * Per route: API Gateway keeps one token bucket per method, so junk on one route cannot starve the others.
 * A callback route (`/twilio/voice/dial-action`...) gets a bucket of its own with its webhook's settings.
 */
function perRouteThrottling(
  routeThrottling: TwilioWebhookApiProps['routeThrottling'],
): Record<string, MethodDeploymentOptions> {
  return Object.fromEntries(
    Object.values(WEBHOOK_ROUTES).flatMap((path) => {
      const throttle = routeThrottling[path.split('/')[2] as WebhookRouteName];
      if (!throttle) return [];
      const options = {
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
      };
      return [[`${path}/POST`, options]];
    }),
  );
}
