# Makefile: what `sam build` runs for each function of template.yaml (BuildMethod
# makefile, CodeUri "."), on this machine or, with `sam build --use-container`, in
# the SAM build image for provided.al2023. Building from the repository's root is
# what lets Go find go.mod. Each binary is linux/arm64, static (CGO_ENABLED=0) and
# built with (aws-lambda-go without its RPC mode, which the
# provided.al2023 runtime never uses). internal/deploy runs these targets.

GO ?= go
LAMBDA_ENV = GOOS=linux GOARCH=arm64 CGO_ENABLED=0
LAMBDA_FLAGS = -trimpath -tags lambda.norpc -ldflags="-s -w"

.PHONY: build-AlexaFunction build-WebhookFunction build-WebFunction

build-AlexaFunction:
	$(LAMBDA_ENV) $(GO) build $(LAMBDA_FLAGS) -o "$(ARTIFACTS_DIR)/bootstrap" ./functions/alexa

build-WebhookFunction:
	$(LAMBDA_ENV) $(GO) build $(LAMBDA_FLAGS) -o "$(ARTIFACTS_DIR)/bootstrap" ./functions/webhook/lambda

build-WebFunction:
	$(LAMBDA_ENV) $(GO) build $(LAMBDA_FLAGS) -o "$(ARTIFACTS_DIR)/bootstrap" ./functions/web
