// Command lambda is the Dialogflow webhook's AWS Lambda function, behind a Lambda
// Function URL: ES requests go to /es and CX requests to /cx. It reads its
// configuration from the environment (WEBHOOK_USERNAME with WEBHOOK_PASSWORD or
// WEBHOOK_PASSWORD_SECRET_ARN, the Secrets Manager secret read at run time and
// cached for five minutes so that rotation needs no redeploy; or WEBHOOK_SECRET
// and WEBHOOK_SECRET_HEADER; APPROVED_ONLY default true; SKILL_NATION;
// LOG_LEVEL), wires the skill and hands it to the Lambda runtime.
// It refuses to start without credentials.
package main
