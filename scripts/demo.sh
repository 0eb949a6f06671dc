#!/usr/bin/env bash
# The quick-start demo: builds the project, starts a TNC server on
# 127.0.0.1 with the Test IMV, and measures this machine with a PT-TLS
# client and the Test IMC: first an endpoint that complies, then one that
# does not. Prints the server's session log and each recommendation.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

build=$PWD/${BUILD_DIR:-build}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
bash scripts/make-certs.sh "$work/certs" >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'IMV "Test" %s/imvs/test/imv-test.so\n' "$build" >"$work/tnc_config.server"
printf 'IMC "Test" %s/imcs/test/imc-test.so\n' "$build" >"$work/tnc_config.client"
cat >"$work/tnc-server.conf" <<CONF
listen = 127.0.0.1
port = $port
cert = $work/certs/server.pem
key = $work/certs/server.key
client_auth = none
tnc_config = $work/tnc_config.server
CONF

TNC_IMV_TEST_ROUNDS=2 "$build/programs/tnc-server" -c "$work/tnc-server.conf" \
	2>"$work/server.log" &
server=$!
for _ in $(seq 50); do
	grep -q "listening" "$work/server.log" && break
	sleep 0.1
done

run_client() {
	echo
	echo "=== endpoint whose Test IMC reports '$1' ==="
	set +e
	TNC_IMC_TEST_COMMAND=$1 "$build/programs/pt-tls-client" \
		--connect 127.0.0.1 --port "$port" --cert "$work/certs/ca.pem" \
		--tnc-config "$work/tnc_config.client" 2>&1 | sed 's/^/client: /'
	status=${PIPESTATUS[0]}
	set -e
	echo "pt-tls-client exit status: $status (0 allow, 2 no access, 3 isolate)"
}
run_client allow
run_client block

kill -TERM "$server"
wait "$server" || true
echo
echo "=== server log ==="
cat "$work/server.log"
echo
echo "=== final recommendations ==="
grep "final recommendation" "$work/server.log"
