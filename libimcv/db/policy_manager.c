/*
 * policy_manager.c - session start and stop on the policy database (see
 * policy_manager.h and the policy-manager spec §3).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "policy_manager.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "workitem.h"

#define DEFAULT_GROUP 1
/* A group tree deeper than this has a cycle (the schema cannot stop one). */
#define MAX_GROUP_DEPTH 64
#define MAX_HOOK_COMMAND 4096

struct start_ctx {
	struct db *db;
	int64_t session;
	int64_t device;
	int64_t now;
	FILE *out;
};

struct enforcement {
	int64_t id;
	int64_t policy;
	int64_t type;
	const char *argument;
	int64_t file;
	int64_t dir;
	int64_t rec_fail;
	int64_t rec_noresult;
	int64_t max_age;
};

/* The enforcement's override when set; 0 counts as unset (spec §1.4). */
static int64_t effective_rec(int64_t override, int64_t policy_value)
{
	return override ? override : policy_value;
}

/*
 * True when the newest result of this policy on this device younger than
 * max_age allowed access: the check need not run again.
 */
static bool recently_allowed(struct start_ctx *c, const struct enforcement *e,
			     bool *ok)
{
	struct db_stmt *st;
	bool fresh = false;

	*ok = true;
	if (!c->device)
		return false;
	st = db_prepare(c->db,
		"SELECT r.rec FROM results AS r "
		"JOIN sessions AS s ON r.session = s.id "
		"WHERE r.policy = ? AND s.device = ? AND s.time > ? "
		"ORDER BY s.time DESC, r.id DESC LIMIT 1");
	if (!st) {
		*ok = false;
		return false;
	}
	db_bind_int(st, 1, e->policy);
	db_bind_int(st, 2, c->device);
	db_bind_int(st, 3, c->now - e->max_age);
	switch (db_step(st)) {
	case DB_ROW:
		fresh = db_column_int(st, 0) == DB_REC_ALLOW;
		break;
	case DB_DONE:
		break;
	case DB_ERROR:
		*ok = false;
	}
	db_done(st);
	return fresh;
}

/* The first SWIMA event id the IMV should ask for: one past the last seen. */
static bool next_swid_eid(struct start_ctx *c, int64_t *eid)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT MAX(eid) FROM swid_events WHERE device = ?");
	bool ok;

	if (!st)
		return false;
	db_bind_int(st, 1, c->device);
	ok = db_step(st) == DB_ROW;
	if (ok)
		*eid = db_column_is_null(st, 0) ? 1 : db_column_int(st, 0) + 1;
	db_done(st);
	return ok;
}

static bool workitem_arg_int(struct start_ctx *c, const struct enforcement *e,
			     int64_t *arg)
{
	const struct workitem_type_info *info = workitem_type_info(e->type);

	*arg = 0;
	switch (info ? info->arg : WORKITEM_ARG_NONE) {
	case WORKITEM_ARG_FILE:
		*arg = e->file;
		return true;
	case WORKITEM_ARG_DIR:
		*arg = e->dir;
		return true;
	case WORKITEM_ARG_SWID_EID:
		/* Only an identifier-only request ('R') of a known device
		 * asks for events since the last one. */
		if (c->device && strchr(e->argument, 'R'))
			return next_swid_eid(c, arg);
		return true;
	case WORKITEM_ARG_NONE:
		return true;
	}
	return true;
}

static bool insert_workitem(struct start_ctx *c, const struct enforcement *e)
{
	struct db_stmt *st;
	int64_t arg_int;

	if (!workitem_arg_int(c, e, &arg_int))
		return false;
	st = db_prepare(c->db,
		"INSERT INTO workitems (session, enforcement, type, arg_str, "
		"arg_int, rec_fail, rec_noresult) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return false;
	db_bind_int(st, 1, c->session);
	db_bind_int(st, 2, e->id);
	db_bind_int(st, 3, e->type);
	db_bind_text(st, 4, e->argument);
	db_bind_int(st, 5, arg_int);
	db_bind_int(st, 6, e->rec_fail);
	db_bind_int(st, 7, e->rec_noresult);
	if (!db_run(st)) {
		fprintf(c->out, "could not insert workitem\n");
		return false;
	}
	return true;
}

static void read_enforcement(struct db_stmt *st, struct enforcement *e)
{
	const char *arg = db_column_text(st, 4);

	e->id = db_column_int(st, 0);
	e->policy = db_column_int(st, 1);
	e->max_age = db_column_int(st, 2);
	e->type = db_column_int(st, 3);
	e->argument = arg ? arg : "";
	e->file = db_column_int(st, 5);
	e->dir = db_column_int(st, 6);
	e->rec_fail = effective_rec(db_column_int(st, 7), db_column_int(st, 9));
	e->rec_noresult = effective_rec(db_column_int(st, 8),
					db_column_int(st, 10));
}

/* One workitem per enforcement of group g that is not fresh. */
static bool enforce_group(struct start_ctx *c, int64_t g)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT e.id, p.id, e.max_age, p.type, p.argument, p.file, "
		"p.dir, e.rec_fail, e.rec_noresult, p.rec_fail, p.rec_noresult "
		"FROM enforcements AS e JOIN policies AS p ON e.policy = p.id "
		"WHERE e.group_id = ? ORDER BY e.id");
	enum db_step step;
	bool ok = true;

	if (!st)
		return false;
	db_bind_int(st, 1, g);
	while (ok && (step = db_step(st)) == DB_ROW) {
		struct enforcement e;
		bool fresh;

		read_enforcement(st, &e);
		fresh = recently_allowed(c, &e, &ok);
		if (!ok)
			break;
		if (fresh) {
			fprintf(c->out, "skipping enforcement %lld\n",
				(long long)e.id);
			continue;
		}
		ok = insert_workitem(c, &e);
	}
	if (ok && step == DB_ERROR)
		ok = false;
	db_done(st);
	return ok;
}

static bool group_parent(struct start_ctx *c, int64_t g, int64_t *parent)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT parent FROM groups WHERE id = ?");
	enum db_step step;

	if (!st)
		return false;
	db_bind_int(st, 1, g);
	step = db_step(st);
	if (step == DB_ROW)
		*parent = db_column_int(st, 0);
	db_done(st);
	if (step == DB_DONE)
		fprintf(c->out, "group information not found\n");
	return step == DB_ROW;
}

/* The group and all its ancestors, nearest first. */
static bool enforce_group_tree(struct start_ctx *c, int64_t g)
{
	for (int depth = 0; g != 0; depth++) {
		if (depth == MAX_GROUP_DEPTH) {
			fprintf(c->out, "group tree is deeper than %d levels "
				"(a parent cycle?)\n", MAX_GROUP_DEPTH);
			return false;
		}
		if (!enforce_group(c, g) || !group_parent(c, g, &g))
			return false;
	}
	return true;
}

/* The groups a known device belongs to; caller frees *groups. */
static bool member_groups(struct start_ctx *c, int64_t **groups, size_t *n)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT group_id FROM groups_members WHERE device_id = ? "
		"ORDER BY id");
	enum db_step step;
	size_t cap = 0;

	*groups = NULL;
	*n = 0;
	if (!st)
		return false;
	db_bind_int(st, 1, c->device);
	while ((step = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			int64_t *more;

			cap = cap ? cap * 2 : 8;
			more = realloc(*groups, cap * sizeof(**groups));
			if (!more) {
				step = DB_ERROR;
				break;
			}
			*groups = more;
		}
		(*groups)[(*n)++] = db_column_int(st, 0);
	}
	db_done(st);
	if (step != DB_DONE) {
		free(*groups);
		*groups = NULL;
		return false;
	}
	return true;
}

/* A device seen for the first time: its product's default group. */
static bool default_group(struct start_ctx *c, int64_t product, int64_t *g)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT group_id FROM groups_product_defaults "
		"WHERE product_id = ? ORDER BY id LIMIT 1");
	enum db_step step;

	*g = DEFAULT_GROUP;
	if (!st)
		return false;
	db_bind_int(st, 1, product);
	step = db_step(st);
	if (step == DB_ROW)
		*g = db_column_int(st, 0);
	db_done(st);
	return step != DB_ERROR;
}

static bool assign_default_group(struct start_ctx *c, int64_t g)
{
	struct db_stmt *st = db_prepare(c->db,
		"INSERT INTO groups_members (group_id, device_id) VALUES (?, ?)");

	if (!st)
		return false;
	db_bind_int(st, 1, g);
	db_bind_int(st, 2, c->device);
	if (!db_run(st)) {
		fprintf(c->out, "could not assign device to a default group\n");
		return false;
	}
	st = db_prepare(c->db, "UPDATE devices SET created = ? WHERE id = ?");
	if (!st)
		return false;
	db_bind_int(st, 1, c->now);
	db_bind_int(st, 2, c->device);
	if (!db_run(st)) {
		fprintf(c->out, "creation date of device could not be set\n");
		return false;
	}
	return true;
}

static bool start_in_transaction(struct start_ctx *c)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT s.device, s.product, d.created FROM sessions AS s "
		"LEFT JOIN devices AS d ON s.device = d.id WHERE s.id = ?");
	int64_t product = 0, created = 0, g;
	enum db_step step;
	int64_t *groups;
	size_t n;
	bool ok;

	if (!st)
		return false;
	db_bind_int(st, 1, c->session);
	step = db_step(st);
	if (step == DB_ROW) {
		c->device = db_column_int(st, 0);
		product = db_column_int(st, 1);
		created = db_column_int(st, 2);
	}
	db_done(st);
	if (step != DB_ROW) {
		if (step == DB_DONE)
			fprintf(c->out, "session %lld not found\n",
				(long long)c->session);
		return false;
	}

	/* A device already placed keeps the groups the operator gave it;
	 * one with no membership left gets no workitems, by design. */
	if (c->device && created) {
		if (!member_groups(c, &groups, &n))
			return false;
		ok = true;
		for (size_t i = 0; ok && i < n; i++)
			ok = enforce_group_tree(c, groups[i]);
		free(groups);
		return ok;
	}
	if (!default_group(c, product, &g))
		return false;
	if (c->device && !assign_default_group(c, g))
		return false;
	return enforce_group_tree(c, g);
}

bool policy_start(struct db *db, int64_t session, int64_t now, FILE *out)
{
	struct start_ctx c = {
		.db = db, .session = session, .now = now, .out = out,
	};

	if (!db_begin(db))
		return false;
	if (!start_in_transaction(&c)) {
		db_rollback(db);
		return false;
	}
	return db_commit(db);
}

/* Every evaluated workitem becomes a result row; all are then deleted. */
static bool archive_workitems(struct db *db, int64_t session)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO results (session, policy, rec, result) "
		"SELECT w.session, e.policy, "
		"COALESCE(w.rec_final, w.rec_noresult), w.result "
		"FROM workitems AS w JOIN enforcements AS e "
		"ON w.enforcement = e.id "
		"WHERE w.session = ? AND w.result IS NOT NULL ORDER BY w.id");

	if (!st)
		return false;
	db_bind_int(st, 1, session);
	if (!db_run(st))
		return false;
	st = db_prepare(db, "DELETE FROM workitems WHERE session = ?");
	if (!st)
		return false;
	db_bind_int(st, 1, session);
	return db_run(st);
}

static bool session_rec(struct db *db, int64_t session, int64_t *rec,
			FILE *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT rec FROM sessions WHERE id = ?");
	enum db_step step;

	if (!st)
		return false;
	db_bind_int(st, 1, session);
	step = db_step(st);
	if (step == DB_ROW)
		*rec = db_column_is_null(st, 0) ? DB_REC_NONE :
						  db_column_int(st, 0);
	db_done(st);
	if (step == DB_DONE)
		fprintf(out, "session %lld not found\n", (long long)session);
	return step == DB_ROW;
}

/*
 * The endpoint's address: the session's first IPv4 or IPv6 identity, as
 * stored (checked before use); NULL when there is none. Caller frees.
 */
static char *session_ip(struct db *db, int64_t session)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT i.value FROM identities AS i "
		"JOIN sessions_identities AS si ON si.identity_id = i.id "
		"WHERE si.session_id = ? AND (i.type = 1 OR i.type = 2) "
		"ORDER BY si.id LIMIT 1");
	const void *value;
	char *ip = NULL;
	size_t len;

	if (!st)
		return NULL;
	db_bind_int(st, 1, session);
	if (db_step(st) == DB_ROW) {
		value = db_column_blob(st, 0, &len);
		if (value)
			ip = strndup(value, len);
	}
	db_done(st);
	return ip;
}

static bool is_ip_address(const char *s)
{
	unsigned char addr[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, s, addr) == 1 ||
	       inet_pton(AF_INET6, s, addr) == 1;
}

char *policy_hook_command(const char *fmt, const char *ip)
{
	size_t iplen = strlen(ip), len = 0;
	char *cmd;

	if (!is_ip_address(ip))
		return NULL;
	cmd = malloc(MAX_HOOK_COMMAND);
	if (!cmd)
		return NULL;
	for (const char *p = fmt; *p; p++) {
		const char *piece = p;
		size_t n = 1;

		if (p[0] == '%' && p[1] == 's') {
			piece = ip;
			n = iplen;
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			p++;
		}
		if (len + n >= MAX_HOOK_COMMAND) {
			free(cmd);
			return NULL;
		}
		memcpy(cmd + len, piece, n);
		len += n;
	}
	cmd[len] = '\0';
	return cmd;
}

static bool run_hook(const char *fmt, const char *ip, FILE *out)
{
	char *cmd = policy_hook_command(fmt, ip);
	bool ok;

	if (!cmd) {
		fprintf(out, "no system command run: '%s' is not an IP address "
			"or the command is too long\n", ip);
		return false;
	}
	fflush(out);
	ok = system(cmd) == 0;
	fprintf(out, "%s system command: %s\n", ok ? "successful" : "failed",
		cmd);
	free(cmd);
	return ok;
}

bool policy_stop(struct db *db, int64_t session,
		 const struct policy_hooks *hooks, FILE *out)
{
	const char *fmt;
	int64_t rec;
	char *ip;
	bool ok;

	if (!db_begin(db))
		return false;
	if (!archive_workitems(db, session) ||
	    !session_rec(db, session, &rec, out)) {
		db_rollback(db);
		return false;
	}
	ip = session_ip(db, session);
	if (!db_commit(db)) {
		free(ip);
		return false;
	}

	/* The command runs after the commit: it may take long, and the
	 * database must not stay locked meanwhile. */
	fprintf(out, "recommendation for access requestor %s is %s\n",
		ip ? ip : "0.0.0.0", db_rec_name(rec));
	if (!ip) {
		fprintf(out, "no IP address of the access requestor is known "
			"for session %lld\n", (long long)session);
		return false;
	}
	fmt = rec == DB_REC_ALLOW ? hooks->command_allow : hooks->command_block;
	ok = !fmt || run_hook(fmt, ip, out);
	free(ip);
	return ok;
}
