/*
 * session_db.c - the IMV side of the policy database (see session_db.h).
 *
 * identities.value is a BLOB: SQLite never finds a TEXT equal to a BLOB,
 * so binding it as text would create a duplicate identity on each
 * session of a database shared with the reference tools.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "session_db.h"

#include <stdlib.h>
#include <string.h>

/* The id of the row found by a one-parameter lookup; 0 when none. */
static bool lookup_id(struct db_stmt *st, int64_t *id)
{
	enum db_step step;

	if (!st)
		return false;
	step = db_step(st);
	*id = step == DB_ROW ? db_column_int(st, 0) : 0;
	db_done(st);
	return step != DB_ERROR;
}

static bool product_id(struct db *db, const char *name, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id FROM products WHERE name = ?");

	if (!st)
		return false;
	db_bind_text(st, 1, name);
	if (!lookup_id(st, id))
		return false;
	if (*id)
		return true;
	st = db_prepare(db, "INSERT INTO products (name) VALUES (?)");
	if (!st)
		return false;
	db_bind_text(st, 1, name);
	if (!db_run(st))
		return false;
	*id = db_last_id(db);
	return true;
}

static bool device_id(struct db *db, const char *value, int64_t product,
		      struct session_db_ids *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, trusted FROM devices WHERE value = ? AND product = ?");
	enum db_step step;

	if (!st)
		return false;
	db_bind_text(st, 1, value);
	db_bind_int(st, 2, product);
	step = db_step(st);
	if (step == DB_ROW) {
		out->device = db_column_int(st, 0);
		out->trusted = db_column_int(st, 1) != 0;
	}
	db_done(st);
	if (step != DB_DONE)
		return step == DB_ROW;

	st = db_prepare(db,
		"INSERT INTO devices (description, value, product, trusted, "
		"inactive) VALUES ('', ?, ?, 0, 0)");
	if (!st)
		return false;
	db_bind_text(st, 1, value);
	db_bind_int(st, 2, product);
	if (!db_run(st))
		return false;
	out->device = db_last_id(db);
	out->trusted = false;
	return true;
}

static bool identity_id(struct db *db, const struct ar_identity *ident,
			int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id FROM identities WHERE type = ? AND value = ?");

	if (!st)
		return false;
	db_bind_int(st, 1, ident->type);
	db_bind_blob(st, 2, ident->value, ident->len);
	if (!lookup_id(st, id))
		return false;
	if (*id)
		return true;
	st = db_prepare(db,
		"INSERT INTO identities (type, value) VALUES (?, ?)");
	if (!st)
		return false;
	db_bind_int(st, 1, ident->type);
	db_bind_blob(st, 2, ident->value, ident->len);
	if (!db_run(st))
		return false;
	*id = db_last_id(db);
	return true;
}

static bool link_identities(struct db *db, const struct session_db_in *in,
			    int64_t session)
{
	bool first = true;

	for (size_t i = 0; i < in->identity_count; i++) {
		const struct ar_identity *ident = &in->identities[i];
		struct db_stmt *st;
		int64_t id;

		if (ident->vendor != SESSION_DB_TCG_VENDOR || ident->len == 0)
			continue;
		if (!identity_id(db, ident, &id))
			return false;
		/* The same identity twice in one list is linked once. */
		st = db_prepare(db,
			"INSERT OR IGNORE INTO sessions_identities "
			"(session_id, identity_id) VALUES (?, ?)");
		if (!st)
			return false;
		db_bind_int(st, 1, session);
		db_bind_int(st, 2, id);
		if (!db_run(st))
			return false;
		if (!first)
			continue;
		first = false;
		st = db_prepare(db,
			"UPDATE sessions SET identity = ? WHERE id = ?");
		if (!st)
			return false;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, session);
		if (!db_run(st))
			return false;
	}
	return true;
}

static bool create_rows(struct db *db, const struct session_db_in *in,
			struct session_db_ids *out)
{
	struct db_stmt *st;

	if (!product_id(db, in->product, &out->product) ||
	    !device_id(db, in->device, out->product, out))
		return false;
	st = db_prepare(db,
		"INSERT INTO sessions (time, connection, product, device) "
		"VALUES (?, ?, ?, ?)");
	if (!st)
		return false;
	db_bind_int(st, 1, in->now);
	db_bind_int(st, 2, in->connection);
	db_bind_int(st, 3, out->product);
	db_bind_int(st, 4, out->device);
	if (!db_run(st))
		return false;
	out->session = db_last_id(db);
	return link_identities(db, in, out->session);
}

bool session_db_create(struct db *db, const struct session_db_in *in,
		       struct session_db_ids *out)
{
	memset(out, 0, sizeof(*out));
	if (!db_begin(db))
		return false;
	if (!create_rows(db, in, out)) {
		db_rollback(db);
		memset(out, 0, sizeof(*out));
		return false;
	}
	return db_commit(db);
}

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

bool session_db_workitems(struct db *db, int64_t session,
			  struct workitem **items, size_t *count)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, type, arg_str, arg_int, rec_fail, rec_noresult "
		"FROM workitems WHERE session = ? ORDER BY id");
	struct workitem *list = NULL;
	size_t n = 0, cap = 0;
	enum db_step step;

	*items = NULL;
	*count = 0;
	if (!st)
		return false;
	db_bind_int(st, 1, session);
	while ((step = db_step(st)) == DB_ROW) {
		struct workitem *w;

		if (n == cap) {
			struct workitem *more;

			cap = cap ? cap * 2 : 8;
			more = realloc(list, cap * sizeof(*list));
			if (!more) {
				step = DB_ERROR;
				break;
			}
			list = more;
		}
		w = &list[n];
		memset(w, 0, sizeof(*w));
		w->arg_str = dup_or_empty(db_column_text(st, 2));
		if (!w->arg_str) {
			step = DB_ERROR;
			break;
		}
		n++;
		w->id = db_column_int(st, 0);
		w->type = db_column_int(st, 1);
		w->arg_int = db_column_int(st, 3);
		w->rec_fail = db_column_int(st, 4);
		w->rec_noresult = db_column_int(st, 5);
		w->owner_imv = -1;
		w->rec_final = DB_REC_NONE;
	}
	db_done(st);
	if (step != DB_DONE) {
		workitem_list_free(list, n);
		return false;
	}
	*items = list;
	*count = n;
	return true;
}

bool session_db_finish_workitem(struct db *db, const struct workitem *w)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE workitems SET result = ?, rec_final = ? WHERE id = ?");

	if (!st)
		return false;
	db_bind_text(st, 1, w->result ? w->result : "");
	db_bind_int(st, 2, w->rec_final);
	db_bind_int(st, 3, w->id);
	return db_run(st);
}

bool session_db_set_rec(struct db *db, int64_t session, int64_t rec)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE sessions SET rec = ? WHERE id = ?");

	if (!st)
		return false;
	db_bind_int(st, 1, rec);
	db_bind_int(st, 2, session);
	return db_run(st);
}
