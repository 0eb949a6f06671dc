#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench/run.sh [CLIENTS] [SESSIONS] - starts tnc-server with the Test IMV
# on 127.0.0.1 (a free port), runs tnc-bench with the Test IMC against it
# (CLIENTS concurrent clients, default 32, each running SESSIONS sessions,
# default 50), reads the server's peak RSS and stops it. Prints figures,
# asserts nothing.
#
# Environment:
#   BUILD_DIR      build directory (default: build; created as a release
#                  build when missing)
#   ROUNDS         TNC_IMV_TEST_ROUNDS of the server (default 0)
#   NODELAY=1      TCP_NODELAY on the bench's client sockets
#   BENCH_TIMEOUT  seconds the bench may run (default 300)
#   EXTRA_ARGS     more tnc-bench options
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
clients=${1:-32}
sessions=${2:-50}
build=${BUILD_DIR:-build}
rounds=${ROUNDS:-0}
bench_timeout=${BENCH_TIMEOUT:-300}
case $build in /*) ;; *) build=$top/$build ;; esac

die() { echo "run.sh: $*" >&2; exit 1; }

case $clients$sessions in *[!0-9]*) die "usage: run.sh [clients] [sessions]" ;; esac

# --- build -----------------------------------------------------------
if [ ! -f "$build/build.ninja" ]; then
	timeout 300 meson setup "$build" "$top" --buildtype=release >/dev/null ||
		die "meson setup $build failed"
fi
timeout 600 ninja -C "$build" >/dev/null || die "ninja -C $build failed"
server_bin=$build/programs/tnc-server
bench_bin=$build/bench/tnc-bench
imv=$build/imvs/test/imv-test.so
imc=$build/imcs/test/imc-test.so
for f in "$server_bin" "$bench_bin" "$imv" "$imc"; do
	[ -e "$f" ] || die "missing $f"
done
buildtype=$(sed -n 's/.*"name": "buildtype", "value": "\([a-z]*\)".*/\1/p' \
	"$build/meson-info/intro-buildoptions.json" 2>/dev/null)
[ -n "$buildtype" ] ||
	buildtype=$(cd "$build" && timeout 30 meson configure 2>/dev/null |
		awk '$1 == "buildtype" { print $2; exit }')

# --- scratch directory, certificates, configuration --------------------
tmp=$(mktemp -d /tmp/tnc-bench.XXXXXX) || die "mktemp failed"
server_pid=
cleanup() {
	if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
		kill -KILL "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

timeout 60 sh "$top/scripts/make-certs.sh" "$tmp/certs" >/dev/null 2>&1 ||
	die "make-certs.sh failed"

free_port() {
	local p
	if p=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
		2>/dev/null) && [ -n "$p" ]; then
		echo "$p"
		return
	fi
	for _ in $(seq 50); do
		p=$((20000 + RANDOM % 40000))
		ss -Hltn "sport = :$p" 2>/dev/null | grep -q . || { echo "$p"; return; }
	done
	return 1
}
port=$(free_port) || die "no free port found"

max_conn=$((clients * 2 > 64 ? clients * 2 : 64))
printf 'IMV "Test" %s\n' "$imv" > "$tmp/tnc_config.server"
printf 'IMC "Test" %s\n' "$imc" > "$tmp/tnc_config.client"
cat > "$tmp/tnc-server.conf" <<EOF
listen = 127.0.0.1
port = $port
cert = $tmp/certs/server.pem
key = $tmp/certs/server.key
client_auth = none
tnc_config = $tmp/tnc_config.server
max_connections = $max_conn
timeout = 10000
log_level = 0
EOF

# --- server ------------------------------------------------------------
TNC_IMV_TEST_ROUNDS=$rounds "$server_bin" -c "$tmp/tnc-server.conf" \
	>"$tmp/server.log" 2>&1 &
server_pid=$!

up=
for _ in $(seq 100); do
	kill -0 "$server_pid" 2>/dev/null || break
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		up=yes
		break
	fi
	sleep 0.05
done
if [ -z "$up" ]; then
	cat "$tmp/server.log" >&2
	die "tnc-server did not start listening on port $port"
fi

# --- bench ---------------------------------------------------------------
bench_args=(--connect 127.0.0.1 --port "$port" --cert "$tmp/certs/ca.pem"
	--tnc-config "$tmp/tnc_config.client" --clients "$clients"
	--sessions "$sessions" --rounds "$rounds")
[ "${NODELAY:-0}" = 1 ] && bench_args+=(--nodelay)
# shellcheck disable=SC2206
[ -n "${EXTRA_ARGS:-}" ] && bench_args+=(${EXTRA_ARGS})

echo "== tnc-bench: $clients clients x $sessions sessions," \
	"server port $port, build $build ($buildtype)"
TNC_IMC_TEST_COMMAND=allow timeout -k 5 "$bench_timeout" "$bench_bin" \
	"${bench_args[@]}" 2>"$tmp/bench.err" | tee "$tmp/bench.out"
bench_rc=${PIPESTATUS[0]}

# --- server figures, read before it stops --------------------------------
hwm=$(awk '/^VmHWM:/ { print $2, $3 }' "/proc/$server_pid/status" 2>/dev/null)
threads=$(awk '/^Threads:/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null)
ticks=$(getconf CLK_TCK)
server_cpu=$(awk -v t="$ticks" '{ printf "%.2f s user, %.2f s system",
	$14 / t, $15 / t }' "/proc/$server_pid/stat" 2>/dev/null)

kill -TERM "$server_pid" 2>/dev/null
stopped=
for _ in $(seq 100); do
	kill -0 "$server_pid" 2>/dev/null || { stopped=yes; break; }
	sleep 0.1
done
if [ -z "$stopped" ]; then
	echo "run.sh: tnc-server ignored SIGTERM for 10 s, killing it" >&2
	kill -KILL "$server_pid" 2>/dev/null
fi
wait "$server_pid" 2>/dev/null
server_rc=$?
server_pid=

# at log_level 0 the server logs its decisions, a few lines per session;
# the Test IMC writes a line per session to stderr whatever the level
server_lines=$(grep -c . "$tmp/server.log")
server_errors=$(grep -vc -e 'final recommendation' -e 'recommendation [0-9]' \
	-e 'listening on' -e 'shutting down' -e 'server stopped' "$tmp/server.log")
bench_errors=$(grep -vc 'assessed as' "$tmp/bench.err")

# --- summary -------------------------------------------------------------
get() { sed -n "s/^$1 *//p" "$tmp/bench.out" | head -n 1; }
echo
echo "== summary"
echo "build:            $build ($buildtype)"
echo "clients x sess.:  $clients x $sessions (TNC_IMV_TEST_ROUNDS=$rounds," \
	"client TCP_NODELAY=${NODELAY:-0})"
echo "tls:              $(get 'tls:')"
echo "completed:        $(get 'completed:')"
echo "failures:         $(get 'failures:')"
echo "seconds:          $(get 'seconds:')"
echo "sessions/s:       $(get 'sessions\/s:')"
echo "latency ms:       $(get 'latency ms:')"
echo "server peak RSS:  ${hwm:-unknown} (VmHWM)"
echo "server threads:   ${threads:-?} at the end of the run"
echo "server CPU:       ${server_cpu:-unknown}"
echo "server exit:      $server_rc; $server_lines log line(s)," \
	"$server_errors other than decisions"
echo "bench exit:       $bench_rc; $bench_errors stderr line(s) other than" \
	"the Test IMC's"
if [ "$server_errors" -gt 0 ]; then
	echo "-- server log, other than decisions (first 10 lines):"
	grep -v -e 'final recommendation' -e 'recommendation [0-9]' \
		-e 'listening on' -e 'shutting down' -e 'server stopped' \
		"$tmp/server.log" | head -n 10
fi
if [ "$bench_errors" -gt 0 ]; then
	echo "-- tnc-bench stderr (first 10 lines):"
	grep -v 'assessed as' "$tmp/bench.err" | head -n 10
fi
[ "$bench_rc" = 0 ]
