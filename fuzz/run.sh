#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run.sh - builds the libFuzzer targets (when needed) and runs one of them
# for a fixed time, seeded from the shared PT-TLS/PB-TNC vectors and the
# sample configuration files.
#
#   fuzz/run.sh TARGET SECONDS [extra libFuzzer options]
#   TARGET: fuzz_pb_tnc | fuzz_pt_tls | fuzz_tnc_config | fuzz_conf
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
fuzz_pb_tnc|fuzz_pt_tls|fuzz_tnc_config|fuzz_conf) ;;
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
esac
if [ "$(ls "$seeds" | wc -l)" -eq 0 ]; then
	echo "$0: warning: no seeds found (vectors in $vectors?)" >&2
fi

exec "$build/fuzz/$target" "$corpus" "$seeds" \
	-max_total_time="$seconds" -print_final_stats=1 \
	-artifact_prefix="$here/crash-$target-" "$@"
