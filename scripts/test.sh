#!/usr/bin/env bash
# Runs the whole test suite: unit and integration tests on a normal build,
# then again on a build with AddressSanitizer and UndefinedBehaviorSanitizer,
# and each fuzz target briefly. Installs what is missing first (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# Runs one build's suites (a failure ends the script) and counts those
# that passed, as meson reported them.
passed=0
run_suites() {
	local out
	out=$(mktemp)
	meson test -C "$1" --print-errorlogs | tee "$out"
	passed=$(( passed + $(awk '/^Ok:/ { print $2 }' "$out") ))
	rm -f "$out"
}

run_suites build

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
BUILD_DIR=build-asan MESON_ARGS="-Db_sanitize=address,undefined -Db_lundef=false" \
	bash scripts/setup.sh
run_suites build-asan

# Each libFuzzer target for a fixed time, seeded from the shared vectors;
# its output goes to a log, which is shown when the target fails.
targets="fuzz_pt_tls fuzz_pb_tnc fuzz_tnc_config fuzz_conf fuzz_seg fuzz_pa_tnc fuzz_readers fuzz_swima fuzz_swid_tag fuzz_bios_log fuzz_ima_log fuzz_apt_history fuzz_pts_attr fuzz_pts_crypto fuzz_imc_attestation fuzz_golden fuzz_imv_attestation fuzz_web fuzz_web_objects"
for target in $targets; do
	log=build-fuzz-$target.log
	if ! sh fuzz/run.sh "$target" "${FUZZ_SECONDS:-10}" >"$log" 2>&1; then
		tail -n 60 "$log"
		echo "fuzz: $target failed (log: $log)"
		exit 1
	fi
	echo "fuzz: $target ran ${FUZZ_SECONDS:-10} s: $(grep -c '^#' "$log") progress lines, no crash"
	passed=$((passed + 1))
done

echo "all suites: $passed passed, 0 failed"
