/*
 * schema_sql.c - see schema_sql.h.
 *
 * Plain C with no test framework, so that fuzz targets share it with the
 * cmocka tests: a schema that cannot be loaded is a broken set-up, not a
 * test result, and stops the program with the reason.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include "schema_sql.h"

static void fail(const char *path, const char *why)
{
	fprintf(stderr, "schema_sql_load: %s: %s\n", path, why);
	abort();
}

void schema_sql_load(sqlite3 *conn, const char *name)
{
	const char *dir = getenv("TNC_SCHEMA_DIR");
	char path[512], *sql;
	FILE *f;
	long n;

	if (dir)
		snprintf(path, sizeof(path), "%s/%s", dir, name);
	else
		snprintf(path, sizeof(path), "%s/schema/%s", TNC_SOURCE_ROOT,
			 name);
	f = fopen(path, "r");
	if (!f)
		fail(path, "cannot open");
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
		fail(path, "cannot size");
	rewind(f);
	sql = calloc(1, (size_t)n + 1);
	if (!sql || fread(sql, 1, (size_t)n, f) != (size_t)n)
		fail(path, "cannot read");
	fclose(f);
	if (sqlite3_exec(conn, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail(path, sqlite3_errmsg(conn));
	free(sql);
}
