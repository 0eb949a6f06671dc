#!/bin/sh
# Brings an existing policy database up to the current schema version by
# applying the pending files of schema/migrations/ (see README.md).
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: migrate.sh DB [MIGRATIONS_DIR]
#
# A migration file is named NNNN-description.sql, where NNNN is the schema
# version it produces, and ends with "PRAGMA user_version = NNNN;".  Every
# file whose number is above the database's user_version is applied, in
# order, inside one transaction: either all pending migrations are applied
# or none is.  Needs the sqlite3 command-line shell.

set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 DB [MIGRATIONS_DIR]" >&2
	exit 2
fi
db=$1
dir=${2:-$(dirname "$0")/migrations}

if [ ! -f "$db" ]; then
	echo "$0: $db: no such database (create it from tables.sql)" >&2
	exit 1
fi

current=$(sqlite3 "$db" 'PRAGMA user_version;')
script=$(mktemp)
trap 'rm -f "$script"' EXIT

echo 'BEGIN TRANSACTION;' >"$script"
target=$current
pending=0
for file in "$dir"/[0-9][0-9][0-9][0-9]-*.sql; do
	[ -e "$file" ] || continue
	num=$(basename "$file" | cut -c1-4)
	num=$(expr "$num" + 0)
	[ "$num" -gt "$current" ] || continue
	if [ "$num" -ne $((target + 1)) ]; then
		echo "$0: $file: expected migration $((target + 1)) next" >&2
		exit 1
	fi
	echo "applying $(basename "$file")"
	cat "$file" >>"$script"
	echo >>"$script"
	target=$num
	pending=$((pending + 1))
done
echo 'COMMIT;' >>"$script"

if [ "$pending" -eq 0 ]; then
	echo "$db is at schema version $current, nothing to do"
	exit 0
fi

sqlite3 -bail "$db" <"$script"

now=$(sqlite3 "$db" 'PRAGMA user_version;')
if [ "$now" -ne "$target" ]; then
	echo "$0: user_version is $now after migrating, expected $target" >&2
	exit 1
fi
echo "$db migrated from schema version $current to $now"
