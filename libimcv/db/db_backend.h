/*
 * db_backend.h - what a database backend provides to db.c.
 *
 * db.c owns the URI dispatch, the statement cache and the error log lines;
 * a backend only moves values in and out of its engine. Handles are opaque
 * to db.c (void *), so a backend needs no knowledge of the rest.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_DB_BACKEND_H
#define IMCV_DB_BACKEND_H

#include "db.h"

enum db_type { DB_NULL, DB_INT, DB_TEXT, DB_BLOB };

/* A value crossing the backend boundary; p is never owned by the value. */
struct db_value {
	enum db_type type;
	int64_t i;
	const void *p;
	size_t len;
};

struct db_backend {
	const char *scheme;	/* URI prefix, e.g. "sqlite://" */
	const char *begin_sql;	/* starts a write transaction */
	/* location is the URI without the scheme; NULL with *why on failure */
	void *(*open)(const char *location, const char **why);
	void (*close)(void *conn);
	void *(*prepare)(void *conn, const char *sql);
	void (*finalize)(void *stmt);
	void (*reset)(void *stmt);
	bool (*bind)(void *stmt, int idx, const struct db_value *v);
	enum db_step (*step)(void *stmt);
	void (*column)(void *stmt, int col, struct db_value *out);
	int64_t (*last_id)(void *conn);
	bool (*exec)(void *conn, const char *sql);
	/* the engine's last error message, for the log */
	const char *(*error)(void *conn);
};

extern const struct db_backend db_sqlite_backend;

#endif /* IMCV_DB_BACKEND_H */
