package config

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/feedingfriend/skill/internal/lazyre"
)

// AlexaRegions are the AWS regions where Alexa calls a Lambda endpoint: one of
// them must hold the skill's function.
var AlexaRegions = []string{"us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"}

// UKRegion is the Alexa region nearest the UK (Alexa's Europe and India
// endpoint region); a skill published in the UK deploys its function there.
const UKRegion = "eu-west-1"

// lambdaARN matches a Lambda function ARN, with an optional version or alias.
var lambdaARN = lazyre.New(`^arn:aws:lambda:([a-z0-9-]+):[0-9]{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$`)

// CheckEndpoint checks an Alexa endpoint: a Lambda function ARN in one of the
// AlexaRegions, or an https address with a host.
func CheckEndpoint(ep string) error {
	if strings.HasPrefix(ep, "arn:") {
		m := lambdaARN().FindStringSubmatch(ep)
		if m == nil {
			return fmt.Errorf("%q is not a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)", ep)
		}
		if !slices.Contains(AlexaRegions, m[1]) {
			return fmt.Errorf("%q is in %s: Alexa calls Lambda functions only in %s (%s for the UK)",
				ep, m[1], strings.Join(AlexaRegions, ", "), UKRegion)
		}
		return nil
	}
	u, err := url.Parse(ep)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("%q is neither a Lambda function ARN nor an https address", ep)
	}
	return nil
}

// EndpointRegion returns the AWS region of a Lambda endpoint, "" for an https
// one.
func EndpointRegion(ep string) string {
	if m := lambdaARN().FindStringSubmatch(ep); m != nil {
		return m[1]
	}
	return ""
}
