#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run.sh - builds the libFuzzer targets (when needed) and runs one of them
# for a fixed time, seeded from the shared PT-TLS/PB-TNC vectors and the
# sample configuration files.
#
#   fuzz/run.sh TARGET SECONDS [extra libFuzzer options]
#   TARGET: fuzz_pb_tnc | fuzz_pt_tls | fuzz_tnc_config | fuzz_conf |
#           fuzz_seg | fuzz_pa_tnc | fuzz_readers | fuzz_swima
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
fuzz_pb_tnc|fuzz_pt_tls|fuzz_tnc_config|fuzz_conf|fuzz_seg|fuzz_pa_tnc|fuzz_readers|fuzz_swima) ;;
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
esac
if [ "$(ls "$seeds" | wc -l)" -eq 0 ]; then
	echo "$0: warning: no seeds found (vectors in $vectors?)" >&2
fi

exec "$build/fuzz/$target" "$corpus" "$seeds" \
	-max_total_time="$seconds" -print_final_stats=1 \
	-artifact_prefix="$here/crash-$target-" "$@"
