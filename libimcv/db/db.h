/*
 * db.h - the policy database behind one small interface.
 *
 * IMVs, imv_policy_manager and the tools reach the database only through
 * these calls. A database is named by a URI; "sqlite:///abs/path" is the
 * one backend today. SQL is written once, in the portable subset both
 * SQLite and PostgreSQL accept, with '?' placeholders; a PostgreSQL
 * backend would add one more struct db_backend (db_pgsql.c) and rewrite
 * the placeholders to $n in its prepare function.
 *
 * Statements are prepared once per connection and cached by their SQL
 * text, so the callers' hot paths (workitem rows, session rows) do not
 * re-parse SQL. A statement from db_prepare is owned by the connection:
 * the caller steps it and hands it back with db_done, never frees it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_DB_H
#define IMCV_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum db_step { DB_ROW, DB_DONE, DB_ERROR };

/*
 * Opens the database named by uri; NULL after logging why (unknown scheme,
 * file missing or not a database). SQLite connections run in WAL mode with
 * a busy timeout, so an IMV and the policy manager can use the file at the
 * same time.
 */
struct db *db_open(const char *uri);
void db_close(struct db *db);

/*
 * The cached statement for sql, reset and with no bindings; NULL after
 * logging when the SQL does not compile. A statement may be in use by one
 * caller at a time; finish with db_done.
 */
struct db_stmt *db_prepare(struct db *db, const char *sql);
void db_done(struct db_stmt *st);

/* Parameters count from 1, as in SQL. False when binding failed. */
bool db_bind_int(struct db_stmt *st, int idx, int64_t v);
bool db_bind_text(struct db_stmt *st, int idx, const char *s);
bool db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len);
bool db_bind_null(struct db_stmt *st, int idx);

/* DB_ERROR has been logged with the statement's SQL. */
enum db_step db_step(struct db_stmt *st);

/* Columns count from 0. NULL reads as 0 / NULL. Valid until the next step. */
int64_t db_column_int(struct db_stmt *st, int col);
const char *db_column_text(struct db_stmt *st, int col);
const void *db_column_blob(struct db_stmt *st, int col, size_t *len);
bool db_column_is_null(struct db_stmt *st, int col);

/* Steps a statement that returns no rows and hands it back. */
bool db_run(struct db_stmt *st);

/*
 * Statements with their parameters given as one list, so that a lookup
 * or an insert is one line of SQL and one of values:
 *   db_query_id(db, "SELECT id FROM files WHERE dir = ? AND name = ?",
 *               DB_ARGS(DB_ARG_INT(dir), DB_ARG_TEXT(name)), &id);
 */
struct db_param {
	enum { DB_P_NULL, DB_P_INT, DB_P_TEXT } kind;
	int64_t num;
	const char *text;
};

#define DB_ARG_INT(v)	((struct db_param){ DB_P_INT, (v), NULL })
#define DB_ARG_TEXT(s)	((struct db_param){ DB_P_TEXT, 0, (s) })
#define DB_ARG_NULL	((struct db_param){ DB_P_NULL, 0, NULL })
/* An id column where 0 means none: NULL for 0. */
#define DB_ARG_ID(v)	((v) ? DB_ARG_INT(v) : DB_ARG_NULL)
#define DB_ARGS(...)	(const struct db_param[]){ __VA_ARGS__ }, \
			sizeof((const struct db_param[]){ __VA_ARGS__ }) / \
			sizeof(struct db_param)

/* The cached statement for sql with p bound; NULL (logged) on failure. */
struct db_stmt *db_prepare_with(struct db *db, const char *sql,
				const struct db_param *p, size_t n);
/* Runs a statement that returns no rows. */
bool db_run_with(struct db *db, const char *sql, const struct db_param *p,
		 size_t n);
/* The first column of the first row as *id, 0 when there is no row. */
bool db_query_id(struct db *db, const char *sql, const struct db_param *p,
		 size_t n, int64_t *id);
/*
 * The id of the row select finds, else of the row insert adds; both take
 * the same parameters.
 */
bool db_find_or_add(struct db *db, const char *select, const char *insert,
		    const struct db_param *p, size_t n, int64_t *id);

/* The id of the last row inserted on this connection. */
int64_t db_last_id(struct db *db);

/* Every multi-row change runs inside one of these. */
bool db_begin(struct db *db);
bool db_commit(struct db *db);
void db_rollback(struct db *db);

#endif /* IMCV_DB_H */
