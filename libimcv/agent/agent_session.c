/*
 * agent_session.c - the IMV side of a policy session (agent_session.h):
 * session rows, the policy command and the workitems of a connection.
 *
 * The policy command runs as "2>&1 <script> start|stop <session id>"
 * through the shell, and every line it prints is logged as
 * "policy: <line>"; its exit status is not looked at, as in the
 * reference (policy-manager.md section 2). Nothing of the database is
 * held while it runs: imv_policy_manager opens the same database.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "agent_session.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Fixed part of one AR identity: three vendor/value pairs and a length. */
#define AR_ID_MIN_LEN 28

/* A session's workitems beyond this are a database gone wrong. */
#define MAX_WORKITEMS 4096

bool imv_policy_init(struct imv_policy *p, struct agent *a)
{
	const char *uri = getenv("TNC_DATABASE");
	const char *script = getenv("TNC_POLICY_SCRIPT");

	memset(p, 0, sizeof(p[0]));
	if (script && *script) {
		p->script = strdup(script);
		if (!p->script)
			return false;
	}
	if (!uri || !*uri) {
		agent_role_log(a, 1, "no policy database: workitems are not "
			       "used");
		return true;
	}
	/* a database that does not open is logged there and is as none */
	p->db = db_open(uri);
	if (p->db)
		agent_role_log(a, 1, "policy database %s, %s%s", uri,
			       p->script ? "policy command " :
			       "no policy command configured",
			       p->script ? p->script : "");
	return true;
}

void imv_policy_free(struct imv_policy *p)
{
	db_close(p->db);
	free(p->script);
	memset(p, 0, sizeof(p[0]));
}

size_t ar_identities_decode(const uint8_t *buf, size_t len,
			    struct ar_identity **out)
{
	struct ar_identity *ids;
	struct reader r;
	uint32_t count, vlen;
	size_t n = 0;

	*out = NULL;
	reader_init(&r, buf, len);
	count = reader_u32(&r);
	/* a count the bytes cannot hold allocates no more than they can */
	if (!reader_ok(&r) || count > reader_left(&r) / AR_ID_MIN_LEN)
		count = (uint32_t)(reader_left(&r) / AR_ID_MIN_LEN);
	if (count == 0)
		return 0;
	ids = calloc(count, sizeof(*ids));
	if (!ids)
		return 0;
	while (n < count) {
		struct ar_identity *id = &ids[n];

		reader_u8(&r);
		id->vendor = reader_u24(&r);
		id->type = reader_u32(&r);
		vlen = reader_u32(&r);
		id->value = reader_bytes(&r, vlen);
		id->len = vlen;
		reader_skip(&r, 16);	/* subject and auth method pairs */
		if (!reader_ok(&r))
			break;
		n++;
	}
	*out = ids;
	return n;
}

static void run_policy(struct agent_conn *c, const char *script,
		       const char *verb, int64_t session)
{
	char *cmd = NULL, *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;

	if (asprintf(&cmd, "2>&1 %s %s %" PRId64, script, verb, session) < 0) {
		agent_log(c, 0, "out of memory running the policy command");
		return;
	}
	f = popen(cmd, "r");
	if (!f) {
		agent_log(c, 0, "cannot run policy command '%s'", cmd);
		free(cmd);
		return;
	}
	while ((n = getline(&line, &cap, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		agent_log(c, 1, "policy: %s", line);
	}
	pclose(f);
	free(line);
	free(cmd);
}

static bool load_workitems(struct agent_conn *c, const struct imv_policy *p,
			   struct imv_session *s)
{
	if (!session_db_workitems(p->db, s->id, &s->items, &s->count)) {
		agent_log(c, 0, "workitems of session %" PRId64 " could not "
			  "be read", s->id);
		return false;
	}
	if (s->count > MAX_WORKITEMS) {
		agent_log(c, 0, "session %" PRId64 " has %zu workitems, "
			  "ignored", s->id, s->count);
		workitem_list_free(s->items, s->count);
		s->items = NULL;
		s->count = 0;
	}
	agent_log(c, 1, "session %" PRId64 " of connection %lu has %zu "
		  "workitem(s)", s->id, c->id, s->count);
	return true;
}

bool imv_session_start(struct agent_conn *c, const struct imv_policy *p,
		       struct imv_session *s, const char *product,
		       const char *device)
{
	struct ar_identity *ids = NULL;
	struct session_db_ids out;
	struct session_db_in in = {
		.product = product,
		.device = device,
		.connection = (int64_t)c->id,
		.now = (int64_t)time(NULL),
	};
	bool ok;

	in.identity_count = ar_identities_decode(s->ar_ids, s->ar_ids_len,
						 &ids);
	in.identities = ids;
	ok = session_db_create(p->db, &in, &out);
	free(ids);
	if (!ok) {
		agent_log(c, 0, "session of connection %lu could not be "
			  "created", c->id);
		return false;
	}
	s->id = out.session;
	s->started_here = true;
	agent_log(c, 1, "session %" PRId64 " of connection %lu: product "
		  "'%s' (%" PRId64 "), device '%s' (%" PRId64 ")%s", s->id,
		  c->id, product, out.product, device, out.device,
		  out.trusted ? ", trusted" : "");
	if (p->script)
		run_policy(c, p->script, "start", s->id);
	else
		agent_log(c, 1, "no policy command configured, none run");
	/* the command's outcome is not checked: whatever rows it made count */
	load_workitems(c, p, s);
	s->started = true;
	return true;
}

bool imv_session_find(struct agent_conn *c, const struct imv_policy *p,
		      struct imv_session *s)
{
	struct db_stmt *st = db_prepare(p->db,
		"SELECT id FROM sessions WHERE connection = ? AND time >= ? "
		"ORDER BY id DESC LIMIT 1");
	int64_t id = 0;

	if (!st)
		return false;
	db_bind_int(st, 1, (int64_t)c->id);
	db_bind_int(st, 2, (int64_t)s->seen);
	if (db_step(st) == DB_ROW)
		id = db_column_int(st, 0);
	db_done(st);
	if (!id)
		return false;
	s->id = id;
	agent_log(c, 1, "found session %" PRId64 " of connection %lu", id,
		  c->id);
	load_workitems(c, p, s);
	s->started = true;
	return true;
}

void imv_session_stop(struct agent_conn *c, const struct imv_policy *p,
		      struct imv_session *s, int64_t rec)
{
	if (!session_db_set_rec(p->db, s->id, rec))
		agent_log(c, 0, "recommendation of session %" PRId64 " not "
			  "written", s->id);
	agent_log(c, 1, "session %" PRId64 " of connection %lu ends with "
		  "'%s'", s->id, c->id, db_rec_name(rec));
	if (p->script)
		run_policy(c, p->script, "stop", s->id);
	s->started_here = false;
}

void imv_session_reset(struct imv_session *s)
{
	workitem_list_free(s->items, s->count);
	s->items = NULL;
	s->count = 0;
	s->id = 0;
	s->started = false;
	s->started_here = false;
	s->seen = time(NULL);
}
