#!/usr/bin/env bash
# Installs a released ccr for the runner's OS and architecture, verified, into
# the tool cache, and puts it on PATH. Used by action.yml; tested by
# cmd/ccr/action_install_test.go against a fake release server.
#
# It never builds ccr: it installs only a published release, and refuses
# unless the archive's SHA-256 is the one listed in the release's
# checksums.txt. When cosign is on PATH it also verifies checksums.txt
# against its keyless signature bundle (checksums.txt.sigstore.json), which
# must have been made by this repository's release workflow for that tag.
#
# The binary's SHA-256 is recorded in the tool cache when it is installed and
# given to the run step as the `sha256` output. A cached binary is run only
# after it matches that record; one that does not (tampered with, or cut
# short) is reinstalled from the release, verified as above. run.sh compares
# the binary with the `sha256` output again before it runs it.
#
# Helper programs (curl, cosign, tar, unzip, jq and ccr itself) run under
# `env -i` with only the variables they need (tool_env): never the step's
# AIVEN_TOKEN, GITHUB_TOKEN or anything else the workflow set. GITHUB_TOKEN
# reaches curl as a header read from stdin, never on a command line.
#
# Environment (all optional except that a version must be found):
#   CCR_VERSION            release to install: v1.2.3 or 1.2.3 (the action's `version` input)
#   CCR_ACTION_REF         the action's own ref (github.action_ref), used when CCR_VERSION is empty
#   CCR_ACTION_REPOSITORY  the action's repository (github.action_repository)
#   CCR_REPOSITORY         where releases live (default: the action's repository, else ccr-dev/ccr)
#   CCR_RELEASE_URL        download base (default https://github.com/$CCR_REPOSITORY/releases/download);
#                          files are fetched from $CCR_RELEASE_URL/<tag>/<file>
#   CCR_DOWNLOAD_TIMEOUT   seconds one download may take (default 120); retries are bounded too
#   GITHUB_TOKEN, GITHUB_API_URL   only to resolve a major tag such as v1 to its newest release
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TOOL_CACHE, RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT   (Actions)
set -euo pipefail

readonly oidc_issuer="https://token.actions.githubusercontent.com"
readonly semver_re='^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$'
readonly series_re='^v[0-9]+(\.[0-9]+)?$'

# say prints one line for the log. Values from inputs are stripped of
# control characters and the line starts with "ccr action:", so nothing
# printed here can be read as a workflow command.
say() { printf 'ccr action: %s\n' "$(printf '%s' "$*" | tr -d '\000-\037\177')"; }
fail() { say "$*" >&2; exit 1; }
# last_error prints the last line curl wrote to FILE: one line per attempt.
last_error() { tail -n 1 "$1" | tr -d '\000-\037\177'; }

# tool_env is the whole environment of a helper program: where to find
# programs, home and temporary directories (cosign keeps its trust root
# under HOME or TUF_ROOT), the proxy and CA settings a runner may need, and
# on Windows the variables its network stack cannot start without.
tool_env=()
init_tool_env() {
	local name
	tool_env=("PATH=$PATH" "LC_ALL=C")
	for name in HOME TMPDIR TUF_ROOT \
		HTTPS_PROXY https_proxy HTTP_PROXY http_proxy ALL_PROXY all_proxy NO_PROXY no_proxy \
		SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE \
		SYSTEMROOT SystemRoot WINDIR windir TEMP TMP USERPROFILE APPDATA LOCALAPPDATA; do
		[[ -n ${!name:-} ]] && tool_env+=("$name=${!name}")
	done
	return 0
}

# tool runs a helper program with tool_env as its only environment.
tool() { env -i "${tool_env[@]}" "$@"; }

# fetch URL DEST downloads with bounded time and retries; 404 is not retried,
# so an unknown version fails at once.
fetch() {
	local url=$1 dest=$2 status
	status=$(tool curl --silent --show-error --location --proto-redir '=https' \
		--connect-timeout 10 --max-time "${CCR_DOWNLOAD_TIMEOUT:-120}" \
		--retry 3 --retry-delay 2 --retry-max-time "$((3 * ${CCR_DOWNLOAD_TIMEOUT:-120}))" \
		--output "$dest" --write-out '%{http_code}' "$url" 2>"$dest.err") || {
		fail "download $url failed: $(last_error "$dest.err")"
	}
	case $status in
	2??) ;;
	000) [[ $url == file://* ]] || fail "download $url failed: no HTTP status" ;; # file:// (make release-check)
	404) return 4 ;;
	*) fail "download $url failed: HTTP $status" ;;
	esac
}

# platform sets os and arch as goreleaser names them.
platform() {
	case ${RUNNER_OS:-$(uname -s)} in
	Linux | linux) os=linux ;;
	macOS | Darwin) os=darwin ;;
	Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
	*) fail "no ccr release for OS ${RUNNER_OS:-$(uname -s)}" ;;
	esac
	case ${RUNNER_ARCH:-$(uname -m)} in
	X64 | x86_64 | amd64) arch=amd64 ;;
	ARM64 | arm64 | aarch64) arch=arm64 ;;
	*) fail "no ccr release for architecture ${RUNNER_ARCH:-$(uname -m)}" ;;
	esac
}

# requested_ref is what to install before resolution: the version input, else
# the action's own ref, else the ref in the action's download path
# (…/_actions/<owner>/<repo>/<ref>), which the runner sets even where
# github.action_ref is empty in a composite action.
requested_ref() {
	if [[ -n ${CCR_VERSION:-} ]]; then
		echo "$CCR_VERSION"
	elif [[ -n ${CCR_ACTION_REF:-} ]]; then
		echo "$CCR_ACTION_REF"
	elif [[ ${GITHUB_ACTION_PATH:-} == */_actions/*/*/* ]]; then
		basename "$GITHUB_ACTION_PATH"
	fi
}

# newest_in_series SERIES sets tag to the newest published, non-prerelease
# release in SERIES (v1 → v1.x.y, v1.2 → v1.2.y): what a moving tag such as
# ccr-dev/ccr@v1 stands for.
newest_in_series() {
	local series=$1 body="$work/releases.json" pattern
	command -v jq >/dev/null || fail "resolving $series to a release needs jq: set the action's version input to a release tag instead"
	api_token=${GITHUB_TOKEN:-}
	api_token=${api_token%"${api_token##*[![:space:]]}"} # as pasted: a trailing newline is not part of it
	# A line break would add headers of its own.
	[[ $api_token != *[[:cntrl:]]* ]] || fail "GITHUB_TOKEN holds a control character: refusing to send it"
	# The headers come from stdin (--header @-): a token on curl's command
	# line could be read by any process on the runner.
	api_headers | tool curl --silent --show-error --fail --location --proto-redir '=https' \
		--connect-timeout 10 --max-time 30 --retry 2 --header @- --output "$body" \
		"${GITHUB_API_URL:-https://api.github.com}/repos/$repo/releases?per_page=100" 2>"$body.err" ||
		fail "list the releases of $repo to resolve $series: $(last_error "$body.err")"
	pattern="^${series//./\\.}\\.[0-9]+\$"
	[[ $series == *.* ]] || pattern="^${series}\\.[0-9]+\\.[0-9]+\$"
	# Sorted by version numbers in jq, not by sort -V, which macOS lacks.
	tag=$(tool jq -r --arg re "$pattern" '[.[] | select((.draft | not) and (.prerelease | not)) | .tag_name
		| select(test($re))] | sort_by(ltrimstr("v") | split(".") | map(tonumber)) | last // empty' "$body") ||
		fail "the list of releases of $repo is not what GitHub returns"
	[[ -n $tag ]] || fail "no published release of $repo matches $series"
	say "$series resolves to release $tag"
}

# api_headers prints the GitHub API request's headers, one a line, for
# curl to read from stdin. printf is a shell builtin: the token is on no
# command line.
api_headers() {
	printf 'Accept: application/vnd.github+json\n'
	[[ -z $api_token ]] || printf 'Authorization: Bearer %s\n' "$api_token"
}

# resolve_tag sets tag to the release to install, or fails saying how to pin one.
resolve_tag() {
	local ref
	ref=$(requested_ref)
	[[ -n $ref ]] || fail "no version to install: set the action's version input to a release tag such as v1.2.3"
	if [[ $ref == latest ]]; then
		fail "version \"latest\" is refused: pin a release tag such as v1.2.3, so that what runs is what was reviewed"
	elif [[ $ref =~ $semver_re ]]; then
		tag="v${ref#v}"
	elif [[ -z ${CCR_VERSION:-} && $ref =~ $series_re ]]; then
		newest_in_series "$ref"
	elif [[ -n ${CCR_VERSION:-} ]]; then
		fail "version \"$ref\" is not a release tag: use one such as v1.2.3"
	else
		fail "the action runs at \"$ref\", a branch or a commit, not a release: set its version input to a release tag such as v1.2.3"
	fi
}

# expected_sum FILE prints FILE's SHA-256 from checksums.txt.
expected_sum() {
	awk -v f="$1" '$2 == f || $2 == "*" f { print $1; exit }' "$work/checksums.txt"
}

sha256() {
	if command -v sha256sum >/dev/null; then
		sha256sum "$1" | awk '{print $1}'
	else
		shasum -a 256 "$1" | awk '{print $1}'
	fi
}

# verify_signature checks checksums.txt against its cosign bundle when cosign
# is installed. The identity is this repository's release workflow at the
# very tag being installed.
verify_signature() {
	if ! command -v cosign >/dev/null; then
		say "cosign is not on PATH: verified against checksums.txt only (add sigstore/cosign-installer before this step to verify its signature too)"
		return
	fi
	local bundle="$work/checksums.txt.sigstore.json"
	fetch "$base/checksums.txt.sigstore.json" "$bundle" ||
		fail "release $tag has no checksums.txt.sigstore.json: refusing to install an unsigned release"
	tool cosign verify-blob --bundle "$bundle" \
		--certificate-identity "https://github.com/$repo/.github/workflows/release.yml@refs/tags/$tag" \
		--certificate-oidc-issuer "$oidc_issuer" "$work/checksums.txt" >"$work/cosign.log" 2>&1 || {
		cat "$work/cosign.log" >&2
		fail "the signature of checksums.txt for $tag does not verify: refusing to install"
	}
	say "checksums.txt signature verified (release workflow of $repo at $tag)"
}

# download_verified fetches the archive and checks it against checksums.txt.
download_verified() {
	fetch "$base/checksums.txt" "$work/checksums.txt" ||
		fail "release $tag not found at $base (no checksums.txt): is $tag a published ccr release?"
	verify_signature
	local want got
	want=$(expected_sum "$archive")
	[[ -n $want ]] || fail "checksums.txt of $tag lists no $archive: refusing to install"
	fetch "$base/$archive" "$work/$archive" || fail "release $tag has no $archive"
	got=$(sha256 "$work/$archive")
	[[ $got == "$want" ]] || fail "checksum mismatch for $archive: checksums.txt says $want, the download is $got: refusing to install"
	say "$archive matches checksums.txt (sha256 $got)"
}

# unpack extracts the binary from the verified archive into $work/x.
unpack() {
	mkdir -p "$work/x"
	case $archive in
	*.zip) tool unzip -q -o "$work/$archive" "$exe" -d "$work/x" ;;
	*) tool tar -xzf "$work/$archive" -C "$work/x" "$exe" ;;
	esac
	chmod 0755 "$work/x/$exe"
}

# cache_install moves the checked binary into the tool cache and records its
# SHA-256 in the marker. The marker is written last, as @actions/tool-cache
# does, so that an interrupted install is never taken for a complete one.
cache_install() {
	rm -rf "$dir" "$marker"
	mkdir -p "$dir"
	mv -f "$work/x/$exe" "$dir/$exe"
	sha256 "$dir/$exe" >"$marker"
}

# cached_intact reports whether the tool cache holds a complete install whose
# binary still has the SHA-256 recorded when it was installed. (A marker
# written by an older install.sh holds the archive's hash, never the
# binary's: that install is redone, once.)
cached_intact() {
	[[ -f $marker && -x "$dir/$exe" ]] || return 1
	local want got
	want=$(<"$marker")
	got=$(sha256 "$dir/$exe")
	if [[ $got != "$want" ]]; then
		say "the cached ccr $tag ($dir/$exe) does not match the SHA-256 recorded when it was installed: reinstalling it from the release"
		return 1
	fi
}

# check_runs makes sure the binary runs and reports the version it was
# installed as: a mislabelled archive is refused.
check_runs() {
	local line
	line=$(tool "$1/$exe" version) || fail "the installed ccr does not run"
	[[ $line == "ccr $tag "* ]] || fail "the archive for $tag holds a ccr that reports \"$line\": refusing to use it"
	say "$line"
}

write_output() {
	[[ -n ${GITHUB_OUTPUT:-} ]] || return 0
	local delim
	delim="ghadelimiter_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
	printf '%s<<%s\n%s\n%s\n' "$1" "$delim" "$2" "$delim" >>"$GITHUB_OUTPUT"
}

main() {
	[[ ${CCR_DOWNLOAD_TIMEOUT:-120} =~ ^[1-9][0-9]*$ ]] || fail "CCR_DOWNLOAD_TIMEOUT must be a number of seconds"
	repo=${CCR_REPOSITORY:-${CCR_ACTION_REPOSITORY:-ccr-dev/ccr}}
	work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/ccr-install.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	init_tool_env
	platform
	resolve_tag
	local version=${tag#v}
	exe=ccr
	archive="ccr_${version}_${os}_${arch}.tar.gz"
	if [[ $os == windows ]]; then
		exe=ccr.exe
		archive="ccr_${version}_${os}_${arch}.zip"
	fi
	base="${CCR_RELEASE_URL:-https://github.com/$repo/releases/download}/$tag"
	cache="${RUNNER_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ccr-tool-cache}/ccr/$version"
	dir="$cache/$arch"
	marker="$cache/$arch.complete"
	if cached_intact; then
		say "using ccr $tag from the tool cache ($dir), sha256 matches the install's record"
		check_runs "$dir"
	else
		download_verified
		unpack
		check_runs "$work/x"
		cache_install
	fi
	[[ -n ${GITHUB_PATH:-} ]] && echo "$dir" >>"$GITHUB_PATH"
	write_output version "$tag"
	write_output path "$dir/$exe"
	write_output sha256 "$(<"$marker")"
	say "installed ccr $tag at $dir"
}

main "$@"
