#!/bin/sh
# stage.sh DIR: writes a source directory that `gcloud functions deploy` (Cloud Run
# functions) can build, for the targets DialogflowES and DialogflowCX.
#
# Why: the Functions Framework buildpack builds the Go package at the ROOT of the
# uploaded source and nothing else. This repository's root package (feedingfriend,
# skill.go) must stay free of Dialogflow because the Alexa function links it, so
# the webhook is deployed from a small wrapper module whose root package imports
# functions/webhook, with the repository copied beside it (docs/deploy-google.md).
set -eu
dir=${1:?usage: functions/webhook/stage.sh DIR}
root=$(git rev-parse --show-toplevel)
rm -rf "$dir"
mkdir -p "$dir/skill"
git -C "$root" archive HEAD | tar -x -C "$dir/skill"
gover=$(sed -n 's/^go //p' "$root/go.mod")
cat > "$dir/go.mod" <<EOT
module example.com/feedingfriend-webhook

go $gover

require github.com/feedingfriend/skill v0.0.0

replace github.com/feedingfriend/skill => ./skill
EOT
cp "$root/go.sum" "$dir/go.sum"
cat > "$dir/function.go" <<'EOT'
// Package webhookfn is the deployable root for Cloud Run functions: importing
// functions/webhook registers the targets DialogflowES and DialogflowCX.
package webhookfn

import (
	_ "github.com/GoogleCloudPlatform/functions-framework-go/functions"
	_ "github.com/feedingfriend/skill/functions/webhook"
)
EOT
(cd "$dir" && GOFLAGS=-mod=mod go build . ) # records the requirements in go.mod and checks it compiles
echo "staged $dir: deploy it with gcloud functions deploy --source $dir (docs/deploy-google.md)"
