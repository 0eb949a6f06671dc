/*
 * fuzz_web_objects.c - libFuzzer target for tnc-web's object validation
 * (programs/tnc-web/objects.c): every create, update, delete, get and
 * list of the REST API and the pages reaches it with JSON or query
 * arguments from an HTTP client.
 *
 * Input: the first byte picks the operation (byte % 5: create, update,
 * delete, get, list) and the object type (byte / 5, an index into
 * obj_types[]); the second byte picks the row an update, delete or get
 * names (the n-th row of the type's table; 253, 254 and 255 name -1, 0
 * and a missing id); the rest is JSON, loaded as the API loads a body.
 * A value that is no object is still passed to create and update (their
 * signature takes any JSON value); text that is no JSON is skipped
 * there. A list turns the members of an object into query arguments
 * (an array value repeats its argument, as "k=a&k=b" does), with
 * "match" and "newest" as the search text and order of the pages.
 *
 * The database is made once per process from schema/tables.sql and
 * schema/data.sql in a temporary directory; rows added beyond the seed
 * are deleted again when a table grows past MAX_ROWS.
 *
 * Checked on every call (abort() on violation):
 * - the status is an enum obj_status value, and never OBJ_DB_ERROR on
 *   this healthy database: input that reaches a failing INSERT or UPDATE
 *   was not validated (the API would answer 500 instead of 400/409);
 * - a refusal sets a message and leaves the database as it was: the row
 *   counts of every type's table and a hash of all rows of the type's
 *   table are the same before and after (read from a second connection,
 *   so only committed changes count);
 * - a create or update that succeeds stored what it was given (text as
 *   sent, numbers as sent), every non-zero reference it wrote names an
 *   existing row, a create adds one row and an update adds none;
 * - a delete that succeeds removes one row, and no reference of any type
 *   names the deleted id any more (used_by is complete);
 * - get returns the row with the id asked for and every column;
 * - list and count agree (the count's shorter SQL may pass where the
 *   list's is too long), rows come in id order and equal their get;
 * - read-only types refuse every write.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fuzz_tmpdb.h"
#include "log.h"
#include "objects.h"
#include "schema_sql.h"
#include "web_parse.h"

#define MAX_ROWS	1000
#define MAX_ARGS	512
#define MAX_TYPES	64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum op { OP_CREATE, OP_UPDATE, OP_DELETE, OP_GET, OP_LIST, OP_COUNT };

/* Committed state of the database as a second connection reads it. */
struct print {
	uint64_t counts;	/* hash of every type's row count */
	uint64_t rows;		/* hash of every row of one table */
	int64_t count;		/* that table's row count */
};

static struct db *db;
static sqlite3 *check;
static size_t type_count;
static int64_t seed_max[MAX_TYPES];
static char err[160];

#define check_that(c) do { if (!(c)) abort(); } while (0)

/* Runs before the database file is removed (atexit, registered later). */
static void close_check(void)
{
	sqlite3_close(check);
}

/* The one integer sql (with ? bound to arg) returns. */
static int64_t scalar(const char *sql, int64_t arg)
{
	sqlite3_stmt *st;
	int64_t v;

	check_that(sqlite3_prepare_v2(check, sql, -1, &st, NULL) ==
		   SQLITE_OK);
	if (sqlite3_bind_parameter_count(st))
		sqlite3_bind_int64(st, 1, arg);
	check_that(sqlite3_step(st) == SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int64_t count_rows(const char *table)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", table);
	return scalar(sql, 0);
}

static void init(void)
{
	const char *db_path;
	char uri[160], sql[128];
	size_t i;

	/* the database layer logs the SQL of a failing statement */
	if (!getenv("FUZZ_LOG"))
		log_set_level(-1, -1);
	db_path = fuzz_tmpdb_path("web-objects");
	check_that(sqlite3_open(db_path, &check) == SQLITE_OK);
	atexit(close_check);
	schema_sql_load(check, "tables.sql");
	schema_sql_load(check, "data.sql");
	sqlite3_busy_timeout(check, 5000);
	for (type_count = 0; obj_types[type_count].name; type_count++)
		;
	check_that(type_count <= MAX_TYPES);
	for (i = 0; i < type_count; i++) {
		snprintf(sql, sizeof(sql), "SELECT COALESCE(MAX(id), 0) "
			 "FROM %s", obj_types[i].table);
		seed_max[i] = scalar(sql, 0);
	}
	snprintf(uri, sizeof(uri), "sqlite://%s", db_path);
	db = db_open(uri);
	check_that(db);
}

/* Deletes the rows beyond the seed of every table when one has grown. */
static void reset_if_grown(void)
{
	char sql[128];
	size_t i;

	for (i = 0; i < type_count; i++)
		if (count_rows(obj_types[i].table) > MAX_ROWS)
			break;
	if (i == type_count)
		return;
	for (i = 0; i < type_count; i++) {
		if (!obj_types[i].writable)
			continue;
		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id > %" PRId64,
			 obj_types[i].table, seed_max[i]);
		check_that(sqlite3_exec(check, sql, NULL, NULL, NULL) ==
			   SQLITE_OK);
	}
}

static uint64_t fnv(uint64_t h, const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len--)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}

static struct print fingerprint(const struct obj_type *t)
{
	struct print p = { 0xcbf29ce484222325ULL, 0xcbf29ce484222325ULL, 0 };
	sqlite3_stmt *st;
	char sql[128];
	int64_t n;
	int i, type;
	size_t k;

	for (k = 0; k < type_count; k++) {
		n = count_rows(obj_types[k].table);
		p.counts = fnv(p.counts, &n, sizeof(n));
	}
	snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY id", t->table);
	check_that(sqlite3_prepare_v2(check, sql, -1, &st, NULL) ==
		   SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		p.count++;
		for (i = 0; i < sqlite3_column_count(st); i++) {
			type = sqlite3_column_type(st, i);
			p.rows = fnv(p.rows, &type, sizeof(type));
			p.rows = fnv(p.rows, sqlite3_column_blob(st, i),
				     sqlite3_column_bytes(st, i));
		}
	}
	sqlite3_finalize(st);
	return p;
}

static bool same(const struct print *a, const struct print *b)
{
	return a->counts == b->counts && a->rows == b->rows &&
	       a->count == b->count;
}

/* The id byte sel names: the n-th row of t, or one of the odd ids. */
static int64_t pick_id(const struct obj_type *t, uint8_t sel)
{
	char sql[128];
	int64_t n;

	if (sel == 253)
		return -1;
	if (sel == 254)
		return 0;
	if (sel == 255)
		return INT64_C(1) << 40;
	n = count_rows(t->table);
	if (!n)
		return 1;
	snprintf(sql, sizeof(sql), "SELECT id FROM %s ORDER BY id LIMIT 1 "
		 "OFFSET ?", t->table);
	return scalar(sql, sel % n);
}

static bool is_text(enum obj_kind k)
{
	return k == OBJ_TEXT || k == OBJ_BLOB;
}

/* The stored value got of f agrees with the value sent. */
static void check_stored(const struct obj_field *f, const json_t *sent,
			 const json_t *got)
{
	if (json_is_string(sent) && is_text(f->kind))
		check_that(json_equal(sent, got));
	else if (json_is_integer(sent) && !is_text(f->kind))
		check_that(json_integer_value(got) ==
			   json_integer_value(sent));
	else if (json_is_boolean(sent) && !is_text(f->kind))
		check_that(json_integer_value(got) == json_is_true(sent));
	else if (json_is_null(sent))
		check_that(json_is_null(got) || (json_is_integer(got) &&
						 !json_integer_value(got)));
}

/* Row id of t as get returns it: every column is there. */
static void check_row(const struct obj_type *t, const json_t *row,
		      int64_t id)
{
	const struct obj_field *f;

	check_that(json_is_object(row));
	check_that(json_integer_value(json_object_get(row, "id")) == id);
	for (f = t->fields; f->name; f++)
		check_that(json_object_get(row, f->name));
}

/*
 * A reference that was written names an existing row (those not written
 * may dangle: reset_if_grown deletes rows without asking).
 */
static void check_ref(const struct obj_field *f, const json_t *got)
{
	char sql[128];

	if (f->kind != OBJ_REF || !json_integer_value(got))
		return;
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s WHERE id = ?",
		 f->ref);
	check_that(scalar(sql, json_integer_value(got)) == 1);
}

/* After a write that succeeded: row id holds what in sent. */
static void check_written(const struct obj_type *t, const json_t *in,
			  int64_t id)
{
	const struct obj_field *f;
	json_t *row = NULL, *v;
	const char *key;

	check_that(obj_get(db, t, id, &row, err, sizeof(err)) == OBJ_OK);
	check_row(t, row, id);
	json_object_foreach((json_t *)in, key, v) {
		f = obj_field_find(t, key);
		check_that(f && !(f->flags & OBJ_READONLY));
		check_stored(f, v, json_object_get(row, key));
		check_ref(f, json_object_get(row, key));
	}
	for (f = t->fields; f->name; f++)
		if (f->flags & OBJ_REQUIRED)
			check_that(!json_is_null(json_object_get(row,
								 f->name)));
	json_decref(row);
}

/* No reference of any type names row id of t any more. */
static void check_unreferenced(const struct obj_type *t, int64_t id)
{
	const struct obj_field *f;
	char sql[160];
	size_t k;

	for (k = 0; k < type_count; k++)
		for (f = obj_types[k].fields; f->name; f++) {
			if (f->kind != OBJ_REF || strcmp(f->ref, t->table))
				continue;
			snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s "
				 "WHERE %s = ?", obj_types[k].table, f->name);
			check_that(scalar(sql, id) == 0);
		}
}

/* A JSON member as the text of a query argument, in buf. */
static const char *arg_text(const json_t *v, char *buf, size_t len)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v));
	else if (json_is_boolean(v))
		snprintf(buf, len, "%d", json_is_true(v));
	else
		snprintf(buf, len, "%s", "");
	return buf;
}

/* List and count of t with the query in (see the header comment). */
static enum obj_status list(const struct obj_type *t, const json_t *in)
{
	static struct obj_filter args[MAX_ARGS];
	static char texts[MAX_ARGS][24];
	struct obj_query q;
	enum obj_status s, sc;
	json_t *rows = NULL, *row, *got, *v, *e;
	const char *key, *match = NULL;
	int64_t count = -1, prev = 0, id;
	bool newest = false;
	size_t n = 0, i;

	json_object_foreach((json_t *)in, key, v) {
		if (strcmp(key, "match") == 0) {
			match = json_string_value(v);
			continue;
		}
		if (strcmp(key, "newest") == 0) {
			newest = json_is_true(v);
			continue;
		}
		if (!json_is_array(v))
			v = json_pack("[O]", v);
		else
			json_incref(v);
		json_array_foreach(v, i, e) {
			if (n == MAX_ARGS)
				break;
			args[n].field = key;
			args[n].value = arg_text(e, texts[n], sizeof(texts[n]));
			n++;
		}
		json_decref(v);
	}
	if (!web_query_parse(args, n, &q, err, sizeof(err))) {
		free((void *)q.filters);
		return OBJ_INVALID;
	}
	q.match = match;
	q.newest_first = newest;
	s = obj_list(db, t, &q, &rows, err, sizeof(err));
	sc = obj_count(db, t, &q, &count, err, sizeof(err));
	/* the list's SQL is the longer one: a query too long for the
	 * count is too long for the list */
	check_that(s == sc || (sc == OBJ_OK && s == OBJ_INVALID));
	if (s == OBJ_OK) {
		check_that(json_is_array(rows));
		if (q.limit <= 0 && q.offset <= 0)
			check_that((int64_t)json_array_size(rows) == count);
		check_that((int64_t)json_array_size(rows) <= count);
		json_array_foreach(rows, i, row) {
			id = json_integer_value(json_object_get(row, "id"));
			check_that(!i || (newest ? id < prev : id > prev));
			prev = id;
			if (i >= 3)
				continue;
			got = NULL;
			check_that(obj_get(db, t, id, &got, err, sizeof(err)) ==
				   OBJ_OK && json_equal(got, row));
			json_decref(got);
		}
		json_decref(rows);
	}
	free((void *)q.filters);
	return s;
}

static enum obj_status run(enum op op, const struct obj_type *t,
			   int64_t id, const json_t *in,
			   const struct print *before)
{
	enum obj_status s = OBJ_OK;
	struct print after;
	json_t *row = NULL;
	int64_t new_id = -1;

	switch (op) {
	case OP_CREATE:
		s = obj_create(db, t, in, &new_id, err, sizeof(err));
		if (s == OBJ_OK) {
			check_that(new_id > 0);
			check_that(fingerprint(t).count == before->count + 1);
			check_written(t, in, new_id);
		}
		break;
	case OP_UPDATE:
		s = obj_update(db, t, id, in, err, sizeof(err));
		if (s == OBJ_OK) {
			after = fingerprint(t);
			check_that(after.counts == before->counts);
			check_written(t, in, id);
		}
		break;
	case OP_DELETE:
		s = obj_delete(db, t, id, err, sizeof(err));
		if (s == OBJ_OK) {
			check_that(fingerprint(t).count == before->count - 1);
			check_that(obj_get(db, t, id, &row, err, sizeof(err)) ==
				   OBJ_NOT_FOUND && !row);
			check_unreferenced(t, id);
		}
		break;
	case OP_GET:
		s = obj_get(db, t, id, &row, err, sizeof(err));
		if (s == OBJ_OK)
			check_row(t, row, id);
		else
			check_that(!row);
		json_decref(row);
		break;
	case OP_LIST:
	case OP_COUNT:
		s = list(t, in);
		break;
	}
	if (!t->writable && op <= OP_DELETE)
		check_that(s == OBJ_INVALID);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct obj_type *t;
	struct print before, after;
	enum obj_status s;
	json_t *in = NULL;
	int64_t id;
	enum op op;

	if (!db)
		init();
	if (size < 2)
		return 0;
	op = data[0] % OP_COUNT;
	t = &obj_types[(data[0] / OP_COUNT) % type_count];
	in = json_loadb((const char *)data + 2, size - 2,
			JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
	if (!in && (op == OP_CREATE || op == OP_UPDATE))
		return 0;
	if (!in)
		in = json_object();
	reset_if_grown();
	id = pick_id(t, data[1]);
	before = fingerprint(t);
	err[0] = '\0';
	s = run(op, t, id, in, &before);
	json_decref(in);
	check_that((unsigned)s <= OBJ_DB_ERROR);
	if (s == OBJ_DB_ERROR) {
		fprintf(stderr, "%s: %s\n", t->name, err);
		abort();
	}
	if (s != OBJ_OK) {
		check_that(err[0] && memchr(err, '\0', sizeof(err)));
		after = fingerprint(t);
		check_that(same(&before, &after));
	}
	return 0;
}
