// Package functionurl serves an http.Handler behind an AWS Lambda Function
// URL: the Dialogflow webhook's Lambda and the web chat's Lambda share it.
//
// It imports the standard library and aws-lambda-go's event types only.
package functionurl
