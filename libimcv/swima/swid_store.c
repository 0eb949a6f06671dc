/*
 * swid_store.c - strongTNC's SWID endpoints over the policy database
 * (swid_store.h, swima.md section 7):
 *  - add tags: swid_tags with their product version, package, entities
 *    and roles, and the files of the tag's payload with their hashes;
 *  - measurement: the session's tags (swid_tags_sessions) and per-device
 *    statistics (swid_tagstats), or the identifiers without a tag;
 *  - events: swid_events and swid_tags_events, and the statistics.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pa_attr.h"
#include "swid_store.h"
#include "swid_tag.h"

/* Room for one more element in *v of *cap, doubling. */
static bool grow(void **v, size_t count, size_t *cap, size_t size)
{
	size_t n = *cap ? *cap * 2 : 16;
	void *p;

	if (count < *cap)
		return true;
	p = realloc(*v, n * size);
	if (!p)
		return false;
	*v = p;
	*cap = n;
	return true;
}

/* A string of the len bytes at p, which may be NULL when len is 0. */
static char *dup_bytes(const void *p, size_t len)
{
	return len ? strndup(p, len) : strdup("");
}

bool swid_strs_add(struct swid_strs *l, const char *s, size_t len)
{
	char *copy;

	if (!grow((void **)&l->v, l->count, &l->cap, sizeof(*l->v)))
		return false;
	copy = dup_bytes(s, len);
	if (!copy)
		return false;
	l->v[l->count++] = copy;
	return true;
}

void swid_strs_free(struct swid_strs *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

bool swid_events_push(struct swid_events *l, uint32_t eid,
		      const char *timestamp, size_t ts_len,
		      uint32_t record_id, uint8_t source_id, uint8_t action,
		      const char *sw_id, size_t sw_len)
{
	struct swid_event *e;
	size_t n = ts_len < 20 ? ts_len : 20;

	if (!grow((void **)&l->v, l->count, &l->cap, sizeof(*l->v)))
		return false;
	e = &l->v[l->count];
	memset(e, 0, sizeof(*e));
	e->sw_id = dup_bytes(sw_id, sw_len);
	if (!e->sw_id)
		return false;
	e->eid = eid;
	if (n)
		memcpy(e->timestamp, timestamp, n);
	e->record_id = record_id;
	e->source_id = source_id;
	e->action = action;
	l->count++;
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void swid_strs_sort_unique(struct swid_strs *l)
{
	size_t i, n = 0;

	if (!l->count)
		return;
	qsort(l->v, l->count, sizeof(*l->v), cmp_str);
	for (i = 1; i < l->count; i++) {
		if (strcmp(l->v[i], l->v[n]) == 0)
			free(l->v[i]);
		else
			l->v[++n] = l->v[i];
	}
	l->count = n + 1;
}

void swid_events_free(struct swid_events *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		free(l->v[i].sw_id);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void swid_answer_free(struct swid_answer *ans)
{
	swid_strs_free(&ans->missing);
}

/* PTS algorithm ids (database.md 2.4) of the hashes a tag may carry. */
static const struct {
	size_t offset;
	int64_t algo;
} file_hashes[] = {
	{ offsetof(struct swid_file, sha1_hex), 0x8000 },
	{ offsetof(struct swid_file, sha256_hex), 0x4000 },
	{ offsetof(struct swid_file, sha384_hex), 0x2000 },
	{ offsetof(struct swid_file, sha512_hex), 0x1000 },
};

static void fail(struct swid_answer *ans, const char *what)
{
	snprintf(ans->error, sizeof(ans->error), "database: %s", what);
}

static bool device_of(struct db *db, int64_t session, int64_t *device)
{
	return db_query_id(db, "SELECT device FROM sessions WHERE id = ?",
			DB_ARGS(DB_ARG_INT(session)), device);
}

/* found = 1 when the session row exists. */
static bool session_known(struct db *db, int64_t session, int64_t *found)
{
	return db_query_id(db, "SELECT 1 FROM sessions WHERE id = ?",
			DB_ARGS(DB_ARG_INT(session)), found);
}

static bool tag_of(struct db *db, const char *sw_id, int64_t *tag)
{
	return db_query_id(db, "SELECT id FROM swid_tags WHERE software_id = ? "
			"ORDER BY id LIMIT 1", DB_ARGS(DB_ARG_TEXT(sw_id)), tag);
}

/* The versions row of the tag's product, package and release. */
static bool version_of(struct db *db, const struct swid_tag *tag,
		       int64_t *version)
{
	int64_t product, package;

	*version = 0;
	return !tag->product ||
	       (db_find_or_add(db, "SELECT id FROM products WHERE name = ?",
			    "INSERT INTO products (name) VALUES (?)",
			    DB_ARGS(DB_ARG_TEXT(tag->product)), &product) &&
		db_find_or_add(db, "SELECT id FROM packages WHERE name = ?",
			    "INSERT INTO packages (name) VALUES (?)",
			    DB_ARGS(DB_ARG_TEXT(tag->name)), &package) &&
		db_find_or_add(db, "SELECT id FROM versions WHERE product = ? "
			    "AND package = ? AND release = ?",
			    "INSERT INTO versions (product, package, release) "
			    "VALUES (?, ?, ?)",
			    DB_ARGS(DB_ARG_INT(product), DB_ARG_INT(package),
				   DB_ARG_TEXT(tag->version)), version));
}

static bool add_entity(struct db *db, int64_t tag_id,
		       const struct swid_entity *e)
{
	int64_t id;
	unsigned role;

	if (!db_find_or_add(db, "SELECT id FROM swid_entities WHERE name = ? AND "
			 "regid = ?",
			 "INSERT INTO swid_entities (name, regid) "
			 "VALUES (?, ?)",
			 DB_ARGS(DB_ARG_TEXT(e->name), DB_ARG_TEXT(e->regid)), &id))
		return false;
	for (role = SWID_ROLE_AGGREGATOR; role <= SWID_ROLE_TAG_CREATOR;
	     role++)
		if (e->roles & (1u << role) &&
		    !db_run_with(db, "INSERT INTO swid_entityroles (tag_id, entity_id, "
			 "role) VALUES (?, ?, ?)",
			 DB_ARGS(DB_ARG_INT(tag_id), DB_ARG_INT(id), DB_ARG_INT(role))))
			return false;
	return true;
}

static bool add_file(struct db *db, int64_t tag_id, int64_t version,
		     const struct swid_file *f)
{
	int64_t dir = 0, file;
	size_t i;

	/* a file outside any Directory element has none (files.dir 0) */
	if (*f->dir &&
	    !db_find_or_add(db, "SELECT id FROM directories WHERE path = ?",
			 "INSERT INTO directories (path) VALUES (?)",
			 DB_ARGS(DB_ARG_TEXT(f->dir)), &dir))
		return false;
	if (!db_find_or_add(db, "SELECT id FROM files WHERE dir = ? AND name = ?",
			 "INSERT INTO files (dir, name) VALUES (?, ?)",
			 DB_ARGS(DB_ARG_INT(dir), DB_ARG_TEXT(f->name)), &file) ||
	    !db_run_with(db, "INSERT INTO swid_tags_files (tag_id, file_id) VALUES "
		 "(?, ?) ON CONFLICT DO NOTHING",
		 DB_ARGS(DB_ARG_INT(tag_id), DB_ARG_INT(file))))
		return false;
	for (i = 0; i < sizeof(file_hashes) / sizeof(file_hashes[0]); i++) {
		const char *hash = *(char *const *)((const char *)f +
						    file_hashes[i].offset);
		struct db_param size = f->size >= 0 ? DB_ARG_INT(f->size) :
				    DB_ARG_NULL;

		if (hash &&
		    !db_run_with(db, "INSERT INTO file_hashes (file, version, size, "
			 "algo, hash, mutable) VALUES (?, ?, ?, ?, ?, ?)",
			 DB_ARGS(DB_ARG_INT(file), DB_ARG_ID(version), size,
				DB_ARG_INT(file_hashes[i].algo), DB_ARG_TEXT(hash),
				DB_ARG_INT(f->is_mutable))))
			return false;
	}
	return true;
}

/* A new swid_tags row for tag with everything it names. */
static bool insert_tag(struct db *db, const struct swid_tag *tag,
		       const char *sw_id, const char *xml, int64_t *tag_id)
{
	int64_t version;
	size_t i;

	if (!version_of(db, tag, &version) ||
	    !db_run_with(db, "INSERT INTO swid_tags (version_id, package_name, "
		 "version_str, unique_id, swid_xml, software_id) "
		 "VALUES (?, ?, ?, ?, ?, ?)",
		 DB_ARGS(DB_ARG_ID(version), DB_ARG_TEXT(tag->name),
			DB_ARG_TEXT(tag->version), DB_ARG_TEXT(tag->tag_id), DB_ARG_TEXT(xml),
			DB_ARG_TEXT(sw_id))))
		return false;
	*tag_id = db_last_id(db);
	for (i = 0; i < tag->entity_count; i++)
		if (!add_entity(db, *tag_id, &tag->entities[i]))
			return false;
	for (i = 0; i < tag->file_count; i++)
		if (!add_file(db, *tag_id, version, &tag->files[i]))
			return false;
	return true;
}

/* The session saw tag_id: swid_tags_sessions and swid_tagstats. */
static bool seen(struct db *db, int64_t session, int64_t device,
		 int64_t tag_id)
{
	return db_run_with(db, "INSERT INTO swid_tags_sessions (tag_id, session_id) "
		   "VALUES (?, ?) ON CONFLICT DO NOTHING",
		   DB_ARGS(DB_ARG_INT(tag_id), DB_ARG_INT(session))) &&
	       db_run_with(db, "INSERT INTO swid_tagstats (tag_id, device_id, "
		   "first_seen_id, last_seen_id) VALUES (?, ?, ?, ?) "
		   "ON CONFLICT (tag_id, device_id) DO UPDATE SET "
		   "last_seen_id = excluded.last_seen_id",
		   DB_ARGS(DB_ARG_INT(tag_id), DB_ARG_INT(device), DB_ARG_INT(session),
			  DB_ARG_INT(session)));
}

/* Adds (or finds) one tag; invalid tags are counted, not fatal. */
static bool add_one(struct db *db, const struct swid_xml *r,
		    int64_t session, int64_t device, struct swid_answer *ans)
{
	struct swid_tag tag;
	char err[160];
	char *sw_id = NULL, *xml = NULL;
	int64_t tag_id;
	bool ok = false;

	if (!swid_tag_parse(r->ptr, r->len, &tag, err, sizeof(err))) {
		if (!ans->invalid++)
			snprintf(ans->error, sizeof(ans->error),
				 "invalid SWID tag: %s", err);
		return true;
	}
	sw_id = swid_tag_software_id(&tag);
	xml = strndup(r->ptr, r->len);
	if (!sw_id || !xml || !tag_of(db, sw_id, &tag_id))
		goto out;
	if (tag_id) {
		ans->replaced++;
	} else {
		if (!insert_tag(db, &tag, sw_id, xml, &tag_id))
			goto out;
		ans->added++;
	}
	ok = !session || seen(db, session, device, tag_id);
out:
	free(xml);
	free(sw_id);
	swid_tag_free(&tag);
	return ok;
}

enum swid_status swid_store_add_tags(struct db *db, int64_t session,
				     const struct swid_xml *tags, size_t count,
				     bool strict, struct swid_answer *ans)
{
	int64_t device = 0;
	size_t i;

	if (session && !device_of(db, session, &device)) {
		fail(ans, "cannot read the session");
		return SWID_FAILED;
	}
	if (!db_begin(db)) {
		fail(ans, "cannot begin a transaction");
		return SWID_FAILED;
	}
	for (i = 0; i < count; i++) {
		if (!add_one(db, &tags[i], session, device, ans)) {
			db_rollback(db);
			fail(ans, "cannot store a SWID tag");
			return SWID_FAILED;
		}
		if (strict && ans->invalid) {
			db_rollback(db);
			ans->added = ans->replaced = 0;
			return SWID_FAILED;
		}
	}
	if (!db_commit(db)) {
		fail(ans, "cannot commit the SWID tags");
		return SWID_FAILED;
	}
	if (ans->invalid) {
		size_t n = strlen(ans->error);

		snprintf(ans->error + n, sizeof(ans->error) - n,
			 " (%zu invalid tag%s skipped)", ans->invalid,
			 ans->invalid == 1 ? "" : "s");
	}
	return SWID_OK;
}

/*
 * The tag ids of n software ids into tags; the ones without a tag go to
 * ans->missing. false on a database error.
 */
static bool tags_of(struct db *db, char *const *ids, size_t n,
		    int64_t *tags, struct swid_answer *ans)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!tag_of(db, ids[i], &tags[i]))
			return false;
		if (!tags[i] &&
		    !swid_strs_add(&ans->missing, ids[i], strlen(ids[i])))
			return false;
	}
	swid_strs_sort_unique(&ans->missing);
	return true;
}

/*
 * Both reports run as one transaction: the lookups too, which then take
 * the database lock once instead of once per identifier, and a report
 * with unknown identifiers leaves nothing behind.
 */
enum swid_status swid_store_measurement(struct db *db, int64_t session,
					const struct swid_strs *ids,
					struct swid_answer *ans)
{
	int64_t device, known, *tags;
	size_t i;

	tags = calloc(ids->count + 1, sizeof(*tags));
	if (!tags || !db_begin(db)) {
		free(tags);
		fail(ans, "cannot begin a transaction");
		return SWID_FAILED;
	}
	if (!session_known(db, session, &known) ||
	    !device_of(db, session, &device))
		goto failed;
	if (!known) {
		db_rollback(db);
		free(tags);
		return SWID_NOT_FOUND;
	}
	if (!tags_of(db, ids->v, ids->count, tags, ans))
		goto failed;
	if (ans->missing.count) {
		db_rollback(db);
		free(tags);
		return SWID_MISSING;
	}
	for (i = 0; i < ids->count; i++)
		if (!seen(db, session, device, tags[i]))
			goto failed;
	free(tags);
	if (db_commit(db))
		return SWID_OK;
	fail(ans, "cannot commit the inventory");
	return SWID_FAILED;
failed:
	db_rollback(db);
	free(tags);
	fail(ans, "cannot store the inventory");
	return SWID_FAILED;
}

static bool event_row(struct db *db, int64_t device, uint32_t epoch,
		      const struct swid_event *e, int64_t *id)
{
	return db_find_or_add(db, "SELECT id FROM swid_events WHERE device = ? "
			   "AND epoch = ? AND eid = ? AND timestamp = ?",
			   "INSERT INTO swid_events (device, epoch, eid, "
			   "timestamp) VALUES (?, ?, ?, ?)",
			   DB_ARGS(DB_ARG_INT(device), DB_ARG_INT(epoch), DB_ARG_INT(e->eid),
				  DB_ARG_TEXT(e->timestamp)), id);
}

/* One event of tag_id: swid_tags_events and the statistics. */
static bool record_event(struct db *db, int64_t session, int64_t device,
			 int64_t event, int64_t tag_id,
			 const struct swid_event *e)
{
	bool created = e->action == IETF_SW_ACTION_CREATION;
	int64_t id;

	/*
	 * strongTNC: a known tag is seen again and its deletion is set or
	 * cleared; a new one is first seen now, installed by this event.
	 */
	return db_find_or_add(db, "SELECT id FROM swid_tags_events WHERE "
			   "tag_id = ? AND event_id = ? AND action = ? AND "
			   "record_id = ? AND source_id = ?",
			   "INSERT INTO swid_tags_events (tag_id, event_id, "
			   "action, record_id, source_id) "
			   "VALUES (?, ?, ?, ?, ?)",
			   DB_ARGS(DB_ARG_INT(tag_id), DB_ARG_INT(event), DB_ARG_INT(e->action),
				  DB_ARG_INT(e->record_id), DB_ARG_INT(e->source_id)), &id) &&
	       db_run_with(db, "INSERT INTO swid_tagstats (tag_id, device_id, "
		   "first_seen_id, last_seen_id, first_installed_id, "
		   "last_deleted_id) VALUES (?, ?, ?, ?, ?, ?) "
		   "ON CONFLICT (tag_id, device_id) DO UPDATE SET "
		   "last_seen_id = excluded.last_seen_id, "
		   "last_deleted_id = excluded.last_deleted_id",
		   DB_ARGS(DB_ARG_INT(tag_id), DB_ARG_INT(device), DB_ARG_INT(session),
			  DB_ARG_INT(session), DB_ARG_ID(created ? event : 0),
			  DB_ARG_ID(created ? 0 : event)));
}

enum swid_status swid_store_events(struct db *db, int64_t session,
				   const struct swid_events *ev,
				   struct swid_answer *ans)
{
	int64_t device, known, event, *tags;
	enum swid_status s = SWID_FAILED;
	char **ids;
	size_t i;

	tags = calloc(ev->count + 1, sizeof(*tags));
	ids = calloc(ev->count + 1, sizeof(*ids));
	if (!tags || !ids || !db_begin(db)) {
		fail(ans, "cannot begin a transaction");
		goto out;
	}
	for (i = 0; i < ev->count; i++)
		ids[i] = ev->v[i].sw_id;
	if (!session_known(db, session, &known) ||
	    !device_of(db, session, &device))
		goto failed;
	if (!known) {
		db_rollback(db);
		s = SWID_NOT_FOUND;
		goto out;
	}
	if (!tags_of(db, ids, ev->count, tags, ans))
		goto failed;
	if (ans->missing.count) {
		db_rollback(db);
		s = SWID_MISSING;
		goto out;
	}
	for (i = 0; i < ev->count; i++)
		if (!event_row(db, device, ev->epoch, &ev->v[i], &event) ||
		    !record_event(db, session, device, event, tags[i],
				  &ev->v[i]))
			goto failed;
	if (db_commit(db))
		s = SWID_OK;
	else
		fail(ans, "cannot commit the events");
	goto out;
failed:
	db_rollback(db);
	fail(ans, "cannot store the events");
out:
	free(ids);
	free(tags);
	return s;
}

