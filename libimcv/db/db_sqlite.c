/*
 * db_sqlite.c - the SQLite backend of db.h.
 *
 * WAL journal so that readers (IMVs loading workitems) and the writer
 * (imv_policy_manager) do not block each other, and a busy timeout so a
 * short write lock held by another process is waited for instead of
 * failing a session.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "db_backend.h"

#define SQLITE_BUSY_TIMEOUT_MS 5000

static void *sqlite_open(const char *location, const char **why)
{
	sqlite3 *conn = NULL;
	char *mode = NULL;

	/* The URI's path part: "sqlite:///var/lib/tnc/config.db" */
	if (location[0] != '/') {
		*why = "the database path must be absolute (sqlite:///path)";
		return NULL;
	}
	/* Never create a file: a missing database is a setup mistake. */
	if (sqlite3_open_v2(location, &conn, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		*why = conn ? sqlite3_errmsg(conn) : "out of memory";
		sqlite3_close(conn);
		return NULL;
	}
	sqlite3_busy_timeout(conn, SQLITE_BUSY_TIMEOUT_MS);
	/* Also proves that the file is a database at all. */
	if (sqlite3_exec(conn, "PRAGMA journal_mode=WAL", NULL, NULL,
			 &mode) != SQLITE_OK) {
		sqlite3_free(mode);
		*why = "not an SQLite database, or it cannot be written";
		sqlite3_close(conn);
		return NULL;
	}
	return conn;
}

static void sqlite_close(void *conn)
{
	sqlite3_close(conn);
}

static void *sqlite_prepare(void *conn, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
			       NULL) != SQLITE_OK)
		return NULL;
	return st;
}

static void sqlite_finalize(void *st)
{
	sqlite3_finalize(st);
}

static void sqlite_reset(void *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static bool sqlite_bind(void *st, int idx, const struct db_value *v)
{
	int rc = SQLITE_MISUSE;

	switch (v->type) {
	case DB_NULL:
		rc = sqlite3_bind_null(st, idx);
		break;
	case DB_INT:
		rc = sqlite3_bind_int64(st, idx, v->i);
		break;
	case DB_TEXT:
		rc = sqlite3_bind_text(st, idx, v->p, (int)v->len,
				       SQLITE_TRANSIENT);
		break;
	case DB_BLOB:
		rc = sqlite3_bind_blob(st, idx, v->p, (int)v->len,
				       SQLITE_TRANSIENT);
		break;
	}
	return rc == SQLITE_OK;
}

static enum db_step sqlite_step(void *st)
{
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	default:
		return DB_ERROR;
	}
}

static void sqlite_column(void *st, int col, struct db_value *out)
{
	memset(out, 0, sizeof(*out));
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_INTEGER:
	case SQLITE_FLOAT:
		out->type = DB_INT;
		out->i = sqlite3_column_int64(st, col);
		break;
	case SQLITE_TEXT:
		out->type = DB_TEXT;
		out->p = sqlite3_column_text(st, col);
		out->len = (size_t)sqlite3_column_bytes(st, col);
		break;
	case SQLITE_BLOB:
		out->type = DB_BLOB;
		out->p = sqlite3_column_blob(st, col);
		out->len = (size_t)sqlite3_column_bytes(st, col);
		break;
	default:
		out->type = DB_NULL;
	}
}

static int64_t sqlite_last_id(void *conn)
{
	return sqlite3_last_insert_rowid(conn);
}

static bool sqlite_exec(void *conn, const char *sql)
{
	return sqlite3_exec(conn, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static const char *sqlite_error(void *conn)
{
	return sqlite3_errmsg(conn);
}

const struct db_backend db_sqlite_backend = {
	.scheme = "sqlite://",
	/* IMMEDIATE: take the write lock now, so a concurrent writer makes
	 * us wait at the start (busy timeout) instead of failing midway. */
	.begin_sql = "BEGIN IMMEDIATE",
	.open = sqlite_open,
	.close = sqlite_close,
	.prepare = sqlite_prepare,
	.finalize = sqlite_finalize,
	.reset = sqlite_reset,
	.bind = sqlite_bind,
	.step = sqlite_step,
	.column = sqlite_column,
	.last_id = sqlite_last_id,
	.exec = sqlite_exec,
	.error = sqlite_error,
};
