/*
 * imc_swima.c - the SWIMA IMC (imc-swima.so): answers SWIMA Requests
 * (RFC 8412, swima.md section 5) with the endpoint's software identifier
 * inventory, its SWID tags, or the identifier events since an EID, from
 * the collector's event store (sw-collector) or, without one, from the
 * dpkg status database with generated tags.
 *
 * Configuration (environment, set by the PT-TLS client from its
 * imc.swima.* keys):
 *   TNC_IMC_SWIMA_DATABASE       the collector's event store URI
 *   TNC_IMC_SWIMA_SUBSCRIPTIONS  yes: accept S/C requests (default no)
 *   TNC_IMC_SWIMA_DIRECTORY      root of the .swidtag search (unset: none)
 *   TNC_IMC_SWIMA_REGID          tag creator regid (strongswan.org)
 *   TNC_IMC_SWIMA_ENTITY_NAME    tag creator name (strongSwan Project)
 *   TNC_IMC_SWIMA_EID_EPOCH      epoch without a store (0x11223344)
 *   TNC_IMC_SWIMA_COLLECTOR      command that updates the store, run by
 *                                /bin/sh before a subscription is served
 *   TNC_IMC_SWIMA_HISTORY        log whose writes wake a subscription
 *                                (<os root>/var/log/apt/history.log)
 *   TNC_IMC_SWIMA_SUBSCRIPTION_WAIT  seconds to wait for such a write
 *                                after an access decision (25; the
 *                                server's timeout must be longer)
 * and the OS IMC's TNC_IMC_OS_ROOT, TNC_IMC_OS_NAME, TNC_IMC_OS_VERSION
 * for the identifiers' OS part.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>

#include "agent_imc.h"
#include "history_watch.h"
#include "sw_collect.h"
#include "sw_id.h"

#define EID_EPOCH_DEFAULT 0x11223344u
#define ENTITY_NAME_DEFAULT "strongSwan Project"
#define SUBSCRIPTION_WAIT_DEFAULT 25

extern char **environ;

/*
 * A subscription an IMV established (section 5.2); one at a time. It
 * outlives handshake retries, which is how it is fulfilled: the IMC
 * waits for the package manager after the access decision, asks for a
 * retry and sends what changed when the new handshake begins.
 */
struct subscription {
	bool active;
	bool pending;		/* a change waits for the retried handshake */
	uint32_t imv;
	uint32_t request_id;
	bool ids_only;
	uint32_t next_eid;	/* events from here on; 0: inventories */
	struct history_stamp served;	/* the log when last served */
};

struct swima_state {
	struct subscription sub;
	bool handled;		/* a request of this message was answered */
};

static const char *env(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

static bool env_yes(const char *name)
{
	const char *v = env(name, "no");

	return !strcasecmp(v, "yes") || !strcasecmp(v, "true") ||
	       !strcmp(v, "1") || !strcasecmp(v, "on");
}

static void *state_new(struct agent_conn *c)
{
	return calloc(1, sizeof(struct swima_state));
}

static void add_error(struct agent_conn *c, struct agent_msg *m,
		      uint32_t code, uint32_t request_id, const char *desc)
{
	struct writer w;

	writer_init(&w);
	if (ietf_pa_tnc_error_swima(code, request_id, 0, desc, &w) == 0)
		agent_msg_add_written(m, &w);
	writer_free(&w);
	agent_log(c, 1, "SWIMA error for request %u: %s", request_id, desc);
}

/* The epoch and newest EID reported with every answer (section 3). */
static void eids(struct sw_store *store, uint32_t *epoch, uint32_t *last)
{
	*epoch = (uint32_t)strtoul(env("TNC_IMC_SWIMA_EID_EPOCH", "0"),
				   NULL, 0);
	if (!*epoch)
		*epoch = EID_EPOCH_DEFAULT;
	*last = 1;
	if (!store)
		return;
	*epoch = sw_store_epoch(store);
	if (!sw_store_last_eid(store, last))
		*last = 0;
}

static bool send_events(struct agent_conn *c, const struct sw_collect_cfg *cfg,
			uint32_t request_id, uint32_t since, uint8_t flags,
			struct agent_msg *reply, uint32_t *last_eid)
{
	struct pa_attr a = { .vendor = PEN_IETF,
			     .type = IETF_ATTR_SW_ID_EVENTS };
	struct ietf_sw_events *ev = &a.v.sw_id_events;
	struct sw_records recs = { 0 };
	char err[160];

	if (!sw_collect_events(cfg, since, &recs, err, sizeof(err))) {
		agent_log(c, 1, "no SW ID events: %s", err);
		return false;
	}
	ev->flags = flags;
	ev->request_id = request_id;
	eids(cfg->store, &ev->epoch, &ev->last_eid);
	ev->last_consulted_eid = ev->last_eid;
	*last_eid = ev->last_eid;
	ev->count = recs.count;
	ev->events = recs.v;
	agent_log(c, 1, "sending %zu SW ID event%s since EID %u (last EID %u)",
		  recs.count, recs.count == 1 ? "" : "s", since, ev->last_eid);
	agent_msg_add(reply, &a);
	sw_records_free(&recs);
	return true;
}

static bool send_inventory(struct agent_conn *c,
			   const struct sw_collect_cfg *cfg,
			   const struct ietf_swima_request *r, bool ids_only,
			   uint8_t flags, struct agent_msg *reply)
{
	struct pa_attr a = { .vendor = PEN_IETF,
			     .type = ids_only ? IETF_ATTR_SW_ID_INVENTORY :
					       IETF_ATTR_SW_INVENTORY };
	struct ietf_sw_inventory *inv = ids_only ? &a.v.sw_id_inventory :
						   &a.v.sw_inventory;
	struct sw_records recs = { 0 };
	char err[160];

	if (!sw_collect_inventory(cfg, ids_only, r->targets, r->count, &recs,
				  err, sizeof(err))) {
		agent_log(c, 0, "no SW inventory: %s", err);
		sw_records_free(&recs);
		return false;
	}
	inv->flags = flags;
	inv->request_id = r->request_id;
	eids(cfg->store, &inv->epoch, &inv->last_eid);
	inv->count = recs.count;
	inv->records = recs.v;
	agent_log(c, 1, "sending %s of %zu record%s",
		  ids_only ? "SW ID inventory" : "SW inventory", recs.count,
		  recs.count == 1 ? "" : "s");
	agent_msg_add(reply, &a);
	sw_records_free(&recs);
	return true;
}

/*
 * Section 5.3: events when asked for and possible, else an inventory;
 * flags is IETF_SWIMA_FLAG_FULFILLMENT for a subscription's answer.
 * Returns the newest EID sent with events, else 0.
 */
static uint32_t fulfil(struct agent_conn *c, const struct ietf_swima_request *r,
		       uint8_t flags, struct agent_msg *reply)
{
	bool ids_only = r->flags & IETF_SWIMA_FLAG_IDS_ONLY;
	const char *db = getenv("TNC_IMC_SWIMA_DATABASE");
	struct os_info os = { 0 };
	struct sw_collect_cfg cfg = {
		.root = env("TNC_IMC_OS_ROOT", ""),
		.os = &os,
		.regid = env("TNC_IMC_SWIMA_REGID", SW_ID_DEFAULT_REGID),
		.entity_name = env("TNC_IMC_SWIMA_ENTITY_NAME",
				   ENTITY_NAME_DEFAULT),
		.tag_dir = getenv("TNC_IMC_SWIMA_DIRECTORY"),
	};
	uint32_t last_eid = 0;
	char err[160];

	if (!os_info_get(cfg.root, getenv("TNC_IMC_OS_NAME"),
			 getenv("TNC_IMC_OS_VERSION"), &os))
		agent_log(c, 0, "operating system name and version not found");
	if (db && *db) {
		cfg.store = sw_store_open(db, false, err, sizeof(err));
		if (!cfg.store)
			agent_log(c, 0, "collector database: %s", err);
	}
	if (r->earliest_eid) {
		if (ids_only && send_events(c, &cfg, r->request_id,
					    r->earliest_eid, flags, reply,
					    &last_eid))
			goto out;
		add_error(c, reply, PA_ERROR_SWIMA, r->request_id,
			  "failed to collect SW ID events, fallback to SW ID "
			  "inventory");
	}
	if (!send_inventory(c, &cfg, r, ids_only, flags, reply))
		add_error(c, reply, PA_ERROR_SWIMA, r->request_id, ids_only ?
			  "failed to collect SW ID inventory" :
			  "failed to collect SW inventory");
out:
	if (cfg.store)
		sw_store_close(cfg.store);
	return last_eid;
}

/* The log whose writes wake a subscription. */
static void history_path(char *buf, size_t len)
{
	const char *path = env("TNC_IMC_SWIMA_HISTORY", NULL);

	if (path)
		snprintf(buf, len, "%s", path);
	else
		snprintf(buf, len, "%s/var/log/apt/history.log",
			 env("TNC_IMC_OS_ROOT", ""));
}

/*
 * Brings the collector's store up to date before a subscription is
 * served, and notes the log it was brought up to.
 */
static void run_collector(struct agent_conn *c, struct subscription *sub)
{
	const char *cmd = getenv("TNC_IMC_SWIMA_COLLECTOR");
	char *argv[] = { "sh", "-c", (char *)cmd, NULL };
	char history[4096];
	int status;
	pid_t pid;

	history_path(history, sizeof(history));
	history_stamp(history, &sub->served);
	if (!cmd || !*cmd)
		return;
	if (posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ) != 0) {
		agent_log(c, 0, "collector command could not be started");
		return;
	}
	while (waitpid(pid, &status, 0) < 0)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		agent_log(c, 1, "collector command successful");
	else
		agent_log(c, 0, "collector command failed (status %d)", status);
}

/* Section 5.2: S and C, when subscriptions are enabled. */
static void subscribe(struct agent_conn *c, struct swima_state *st,
		      const struct agent_attr *a, struct agent_msg *reply)
{
	const struct ietf_swima_request *r = &a->v->swima_request;

	if (!env_yes("TNC_IMC_SWIMA_SUBSCRIPTIONS")) {
		add_error(c, reply, PA_ERROR_SWIMA_SUBSCRIPTION_DENIED,
			  r->request_id, "subscriptions not enabled");
		return;
	}
	if (r->flags & IETF_SWIMA_FLAG_CLEAR) {
		if (st->sub.active)
			agent_log(c, 1, "subscription %u cleared",
				  st->sub.request_id);
		st->sub.active = false;
	}
	if (r->flags & IETF_SWIMA_FLAG_SUBSCRIBE) {
		st->sub = (struct subscription){
			.active = true,
			.imv = a->peer,
			.request_id = r->request_id,
			.ids_only = r->flags & IETF_SWIMA_FLAG_IDS_ONLY,
		};
		agent_log(c, 1, "subscription %u established by IMV %u",
			  r->request_id, a->peer);
		run_collector(c, &st->sub);
	}
}

static void on_request(struct agent_conn *c, void *state,
		       const struct agent_attr *a, struct agent_msg *reply)
{
	const struct ietf_swima_request *r = &a->v->swima_request;
	struct swima_state *st = state;
	uint32_t last_eid;

	/* the first request is answered (section 5.2: one per message) */
	if (st->handled) {
		agent_log(c, 1, "SWIMA Request %u ignored: one per batch",
			  r->request_id);
		return;
	}
	st->handled = true;
	agent_log(c, 1, "SWIMA Request %u: flags 0x%02x, %zu target%s, "
		  "earliest EID %u", r->request_id, r->flags, r->count,
		  r->count == 1 ? "" : "s", r->earliest_eid);
	if (r->flags & (IETF_SWIMA_FLAG_SUBSCRIBE | IETF_SWIMA_FLAG_CLEAR))
		subscribe(c, st, a, reply);
	last_eid = fulfil(c, r, 0, reply);
	/* a subscription to events goes on from the newest one sent */
	if (st->sub.active && st->sub.request_id == r->request_id &&
	    r->earliest_eid && last_eid)
		st->sub.next_eid = last_eid + 1;
}

/* RFC 8412 5.11/5.12: the subscription this IMC serves for the asker. */
static void on_status_request(struct agent_conn *c, void *state,
			      const struct agent_attr *a,
			      struct agent_msg *reply)
{
	struct swima_state *st = state;
	struct pa_attr resp = { .vendor = PEN_IETF,
				.type = IETF_ATTR_SUBSCRIPTION_STATUS_RESP };
	struct ietf_swima_request sub = {
		.flags = IETF_SWIMA_FLAG_SUBSCRIBE |
			 (st->sub.ids_only ? IETF_SWIMA_FLAG_IDS_ONLY : 0),
		.request_id = st->sub.request_id,
		.earliest_eid = st->sub.next_eid,
	};
	bool active = st->sub.active && st->sub.imv == a->peer;

	resp.v.subscription_status_resp.count = active ? 1 : 0;
	resp.v.subscription_status_resp.subscriptions = active ? &sub : NULL;
	agent_log(c, 1, "subscription status for IMV %u: %s", a->peer,
		  active ? "one subscription" : "none");
	agent_msg_add(reply, &resp);
}

/* RFC 8412 5.13/5.14: what the Source IDs of the records stand for. */
static void on_source_request(struct agent_conn *c, void *state,
			      const struct agent_attr *a,
			      struct agent_msg *reply)
{
	static const char packages[] = "installed packages (dpkg), "
				       "tags generated per package";
	static const char tag_files[] = "SWID tag files (.swidtag)";
	struct ietf_source_metadata sources[] = {
		{ 1, 0, { (const uint8_t *)packages, sizeof(packages) - 1 } },
		{ 2, 0, { (const uint8_t *)tag_files, sizeof(tag_files) - 1 } },
	};
	struct pa_attr resp = { .vendor = PEN_IETF,
				.type = IETF_ATTR_SOURCE_METADATA_RESP };

	resp.v.source_metadata_resp.count = 2;
	resp.v.source_metadata_resp.sources = sources;
	agent_msg_add(reply, &resp);
}

static void on_batch_ending(struct agent_conn *c, void *state)
{
	struct swima_state *st = state;

	st->handled = false;
}

/*
 * Section 5.2: the handshake opens with a Segmentation Contract Request
 * (the agent puts it first in m), so that large inventories can travel
 * in segments; a retried handshake also brings a pending subscription's
 * fulfilment, to the subscriber alone.
 */
static void begin_handshake(struct agent_conn *c, void *state,
			    struct agent_msg *m)
{
	struct swima_state *st = state;
	struct subscription *sub = &st->sub;
	struct ietf_swima_request r = {
		.flags = sub->ids_only ? IETF_SWIMA_FLAG_IDS_ONLY : 0,
		.request_id = sub->request_id,
		.earliest_eid = sub->next_eid,
	};
	struct agent_msg *to;
	uint32_t last_eid;

	if (!sub->active || !sub->pending)
		return;
	sub->pending = false;
	run_collector(c, sub);
	to = agent_msg_new(c, sub->imv);
	if (!to)
		return;
	agent_log(c, 1, "fulfilling subscription %u of IMV %u",
		  sub->request_id, sub->imv);
	last_eid = fulfil(c, &r, IETF_SWIMA_FLAG_FULFILLMENT, to);
	if (sub->next_eid && last_eid)
		sub->next_eid = last_eid + 1;
	agent_msg_send(to);
}

/*
 * Section 5.2: with a subscription, wait for the package manager; what
 * it changed is sent in a retried handshake.
 */
static void access_decided(struct agent_conn *c, void *state,
			   TNC_ConnectionState decision)
{
	struct swima_state *st = state;
	const char *wait = env("TNC_IMC_SWIMA_SUBSCRIPTION_WAIT", NULL);
	long secs = wait ? strtol(wait, NULL, 10) : SUBSCRIPTION_WAIT_DEFAULT;
	struct history_stamp now;
	char history[4096];

	if (!st->sub.active || secs <= 0)
		return;
	history_path(history, sizeof(history));
	history_stamp(history, &now);
	if (!history_stamp_equal(&now, &st->sub.served)) {
		agent_log(c, 1, "subscription %u: %s changed meanwhile",
			  st->sub.request_id, history);
		st->sub.pending = true;
		agent_request_retry(c, TNC_RETRY_REASON_IMC_PERIODIC);
		return;
	}
	agent_log(c, 1, "subscription %u: waiting up to %ld s for %s",
		  st->sub.request_id, secs, history);
	switch (history_wait(history, (int)(secs * 1000))) {
	case HISTORY_CHANGED:
		st->sub.pending = true;
		agent_request_retry(c, TNC_RETRY_REASON_IMC_PERIODIC);
		break;
	case HISTORY_TIMEOUT:
		agent_log(c, 1, "subscription %u: no change", st->sub.request_id);
		break;
	case HISTORY_ERROR:
		agent_log(c, 0, "subscription %u: cannot watch %s",
			  st->sub.request_id, history);
		break;
	}
}

/* A retry keeps the subscription. */
static void conn_retry(struct agent_conn *c, void *state)
{
	struct swima_state *st = state;

	st->handled = false;
}

static const struct agent_attr_handler attrs[] = {
	{ PEN_IETF, IETF_ATTR_SWIMA_REQUEST, on_request },
	{ PEN_IETF, IETF_ATTR_SUBSCRIPTION_STATUS_REQ, on_status_request },
	{ PEN_IETF, IETF_ATTR_SOURCE_METADATA_REQ, on_source_request },
};

static const struct agent_msg_type types[] = {
	{ PEN_IETF, PA_SUBTYPE_IETF_SWIMA },
};

static const struct agent_imc_desc imc_swima = {
	.base = {
		.name = "SWIMA",
		.types = types,
		.type_count = 1,
		.want_contract = true,
		.attrs = attrs,
		.attr_count = sizeof(attrs) / sizeof(attrs[0]),
		.conn_new = state_new,
		.conn_free = free,
		.conn_retry = conn_retry,
		.on_batch_ending = on_batch_ending,
	},
	.begin_handshake = begin_handshake,
	.access_decided = access_decided,
};

AGENT_IMC_PLUGIN(imc_swima)
