#!/usr/bin/env bash
# update.sh vendors axe-core (the accessibility engine the browser
# tests run in Chromium) from the npm registry: the unmodified axe.min.js and
# its licence (MPL-2.0). Usage: internal/browsertest/axe/update.sh [VERSION]
set -euo pipefail
cd "$(dirname "$0")"
version="${1:-4.14.1}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "axe-core@$version" >/dev/null && tar xzf "axe-core-$version.tgz")
cp "$tmp/package/axe.min.js" "$tmp/package/LICENSE" .
sed -i "s/^| version .*/| version | axe-core $version |/; s/^| sha256 .*/| sha256 | $(sha256sum axe.min.js | cut -d' ' -f1) |/" README.md
echo "axe-core $version -> $(pwd)/axe.min.js"
