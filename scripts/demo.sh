#!/usr/bin/env bash
# The quick-start demo: builds the project, creates a policy database
# (SQLite, from schema/), starts a TNC server on 127.0.0.1 with two IMVs
# and measures this machine with a PT-TLS client and two IMCs, twice: an
# endpoint that complies, then one that does not.
#
#   Test IMV/IMC        the IMC reports a configured command (allow, block)
#   Agent Test IMV/IMC  the IMC reports this machine's OS, IP forwarding
#                       and machine-id; the IMV files a session in the
#                       database, runs imv_policy_manager to get its
#                       workitems and evaluates the IP forwarding one
#
# Prints the server's session log, each final recommendation and the rows
# the session left in the database.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

build=$PWD/${BUILD_DIR:-build}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
bash scripts/make-certs.sh "$work/certs" >/dev/null

db=$work/config.db
sqlite3 -bail "$db" <schema/tables.sql
sqlite3 -bail "$db" <schema/data.sql

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/tnc_config.server" <<CONF
IMV "Test" $build/imvs/test/imv-test.so
IMV "Agent Test" $build/tests/plugins/imv-agent-test.so
CONF
cat >"$work/tnc_config.client" <<CONF
IMC "Test" $build/imcs/test/imc-test.so
IMC "Agent Test" $build/tests/plugins/imc-agent-test.so
CONF
cat >"$work/tnc-server.conf" <<CONF
listen = 127.0.0.1
port = $port
cert = $work/certs/server.pem
key = $work/certs/server.key
client_auth = none
tnc_config = $work/tnc_config.server
database = sqlite://$db
policy_script = $build/programs/imv_policy_manager
CONF

TNC_IMV_TEST_ROUNDS=2 "$build/programs/tnc-server" -c "$work/tnc-server.conf" \
	2>"$work/server.log" &
server=$!
for _ in $(seq 50); do
	grep -q "listening" "$work/server.log" && break
	sleep 0.1
done

# What the Agent Test IMC reports: this machine's facts.
os_id=$(. /etc/os-release && echo "${ID:-linux}")
os_version=$(. /etc/os-release && echo "${VERSION_ID:-unknown}")
export TNC_IMC_AGENT_OS=${os_id^}
export TNC_IMC_AGENT_VERSION="$os_version $(uname -m)"
export TNC_IMC_AGENT_FWD=$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null || echo 2)
export TNC_IMC_AGENT_DEVICE_ID=$(cat /etc/machine-id 2>/dev/null || echo unknown)

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
echo
echo "=== policy database: sessions (rec 0 allow, 1 no access, 2 isolate) ==="
sqlite3 -header -column "$db" "SELECT s.id AS session, p.name AS product,
	d.value AS device, s.rec FROM sessions AS s
	JOIN products AS p ON s.product = p.id
	JOIN devices AS d ON s.device = d.id"
echo
echo "=== policy database: results ==="
sqlite3 -header -column "$db" "SELECT r.session, pol.name AS policy, r.rec,
	r.result FROM results AS r JOIN policies AS pol ON r.policy = pol.id"
