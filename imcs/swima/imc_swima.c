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
 * and the OS IMC's TNC_IMC_OS_ROOT, TNC_IMC_OS_NAME, TNC_IMC_OS_VERSION
 * for the identifiers' OS part.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent_imc.h"
#include "sw_collect.h"
#include "sw_id.h"

#define EID_EPOCH_DEFAULT 0x11223344u
#define ENTITY_NAME_DEFAULT "strongSwan Project"

/* A subscription an IMV established (section 5.2); one at a time. */
struct subscription {
	bool active;
	uint32_t imv;
	uint32_t request_id;
	bool ids_only;
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
			uint32_t request_id, uint32_t since,
			struct agent_msg *reply)
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
	ev->request_id = request_id;
	eids(cfg->store, &ev->epoch, &ev->last_eid);
	ev->last_consulted_eid = ev->last_eid;
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
			   struct agent_msg *reply)
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

/* Section 5.3: events when asked for and possible, else an inventory. */
static void fulfil(struct agent_conn *c, const struct ietf_swima_request *r,
		   struct agent_msg *reply)
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
					    r->earliest_eid, reply))
			goto out;
		add_error(c, reply, PA_ERROR_SWIMA, r->request_id,
			  "failed to collect SW ID events, fallback to SW ID "
			  "inventory");
	}
	if (!send_inventory(c, &cfg, r, ids_only, reply))
		add_error(c, reply, PA_ERROR_SWIMA, r->request_id, ids_only ?
			  "failed to collect SW ID inventory" :
			  "failed to collect SW inventory");
out:
	if (cfg.store)
		sw_store_close(cfg.store);
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
	}
}

static void on_request(struct agent_conn *c, void *state,
		       const struct agent_attr *a, struct agent_msg *reply)
{
	const struct ietf_swima_request *r = &a->v->swima_request;
	struct swima_state *st = state;

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
	fulfil(c, r, reply);
}

static void on_batch_ending(struct agent_conn *c, void *state)
{
	struct swima_state *st = state;

	st->handled = false;
}

/*
 * Section 5.2: the handshake opens with a Segmentation Contract Request
 * (the agent puts it first in m), so that large inventories can travel
 * in segments.
 */
static void begin_handshake(struct agent_conn *c, void *state,
			    struct agent_msg *m)
{
}

static const struct agent_attr_handler attrs[] = {
	{ PEN_IETF, IETF_ATTR_SWIMA_REQUEST, on_request },
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
		.on_batch_ending = on_batch_ending,
	},
	.begin_handshake = begin_handshake,
};

AGENT_IMC_PLUGIN(imc_swima)
