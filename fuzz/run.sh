#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run.sh - builds the libFuzzer targets (when needed) and runs one of them
# for a fixed time, seeded from the shared PT-TLS/PB-TNC vectors and the
# sample configuration files.
#
#   fuzz/run.sh TARGET SECONDS [extra libFuzzer options]
#   TARGET: fuzz_pb_tnc | fuzz_pt_tls | fuzz_tnc_config | fuzz_conf |
#           fuzz_seg | fuzz_pa_tnc | fuzz_readers | fuzz_swima |
#           fuzz_swid_tag | fuzz_bios_log | fuzz_ima_log |
#           fuzz_apt_history | fuzz_pts_attr | fuzz_pts_crypto |
#           fuzz_imc_attestation | fuzz_golden | fuzz_imv_attestation |
#           fuzz_web | fuzz_web_objects
#
# Environment: BUILD_DIR (default <repo>/build-fuzz), VECTORS_DIR (default
# <repo>/../shared/vectors). New inputs are kept in fuzz/corpus/TARGET,
# crashes are written as fuzz/crash-TARGET-*.
set -eu

if [ $# -lt 2 ]; then
	echo "usage: $0 TARGET SECONDS [libFuzzer options]" >&2
	exit 2
fi
target=$1
seconds=$2
shift 2

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
build=${BUILD_DIR:-$repo/build-fuzz}
vectors=${VECTORS_DIR:-$here/../../shared/vectors}

case $target in
fuzz_pb_tnc|fuzz_pt_tls|fuzz_tnc_config|fuzz_conf|fuzz_seg|fuzz_pa_tnc|fuzz_readers|fuzz_swima|\
fuzz_swid_tag|fuzz_bios_log|fuzz_ima_log|fuzz_apt_history|fuzz_pts_attr|\
fuzz_pts_crypto|fuzz_imc_attestation|fuzz_golden|fuzz_imv_attestation|\
fuzz_web|fuzz_web_objects) ;;
*) echo "$0: unknown target '$target'" >&2; exit 2 ;;
esac

if [ ! -f "$build/build.ninja" ]; then
	(cd "$repo" && CC=clang meson setup "$build" -Dfuzz=true \
		-Db_sanitize=address,undefined -Dtests=disabled)
fi
ninja -C "$build" "fuzz/$target"

seeds=$build/fuzz-seeds/$target
corpus=$here/corpus/$target
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus"

# One binary file from a .hex vector, skipping the first $2 bytes.
unhex() {
	tr -d ' \n' < "$1" | xxd -r -p | tail -c "+$(($2 + 1))"
}

# Writes the PA-TNC message of each PB-PA message (IETF type 1) in the
# PB-TNC batch file $1 to $seeds/pa-N, walking the 12-byte PB-TNC
# message headers.
pa_seeds() {
	size=$(wc -c < "$1")
	pos=8
	while [ $((pos + 12)) -le "$size" ]; do
		set -- "$1" $(od -An -tu1 -j "$pos" -N 12 "$1")
		len=$(( ${10} << 24 | ${11} << 16 | ${12} << 8 | ${13} ))
		[ "$len" -ge 12 ] || break
		if [ $(( $3 | $4 | $5 | $6 | $7 | $8 )) -eq 0 ] && [ "$9" -eq 1 ]
		then
			n=$((n + 1))
			tail -c "+$((pos + 24 + 1))" "$1" |
				head -c "$((len - 24))" > "$seeds/pa-$n"
		fi
		pos=$((pos + len))
	done
}

n=0
case $target in
fuzz_pb_tnc)
	# The PB-TNC batch inside each PT-TLS message
	for f in "$vectors"/*/*-batch-*.hex; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		unhex "$f" 16 > "$seeds/batch-$n"
	done ;;
fuzz_pt_tls)
	for f in "$vectors"/*/*.hex; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		unhex "$f" 0 > "$seeds/msg-$n"
	done ;;
fuzz_tnc_config)
	printf '# IMVs\nIMV "OS"\t/usr/lib/imcvs/imv-os.so\r\nIMC "OS" "/opt/my plugins/imc-os.so" # c\n' \
		> "$seeds/tnc_config-1"
	printf 'IMV "" /x\nIMV "OS\nIMX "a" b\nIMV "A"\n' > "$seeds/tnc_config-2" ;;
fuzz_conf)
	for f in "$repo"/conf/*.sample; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		cp "$f" "$seeds/conf-$n"
	done
	printf 'a = "q \\" \\\\ x" # c\nb = v #c\nlog_level.tnc = 2\nbad line\n' \
		> "$seeds/conf-x" ;;
fuzz_seg)
	# Records of (operation, length, value), see fuzz/fuzz_seg.c: an
	# attribute of 28 bytes in three envelopes, a Next Segment, a cancel
	# and a contract response; then an attribute whose last segment
	# carries more than its header announced.
	seg_seed() {
		tr -d ' \n' | xxd -r -p > "$seeds/$1"
	}
	seg_seed seg-1 <<-EOF
		00 14 c0000001 00000000 00000007 00000028 00010203
		00 0e 80000001 0405060708090a0b0c0d
		00 12 00000001 0e0f101112131415161718191a1b
		81 04 00000001
		01 04 01000001
		0a 08 ffffffff 00000400
	EOF
	seg_seed seg-2 <<-EOF
		00 14 c0000002 00000000 00000007 00000028 00010203
		00 1d 00000002 00000000000000000000000000000000000000000000000000
	EOF
	;;
fuzz_pa_tnc)
	# The PA-TNC message of every PB-PA message in the vectors' batches
	for f in "$vectors"/*/*-batch-*.hex; do
		[ -f "$f" ] || continue
		unhex "$f" 16 > "$seeds/.batch"
		pa_seeds "$seeds/.batch"
	done
	rm -f "$seeds/.batch"
	# and the attributes no vector carries: PA-TNC Error, ITA Get
	# Settings, Settings, Symlinks, Remediation URI
	printf '%s' 010000000badf00d \
		0000000000000008000000200000000000000001 \
		010000001234567800000014 \
		0000902a00000003000000190000000100072f70726f632f78 \
		0000902a0000000400000017000000010001610002310a \
		0000902a0000000a000000200000000100042f62696e \
		00082f7573722f62696e \
		000000000000000a0000001c0000000000000001687474703a2f2f78 \
		| xxd -r -p > "$seeds/pa-extra" ;;
fuzz_swima)
	# The PA-TNC messages of the SWIMA sessions' batches, and the value
	# of every attribute in them (the target decodes its input as a
	# value), walking the 12-byte attribute headers from offset 8.
	for f in "$vectors"/swima*/*-batch-*.hex; do
		[ -f "$f" ] || continue
		unhex "$f" 16 > "$seeds/.batch"
		pa_seeds "$seeds/.batch"
	done
	rm -f "$seeds/.batch"
	# (in a function: set -- must not clobber the libFuzzer options)
	value_seeds() {
		for m in "$seeds"/pa-*; do
			[ -f "$m" ] || continue
			size=$(wc -c < "$m")
			pos=8
			while [ $((pos + 12)) -le "$size" ]; do
				set -- $(od -An -tu1 -j $((pos + 8)) -N 4 "$m")
				len=$(( $1 << 24 | $2 << 16 | $3 << 8 | $4 ))
				[ "$len" -ge 12 ] || break
				tail -c "+$((pos + 13))" "$m" |
					head -c "$((len - 12))" > "$m.value-$pos"
				pos=$((pos + len))
			done
		done
	}
	value_seeds
	# and the values no vector carries: Subscription Status Response,
	# Source Metadata Response, SWIMA errors 5 and 6
	printf '%s' 00000002400000010000000700000000000261626000000000000008 \
		00000005 | xxd -r -p > "$seeds/value-19"
	printf '%s' 000000020100000464706b6702800000 | xxd -r -p \
		> "$seeds/value-21"
	printf '%s' 00000000000000050000000773756273 | xxd -r -p \
		> "$seeds/error-5"
	printf '%s' 0000000000000006000000070000100062 | xxd -r -p \
		> "$seeds/error-6"
	;;
fuzz_readers)
	# one seed per reader: the selector byte, then the text
	{ printf '\000'; printf 'Package: bash\nStatus: install ok installed\nVersion: 5.2\n\n'; } \
		> "$seeds/dpkg"
	{ printf '\001'; printf 'NAME="Debian GNU/Linux"\nID=debian\nVERSION_ID="12"\n'; } \
		> "$seeds/os-release"
	{ printf '\002'; printf '   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0'; } \
		> "$seeds/tcp-line"
	{ printf '\003'; printf '22 80 8000-8100 500'; } > "$seeds/ports" ;;
fuzz_swid_tag)
	# a tag as swid_tag_generate writes it, and one with files, hashes
	# under prefixes, references and a comment
	iso=http://standards.iso.org/iso/19770/-2/2015/schema.xsd
	{ printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>'
	printf '%s' "<SoftwareIdentity xmlns=\"$iso\" name=\"openssl\"" \
		' tagId="Debian_12-x86_64-openssl-3.0.11" version="3.0.11"' \
		' versionScheme="alphanumeric">' \
		'<Entity name="strongSwan Project" regid="strongswan.org"' \
		' role="tagCreator"/><Meta product="Debian 12 x86_64"/>' \
		'</SoftwareIdentity>'; } > "$seeds/generated"
	cat > "$seeds/files" <<-EOF
		<?xml version='1.0'?>
		<!-- c -->
		<s:SoftwareIdentity xmlns:s="$iso" name="a&amp;b&#x20AC;"
		 uniqueId="u" version="1"
		 xmlns:h="http://www.w3.org/2001/04/xmlenc#sha256"
		 xmlns:n="http://csrc.nist.gov/ns/swid/2015-extensions/1.0">
		<s:Entity name="D" regid="d.org" role="tagCreator softwareCreator"/>
		<s:Payload><s:Directory root="/usr" name="bin">
		<s:File name="x" size="12" h:hash="00ff" n:mutable="true"/>
		<s:Directory name="y"><s:File name="z"><![CDATA[t]]></s:File>
		</s:Directory></s:Directory></s:Payload></s:SoftwareIdentity>
	EOF
	;;
fuzz_bios_log)
	# bank selector 1 (SHA-256), the Spec ID header declaring SHA-1 and
	# SHA-256, StartupLocality 3, an S-CRTM version event with both
	# digests, a separator in PCR 7 with the SHA-1 digest only
	tr -d ' \n' <<-EOF | xxd -r -p > "$seeds/bios-1"
		0100000000030000000000000000000000000000000000000000000000250000
		0053706563204944204576656e74303300000000000002000202000000040014
		000b0020000000000000030000000000000011000000537461727475704c6f63
		616c697479000300000000080000000200000004001111111111111111111111
		1111111111111111110b00222222222222222222222222222222222222222222
		2222222222222222222222020000007631070000000400000001000000040033
		333333333333333333333333333333333333330400000000000000
	EOF
	;;
fuzz_ima_log)
	# selector 9 (SHA-256 bank, pieces of 2 bytes); boot_aggregate in
	# ima-ng, an ima-sig entry with a 2-byte signature, a legacy ima
	# entry, each with its correct SHA-1 template hash
	tr -d ' \n' <<-EOF | xxd -r -p > "$seeds/ima-1"
		090a000000a97f8187aa3dd957b292a1ed34267640af1f6c8506000000696d61
		2d6e673f000000280000007368613235363a0044444444444444444444444444
		444444444444444444444444444444444444440f000000626f6f745f61676772
		6567617465000a0000007aa8664396c3a0efaf245f3d1dc0085ee208458d0700
		0000696d612d736967330000001a000000736861313a00555555555555555555
		55555555555555555555550b0000002f7573722f62696e2f7800020000000302
		0a00000004f4979d1159398f8602009eaabde1b335af946503000000696d6166
		66666666666666666666666666666666666666060000002f6574632f79
	EOF
	;;
fuzz_imv_attestation)
	# bank SHA-1, summaries: the recorded TBOOT evidence (015, the two
	# 102-byte Simple Component Evidence values after the Symlinks
	# attribute); bank SHA-256: one IMA boot aggregate evidence
	f=$vectors/attestation/015-c2s-batch-cdata.hex
	if [ -f "$f" ]; then
		{ printf '\004\000\146'; unhex "$f" 174 | head -c 102
		  printf '\000\146'; unhex "$f" 288 | head -c 102
		} > "$seeds/tboot"
	fi
	{ printf '\005\000\137\140\000\000\000\000\220\052\042'
	  printf '\000\000\000\003\200\000\000\012\100\000\001\000'
	  printf '0000-00-00T00:00:00Z\000\025sha256:boot_aggregate'
	  head -c 32 /dev/zero; } > "$seeds/ima"
	;;
fuzz_golden)
	# bank SHA-256, a 20-byte ima-ng URI, a 32-byte measurement; bank
	# SHA-1 with a legacy URI under the UsrMerge link
	{ printf '\001\024sha256:/usr/bin/bash'; head -c 32 /dev/zero
	} > "$seeds/ng"
	{ printf '\000\010/bin/ls'; head -c 20 /dev/zero; } > "$seeds/legacy"
	;;
fuzz_pts_crypto)
	# 0: a TPMS_ATTEST rebuilt from the recorded TPM 2.0 quote (015) with
	# a zero nonce; 1: the quote's fields with 2-byte lengths; 2: the
	# recorded AIK attribute (013); 3, group 3 (ECP-256): the recorded
	# responder DH public value (011). Offsets are into the PT-TLS files.
	att=$vectors/attestation
	part() { unhex "$1" "$2" | head -c "$3"; }
	if [ -f "$att/015-c2s-batch-cdata.hex" ]; then
		q=$att/015-c2s-batch-cdata.hex
		{ printf '%s' 00ff5443478018 | xxd -r -p
		  part "$q" 442 36
		  printf '%s' 0014 | xxd -r -p; head -c 20 /dev/zero
		  part "$q" 480 17; part "$q" 499 8; part "$q" 509 10
		  printf '%s' 0020 | xxd -r -p; part "$q" 410 32
		} > "$seeds/attest"
		{ printf '%s' 010020 | xxd -r -p; part "$q" 410 32
		  part "$q" 442 77; printf '%s' 0100 | xxd -r -p
		  part "$q" 523 256; } > "$seeds/fields"
		{ printf '\002'; part "$att/013-c2s-batch-cdata.hex" 96 295; } \
			> "$seeds/aik"
		{ printf '\003\003'; part "$att/011-c2s-batch-cdata.hex" 266 64; } \
			> "$seeds/dh"
	fi
	;;
fuzz_imc_attestation)
	# 0: an ima-ng boot_aggregate entry and an ima-ng file entry with
	# their SHA-1 template hashes; 2: the Spec ID header (SHA-1, SHA-256)
	# and an S-CRTM event; 3: Request File Measurement of /a; 4: Request
	# File Metadata of the directory /d
	tr -d ' \n' <<-EOF | xxd -r -p > "$seeds/ima"
		000a000000a97f8187aa3dd957b292a1ed34267640af1f6c8506000000696d61
		2d6e673f000000280000007368613235363a0044444444444444444444444444
		444444444444444444444444444444444444440f000000626f6f745f61676772
		6567617465000a000000000000000000000000000000000000000000000000
		06000000696d612d6e67
	EOF
	tr -d ' \n' <<-EOF | xxd -r -p > "$seeds/bios"
		0200000000030000000000000000000000000000000000000000000000250000
		0053706563204944204576656e74303300000000000002000202000000040014
		000b002000000000000008000000020000000400111111111111111111111111
		11111111111111110b0022222222222222222222222222222222222222222222
		22222222222222222222020000007631
	EOF
	printf '\003\000\000\000\001\000\000\000\057/a' > "$seeds/meas"
	printf '\004\200\057\000\000/d' > "$seeds/meta"
	;;
fuzz_pts_attr)
	# The value of every PTS attribute in the attestation sessions'
	# batches, behind the selector byte of its row in the PTS attribute
	# table (libpts/tcg_pts.c), walking the 12-byte attribute headers.
	for f in "$vectors"/attestation*/*-batch-*.hex; do
		[ -f "$f" ] || continue
		unhex "$f" 16 > "$seeds/.batch"
		pa_seeds "$seeds/.batch"
	done
	rm -f "$seeds/.batch"
	# the table row of a PTS type, empty for others
	pts_row() {
		i=0
		for t in 16777216 33554432 50331648 67108864 83886080 \
			100663296 117440512 134217728 150994944 167772160 \
			184549376 201326592 218103808 234881024 1048576 \
			2097152 3145728 4194304 5242880 6291456 7340032 \
			8388608 9437184 10485760 11534336 12582912 13631488 \
			14680064 15728640; do
			[ "$t" -eq "$1" ] && { echo $i; return; }
			i=$((i + 1))
		done
	}
	# (in a function: set -- must not clobber the libFuzzer options)
	value_seeds() {
		for m in "$seeds"/pa-*; do
			[ -f "$m" ] || continue
			size=$(wc -c < "$m")
			pos=8
			while [ $((pos + 12)) -le "$size" ]; do
				set -- $(od -An -tu1 -j $((pos + 1)) -N 11 "$m")
				vendor=$(( $1 << 16 | $2 << 8 | $3 ))
				type=$(( $4 << 24 | $5 << 16 | $6 << 8 | $7 ))
				len=$(( $8 << 24 | $9 << 16 | ${10} << 8 | ${11} ))
				[ "$len" -ge 12 ] || break
				row=
				[ "$vendor" -eq 21911 ] && row=$(pts_row "$type")
				if [ -n "$row" ]; then
					{ printf "\\$(printf %03o "$row")"
					  tail -c "+$((pos + 13))" "$m" |
						head -c "$((len - 12))"; } \
						> "$m.value-$pos"
				fi
				pos=$((pos + len))
			done
			rm -f "$m"
		done
	}
	value_seeds
	# and what no vector carries: Request File Metadata (row 20), Unix
	# File Metadata (22), PTS error 7 and a TPM 1.2 version (row 9, no
	# decoder: read as a PA-TNC Error and as a TPM version)
	printf '%s' 14 802f00002f657463 | xxd -r -p > "$seeds/value-meta-req"
	printf '%s' 16 0000000000000001 0035080000000000000012340000000000 \
		0000000000000000000000000000000000000000000000000000000000 \
		0000000000002a61 | xxd -r -p > "$seeds/value-meta"
	printf '%s' 09 00005597000000070011ffff | xxd -r -p > "$seeds/error-7"
	printf '%s' 09 003001020345000203494658000002abcd | xxd -r -p \
		> "$seeds/tpm-1.2"
	;;
fuzz_apt_history)
	# apt history entries of every kind (CRLF in the second), one cut
	# short, and the head of a SWID tag
	cat > "$seeds/history" <<-EOF

		Start-Date: 2026-11-22  06:40:02
		Commandline: apt-get install -y strongswan
		Install: libstrongswan:amd64 (5.9.8-5, automatic), strongswan (5.9.8-5)
		End-Date: 2026-11-22  06:40:09

		Start-Date: 2026-11-23  07:00:00
		Upgrade: libc6:amd64 (2.36-9, 2.36-9+deb12u4)
		Downgrade: openssl:amd64 (3.0.15-1, 3.0.11-1)
		Remove: tzdata:all (2024a-0+deb12u1)
		Purge: foo (1:2.3+dfsg-1)
		Reinstall: bash:amd64 (5.2.15-2+b2)
		End-Date: 2026-11-23  07:00:30

		Start-Date: 2026-11-24  08:00:00
		Install: cut (1
	EOF
	printf 'Start-Date: 2026-11-22  06:40:02\r\nInstall: a (1)\r\nEnd-Date: 2026-11-22  06:40:03\r\n' \
		> "$seeds/crlf"
	printf '<SoftwareIdentity tagId="Debian_12-x86_64-bash-5.2"><Entity regid="strongswan.org"/>' \
		> "$seeds/tag" ;;
fuzz_web)
	# one seed per parser: the selector byte, then its input
	printf '\000Basic dG5jOnNlY3JldA==' > "$seeds/basic"
	printf '\001a=1; tncweb_session=00ff; b=2' > "$seeds/cookie"
	printf '\002{"data": ["<SoftwareIdentity tagId=\\"t\\"/>"]}' \
		> "$seeds/add-tags"
	printf '\003{"data": ["strongswan.org__a", "x__y"]}' \
		> "$seeds/measurement"
	printf '\004%s' '{"epoch": 7, "lastEid": 2, "events": [{"eid": 1,' \
		' "timestamp": "2024-01-01T00:00:00Z", "recordId": 3,' \
		' "sourceId": 1, "action": 1, "softwareId": "a__b"}]}' \
		> "$seeds/events"
	printf '\005parent=2&limit=10&offset=1' > "$seeds/query"
	printf '\006csrf_token=ab&argument=22+80%%2C443&x' > "$seeds/form" ;;
fuzz_web_objects)
	# byte 0: operation + 5 * type index (fuzz/fuzz_web_objects.c; the
	# order of obj_types[] in programs/tnc-web/objects.c: devices 0,
	# groups 1, policies 2, enforcements 3, products 4, packages 5),
	# byte 1: the row; then JSON. A policy with a port range and one
	# with a bad range, an enforcement of a missing policy, a device
	# and its update, a group delete, a get and a list query.
	obj_seed() {
		{ printf "\\$(printf %03o "$2")\\$(printf %03o "$3")"
		  printf '%s' "$4"; } > "$seeds/$1"
	}
	obj_seed policy-ports 10 0 '{"name": "ports", "type": "TCPBL",
		"argument": "22 80 8000-8100", "rec_fail": 2,
		"rec_noresult": 3}'
	obj_seed policy-bad-ports 10 0 '{"name": "bad", "type": "UDPOP",
		"argument": "80-20", "rec_fail": 1, "rec_noresult": 1}'
	obj_seed enforcement-missing 15 0 '{"policy": 99999,
		"group_id": 1, "max_age": 0}'
	obj_seed device 0 0 '{"value": "aabbcc", "description": "d",
		"product": 1, "trusted": 1}'
	obj_seed device-update 1 0 '{"description": "new", "inactive": true}'
	obj_seed group-delete 7 3 '{}'
	obj_seed policy-get 13 1 ''
	obj_seed versions-list 34 0 '{"product": "28", "limit": 5,
		"match": "1.", "newest": true}'
	# a membership (run twice by libFuzzer: a duplicate), and a group
	# list whose 154 filters fill the statement up to its search text
	obj_seed member 50 0 '{"group_id": 1, "device_id": 1}'
	{ printf '\011\000{"match": "x", "name": ["a"'
	  i=1
	  while [ $i -lt 154 ]; do printf ', "a"'; i=$((i + 1)); done
	  printf ']}'; } > "$seeds/groups-long-query" ;;
esac
if [ "$(ls "$seeds" | wc -l)" -eq 0 ]; then
	echo "$0: warning: no seeds found (vectors in $vectors?)" >&2
fi

exec "$build/fuzz/$target" "$corpus" "$seeds" \
	-max_total_time="$seconds" -print_final_stats=1 \
	-artifact_prefix="$here/crash-$target-" "$@"
