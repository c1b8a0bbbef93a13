#!/usr/bin/env bash
# The main job end to end on the embedded emulator: start aiven-sim with a
# project holding one Cassandra service ready to gain a peer, then validate,
# plan, apply and plan again (which must report no changes). The file also
# declares a new PostgreSQL primary with a read replica: apply creates the
# replica once the primary has its first backup.
# Run it as `make demo` (which builds bin/ first).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${BIN:-bin}
file=examples/demo/ccr.yaml
work=$(mktemp -d)
trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

if [ -t 2 ] && [ -z "${NO_COLOR:-}" ]; then
  step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }
else
  step() { printf '\n== %s\n' "$*" >&2; }
fi

step "start aiven-sim (seeded: project acme-demo with orders-eu, a Cassandra service, RUNNING)"
export AIVEN_TOKEN=demo-token
"$bin/aiven-sim" --addr 127.0.0.1:0 --token "$AIVEN_TOKEN" --seed examples/demo/seed.json \
  --provision-delay "${DEMO_PROVISION_DELAY:-3s}" --first-backup-delay "${DEMO_FIRST_BACKUP_DELAY:-4s}" \
  >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 600); do # up to 30 s: a busy machine starts it slowly
  [ -s "$work/sim.out" ] && break
  sleep 0.05
done
url=$(sed -n '1s/^listening on //p' "$work/sim.out")
[ -n "$url" ] || { echo "aiven-sim did not start:" >&2; cat "$work/sim.err" >&2; exit 1; }
export AIVEN_WEB_URL=$url
echo "aiven-sim at $AIVEN_WEB_URL" >&2

step "ccr validate -f $file"
"$bin/ccr" validate -f "$file"

step "ccr plan -f $file --out plan.json"
rc=0
"$bin/ccr" plan -f "$file" --out "$work/plan.json" --detailed-exitcode || rc=$?
[ "$rc" -eq 2 ] || { echo "expected changes (exit 2), got exit $rc" >&2; exit 1; }

step "ccr apply plan.json -f $file"
"$bin/ccr" apply "$work/plan.json" -f "$file" --wait-timeout 2m

step "ccr plan -f $file (after apply: expect no changes)"
"$bin/ccr" plan -f "$file" --detailed-exitcode

step "API calls made (from /_sim/stats)"
curl -fsS "$AIVEN_WEB_URL/_sim/stats" 2>/dev/null || true
echo
