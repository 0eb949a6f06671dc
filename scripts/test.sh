#!/usr/bin/env bash
# Runs the whole test suite: unit and integration tests on a normal build,
# then again on a build with AddressSanitizer and UndefinedBehaviorSanitizer,
# and each fuzz target briefly. Installs what is missing first (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

meson test -C build --print-errorlogs

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
BUILD_DIR=build-asan MESON_ARGS="-Db_sanitize=address,undefined -Db_lundef=false" \
	bash scripts/setup.sh
meson test -C build-asan --print-errorlogs

# Each libFuzzer target for a fixed time, seeded from the shared vectors
for target in fuzz_pt_tls fuzz_pb_tnc fuzz_tnc_config fuzz_conf; do
	sh fuzz/run.sh "$target" "${FUZZ_SECONDS:-10}"
done
