/*
 * imv_swima.c - the SWIMA IMV (imv-swima.so): runs a session's SWIDT
 * workitem (swima.md section 6): sends the SWIMA Request its argument
 * asks for, collects the endpoint's software identifier inventory,
 * identifier events or SWID tags, and hands them to the SWID target
 * (swid_target.h: the policy database, or a strongTNC-style REST API).
 * When the target lacks the tags of some identifiers, it asks the
 * endpoint for exactly those tags once, then tries again.
 *
 * Configuration (environment, set by the TNC server from its imv.swima.*
 * keys): TNC_IMV_SWIMA_REST_API_URI (the API root; unset: write to the
 * policy database) and TNC_IMV_SWIMA_REST_API_TIMEOUT (seconds, 120).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_imv.h"
#include "swid_target.h"

#define REST_TIMEOUT_DEFAULT 120

struct swima_state {
	struct swid_target *target;	/* owned; NULL: no database */
	struct workitem *w;		/* the SWIDT workitem in progress */
	struct workitem **queue;	/* further ones, owned array */
	size_t queued;
	uint32_t request_id;
	bool subscription;		/* S requested and not denied */
	uint32_t sub_id;		/* its request ID; kept over retries */
	bool awaiting;			/* a request is out, no answer yet */
	bool asked_tags;		/* the targeted tag request went out */
	bool got_ids, got_events, got_tags;
	bool failed;			/* a SWIMA error answered the request */
	size_t tag_count;
	struct swid_strs ids;		/* received identifier inventory */
	struct swid_events events;	/* received identifier events */
};

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static struct swid_target *target_new(struct agent_conn *c)
{
	const char *uri = getenv("TNC_IMV_SWIMA_REST_API_URI");
	const char *timeout = getenv("TNC_IMV_SWIMA_REST_API_TIMEOUT");
	long secs = REST_TIMEOUT_DEFAULT;

	if (uri && *uri) {
		if (timeout && *timeout)
			secs = strtol(timeout, NULL, 10);
		if (secs <= 0)
			secs = REST_TIMEOUT_DEFAULT;
		return swid_rest_new(uri, secs);
	}
	if (agent_imv_db(c))
		return swid_db_new(agent_imv_db(c));
	return NULL;
}

static void *state_new(struct agent_conn *c)
{
	struct swima_state *st = calloc(1, sizeof(*st));

	if (st)
		st->target = target_new(c);
	return st;
}

static void collected_free(struct swima_state *st)
{
	swid_strs_free(&st->ids);
	swid_events_free(&st->events);
	st->got_ids = st->got_events = st->got_tags = st->failed = false;
	st->tag_count = 0;
	st->asked_tags = st->awaiting = false;
}

static void state_free(void *state)
{
	struct swima_state *st = state;

	collected_free(st);
	if (st->target)
		st->target->ops->free(st->target);
	free(st->queue);
	free(st);
}

/*
 * A retried handshake has a new session and workitems; a subscription
 * and what it already delivered stay.
 */
static void conn_retry(struct agent_conn *c, void *state)
{
	struct swima_state *st = state;

	free(st->queue);
	st->queue = NULL;
	st->queued = 0;
	st->w = NULL;
	if (!st->subscription)
		collected_free(st);
}

/* ------------------------------------------------------- requests */

static void send_request(struct agent_conn *c, struct swima_state *st,
			 uint8_t flags, uint32_t earliest_eid,
			 const struct swid_strs *targets)
{
	struct pa_attr a = { .vendor = PEN_IETF,
			     .type = IETF_ATTR_SWIMA_REQUEST };
	struct ietf_swima_request *r = &a.v.swima_request;
	struct pa_bytes *t = NULL;
	struct agent_msg *m;
	size_t i;

	r->flags = flags;
	r->request_id = st->request_id;
	r->earliest_eid = earliest_eid;
	if (targets && targets->count) {
		t = calloc(targets->count, sizeof(*t));
		if (!t) {
			agent_log(c, 0, "out of memory building a SWIMA Request");
			return;
		}
		for (i = 0; i < targets->count; i++) {
			t[i].ptr = (const uint8_t *)targets->v[i];
			t[i].len = strlen(targets->v[i]);
		}
		r->count = targets->count;
		r->targets = t;
	}
	/* to any SWIMA IMC, as the reference does (vector swima #8) */
	m = agent_msg_new(c, AGENT_PEER_ANY);
	if (m) {
		agent_msg_add(m, &a);
		agent_msg_send(m);
		st->awaiting = true;
	}
	free(t);
}

static uint8_t flags_of(const char *arg, struct swima_state *st)
{
	uint8_t flags = 0;

	for (; arg && *arg; arg++) {
		if (*arg == 'R') {
			flags |= IETF_SWIMA_FLAG_IDS_ONLY;
		} else if (*arg == 'S') {
			flags |= IETF_SWIMA_FLAG_SUBSCRIBE;
			st->subscription = true;
		} else if (*arg == 'C') {
			flags |= IETF_SWIMA_FLAG_CLEAR;
			st->subscription = false;
		}
	}
	return flags;
}

static void evaluate(struct agent_conn *c, struct swima_state *st);

static void start(struct agent_conn *c, struct swima_state *st,
		  struct workitem *w)
{
	bool subscribed = st->subscription;
	uint8_t flags = flags_of(w->arg_str, st);
	uint32_t earliest = w->arg_int > 0 && w->arg_int <= UINT32_MAX ?
			    (uint32_t)w->arg_int : 0;

	st->w = w;
	/*
	 * Section 6.1 step 2: a subscription that is still active delivers
	 * by itself (after a retry the IMC sends what changed); no request.
	 */
	if (subscribed && st->subscription) {
		st->request_id = st->sub_id;
		agent_log(c, 1, "SWIDT workitem %lld served by subscription %u",
			  (long long)w->id, st->sub_id);
		if (st->got_ids || st->got_events || st->got_tags)
			evaluate(c, st);
		else
			st->awaiting = true;
		return;
	}
	st->request_id = (uint32_t)w->id;
	if (st->subscription)
		st->sub_id = st->request_id;
	agent_log(c, 1, "SWIMA Request %u: %s%s, %s", st->request_id,
		  flags & IETF_SWIMA_FLAG_IDS_ONLY ?
		  "software identifiers" : "SWID tags",
		  flags & IETF_SWIMA_FLAG_SUBSCRIBE ? " with subscription" : "",
		  earliest ? "events since EID" : "full inventory");
	if (earliest)
		agent_log(c, 2, "earliest EID %u", earliest);
	send_request(c, st, flags, earliest, NULL);
}

static void workitem_start(struct agent_conn *c, void *state,
			   struct workitem *w)
{
	struct swima_state *st = state;
	struct workitem **grown;

	if (!st->target) {
		agent_imv_workitem_done(c, w, TNC_IMV_EVALUATION_RESULT_ERROR,
					"no SWID target (database or REST API)");
		return;
	}
	if (!st->w) {
		start(c, st, w);
		return;
	}
	/* one request at a time: request ids are workitem ids */
	grown = realloc(st->queue, (st->queued + 1) * sizeof(*grown));
	if (!grown) {
		agent_imv_workitem_done(c, w, TNC_IMV_EVALUATION_RESULT_ERROR,
					"out of memory");
		return;
	}
	st->queue = grown;
	st->queue[st->queued++] = w;
}

/* Finishes the current workitem and starts the next one, if any. */
static void finish(struct agent_conn *c, struct swima_state *st,
		   TNC_IMV_Evaluation_Result eval, const char *result)
{
	struct workitem *next;

	agent_imv_workitem_done(c, st->w, eval, result);
	st->w = NULL;
	collected_free(st);
	if (!st->queued)
		return;
	next = st->queue[0];
	memmove(st->queue, st->queue + 1, --st->queued * sizeof(*st->queue));
	start(c, st, next);
}

/* ------------------------------------------------------ receiving */

/*
 * An answer to the current request, or a subscription's fulfilment,
 * which may come before the retried handshake's workitem exists.
 */
static bool ours(struct agent_conn *c, struct swima_state *st,
		 uint32_t request_id, const char *what)
{
	if (st->w && request_id == st->request_id)
		return true;
	if (st->subscription && request_id == st->sub_id) {
		agent_log(c, 1, "%s fulfils subscription %u", what,
			  request_id);
		return true;
	}
	agent_log(c, 1, "no workitem found for %s with request ID %u", what,
		  request_id);
	return false;
}

static void on_id_inventory(struct agent_conn *c, void *state,
			    const struct agent_attr *a, struct agent_msg *reply)
{
	const struct ietf_sw_inventory *inv = &a->v->sw_id_inventory;
	struct swima_state *st = state;
	size_t i;

	if (!ours(c, st, inv->request_id, "SW ID inventory"))
		return;
	agent_log(c, 1, "received SW ID inventory of %zu identifier%s, epoch "
		  "0x%08x, last EID %u", inv->count, plural(inv->count),
		  inv->epoch, inv->last_eid);
	for (i = 0; i < inv->count; i++) {
		const struct pa_bytes *id = &inv->records[i].sw_id;

		if (!swid_strs_add(&st->ids, (const char *)id->ptr, id->len)) {
			agent_log(c, 0, "out of memory keeping SW IDs");
			break;
		}
	}
	st->got_ids = true;
	st->awaiting = false;
}

static void on_id_events(struct agent_conn *c, void *state,
			 const struct agent_attr *a, struct agent_msg *reply)
{
	const struct ietf_sw_events *ev = &a->v->sw_id_events;
	struct swima_state *st = state;
	size_t i;

	if (!ours(c, st, ev->request_id, "SW ID events"))
		return;
	agent_log(c, 1, "received %zu SW ID event%s, epoch 0x%08x, last EID "
		  "%u", ev->count, plural(ev->count), ev->epoch, ev->last_eid);
	if (!st->got_events) {
		st->events.epoch = ev->epoch;
		st->events.last_eid = ev->last_eid;
	}
	for (i = 0; i < ev->count; i++) {
		if (!swid_events_add(&st->events, &ev->events[i])) {
			agent_log(c, 0, "out of memory keeping SW ID events");
			break;
		}
	}
	st->got_events = true;
	st->awaiting = false;
}

static void on_inventory(struct agent_conn *c, void *state,
			 const struct agent_attr *a, struct agent_msg *reply)
{
	const struct ietf_sw_inventory *inv = &a->v->sw_inventory;
	struct swima_state *st = state;
	struct swid_answer ans = { 0 };
	enum swid_status s;

	if (!ours(c, st, inv->request_id, "SW inventory"))
		return;
	agent_log(c, 1, "received %zu SWID tag%s", inv->count,
		  plural(inv->count));
	st->tag_count += inv->count;
	st->got_tags = true;
	st->awaiting = false;
	s = st->target->ops->add_tags(st->target, agent_imv_session_id(c),
				      inv->records, inv->count,
				      !st->asked_tags, &ans);
	if (s == SWID_OK)
		agent_log(c, 1, "%s: added %zu SWID tag%s, replaced %zu",
			  st->target->ops->name, ans.added, plural(ans.added),
			  ans.replaced);
	else
		agent_log(c, 0, "%s: adding SWID tags failed: %s",
			  st->target->ops->name, ans.error);
	swid_answer_free(&ans);
}

/*
 * swima.md 2.5; the agent has logged the error. A denied subscription
 * is no longer active.
 */
static void on_error(struct agent_conn *c, void *state,
		     const struct agent_attr *a, struct agent_msg *reply)
{
	struct swima_state *st = state;
	struct ietf_swima_error e;
	uint32_t offset;

	if (ietf_swima_error_decode(&a->v->pa_tnc_error, &e, &offset) !=
	    PA_DECODE_OK)
		return;
	if (!st->w || e.request_id != st->request_id)
		return;
	if (e.code == PA_ERROR_SWIMA_SUBSCRIPTION_DENIED) {
		if (st->subscription)
			agent_log(c, 1, "subscription %u cleared",
				  e.request_id);
		st->subscription = false;
		st->sub_id = 0;
		return;
	}
	/*
	 * The endpoint could not answer (or says so before falling back to
	 * an inventory in the same message): the request is answered.
	 */
	st->awaiting = false;
	st->failed = true;
}

/* ----------------------------------------------------- evaluation */

static void result_text(const struct swima_state *st, char *buf, size_t len)
{
	int n;

	if (st->got_ids)
		n = snprintf(buf, len, "received inventory of %zu SW ID%s "
			     "and %zu SWID tag%s", st->ids.count,
			     plural(st->ids.count), st->tag_count,
			     plural(st->tag_count));
	else if (st->got_events)
		n = snprintf(buf, len, "received %zu SW ID event%s and %zu "
			     "SWID tag%s", st->events.count,
			     plural(st->events.count), st->tag_count,
			     plural(st->tag_count));
	else
		n = snprintf(buf, len, "received %zu SWID tag%s",
			     st->tag_count, plural(st->tag_count));
	if (st->subscription && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, " from subscription %u",
			 st->sub_id);
}

static enum swid_status submit(struct agent_conn *c, struct swima_state *st,
			       struct swid_answer *ans)
{
	struct swid_target *t = st->target;
	int64_t session = agent_imv_session_id(c);

	if (st->got_ids)
		return t->ops->measurement(t, session, &st->ids, ans);
	if (st->got_events)
		return t->ops->events(t, session, &st->events, ans);
	return SWID_OK;
}

/* Section 6.1 step 4: all that was asked for is here. */
static void evaluate(struct agent_conn *c, struct swima_state *st)
{
	struct swid_answer ans = { 0 };
	char text[160];

	switch (submit(c, st, &ans)) {
	case SWID_OK:
		result_text(st, text, sizeof(text));
		finish(c, st, TNC_IMV_EVALUATION_RESULT_COMPLIANT, text);
		break;
	case SWID_MISSING:
		if (st->asked_tags || st->got_tags) {
			agent_log(c, 0, "%s still lacks %zu SWID tag%s",
				  st->target->ops->name, ans.missing.count,
				  plural(ans.missing.count));
			finish(c, st, TNC_IMV_EVALUATION_RESULT_ERROR,
			       "not all requested SWID tags were received");
			break;
		}
		agent_log(c, 1, "%s lacks %zu SWID tag%s, requesting them",
			  st->target->ops->name, ans.missing.count,
			  plural(ans.missing.count));
		st->asked_tags = true;
		send_request(c, st, 0, 0, &ans.missing);
		break;
	case SWID_NOT_FOUND:
		agent_log(c, 0, "%s: session %lld not found",
			  st->target->ops->name,
			  (long long)agent_imv_session_id(c));
		finish(c, st, TNC_IMV_EVALUATION_RESULT_ERROR,
		       "session not found by the SWID target");
		break;
	case SWID_FAILED:
		agent_log(c, 0, "%s: %s", st->target->ops->name, ans.error);
		finish(c, st, TNC_IMV_EVALUATION_RESULT_ERROR,
		       "error in REST API request");
		break;
	}
	swid_answer_free(&ans);
}

static void on_batch_ending(struct agent_conn *c, void *state)
{
	struct swima_state *st = state;

	if (!st->w || st->awaiting || agent_conn_busy(c))
		return;
	if (st->got_ids || st->got_events || st->got_tags)
		evaluate(c, st);
	else if (st->failed)
		finish(c, st, TNC_IMV_EVALUATION_RESULT_ERROR,
		       "the endpoint could not collect its software inventory");
}

/* The TNCS wants a decision now: what never came is an error. */
static void solicit(struct agent_conn *c, void *state)
{
	struct swima_state *st = state;

	while (st->w)
		finish(c, st, TNC_IMV_EVALUATION_RESULT_ERROR,
		       "no SWIMA response received");
}

static const struct agent_attr_handler attrs[] = {
	{ PEN_IETF, IETF_ATTR_SW_ID_INVENTORY, on_id_inventory },
	{ PEN_IETF, IETF_ATTR_SW_ID_EVENTS, on_id_events },
	{ PEN_IETF, IETF_ATTR_SW_INVENTORY, on_inventory },
	{ PEN_IETF, IETF_ATTR_PA_TNC_ERROR, on_error },
};

static const struct agent_msg_type types[] = {
	{ PEN_IETF, PA_SUBTYPE_IETF_SWIMA },
};

static const enum workitem_type swidt[] = { WORKITEM_SWIDT };

static const struct agent_imv_desc imv_swima = {
	.base = {
		.name = "SWIMA",
		.types = types,
		.type_count = 1,
		.want_contract = true,
		.attrs = attrs,
		.attr_count = sizeof(attrs) / sizeof(attrs[0]),
		.conn_new = state_new,
		.conn_free = state_free,
		.conn_retry = conn_retry,
		.on_batch_ending = on_batch_ending,
	},
	.owner = WORKITEM_OWNER_SWIMA,
	.workitem_types = swidt,
	.workitem_type_count = 1,
	.starts_policy = false,
	.workitem_start = workitem_start,
	.solicit = solicit,
};

AGENT_IMV_PLUGIN(imv_swima)
