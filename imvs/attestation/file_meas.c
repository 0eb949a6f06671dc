/*
 * file_meas.c - the file measurement workitems of the Attestation IMV
 * (file_meas.h, attestation spec 9).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "file_meas.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "workitem.h"

static const struct file_meas_type types[] = {
	{ WORKITEM_FREFM, false, FILE_MEAS_REFERENCE, "file" },
	{ WORKITEM_FMEAS, false, FILE_MEAS_COMPARE, "file" },
	{ WORKITEM_FMETA, false, FILE_MEAS_META, "file" },
	{ WORKITEM_DREFM, true, FILE_MEAS_REFERENCE, "directory" },
	{ WORKITEM_DMEAS, true, FILE_MEAS_COMPARE, "directory" },
	{ WORKITEM_DMETA, true, FILE_MEAS_META, "directory" },
};

#define TYPE_COUNT (sizeof(types) / sizeof(types[0]))

const struct file_meas_type *file_meas_type_find(int64_t type)
{
	size_t i;

	for (i = 0; i < TYPE_COUNT; i++)
		if (types[i].type == type)
			return &types[i];
	return NULL;
}

static char *join_path(const char *dir, const char *name)
{
	size_t dlen = dir ? strlen(dir) : 0;
	char *path = malloc(dlen + strlen(name) + 2);
	char sep = dlen && dir[0] != '/' ? '\\' : '/';

	if (!path)
		return NULL;
	if (!dlen)
		strcpy(path, name);
	else if (strcmp(dir, "/") == 0)
		sprintf(path, "/%s", name);
	else
		sprintf(path, "%s%c%s", dir, sep, name);
	return path;
}

char *file_meas_path(struct db *db, bool dir, int64_t id)
{
	struct db_stmt *st;
	char *path = NULL;

	st = db_prepare(db, dir ?
			"SELECT path, NULL FROM directories WHERE id = ?" :
			"SELECT f.name, d.path FROM files AS f LEFT JOIN "
			"directories AS d ON d.id = f.dir WHERE f.id = ?");
	if (!st)
		return NULL;
	db_bind_int(st, 1, id);
	if (db_step(st) == DB_ROW && db_column_text(st, 0))
		path = dir ? strdup(db_column_text(st, 0)) :
		       join_path(db_column_text(st, 1),
				 db_column_text(st, 0));
	db_done(st);
	return path;
}

/* ------------------------------------------------------- compare */

/* One database file while its hashes are walked. */
struct file_check {
	int64_t file;
	bool returned;		/* m has a measurement for it */
	bool matched;		/* one of its hashes equals it */
};

struct compare {
	const struct file_meas_type *t;
	const struct tcg_file_meas *m;
	struct file_check *files;	/* owned */
	size_t count;
	bool nomem;
};

static struct file_check *file_slot(struct compare *c, int64_t file)
{
	struct file_check *grown;
	size_t i;

	for (i = c->count; i > 0; i--)
		if (c->files[i - 1].file == file)
			return &c->files[i - 1];
	grown = realloc(c->files, (c->count + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	c->files = grown;
	c->files[c->count] = (struct file_check){ file, false, false };
	return &c->files[c->count++];
}

static bool name_is(struct pa_bytes name, const char *s)
{
	return name.len == strlen(s) && memcmp(name.ptr, s, name.len) == 0;
}

static bool compare_hash(void *ctx, const struct golden_hash *h)
{
	struct compare *c = ctx;
	const struct tcg_file_meas_entry *e;
	struct file_check *f = file_slot(c, h->file);
	size_t i;

	if (!f) {
		c->nomem = true;
		return false;
	}
	for (i = 0; i < c->m->count; i++) {
		e = &c->m->files[i];
		/* file mode: the one file asked for, whatever its name */
		if (c->t->dir && !name_is(e->name, h->name))
			continue;
		f->returned = true;
		if (e->meas.len == h->digest_len &&
		    memcmp(e->meas.ptr, h->digest, h->digest_len) == 0)
			f->matched = true;
	}
	return true;
}

enum file_meas_verdict file_meas_compare(struct golden *g,
					 const struct file_meas_type *t,
					 int64_t id, enum pts_meas_algo algo,
					 const struct tcg_file_meas *m)
{
	struct compare c = { .t = t, .m = m };
	enum file_meas_verdict v = FILE_MEAS_OK;
	long n;
	size_t i;

	n = t->dir ? golden_by_dir(g, id, algo, compare_hash, &c) :
	    golden_by_file(g, id, algo, compare_hash, &c);
	if (n < 0 || c.nomem)
		v = FILE_MEAS_ERROR;
	for (i = 0; v == FILE_MEAS_OK && i < c.count; i++)
		if (!c.files[i].returned || !c.files[i].matched)
			v = FILE_MEAS_INCORRECT;
	free(c.files);
	return v;
}

/* ----------------------------------------------------- reference */

/* The product's generic version: package '' (created if missing). */
static int64_t generic_version(struct db *db, int64_t product)
{
	int64_t package, version;

	if (!db_find_or_add(db, "SELECT id FROM packages WHERE name = ?",
			    "INSERT INTO packages (name) VALUES (?)",
			    DB_ARGS(DB_ARG_TEXT("")), &package) ||
	    !db_query_id(db, "SELECT id FROM versions WHERE package = ? AND "
			 "product = ?", DB_ARGS(DB_ARG_INT(package),
						DB_ARG_INT(product)), &version))
		return -1;
	if (version != 0)
		return version;
	return db_run_with(db, "INSERT INTO versions (package, product, "
			   "release, time) VALUES (?, ?, '', ?)",
			   DB_ARGS(DB_ARG_INT(package), DB_ARG_INT(product),
				   DB_ARG_INT((int64_t)time(NULL)))) ?
	       db_last_id(db) : -1;
}

/* The files row of name in directory dir (created if missing). */
static int64_t dir_file(struct db *db, int64_t dir, const char *name)
{
	int64_t file;

	return db_find_or_add(db, "SELECT id FROM files WHERE name = ? AND "
			      "dir = ?", "INSERT INTO files (name, dir) "
			      "VALUES (?, ?)", DB_ARGS(DB_ARG_TEXT(name),
						       DB_ARG_INT(dir)),
			      &file) ? file : -1;
}

static bool store_hash(struct db *db, int64_t file, int64_t version,
		       enum pts_meas_algo algo, struct pa_bytes meas)
{
	char hex[2 * PTS_MEAS_ALGO_MAX_SIZE + 1];
	struct db_stmt *st;
	enum db_step step;
	int64_t row = 0;
	bool same = false;
	size_t i;

	if (meas.len > PTS_MEAS_ALGO_MAX_SIZE)
		return false;
	for (i = 0; i < meas.len; i++)
		sprintf(hex + 2 * i, "%02x", meas.ptr[i]);
	hex[2 * meas.len] = '\0';
	st = db_prepare(db, "SELECT id, hash FROM file_hashes WHERE algo = ?"
			" AND file = ? AND version = ?");
	if (!st)
		return false;
	db_bind_int(st, 1, algo);
	db_bind_int(st, 2, file);
	db_bind_int(st, 3, version);
	step = db_step(st);
	if (step == DB_ROW) {
		row = db_column_int(st, 0);
		same = db_column_text(st, 1) &&
		       strcmp(db_column_text(st, 1), hex) == 0;
	}
	db_done(st);
	if (step == DB_ERROR)
		return false;
	if (same)
		return true;
	/* hex text also when replacing (the reference wrote a BLOB) */
	st = db_prepare(db, row ? "UPDATE file_hashes SET hash = ? WHERE "
			"id = ?" : "INSERT INTO file_hashes (hash, file, "
			"version, algo) VALUES (?, ?, ?, ?)");
	if (!st)
		return false;
	db_bind_text(st, 1, hex);
	if (row) {
		db_bind_int(st, 2, row);
	} else {
		db_bind_int(st, 2, file);
		db_bind_int(st, 3, version);
		db_bind_int(st, 4, algo);
	}
	return db_run(st);
}

/* File mode: id itself when its name is name, else 0 (spec 9.2). */
static int64_t named_file(struct db *db, int64_t id, const char *name)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM files "
					"WHERE id = ? AND name = ?");
	enum db_step step;

	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, name);
	step = db_step(st);
	db_done(st);
	return step == DB_ROW ? id : step == DB_DONE ? 0 : -1;
}

/* The file row a returned entry belongs to; 0: name mismatch. */
static int64_t entry_file(struct db *db, const struct file_meas_type *t,
			  int64_t id, const struct tcg_file_meas_entry *e)
{
	char name[FILENAME_MAX];

	if (e->name.len == 0 || e->name.len >= sizeof(name) ||
	    memchr(e->name.ptr, '\0', e->name.len))
		return 0;
	memcpy(name, e->name.ptr, e->name.len);
	name[e->name.len] = '\0';
	return t->dir ? dir_file(db, id, name) : named_file(db, id, name);
}

enum file_meas_verdict file_meas_reference(struct db *db, int64_t product,
					   const struct file_meas_type *t,
					   int64_t id, enum pts_meas_algo algo,
					   const struct tcg_file_meas *m)
{
	enum file_meas_verdict v = FILE_MEAS_OK;
	int64_t version, file;
	size_t i;

	if (!db_begin(db))
		return FILE_MEAS_ERROR;
	version = generic_version(db, product);
	if (version <= 0)
		v = FILE_MEAS_ERROR;
	for (i = 0; v == FILE_MEAS_OK && i < m->count; i++) {
		file = entry_file(db, t, id, &m->files[i]);
		if (file <= 0 ||
		    !store_hash(db, file, version, algo, m->files[i].meas))
			v = FILE_MEAS_ERROR;
	}
	if (v == FILE_MEAS_OK && db_commit(db))
		return v;
	db_rollback(db);
	return FILE_MEAS_ERROR;
}

void file_meas_result_text(const struct file_meas_type *t,
			   enum file_meas_verdict v, char *buf, size_t len)
{
	const char *what;

	if (t->action == FILE_MEAS_META) {
		snprintf(buf, len, "%s metadata requested", t->noun);
		return;
	}
	if (t->action == FILE_MEAS_REFERENCE)
		what = v == FILE_MEAS_OK ? "reference measurement successful" :
		       "reference measurement failed";
	else
		what = v == FILE_MEAS_OK ? "measurement correct" :
		       v == FILE_MEAS_INCORRECT ? "measurement not correct" :
		       "measurement failed";
	snprintf(buf, len, "%s %s", t->noun, what);
}
