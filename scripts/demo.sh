#!/usr/bin/env bash
# The quick-start demo: an endpoint with an open TCP port is blocked by the
# "No Open TCP Ports" policy; the operator allows the port; the endpoint's
# next attempt is allowed.
#
# Builds the project, creates a policy database (SQLite, from schema/),
# starts tnc-server on 127.0.0.1 with the OS and Scanner IMVs, opens a TCP
# server port on 127.0.0.1 and measures this machine with pt-tls-client
# and the OS and Scanner IMCs. After the first session it adds the ports
# the Scanner IMV found to the allowed lists of the port policies, as an
# operator would, and measures again. Prints each session's log, the
# recommendations and the rows the sessions left in the database.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

build=$PWD/${BUILD_DIR:-build}
work=$(mktemp -d)
trap 'kill "$server" "$listener" 2>/dev/null || true; rm -rf "$work"' EXIT
bash scripts/make-certs.sh "$work/certs" >/dev/null

db=$work/config.db
sqlite3 -bail "$db" <schema/tables.sql
sqlite3 -bail "$db" <schema/data.sql

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
port=$(free_port)
cat >"$work/tnc_config.server" <<CONF
IMV "OS" $build/imvs/os/imv-os.so
IMV "Scanner" $build/imvs/scanner/imv-scanner.so
CONF
cat >"$work/tnc_config.client" <<CONF
IMC "OS" $build/imcs/os/imc-os.so
IMC "Scanner" $build/imcs/scanner/imc-scanner.so
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

"$build/programs/tnc-server" -c "$work/tnc-server.conf" 2>"$work/server.log" &
server=$!
for _ in $(seq 50); do
	grep -q "listening" "$work/server.log" && break
	sleep 0.1
done

# The endpoint's open server port, on loopback; the Scanner IMC is told
# to report loopback servers too (by default it leaves them out), so it
# also finds the TNC server's own port: the endpoint is this machine.
open_port=$(free_port)
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
open(sys.argv[2], "w").close()
time.sleep(600)' "$open_port" "$work/listening" &
listener=$!
for _ in $(seq 50); do
	[ -e "$work/listening" ] && break
	sleep 0.1
done
export TNC_IMC_SCANNER_LOOPBACK=yes

run_client() {
	echo
	echo "=== $1 ==="
	set +e
	"$build/programs/pt-tls-client" --connect 127.0.0.1 --port "$port" \
		--cert "$work/certs/ca.pem" --tnc-config "$work/tnc_config.client" \
		2>&1 | sed 's/^/client: /'
	status=${PIPESTATUS[0]}
	set -e
	echo "pt-tls-client exit status: $status (0 allow, 2 no access, 3 isolate)"
}

show_results() {
	sqlite3 -header -column "$db" "SELECT r.session, pol.name AS policy,
		r.rec, r.result FROM results AS r
		JOIN policies AS pol ON r.policy = pol.id WHERE r.session = $1"
}

run_client "session 1: this machine, with TCP port $open_port open"
sleep 0.5
echo
echo "=== session 1: results in the database (rec 0 allow, 1 no access, 2 isolate) ==="
show_results 1

# The operator allows what was found: each violating port policy gets
# the ports its last result named.
sqlite3 "$db" "SELECT p.id, substr(r.result, 22) FROM results AS r
	JOIN policies AS p ON r.policy = p.id
	WHERE r.session = 1 AND r.result LIKE 'violating % ports: %'" |
while IFS='|' read -r id ports; do
	echo "operator: allowing ports '$ports' in policy $id"
	sqlite3 "$db" "UPDATE policies SET argument =
		trim(argument || ' ' || '$ports') WHERE id = $id"
done

run_client "session 2: the same machine, after the operator allowed its ports"
sleep 0.5
echo
echo "=== session 2: results in the database ==="
show_results 2

kill -TERM "$server"
wait "$server" || true
echo
echo "=== server log ==="
cat "$work/server.log"
echo
echo "=== final recommendations ==="
grep "final recommendation" "$work/server.log"
echo
echo "=== policy database: sessions ==="
sqlite3 -header -column "$db" "SELECT s.id AS session, p.name AS product,
	d.value AS device, s.rec FROM sessions AS s
	JOIN products AS p ON s.product = p.id
	JOIN devices AS d ON s.device = d.id"
