#!/usr/bin/env bash
# make release-check, after `goreleaser check`: builds a snapshot release into
# dist/ with nothing but the Go module proxy, then checks it the way a user
# gets it: every archive and SBOM is there and listed in checksums.txt, and
# the action's install.sh installs the host's archive from dist/ and the
# binary reports the snapshot version. Prints the archives with their sizes.
#
# Environment (from the Makefile): GO, GORELEASER and SYFT (module@version).
set -euo pipefail
cd "$(dirname "$0")/../.."

tools="$PWD/bin/tools"
skip=sign # keyless signing needs the release workflow's OIDC token
if GOBIN="$tools" "$GO" install "$SYFT"; then
	export PATH="$tools:$PATH"
else
	echo "release-check: could not build $SYFT: SBOMs skipped" >&2
	skip=sign,sbom
fi

# goreleaser reads the remote's URL and, without one, records the commit as
# "none"; a clone without a remote is named as this repository, read-only.
if [[ -z $(git remote) ]]; then
	export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.url GIT_CONFIG_VALUE_0=https://github.com/ccr-dev/ccr.git
fi
"$GO" run "$GORELEASER" release --snapshot --clean --skip="$skip"

version=$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' dist/metadata.json)
[[ -n $version ]] || { echo "release-check: no version in dist/metadata.json" >&2; exit 1; }

missing=0
for bin in ccr aiven-sim; do
	for os in linux darwin windows; do
		for arch in amd64 arm64; do
			ext=tar.gz
			[[ $os == windows ]] && ext=zip
			archive="${bin}_${version}_${os}_${arch}.$ext"
			files=("$archive")
			[[ $skip == *sbom* ]] || files+=("$archive.sbom.json")
			for f in "${files[@]}"; do
				if [[ ! -s dist/$f ]] || ! grep -q "  $f\$" dist/checksums.txt; then
					echo "release-check: dist/$f is missing or not in checksums.txt" >&2
					missing=1
				fi
			done
		done
	done
done
((missing == 0)) || exit 1
(cd dist && sha256sum --quiet -c checksums.txt)

# Install the host's archive from dist/ exactly as the action would.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/releases" "$tmp/cache"
ln -s "$PWD/dist" "$tmp/releases/v$version"
env -u RUNNER_OS -u RUNNER_ARCH -u GITHUB_PATH -u GITHUB_OUTPUT \
	CCR_VERSION="v$version" CCR_RELEASE_URL="file://$tmp/releases" \
	RUNNER_TOOL_CACHE="$tmp/cache" RUNNER_TEMP="$tmp" bash .github/action/install.sh

echo
echo "Snapshot v$version in dist/ ($(wc -l <dist/checksums.txt) files in checksums.txt):"
for f in dist/*.tar.gz dist/*.zip; do
	printf '%10d  %s\n' "$(wc -c <"$f")" "${f#dist/}"
done | sort -k2
if [[ $skip != *sbom* ]] && command -v jq >/dev/null; then
	host_sbom=$(ls dist/ccr_"${version}"_linux_amd64.tar.gz.sbom.json 2>/dev/null || true)
	[[ -z $host_sbom ]] || echo "SBOM $(basename "$host_sbom"): $(jq '.packages | length' "$host_sbom") packages ($(jq -r '.spdxVersion' "$host_sbom"))"
fi
