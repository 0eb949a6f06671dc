#!/usr/bin/env bash
# Installs what the project needs on Debian 12 (as root) and builds it into
# ./build. Safe to run again: it installs only what is missing and reuses
# the build directory.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential meson ninja-build pkg-config libssl-dev openssl
	  libsqlite3-dev sqlite3 libcmocka-dev libtss2-dev clang python3
	  zlib1g-dev libcurl4-openssl-dev libjansson-dev
	  libmicrohttpd-dev libcrypt-dev
	  swtpm swtpm-tools tpm2-tools libtss2-tcti-swtpm0
	  chromium nodejs)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "Installing: ${missing[*]}"
	if [ "$(id -u)" -ne 0 ]; then
		echo "run as root to install packages" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# playwright-core for the browser tests (tests/browser), as locked; npm
# comes with nodejs where that is NodeSource's build, else install npm.
if [ ! -d tests/browser/node_modules ] && command -v npm >/dev/null; then
	npm ci --prefix tests/browser --no-audit --no-fund >/dev/null
fi

build=${BUILD_DIR:-build}
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" ${MESON_ARGS:-} >/dev/null
fi
ninja -C "$build" >/dev/null
echo "Built into $build/"
