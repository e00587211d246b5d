package main

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// secretReader is the one call of the Secrets Manager client the function makes.
type secretReader interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// secretsManager is a Secrets Manager client for the function's region with
// the credentials of its execution role, which Lambda puts in the environment
// (the SDK's config module, with SSO, STS and instance metadata, is not needed
// for that).
func secretsManager(getenv func(string) string, optFns ...func(*secretsmanager.Options)) *secretsmanager.Client {
	creds := aws.Credentials{
		AccessKeyID: getenv("AWS_ACCESS_KEY_ID"), SecretAccessKey: getenv("AWS_SECRET_ACCESS_KEY"),
		SessionToken: getenv("AWS_SESSION_TOKEN"), Source: "lambda environment",
	}
	return secretsmanager.New(secretsmanager.Options{
		Region: getenv("AWS_REGION"),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return creds, nil
		}),
	}, optFns...)
}

// readSecret returns a function that reads the secret string of arn (its
// current version, AWSCURRENT).
func readSecret(c secretReader, arn string) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		out, err := c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(arn)})
		if err != nil {
			return "", fmt.Errorf("read %s: %w", arn, err)
		}
		if out.SecretString == nil {
			return "", fmt.Errorf("%s holds no SecretString (a binary secret?)", arn)
		}
		return *out.SecretString, nil
	}
}

var _ secretReader = (*secretsmanager.Client)(nil)
