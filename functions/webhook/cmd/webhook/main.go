package main

import (
	"log/slog"
	"os"

	"github.com/GoogleCloudPlatform/functions-framework-go/funcframework"
	"github.com/feedingfriend/skill/functions/webhook"
)

func main() {
	if err := webhook.Ready(); err != nil {
		os.Exit(1) // the reason is already logged
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	if err := funcframework.Start(port); err != nil {
		slog.Error("webhook: server stopped", "error", err.Error())
		os.Exit(1)
	}
}
