#!/usr/bin/env bash
# Runs one ccr command for action.yml and turns its results into step
# outputs. Tested by cmd/ccr/action_run_test.go.
#
# Environment:
#   CCR_BIN        the ccr binary (from install.sh; default: ccr on PATH)
#   CCR_SHA256     its SHA-256 as install.sh recorded it (required with
#                  CCR_BIN): a binary that no longer matches is not run
#   CCR_COMMAND    plan | apply | drift | validate
#   CCR_FILE       the ccr file (default ccr.yaml)
#   CCR_ARGS       more arguments, split on whitespace (no quoting, no globbing)
#   GITHUB_TOKEN   when set, plan comments on the pull request (--comment),
#                  apply reports on the merged one (--comment) and drift keeps
#                  the drift issue (--drift-issue); when empty nothing is posted
#   RUNNER_TEMP, GITHUB_OUTPUT   (Actions)
#
# Outputs: exitcode; for plan and drift also plan-json (the saved JSON plan),
# changes, to-create, to-link, to-switch-over, to-update and conflicts (read
# from it with jq; changes is "true" when the plan creates, links, switches
# over or updates, as ccr's own --detailed-exitcode and label say);
# comment-url when ccr reported the URL of the comment or issue it kept
# (only a URL in this repository, $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/, on
# a line that is wholly ccr's report: ccr prints remote text escaped on one
# line, so no API answer can start such a line). The step fails when ccr
# exits with anything but 0 or 2 ("changes present" with --detailed-exitcode
# in args, which is information, not an error).
set -euo pipefail

say() { printf 'ccr action: %s\n' "$(printf '%s' "$*" | tr -d '\000-\037\177')"; }
fail() { say "$*" >&2; exit 1; }

# write_output NAME VALUE appends one output in the multi-line form with a
# random delimiter, so no value can end it early or add outputs of its own.
write_output() {
	[[ -n ${GITHUB_OUTPUT:-} ]] || return 0
	local delim
	delim="ghadelimiter_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
	[[ $2 != *"$delim"* ]] || fail "output $1 contains its delimiter"
	printf '%s<<%s\n%s\n%s\n' "$1" "$delim" "$2" "$delim" >>"$GITHUB_OUTPUT"
}

sha256() {
	if command -v sha256sum >/dev/null; then
		sha256sum "$1" | awk '{print $1}'
	else
		shasum -a 256 "$1" | awk '{print $1}'
	fi
}

# verify_binary refuses to run a CCR_BIN whose SHA-256 is not the one the
# install step recorded: the binary changed after it was verified.
verify_binary() {
	[[ -n ${CCR_BIN:-} ]] || return 0
	[[ -n ${CCR_SHA256:-} ]] || fail "CCR_BIN is set without CCR_SHA256: refusing to run a ccr the install step did not record"
	local got
	got=$(sha256 "$CCR_BIN") || fail "cannot read $CCR_BIN"
	[[ $got == "$CCR_SHA256" ]] ||
		fail "$CCR_BIN changed since the install step verified it (sha256 $got, recorded $CCR_SHA256): refusing to run it"
}

# command_line sets cmd to the ccr invocation for CCR_COMMAND.
command_line() {
	local file=${CCR_FILE:-ccr.yaml} post=()
	local extra=()
	IFS=$' \t\n' read -r -d '' -a extra <<<"${CCR_ARGS:-}" || true
	case ${CCR_COMMAND:-plan} in
	validate) cmd=(validate -f "$file") ;;
	plan)
		[[ -n ${GITHUB_TOKEN:-} ]] && post=(--comment)
		cmd=(plan -f "$file" --out "$plan_json" ${post[@]+"${post[@]}"})
		;;
	drift)
		[[ -n ${GITHUB_TOKEN:-} ]] && post=(--drift-issue)
		cmd=(plan -f "$file" --out "$plan_json" ${post[@]+"${post[@]}"})
		;;
	apply)
		[[ -n ${GITHUB_TOKEN:-} ]] && post=(--comment)
		cmd=(apply -f "$file" --auto-approve ${post[@]+"${post[@]}"})
		;;
	*) fail "unknown command \"${CCR_COMMAND}\": use plan, apply, drift or validate" ;;
	esac
	cmd+=(${extra[@]+"${extra[@]}"})
}

# plan_outputs reads the counts from the saved plan. A plan is saved only
# when one was computed: an invalid file or an API error leaves them empty.
plan_outputs() {
	[[ -s $plan_json ]] || return 0
	write_output plan-json "$plan_json"
	if ! command -v jq >/dev/null; then
		say "jq is not on PATH: changes, to-create, to-link, to-switch-over, to-update and conflicts are left empty"
		return 0
	fi
	local create link switchover update conflicts
	# jq gets no environment: nothing it reads needs the step's tokens. A
	# plan saved before format 1.2 has no link, switchover or update
	# counts: 0.
	if ! create=$(env -i PATH="$PATH" jq -er '.summary.create | numbers' "$plan_json") ||
		! link=$(env -i PATH="$PATH" jq -er '.summary.link // 0 | numbers' "$plan_json") ||
		! switchover=$(env -i PATH="$PATH" jq -er '.summary.switchover // 0 | numbers' "$plan_json") ||
		! update=$(env -i PATH="$PATH" jq -er '.summary.update // 0 | numbers' "$plan_json") ||
		! conflicts=$(env -i PATH="$PATH" jq -er '.summary.conflicts | numbers' "$plan_json"); then
		fail "$plan_json has no summary.create and summary.conflicts counts"
	fi
	write_output to-create "$create"
	write_output to-link "$link"
	write_output to-switch-over "$switchover"
	write_output to-update "$update"
	write_output conflicts "$conflicts"
	if ((create + link + switchover + update > 0)); then write_output changes true; else write_output changes false; fi
}

# comment_url prints the URL of the comment or issue ccr reported on stderr
# ("plan comment: updated https://…", "drift issue: created https://…",
# "apply report on #12: created https://…", each line whole, with an
# optional ": notice" after the URL), or nothing. Only a URL in this
# repository counts.
comment_url() {
	local line url repo_url="${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/"
	local re='^(plan comment|drift issue|apply report on #[0-9]+): (created|updated|unchanged|closed) (https?://[^[:space:][:cntrl:]]+[^:[:space:][:cntrl:]])(: [^[:cntrl:]]*)?$'
	[[ -n ${GITHUB_REPOSITORY:-} ]] || return 0
	while IFS= read -r line || [[ -n $line ]]; do
		[[ $line =~ $re ]] || continue
		url=${BASH_REMATCH[3]}
		if [[ $url == "$repo_url"* ]]; then
			printf '%s\n' "$url"
			return 0
		fi
	done <"$1"
}

main() {
	local ccr=${CCR_BIN:-ccr} errlog code url
	local tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
	plan_json="$tmp/ccr-plan.json"
	errlog=$(mktemp "$tmp/ccr-stderr.XXXXXX")
	trap 'rm -f "$errlog"' EXIT
	# A plan left by an earlier step must not be read as this run's.
	rm -f "$plan_json"
	command_line
	verify_binary
	say "running: ccr ${cmd[*]}"
	# stderr goes to the log as it comes and to errlog for comment-url.
	set +e
	{ "$ccr" "${cmd[@]}" 2>&1 1>&3 3>&- | tee "$errlog" >&2; } 3>&1
	code=${PIPESTATUS[0]}
	set -e
	write_output exitcode "$code"
	case ${CCR_COMMAND:-plan} in plan | drift) plan_outputs ;; esac
	url=$(comment_url "$errlog")
	write_output comment-url "$url"
	case $code in
	0 | 2) exit 0 ;;
	*) exit "$code" ;;
	esac
}

main "$@"
