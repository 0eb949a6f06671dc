#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make-certs.sh DIR - a throw-away PKI for PT-TLS tests: an ECDSA P-256 CA,
# a server certificate for localhost / 127.0.0.1 / ::1 and a client
# certificate for client.example, all PEM, valid for 10 years:
#   DIR/ca.pem DIR/ca.key DIR/server.pem DIR/server.key
#   DIR/client.pem DIR/client.key
# Keys are PKCS#8, which strongSwan's pt-tls-client loads without
# --key-type. Does nothing when all files already exist; otherwise builds
# a fresh set in a scratch directory and moves it into place, so a run
# that is interrupted never leaves certificates of two different CAs.
set -eu

dir=${1:?usage: make-certs.sh DIR}
days=3650
files="ca.pem ca.key server.pem server.key client.pem client.key"

mkdir -p "$dir"
missing=
for f in $files; do
	[ -s "$dir/$f" ] || missing=yes
done
[ -n "$missing" ] || exit 0

tmp=$(mktemp -d "$dir/.make-certs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
umask 077

new_key() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		-out "$tmp/$1.key" 2>/dev/null
}

serial() {
	echo "0x$(openssl rand -hex 8)"
}

# issue NAME SUBJECT EXTENSIONS: a certificate signed by the CA
issue() {
	new_key "$1"
	printf '%s\n' "$3" > "$tmp/$1.ext"
	openssl req -new -key "$tmp/$1.key" -subj "$2" -out "$tmp/$1.csr"
	openssl x509 -req -in "$tmp/$1.csr" -CA "$tmp/ca.pem" \
		-CAkey "$tmp/ca.key" -set_serial "$(serial)" -days "$days" \
		-sha256 -extfile "$tmp/$1.ext" -out "$tmp/$1.pem" 2>/dev/null
}

new_key ca
openssl req -x509 -new -key "$tmp/ca.key" -subj "/O=TNC Test/CN=TNC Test CA" \
	-days "$days" -sha256 -set_serial "$(serial)" \
	-addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" \
	-addext "subjectKeyIdentifier=hash" \
	-out "$tmp/ca.pem"

issue server "/O=TNC Test/CN=localhost" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
authorityKeyIdentifier=keyid"

issue client "/O=TNC Test/CN=client.example" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
subjectAltName=DNS:client.example
authorityKeyIdentifier=keyid"

for f in $files; do
	mv -f "$tmp/$f" "$dir/$f"
done
chmod 644 "$dir"/*.pem
