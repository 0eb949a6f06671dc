#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# pts_swtpm_quote.sh - a real TPM 2.0 quote for test_pts_crypto: starts
# swtpm on 127.0.0.1 (state in OUTDIR, killed on exit), creates a
# restricted RSA signing key (RSASSA, SHA-256), extends the SHA-1 PCRs 10
# and 16 and quotes them with SECRET as qualifying data (spec 8.2).
#
#   pts_swtpm_quote.sh OUTDIR SECRET_HEX
#
# Writes OUTDIR/attest (TPMS_ATTEST), sig (raw RSA signature), ak.pem
# (SubjectPublicKeyInfo) and pcrs (the quoted PCR values). Every tool call
# is bounded by a timeout; the caller bounds the whole script too.
set -eu

out=$1
secret=$2
# two free loopback ports P and P + 1 (the swtpm TCTI takes the control
# channel at the server port + 1), probed, not guessed
port=$(python3 -c '
import socket
for _ in range(100):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    t = socket.socket()
    try:
        t.bind(("127.0.0.1", p + 1))
    except OSError:
        s.close()
        continue
    s.close()
    t.close()
    print(p)
    break
')
[ -n "$port" ] || exit 1
mkdir -p "$out/state"
swtpm socket --tpm2 \
	--server type=tcp,port=$port,bindaddr=127.0.0.1 \
	--ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 \
	--tpmstate dir="$out/state" --flags not-need-init,startup-clear &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
export TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$port"

run() { timeout 30 "$@" >/dev/null 2>&1; }

# swtpm takes a moment to listen; a self-test also readies the first quote
tries=0
until run tpm2_selftest --fulltest; do
	tries=$((tries + 1))
	[ $tries -lt 50 ] || exit 1
	sleep 0.2
done
run tpm2_createprimary -C o -G rsa2048:rsassa-sha256:null \
	-a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|'\
'restricted|sign' \
	-c "$out/ak.ctx"
run tpm2_readpublic -c "$out/ak.ctx" -f pem -o "$out/ak.pem"
run tpm2_pcrextend 10:sha1=1111111111111111111111111111111111111111
run tpm2_pcrextend 16:sha1=0102030405060708090a0b0c0d0e0f1011121314
run tpm2_quote -c "$out/ak.ctx" -l sha1:10,16 -q "$secret" -g sha256 \
	-m "$out/attest" -s "$out/sig" -f plain -o "$out/pcrs" -F values
