// The SDK's Node 20 end-of-support notice is not a test result.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Keep aws-embedded-metrics from probing EC2 metadata if anything resolves its default environment.
process.env.AWS_EMF_ENVIRONMENT = 'Local';
