/*
 * fuzz_tmpdb.c - a fuzz target's temporary policy database
 * (fuzz_tmpdb.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz_tmpdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>

static char dir[96];
static char path[128];

static void remove_db(void)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	char p[sizeof(path) + 8];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, suffixes[i]);
		unlink(p);
	}
	rmdir(dir);
}

const char *fuzz_tmpdb_path(const char *name)
{
	snprintf(dir, sizeof(dir), "/tmp/fuzz-%s-XXXXXX", name);
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/config.db", dir);
	atexit(remove_db);
	return path;
}

struct db *fuzz_tmpdb_open(const char *name, const char *schema)
{
	const char *file = fuzz_tmpdb_path(name);
	char uri[sizeof(path) + 16];
	sqlite3 *conn;
	struct db *db;

	if (sqlite3_open(file, &conn) != SQLITE_OK ||
	    sqlite3_exec(conn, schema, NULL, NULL, NULL) != SQLITE_OK)
		abort();
	sqlite3_close(conn);
	snprintf(uri, sizeof(uri), "sqlite://%s", file);
	db = db_open(uri);
	if (!db)
		abort();
	return db;
}
