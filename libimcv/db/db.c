/*
 * db.c - URI dispatch, the statement cache and error reporting for db.h.
 *
 * One connection may be shared by the threads of a TNC server (the IMVs
 * of a process hold one each), so every use of it holds a recursive lock
 * from db_prepare to db_done, and a transaction holds it from db_begin to
 * db_commit. Statements are few and fixed, so the cache is a short array
 * searched by SQL text.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "db.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "db_backend.h"
#include "log.h"

#define DB_CACHE_SIZE 64

struct db_stmt {
	struct db *db;
	void *handle;
	char *sql;		/* owned; the cache key */
	bool busy;
	bool cached;
};

struct db {
	const struct db_backend *backend;
	void *conn;
	pthread_mutex_t lock;
	struct db_stmt *cache[DB_CACHE_SIZE];
	size_t cached;
};

static const struct db_backend *const backends[] = {
	&db_sqlite_backend,
};

static const struct db_backend *backend_for(const char *uri)
{
	for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		size_t n = strlen(backends[i]->scheme);

		if (strncmp(uri, backends[i]->scheme, n) == 0)
			return backends[i];
	}
	return NULL;
}

struct db *db_open(const char *uri)
{
	const struct db_backend *backend = backend_for(uri);
	pthread_mutexattr_t attr;
	const char *why = NULL;
	struct db *db;

	if (!backend) {
		log_imv(0, "database URI '%s' has an unknown scheme "
			"(expected sqlite:///path)", uri);
		return NULL;
	}
	db = calloc(1, sizeof(*db));
	if (!db)
		return NULL;
	db->backend = backend;
	db->conn = backend->open(uri + strlen(backend->scheme), &why);
	if (!db->conn) {
		log_imv(0, "opening database '%s' failed: %s", uri, why);
		free(db);
		return NULL;
	}
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&db->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	return db;
}

static void stmt_free(struct db_stmt *st)
{
	st->db->backend->finalize(st->handle);
	free(st->sql);
	free(st);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->cached; i++)
		stmt_free(db->cache[i]);
	db->backend->close(db->conn);
	pthread_mutex_destroy(&db->lock);
	free(db);
}

static struct db_stmt *stmt_new(struct db *db, const char *sql)
{
	struct db_stmt *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->db = db;
	st->sql = strdup(sql);
	st->handle = db->backend->prepare(db->conn, sql);
	if (!st->sql || !st->handle) {
		log_imv(0, "database statement failed to compile: %s (%s)",
			db->backend->error(db->conn), sql);
		if (st->handle)
			db->backend->finalize(st->handle);
		free(st->sql);
		free(st);
		return NULL;
	}
	return st;
}

static struct db_stmt *cache_find(struct db *db, const char *sql)
{
	for (size_t i = 0; i < db->cached; i++)
		if (!db->cache[i]->busy && strcmp(db->cache[i]->sql, sql) == 0)
			return db->cache[i];
	return NULL;
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	struct db_stmt *st;

	pthread_mutex_lock(&db->lock);
	st = cache_find(db, sql);
	if (!st) {
		/* A busy twin (the same query nested) gets an uncached copy. */
		st = stmt_new(db, sql);
		if (!st) {
			pthread_mutex_unlock(&db->lock);
			return NULL;
		}
		if (db->cached < DB_CACHE_SIZE) {
			st->cached = true;
			db->cache[db->cached++] = st;
		}
	}
	st->busy = true;
	return st;
}

void db_done(struct db_stmt *st)
{
	struct db *db;

	if (!st)
		return;
	db = st->db;
	db->backend->reset(st->handle);
	st->busy = false;
	if (!st->cached)
		stmt_free(st);
	pthread_mutex_unlock(&db->lock);
}

static bool bind(struct db_stmt *st, int idx, const struct db_value *v)
{
	if (st->db->backend->bind(st->handle, idx, v))
		return true;
	log_imv(0, "database parameter %d could not be bound: %s (%s)", idx,
		st->db->backend->error(st->db->conn), st->sql);
	return false;
}

bool db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	struct db_value val = { .type = DB_INT, .i = v };

	return bind(st, idx, &val);
}

bool db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	struct db_value val = { .type = DB_TEXT, .p = s, .len = strlen(s) };

	return bind(st, idx, &val);
}

bool db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len)
{
	struct db_value val = { .type = DB_BLOB, .p = p ? p : "", .len = len };

	return bind(st, idx, &val);
}

bool db_bind_null(struct db_stmt *st, int idx)
{
	struct db_value val = { .type = DB_NULL };

	return bind(st, idx, &val);
}

enum db_step db_step(struct db_stmt *st)
{
	enum db_step rc = st->db->backend->step(st->handle);

	if (rc == DB_ERROR)
		log_imv(0, "database statement failed: %s (%s)",
			st->db->backend->error(st->db->conn), st->sql);
	return rc;
}

int64_t db_column_int(struct db_stmt *st, int col)
{
	struct db_value v;

	st->db->backend->column(st->handle, col, &v);
	return v.type == DB_INT ? v.i : 0;
}

const char *db_column_text(struct db_stmt *st, int col)
{
	struct db_value v;

	st->db->backend->column(st->handle, col, &v);
	/* SQLite text is NUL-terminated; a backend must keep that promise. */
	return v.type == DB_TEXT ? v.p : NULL;
}

const void *db_column_blob(struct db_stmt *st, int col, size_t *len)
{
	struct db_value v;

	st->db->backend->column(st->handle, col, &v);
	if (v.type != DB_BLOB && v.type != DB_TEXT) {
		*len = 0;
		return NULL;
	}
	*len = v.len;
	return v.p;
}

bool db_column_is_null(struct db_stmt *st, int col)
{
	struct db_value v;

	st->db->backend->column(st->handle, col, &v);
	return v.type == DB_NULL;
}

bool db_run(struct db_stmt *st)
{
	bool ok = db_step(st) == DB_DONE;

	db_done(st);
	return ok;
}

int64_t db_last_id(struct db *db)
{
	int64_t id;

	pthread_mutex_lock(&db->lock);
	id = db->backend->last_id(db->conn);
	pthread_mutex_unlock(&db->lock);
	return id;
}

/* The lock taken here is released by db_commit or db_rollback. */
bool db_begin(struct db *db)
{
	pthread_mutex_lock(&db->lock);
	if (db->backend->exec(db->conn, db->backend->begin_sql))
		return true;
	log_imv(0, "database transaction could not start: %s",
		db->backend->error(db->conn));
	pthread_mutex_unlock(&db->lock);
	return false;
}

bool db_commit(struct db *db)
{
	bool ok = db->backend->exec(db->conn, "COMMIT");

	if (!ok) {
		log_imv(0, "database transaction failed to commit: %s",
			db->backend->error(db->conn));
		db->backend->exec(db->conn, "ROLLBACK");
	}
	pthread_mutex_unlock(&db->lock);
	return ok;
}

void db_rollback(struct db *db)
{
	db->backend->exec(db->conn, "ROLLBACK");
	pthread_mutex_unlock(&db->lock);
}

struct db_stmt *db_prepare_with(struct db *db, const char *sql,
				const struct db_param *p, size_t n)
{
	struct db_stmt *st = db_prepare(db, sql);
	bool ok = st != NULL;
	size_t i;

	for (i = 0; ok && i < n; i++) {
		if (p[i].kind == DB_P_INT)
			ok = db_bind_int(st, (int)i + 1, p[i].num);
		else if (p[i].kind == DB_P_TEXT)
			ok = db_bind_text(st, (int)i + 1, p[i].text);
		else
			ok = db_bind_null(st, (int)i + 1);
	}
	if (st && !ok) {
		db_done(st);
		return NULL;
	}
	return st;
}

bool db_run_with(struct db *db, const char *sql, const struct db_param *p,
		 size_t n)
{
	struct db_stmt *st = db_prepare_with(db, sql, p, n);

	return st && db_run(st);
}

bool db_query_id(struct db *db, const char *sql, const struct db_param *p,
		 size_t n, int64_t *id)
{
	struct db_stmt *st = db_prepare_with(db, sql, p, n);
	enum db_step r;

	*id = 0;
	if (!st)
		return false;
	r = db_step(st);
	if (r == DB_ROW)
		*id = db_column_int(st, 0);
	db_done(st);
	return r != DB_ERROR;
}

bool db_find_or_add(struct db *db, const char *select, const char *insert,
		    const struct db_param *p, size_t n, int64_t *id)
{
	if (!db_query_id(db, select, p, n, id))
		return false;
	if (*id)
		return true;
	if (!db_run_with(db, insert, p, n))
		return false;
	*id = db_last_id(db);
	return true;
}
