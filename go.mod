module github.com/feedingfriend/skill

go 1.26.8

require (
	cloud.google.com/go/dialogflow v1.89.1 // indirect
	github.com/GoogleCloudPlatform/functions-framework-go v1.9.2 // indirect
	github.com/aws/aws-lambda-go v1.55.1 // indirect
	github.com/kljensen/snowball v0.10.0 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	google.golang.org/genproto v0.0.0-20261019180522-ce908d29299b // indirect
)
