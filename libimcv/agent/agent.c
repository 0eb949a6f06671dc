/*
 * agent.c - the agent instance of a plugin: initialisation, binding the
 * host functions, the subscription, and the table of connections with
 * their locks and queued messages (agent_int.h).
 *
 * Lock order: the table lock, then a connection lock; never the other
 * way. No host function is called with a connection locked: queued
 * messages go out in agent_conn_release after the unlock, and what the
 * host says about a connection is asked before it enters the table.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "agent_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/*
 * PA-TNC message size assumed when the host does not say (an IF-TNCCS
 * 1.1 or EAP-based host): what fits in an IF-T for Tunneled EAP message,
 * the smallest transport in use (pa-tnc.md section 7.2).
 */
#define AGENT_DEFAULT_MAX_MSG	65490u

/* Largest GetAttribute value we fetch (AR identities of one endpoint). */
#define AGENT_MAX_ATTR_VALUE	(64u * 1024)

/* ------------------------------------------------------------ instance */

/*
 * The plugin has its own copy of the log module; the host passes its log
 * level for plugins in TNC_LOG_LEVEL (IF-IMV/IF-IMC have no channel).
 */
static void apply_host_log_level(void)
{
	const char *text = getenv("TNC_LOG_LEVEL");
	char *end;
	long level;

	if (!text || !*text)
		return;
	level = strtol(text, &end, 10);
	if (*end || level < -1 || level > 4)
		return;
	log_set_level(-1, (int)level);
}

TNC_Result agent_initialize(struct agent **slot, const struct agent_role *role,
			    const struct agent_plugin *plugin, const void *desc,
			    TNC_UInt32 id, TNC_Version min, TNC_Version max,
			    TNC_Version *actual)
{
	struct agent *a;

	if (*slot)
		return TNC_RESULT_ALREADY_INITIALIZED;
	if (min > 1 || max < 1)
		return TNC_RESULT_NO_COMMON_VERSION;
	if (!actual)
		return TNC_RESULT_INVALID_PARAMETER;
	a = calloc(1, sizeof(*a));
	if (!a)
		return TNC_RESULT_FATAL;
	apply_host_log_level();
	a->role = role;
	a->plugin = plugin;
	a->desc = desc;
	a->id = id;
	pthread_mutex_init(&a->conns_lock, NULL);
	if (role->init && !role->init(a)) {
		pthread_mutex_destroy(&a->conns_lock);
		free(a);
		return TNC_RESULT_FATAL;
	}
	if (plugin->plugin_new)
		a->plugin_state = plugin->plugin_new();
	*actual = 1;
	*slot = a;
	agent_role_log(a, 1, "%s %lu initialized", role->label, id);
	return TNC_RESULT_SUCCESS;
}

TNC_Result agent_check(const struct agent *a, TNC_UInt32 id)
{
	if (!a)
		return TNC_RESULT_NOT_INITIALIZED;
	return id == a->id ? TNC_RESULT_SUCCESS : TNC_RESULT_INVALID_PARAMETER;
}

/* Short form types hold an 8-bit subtype (if-imv-imc-abi.md 2.3). */
static void report_types(struct agent *a)
{
	const struct agent_plugin *p = a->plugin;
	TNC_VendorID *vendors = calloc(p->type_count + 1, sizeof(*vendors));
	TNC_MessageSubtype *subtypes = calloc(p->type_count + 1,
					      sizeof(*subtypes));
	TNC_MessageType *types = calloc(p->type_count + 1, sizeof(*types));
	TNC_UInt32 n = 0;
	size_t i;

	if (!vendors || !subtypes || !types) {
		agent_role_log(a, 0, "out of memory reporting message types");
	} else if (a->host.report_types_long) {
		for (i = 0; i < p->type_count; i++) {
			vendors[i] = p->types[i].vendor;
			subtypes[i] = p->types[i].subtype;
		}
		a->host.report_types_long(a->id, vendors, subtypes,
					  p->type_count);
	} else if (a->host.report_types) {
		for (i = 0; i < p->type_count; i++)
			if (p->types[i].subtype <= 0xff)
				types[n++] = p->types[i].vendor << 8 |
					     p->types[i].subtype;
		a->host.report_types(a->id, types, n);
	}
	free(vendors);
	free(subtypes);
	free(types);
}

TNC_Result agent_bind(struct agent *a, TNC_UInt32 id, agent_bind_fn bind)
{
	TNC_Result rc = agent_check(a, id);
	const struct agent_bind *b;
	void *fn;
	size_t i;

	if (rc != TNC_RESULT_SUCCESS)
		return rc;
	if (!bind)
		return TNC_RESULT_INVALID_PARAMETER;
	memset(&a->host, 0, sizeof(a->host));
	for (i = 0; i < a->role->bind_count; i++) {
		b = &a->role->binds[i];
		fn = NULL;
		if (bind(a->id, (char *)b->name, &fn) != TNC_RESULT_SUCCESS)
			fn = NULL;
		/* function pointers come as void *, as from dlsym() */
		memcpy((char *)&a->host + b->offset, &fn, sizeof(fn));
	}
	if (!a->host.send && !a->host.send_long) {
		agent_role_log(a, 0, "the host offers no SendMessage function");
		return TNC_RESULT_FATAL;
	}
	report_types(a);
	a->bound = true;
	return TNC_RESULT_SUCCESS;
}

static void conn_free(struct agent_conn *c);

TNC_Result agent_terminate(struct agent **slot, TNC_UInt32 id)
{
	struct agent *a = *slot;
	TNC_Result rc = agent_check(a, id);
	struct agent_conn *c;

	if (rc != TNC_RESULT_SUCCESS)
		return rc;
	while ((c = a->conns) != NULL) {
		a->conns = c->next;
		conn_free(c);
	}
	if (a->plugin->plugin_free && a->plugin_state)
		a->plugin->plugin_free(a->plugin_state);
	if (a->role->terminate)
		a->role->terminate(a);
	agent_role_log(a, 1, "%s %lu terminated", a->role->label, a->id);
	pthread_mutex_destroy(&a->conns_lock);
	free(a);
	*slot = NULL;
	return TNC_RESULT_SUCCESS;
}

/* ---------------------------------------------------------- host facts */

bool agent_host_bool(struct agent *a, TNC_ConnectionID conn,
		     TNC_AttributeID attr)
{
	unsigned char b[1];
	TNC_UInt32 len = 0;

	return a->host.get_attribute &&
	       a->host.get_attribute(a->id, conn, attr, sizeof(b), b, &len) ==
			TNC_RESULT_SUCCESS &&
	       len == 1 && b[0] == 0x01;
}

bool agent_host_uint(struct agent *a, TNC_ConnectionID conn,
		     TNC_AttributeID attr, uint32_t *out)
{
	unsigned char b[4];
	TNC_UInt32 len = 0;

	if (!a->host.get_attribute ||
	    a->host.get_attribute(a->id, conn, attr, sizeof(b), b, &len) !=
			TNC_RESULT_SUCCESS || len != sizeof(b))
		return false;
	*out = get_u32be(b);
	return true;
}

uint8_t *agent_host_bytes(struct agent *a, TNC_ConnectionID conn,
			  TNC_AttributeID attr, size_t *len)
{
	TNC_UInt32 need = 0, got = 0;
	uint8_t *buf;

	*len = 0;
	if (!a->host.get_attribute)
		return NULL;
	/* the first call only learns the size */
	a->host.get_attribute(a->id, conn, attr, 0, NULL, &need);
	if (need == 0 || need > AGENT_MAX_ATTR_VALUE)
		return NULL;
	buf = malloc(need);
	if (!buf)
		return NULL;
	if (a->host.get_attribute(a->id, conn, attr, need, buf, &got) !=
			TNC_RESULT_SUCCESS || got > need) {
		free(buf);
		return NULL;
	}
	*len = got;
	return buf;
}

/* --------------------------------------------------------- connections */

TNC_ConnectionID agent_conn_id(const struct agent_conn *c)
{
	return c->id;
}

void *agent_plugin_state(const struct agent_conn *c)
{
	return c->agent->plugin_state;
}

uint32_t agent_conn_peer(const struct agent_conn *c)
{
	return c->last_peer;
}

bool agent_conn_busy(const struct agent_conn *c)
{
	return c->seg.n_rx > 0 || seg_tx_pending(&c->seg) > 0;
}

void agent_log(const struct agent_conn *c, int level, const char *fmt, ...)
{
	const struct agent *a = c->agent;
	char text[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	log_line(a->role->log, level, "%s: %s", a->plugin->name, text);
}

void agent_conn_note_peer(struct agent_conn *c, uint32_t peer,
			  struct agent_msg_type type)
{
	size_t i;

	c->last_peer = peer;
	for (i = 0; i < c->peer_count; i++)
		if (c->peers[i].id == peer) {
			c->peers[i].type = type;
			return;
		}
	if (c->peer_count < AGENT_MAX_PEERS)
		c->peers[c->peer_count++] = (struct agent_peer){ peer, type };
}

/* Asks the host about the connection; no lock is held here. */
static struct agent_conn *conn_new(struct agent *a, TNC_ConnectionID id)
{
	struct agent_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->agent = a;
	c->id = id;
	c->last_peer = AGENT_PEER_ANY;
	pthread_mutex_init(&c->lock, NULL);
	seg_table_init(&c->seg, a->role->log, NULL);
	c->seg.name = a->plugin->name;
	c->has_long = agent_host_bool(a, id, TNC_ATTRIBUTEID_HAS_LONG_TYPES);
	c->has_excl = agent_host_bool(a, id, TNC_ATTRIBUTEID_HAS_EXCLUSIVE);
	/* 0 from the host means no limit (if-imv-imc-abi.md 6) */
	if (!agent_host_uint(a, id, TNC_ATTRIBUTEID_MAX_MESSAGE_SIZE,
			     &c->max_msg))
		c->max_msg = AGENT_DEFAULT_MAX_MSG;
	if (a->role->conn_new)
		c->role_state = a->role->conn_new(c);
	if (a->plugin->conn_new)
		c->state = a->plugin->conn_new(c);
	return c;
}

static void conn_free(struct agent_conn *c)
{
	const struct agent *a = c->agent;

	if (a->plugin->conn_free && c->state)
		a->plugin->conn_free(c->state);
	if (a->role->conn_free)
		a->role->conn_free(c);
	agent_held_free_all(c);
	agent_outbox_free(c->outbox);
	seg_table_free(&c->seg);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static struct agent_conn *find(struct agent *a, TNC_ConnectionID id)
{
	struct agent_conn *c;

	for (c = a->conns; c && c->id != id; c = c->next)
		;
	return c;
}

TNC_Result agent_conn_create(struct agent *a, TNC_ConnectionID id)
{
	struct agent_conn *c = conn_new(a, id), *old;

	if (!c) {
		agent_role_log(a, 0, "out of memory for connection %lu", id);
		return TNC_RESULT_FATAL;
	}
	pthread_mutex_lock(&a->conns_lock);
	old = find(a, id);
	if (!old) {
		c->next = a->conns;
		a->conns = c;
	}
	pthread_mutex_unlock(&a->conns_lock);
	if (old) {
		agent_role_log(a, 1, "connection %lu created twice", id);
		conn_free(c);
		return TNC_RESULT_INVALID_PARAMETER;
	}
	agent_role_log(a, 2, "connection %lu created: %s types, max PA-TNC "
		       "message size %u", id, c->has_long ? "long" : "short",
		       c->max_msg);
	return TNC_RESULT_SUCCESS;
}

TNC_Result agent_conn_delete(struct agent *a, TNC_ConnectionID id)
{
	struct agent_conn **link, *c;

	pthread_mutex_lock(&a->conns_lock);
	for (link = &a->conns; *link && (*link)->id != id;
	     link = &(*link)->next)
		;
	c = *link;
	if (c) {
		*link = c->next;
		/* wait for a call still working on this connection */
		pthread_mutex_lock(&c->lock);
		pthread_mutex_unlock(&c->lock);
	}
	pthread_mutex_unlock(&a->conns_lock);
	if (!c)
		return TNC_RESULT_INVALID_PARAMETER;
	conn_free(c);
	return TNC_RESULT_SUCCESS;
}

struct agent_conn *agent_conn_lock(struct agent *a, TNC_ConnectionID id)
{
	struct agent_conn *c;

	pthread_mutex_lock(&a->conns_lock);
	c = find(a, id);
	if (c)
		pthread_mutex_lock(&c->lock);
	pthread_mutex_unlock(&a->conns_lock);
	if (!c)
		agent_role_log(a, 1, "connection %lu is unknown", id);
	return c;
}

static TNC_Result send_one(struct agent *a, TNC_ConnectionID conn,
			   bool has_long, bool has_excl,
			   const struct agent_out *o)
{
	TNC_UInt32 flags = o->excl && has_excl && o->dest != AGENT_PEER_ANY ?
			   TNC_MESSAGE_FLAGS_EXCLUSIVE : 0;

	if (has_long && a->host.send_long)
		return a->host.send_long(a->id, conn, flags, o->data, o->len,
					 o->type.vendor, o->type.subtype,
					 o->dest);
	/* the short form names neither a peer nor a subtype above 0xFF */
	if (a->host.send && o->type.subtype <= 0xff)
		return a->host.send(a->id, conn, o->data, o->len,
				    o->type.vendor << 8 | o->type.subtype);
	return TNC_RESULT_NO_LONG_MESSAGE_TYPES;
}

TNC_Result agent_conn_release(struct agent_conn *c)
{
	struct agent *a = c->agent;
	struct agent_out *out = c->outbox, *o;
	TNC_ConnectionID id = c->id;
	bool has_long = c->has_long, has_excl = c->has_excl;
	bool retry = c->retry_wanted;
	TNC_RetryReason reason = c->retry_reason;
	TNC_Result rc, first = TNC_RESULT_SUCCESS;

	c->outbox = NULL;
	c->retry_wanted = false;
	pthread_mutex_unlock(&c->lock);
	for (o = out; o; o = o->next) {
		rc = send_one(a, id, has_long, has_excl, o);
		if (rc == TNC_RESULT_SUCCESS) {
			log_line(a->role->log, 2, "%s: sent PA-TNC message of "
				 "%zu bytes to %s %u on connection %lu",
				 a->plugin->name, o->len, a->role->peer_label,
				 o->dest, id);
			continue;
		}
		log_line(a->role->log, 1, "%s: sending a PA-TNC message of %zu "
			 "bytes to %s %u on connection %lu failed (result "
			 "%lu)", a->plugin->name, o->len, a->role->peer_label,
			 o->dest, id, rc);
		if (first == TNC_RESULT_SUCCESS)
			first = rc;
	}
	agent_outbox_free(out);
	if (retry) {
		rc = a->host.request_retry ?
		     a->host.request_retry(a->id, id, reason) :
		     TNC_RESULT_NOT_INITIALIZED;
		log_line(a->role->log, 1, "%s: handshake retry of connection "
			 "%lu %s", a->plugin->name, id,
			 rc == TNC_RESULT_SUCCESS ? "requested" :
			 "not possible");
	}
	return first;
}

void agent_request_retry(struct agent_conn *c, TNC_RetryReason reason)
{
	c->retry_wanted = true;
	c->retry_reason = reason;
}

TNC_Result agent_conn_handshake(struct agent *a, TNC_ConnectionID id)
{
	struct agent_conn *c = agent_conn_lock(a, id);

	if (!c)
		return TNC_RESULT_FATAL;
	/* The first HANDSHAKE follows CREATE; later ones start a retry,
	 * which measures the endpoint anew. */
	if (c->handshakes++ > 0) {
		if (a->plugin->conn_retry) {
			a->plugin->conn_retry(c, c->state);
		} else {
			if (a->plugin->conn_free && c->state)
				a->plugin->conn_free(c->state);
			c->state = a->plugin->conn_new ?
				   a->plugin->conn_new(c) : NULL;
		}
		if (a->role->conn_reset)
			a->role->conn_reset(c);
		agent_held_free_all(c);
	}
	return agent_conn_release(c);
}
