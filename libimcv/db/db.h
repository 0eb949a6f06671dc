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

/* The id of the last row inserted on this connection. */
int64_t db_last_id(struct db *db);

/* Every multi-row change runs inside one of these. */
bool db_begin(struct db *db);
bool db_commit(struct db *db);
void db_rollback(struct db *db);

#endif /* IMCV_DB_H */
