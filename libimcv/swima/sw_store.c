/*
 * sw_store.c - the endpoint's SWIMA event store on SQLite (sw_store.h).
 *
 * SQLite directly rather than libimcv/db: that layer never creates a
 * database (a missing policy database is a setup mistake there, while
 * the collector makes its store on first run), logs instead of returning
 * its errors, and takes the server's locks. Rollback journal, not WAL, so
 * that an IMC that may only read the file can still open it; the busy
 * timeout lets the IMC's reads and the collector's writes wait for each
 * other.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sw_store.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

#define URI_SCHEME "sqlite://"
#define BUSY_TIMEOUT_MS 5000
/* strongTNC keeps the epoch in a signed 32-bit integer (3). */
#define EPOCH_MASK 0x7fffffffu

static const char schema[] =
	"CREATE TABLE events ("
	" id INTEGER PRIMARY KEY,"
	" epoch INTEGER NOT NULL,"
	" timestamp CHAR(20) NOT NULL);"
	"CREATE TABLE sw_identifiers ("
	" id INTEGER PRIMARY KEY,"
	" name VARCHAR(255) NOT NULL,"
	" package VARCHAR(255) NOT NULL,"
	" version VARCHAR(255) NOT NULL,"
	" source INTEGER DEFAULT 0,"
	" installed INTEGER DEFAULT 1,"
	" tag TEXT);"
	/* One row per identifier: the store is keyed by name. */
	"CREATE UNIQUE INDEX sw_identifiers_name ON sw_identifiers (name);"
	"CREATE TABLE sw_events ("
	" id INTEGER PRIMARY KEY,"
	" eid INTEGER REFERENCES events(id),"
	" sw_id INTEGER NOT NULL REFERENCES sw_identifiers(id),"
	" action INTEGER NOT NULL);"
	"CREATE INDEX sw_events_eid ON sw_events (eid);";

/* The statements, prepared once per connection. */
enum query {
	Q_HAS_SCHEMA,
	Q_EPOCH,
	Q_LAST_EVENT,
	Q_FIRST_EVENT,
	Q_ADD_EVENT,
	Q_ID_BY_NAME,
	Q_ADD_ID,
	Q_SET_INSTALLED,
	Q_ADD_SW_EVENT,
	Q_INSTALLED,
	Q_COUNT_INSTALLED,
	Q_EVENTS_SINCE,
	Q_LOOKUP,
	Q_COUNT_QUERIES,
};

static const char *const queries[Q_COUNT_QUERIES] = {
	[Q_HAS_SCHEMA] = "SELECT 1 FROM sqlite_master "
			 "WHERE type = 'table' AND name = 'events'",
	[Q_EPOCH] = "SELECT epoch FROM events ORDER BY id LIMIT 1",
	/* 3: the last EID is the newest event by timestamp */
	[Q_LAST_EVENT] = "SELECT id, timestamp FROM events "
			 "ORDER BY timestamp DESC, id DESC LIMIT 1",
	[Q_FIRST_EVENT] = "SELECT id FROM events ORDER BY id LIMIT 1",
	[Q_ADD_EVENT] = "INSERT INTO events (epoch, timestamp) VALUES (?, ?)",
	[Q_ID_BY_NAME] = "SELECT id, installed FROM sw_identifiers "
			 "WHERE name = ?",
	[Q_ADD_ID] = "INSERT INTO sw_identifiers "
		     "(name, package, version, source, installed) "
		     "VALUES (?, ?, ?, ?, ?)",
	[Q_SET_INSTALLED] = "UPDATE sw_identifiers SET installed = ? "
			    "WHERE id = ?",
	[Q_ADD_SW_EVENT] = "INSERT INTO sw_events (eid, sw_id, action) "
			   "VALUES (?, ?, ?)",
	[Q_INSTALLED] = "SELECT id, name, package, version, source "
			"FROM sw_identifiers WHERE installed = 1 "
			"ORDER BY name",
	[Q_COUNT_INSTALLED] = "SELECT count(*) FROM sw_identifiers "
			      "WHERE installed = 1",
	/* 5.3 step 1 */
	[Q_EVENTS_SINCE] = "SELECT e.id, e.timestamp, i.id, i.source, "
			   "se.action, i.name FROM sw_events AS se "
			   "JOIN events AS e ON se.eid = e.id "
			   "JOIN sw_identifiers AS i ON se.sw_id = i.id "
			   "WHERE e.id >= ? ORDER BY e.id, i.name, se.action",
	[Q_LOOKUP] = "SELECT id, name, package, version, source "
		     "FROM sw_identifiers WHERE name = ?",
};

struct sw_store {
	sqlite3 *db;
	uint32_t epoch;
	sqlite3_stmt *st[Q_COUNT_QUERIES];
	char err[256];
};

static void set_err(char *err, size_t errlen, const char *fmt,
		    const char *what)
{
	if (err && errlen)
		snprintf(err, errlen, fmt, what);
}

/* Records the connection's error as the reason of the failing call. */
static bool fail(struct sw_store *s, const char *what)
{
	snprintf(s->err, sizeof(s->err), "%s: %s", what, sqlite3_errmsg(s->db));
	return false;
}

const char *sw_store_errmsg(const struct sw_store *s)
{
	return s->err;
}

uint32_t sw_store_epoch(const struct sw_store *s)
{
	return s->epoch;
}

/* The statement of q, reset and unbound; NULL (reason set) on failure. */
static sqlite3_stmt *stmt(struct sw_store *s, enum query q)
{
	if (!s->st[q]) {
		if (sqlite3_prepare_v3(s->db, queries[q], -1,
				       SQLITE_PREPARE_PERSISTENT, &s->st[q],
				       NULL) != SQLITE_OK) {
			fail(s, "preparing a query");
			return NULL;
		}
		return s->st[q];
	}
	sqlite3_reset(s->st[q]);
	sqlite3_clear_bindings(s->st[q]);
	return s->st[q];
}

/* Runs a statement that returns no rows and releases it. */
static bool run(struct sw_store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE || fail(s, what);
}

static bool exec(struct sw_store *s, const char *sql, const char *what)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ||
	       fail(s, what);
}

/* IMMEDIATE: a concurrent writer makes us wait here (busy timeout), not
 * fail halfway. */
static bool begin(struct sw_store *s)
{
	return exec(s, "BEGIN IMMEDIATE", "starting a transaction");
}

static bool commit(struct sw_store *s)
{
	return exec(s, "COMMIT", "committing");
}

/* Keeps the reason of the failure that made us roll back. */
static bool rollback(struct sw_store *s)
{
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return false;
}

bool sw_store_valid_timestamp(const char *ts)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? ts[i] < '0' || ts[i] > '9' :
				      ts[i] != shape[i])
			return false;
	return ts[i] == '\0';
}

static bool add_event(struct sw_store *s, const char *timestamp,
		      uint32_t *eid)
{
	sqlite3_stmt *st;

	/* The IMC sends exactly these 20 bytes (swima.md 2.3). */
	if (!sw_store_valid_timestamp(timestamp)) {
		snprintf(s->err, sizeof(s->err), "invalid timestamp '%.32s'",
			 timestamp);
		return false;
	}
	st = stmt(s, Q_ADD_EVENT);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, s->epoch);
	sqlite3_bind_text(st, 2, timestamp, -1, SQLITE_STATIC);
	if (!run(s, st, "adding an event"))
		return false;
	*eid = (uint32_t)sqlite3_last_insert_rowid(s->db);
	return true;
}

/* A fresh store: schema, epoch and first event, in one transaction. */
static bool init_schema(struct sw_store *s, const char *first_time)
{
	sqlite3_stmt *st;
	uint32_t epoch, eid;
	int rc;

	if (!begin(s))
		return false;
	/* Another collector may have made it since we looked. */
	st = stmt(s, Q_HAS_SCHEMA);
	if (!st)
		return rollback(s);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return commit(s);
	if (rc != SQLITE_DONE) {
		fail(s, "reading the schema");
		return rollback(s);
	}
	if (getrandom(&epoch, sizeof(epoch), 0) != sizeof(epoch)) {
		snprintf(s->err, sizeof(s->err), "no random epoch: %s",
			 strerror(errno));
		return rollback(s);
	}
	s->epoch = epoch & EPOCH_MASK;
	if (!exec(s, schema, "creating the tables") ||
	    !add_event(s, first_time ? first_time : SW_STORE_NO_TIME, &eid))
		return rollback(s);
	return commit(s);
}

static bool has_schema(struct sw_store *s, bool *yes)
{
	sqlite3_stmt *st = stmt(s, Q_HAS_SCHEMA);
	int rc;

	if (!st)
		return false;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	*yes = rc == SQLITE_ROW;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ||
	       fail(s, "reading the schema");
}

static bool read_epoch(struct sw_store *s)
{
	sqlite3_stmt *st = stmt(s, Q_EPOCH);
	int rc;

	if (!st)
		return false;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		s->epoch = (uint32_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		snprintf(s->err, sizeof(s->err), "the store has no events");
	return rc == SQLITE_ROW || (rc != SQLITE_DONE &&
				    fail(s, "reading the epoch"));
}

static struct sw_store *store_open(const char *uri, bool create,
				   const char *first_time, char *err,
				   size_t errlen)
{
	size_t n = strlen(URI_SCHEME);
	struct sw_store *s;
	bool schema_ok;
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);

	if (strncmp(uri, URI_SCHEME, n) != 0 || !uri[n]) {
		set_err(err, errlen, "'%s' is not a database URI "
			"(sqlite:///path)", uri);
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		set_err(err, errlen, "%s", "out of memory");
		return NULL;
	}
	if (sqlite3_open_v2(uri + n, &s->db, flags, NULL) != SQLITE_OK) {
		set_err(err, errlen, "%s", s->db ? sqlite3_errmsg(s->db) :
			"out of memory");
		sw_store_close(s);
		return NULL;
	}
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	if (!has_schema(s, &schema_ok))
		schema_ok = false;
	else if (!schema_ok && create)
		schema_ok = init_schema(s, first_time);
	else if (!schema_ok)
		snprintf(s->err, sizeof(s->err), "not an event store "
			 "(no events table)");
	if (!schema_ok || !read_epoch(s)) {
		set_err(err, errlen, "%s", s->err);
		sw_store_close(s);
		return NULL;
	}
	return s;
}

struct sw_store *sw_store_open(const char *uri, bool create, char *err,
			       size_t errlen)
{
	return store_open(uri, create, NULL, err, errlen);
}

struct sw_store *sw_store_create(const char *uri, const char *first_time,
				 char *err, size_t errlen)
{
	return store_open(uri, true, first_time, err, errlen);
}

void sw_store_close(struct sw_store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < COUNT(s->st); i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	free(s);
}

static bool last_event(struct sw_store *s, uint32_t *eid, char ts[21])
{
	sqlite3_stmt *st = stmt(s, Q_LAST_EVENT);
	const char *t;
	int rc;

	if (!st)
		return false;
	*eid = 0;
	ts[0] = '\0';
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*eid = (uint32_t)sqlite3_column_int64(st, 0);
		t = (const char *)sqlite3_column_text(st, 1);
		snprintf(ts, 21, "%s", t ? t : "");
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ||
	       fail(s, "reading the last event");
}

bool sw_store_last_eid(struct sw_store *s, uint32_t *eid)
{
	char ts[21];

	return last_event(s, eid, ts);
}

bool sw_store_last_timestamp(struct sw_store *s, char ts[21])
{
	uint32_t eid;

	return last_event(s, &eid, ts);
}

static const char *text(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);

	return t ? t : "";
}

/* Calls cb with each row of an identifier query; *rows counts them. */
static bool each_id(struct sw_store *s, sqlite3_stmt *st,
		    bool (*cb)(void *ctx, const struct sw_store_id *id),
		    void *ctx, size_t *rows)
{
	struct sw_store_id id;
	int rc;

	*rows = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = (struct sw_store_id){
			.id = (uint32_t)sqlite3_column_int64(st, 0),
			.name = text(st, 1),
			.package = text(st, 2),
			.version = text(st, 3),
			.source = (uint8_t)sqlite3_column_int(st, 4),
		};
		(*rows)++;
		if (!cb(ctx, &id)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || fail(s, "reading identifiers");
}

bool sw_store_installed(struct sw_store *s,
			bool (*cb)(void *ctx, const struct sw_store_id *id),
			void *ctx)
{
	sqlite3_stmt *st = stmt(s, Q_INSTALLED);
	size_t rows;

	return st && each_id(s, st, cb, ctx, &rows);
}

bool sw_store_lookup(struct sw_store *s, const char *name,
		     bool (*cb)(void *ctx, const struct sw_store_id *id),
		     void *ctx)
{
	sqlite3_stmt *st = stmt(s, Q_LOOKUP);
	size_t rows;

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (!each_id(s, st, cb, ctx, &rows))
		return false;
	if (rows == 0)
		snprintf(s->err, sizeof(s->err), "unknown identifier");
	return rows > 0;
}

bool sw_store_read_begin(struct sw_store *s)
{
	return exec(s, "BEGIN", "starting a read transaction");
}

void sw_store_read_end(struct sw_store *s)
{
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

bool sw_store_count_installed(struct sw_store *s, size_t *n)
{
	sqlite3_stmt *st = stmt(s, Q_COUNT_INSTALLED);
	int rc;

	if (!st)
		return false;
	rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || fail(s, "counting identifiers");
}

bool sw_store_events_since(struct sw_store *s, uint32_t since,
			   bool (*cb)(void *ctx,
				      const struct sw_store_event *e),
			   void *ctx)
{
	sqlite3_stmt *st = stmt(s, Q_EVENTS_SINCE);
	struct sw_store_event e;
	int rc;

	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, since);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		e = (struct sw_store_event){
			.eid = (uint32_t)sqlite3_column_int64(st, 0),
			.timestamp = text(st, 1),
			.record_id = (uint32_t)sqlite3_column_int64(st, 2),
			.source = (uint8_t)sqlite3_column_int(st, 3),
			.action = (uint8_t)sqlite3_column_int(st, 4),
			.name = text(st, 5),
		};
		if (!cb(ctx, &e)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || fail(s, "reading events");
}

/* The row of name: its id and installed flag; *id 0 when unknown. */
static bool find_id(struct sw_store *s, const char *name, int64_t *id,
		    bool *installed)
{
	sqlite3_stmt *st = stmt(s, Q_ID_BY_NAME);
	int rc;

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	*installed = rc == SQLITE_ROW && sqlite3_column_int(st, 1) != 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ||
	       fail(s, "looking an identifier up");
}

static bool add_id(struct sw_store *s, const char *name, const char *package,
		   const char *version, bool installed, int64_t *id)
{
	sqlite3_stmt *st = stmt(s, Q_ADD_ID);

	if (!st)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, package, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, version, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, SW_STORE_SOURCE_PACKAGES);
	sqlite3_bind_int(st, 5, installed);
	if (!run(s, st, "adding an identifier"))
		return false;
	*id = sqlite3_last_insert_rowid(s->db);
	return true;
}

static bool set_installed(struct sw_store *s, int64_t id, bool installed)
{
	sqlite3_stmt *st = stmt(s, Q_SET_INSTALLED);

	if (!st)
		return false;
	sqlite3_bind_int(st, 1, installed);
	sqlite3_bind_int64(st, 2, id);
	return run(s, st, "marking an identifier");
}

static bool add_sw_event(struct sw_store *s, uint32_t eid, int64_t id,
			 enum sw_store_action action)
{
	sqlite3_stmt *st = stmt(s, Q_ADD_SW_EVENT);

	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, eid);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int(st, 3, action);
	return run(s, st, "adding an event's change");
}

/* One change of event eid; inside a transaction. */
static bool apply(struct sw_store *s, uint32_t eid,
		  const struct sw_store_change *c)
{
	bool installed, want = c->action == SW_STORE_CREATION;
	int64_t id;

	if (c->action < SW_STORE_CREATION || c->action > SW_STORE_ALTERATION) {
		snprintf(s->err, sizeof(s->err), "invalid event action %d",
			 (int)c->action);
		return false;
	}
	if (!find_id(s, c->name, &id, &installed))
		return false;
	if (!id) {
		/* An alteration leaves a new identifier installed. */
		installed = c->action != SW_STORE_DELETION;
		if (!add_id(s, c->name, c->package, c->version, installed,
			    &id))
			return false;
	} else if (c->action != SW_STORE_ALTERATION && installed != want &&
		   !set_installed(s, id, want)) {
		return false;
	}
	return add_sw_event(s, eid, id, c->action);
}

bool sw_store_add_event(struct sw_store *s, const char *timestamp,
			const struct sw_store_change *changes, size_t n,
			uint32_t *eid)
{
	uint32_t id;
	size_t i;

	if (!begin(s))
		return false;
	if (!add_event(s, timestamp, &id))
		return rollback(s);
	for (i = 0; i < n; i++)
		if (!apply(s, id, &changes[i]))
			return rollback(s);
	if (!commit(s))
		return rollback(s);
	if (eid)
		*eid = id;
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The installed packages' identifiers, sorted for bsearch; caller frees. */
static const char **sorted_names(const struct sw_store_pkg *pkgs, size_t n)
{
	const char **names = malloc((n ? n : 1) * sizeof(*names));

	if (!names)
		return NULL;
	for (size_t i = 0; i < n; i++)
		names[i] = pkgs[i].name;
	qsort(names, n, sizeof(*names), cmp_str);
	return names;
}

/* Collects the installed identifiers that are not in names. */
struct stale {
	const char **names;
	size_t n;
	int64_t *ids;
	size_t count, cap;
	bool nomem;
};

static bool collect_stale(void *ctx, const struct sw_store_id *id)
{
	struct stale *st = ctx;
	int64_t *g;

	if (bsearch(&id->name, st->names, st->n, sizeof(*st->names),
		    cmp_str))
		return true;
	if (st->count == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 64;
		g = realloc(st->ids, st->cap * sizeof(*g));
		if (!g) {
			st->nomem = true;
			return false;
		}
		st->ids = g;
	}
	st->ids[st->count++] = id->id;
	return true;
}

static bool first_eid(struct sw_store *s, uint32_t *eid)
{
	sqlite3_stmt *st = stmt(s, Q_FIRST_EVENT);
	int rc;

	if (!st)
		return false;
	rc = sqlite3_step(st);
	*eid = rc == SQLITE_ROW ? (uint32_t)sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		snprintf(s->err, sizeof(s->err), "the store has no events");
	return rc == SQLITE_ROW || (rc != SQLITE_DONE &&
				    fail(s, "reading the first event"));
}

/* The reconciliation event, added when first needed. */
static bool change_event(struct sw_store *s, const char *timestamp,
			 uint32_t *eid)
{
	return *eid || add_event(s, timestamp, eid);
}

/* Adds the installed packages the store lacks or marks removed. */
static bool reconcile_installed(struct sw_store *s,
				const struct sw_store_pkg *pkgs, size_t n,
				const char *timestamp,
				struct sw_store_reconciled *out)
{
	uint32_t first;
	bool installed;
	int64_t id;

	if (!first_eid(s, &first))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!find_id(s, pkgs[i].name, &id, &installed))
			return false;
		if (installed)
			continue;
		if (!id) {
			if (!add_id(s, pkgs[i].name, pkgs[i].package,
				    pkgs[i].version, true, &id) ||
			    !add_sw_event(s, first, id, SW_STORE_CREATION))
				return false;
			out->first++;
			continue;
		}
		if (!change_event(s, timestamp, &out->eid) ||
		    !set_installed(s, id, true) ||
		    !add_sw_event(s, out->eid, id, SW_STORE_CREATION))
			return false;
		out->readded++;
	}
	return true;
}

/* Marks removed the installed identifiers that are not in pkgs. */
static bool reconcile_removed(struct sw_store *s,
			      const struct sw_store_pkg *pkgs, size_t n,
			      const char *timestamp,
			      struct sw_store_reconciled *out)
{
	struct stale st = { .n = n };
	bool ok = false;

	st.names = sorted_names(pkgs, n);
	if (!st.names) {
		snprintf(s->err, sizeof(s->err), "out of memory");
		return false;
	}
	if (!sw_store_installed(s, collect_stale, &st) || st.nomem) {
		if (st.nomem)
			snprintf(s->err, sizeof(s->err), "out of memory");
		goto out;
	}
	for (size_t i = 0; i < st.count; i++) {
		if (!change_event(s, timestamp, &out->eid) ||
		    !set_installed(s, st.ids[i], false) ||
		    !add_sw_event(s, out->eid, st.ids[i], SW_STORE_DELETION))
			goto out;
		out->removed++;
	}
	ok = true;
out:
	free(st.names);
	free(st.ids);
	return ok;
}

bool sw_store_reconcile(struct sw_store *s, const struct sw_store_pkg *pkgs,
			size_t n, const char *timestamp,
			struct sw_store_reconciled *out)
{
	struct sw_store_reconciled r = { 0 };

	*out = r;
	if (!begin(s))
		return false;
	/* Removals first: their list is read before any row changes. */
	if (!reconcile_removed(s, pkgs, n, timestamp, &r) ||
	    !reconcile_installed(s, pkgs, n, timestamp, &r) || !commit(s))
		return rollback(s);
	*out = r;
	return true;
}
