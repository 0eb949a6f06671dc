/*
 * agent_imv.c - the IMV role of the agent (agent_imv.h): the TNC_IMV_*
 * entry points, the workitem loop at batch ending, the recommendation
 * and the assessment sent to the IMC(s).
 *
 * Each entry point locks its connection, lets the plugin and the agent
 * work, and after the unlock hands the queued messages and, once per
 * handshake, the recommendation to the TNCS, which may call back in.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "agent_imv.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "agent_session.h"

/* The IMV's state of a connection, beside the plugin's. */
struct imv_conn {
	struct imv_session session;
	TNC_IMV_Action_Recommendation rec;	/* merged so far (5.1) */
	TNC_IMV_Evaluation_Result eval;
	bool any_result;	/* something was folded in */
	bool decided;		/* assessment made, recommendation due */
	bool provide;		/* ProvideRecommendation after the unlock */
	char *remediation;	/* owned */
	char *reason;		/* owned */
};

#define BIND(name, field) { name, offsetof(struct agent_host, field) }

static const struct agent_bind imv_binds[] = {
	BIND("TNC_TNCS_ReportMessageTypes", report_types),
	BIND("TNC_TNCS_ReportMessageTypesLong", report_types_long),
	BIND("TNC_TNCS_RequestHandshakeRetry", request_retry),
	BIND("TNC_TNCS_SendMessage", send),
	BIND("TNC_TNCS_SendMessageLong", send_long),
	BIND("TNC_TNCS_ProvideRecommendation", provide_recommendation),
	BIND("TNC_TNCS_GetAttribute", get_attribute),
	BIND("TNC_TNCS_SetAttribute", set_attribute),
	BIND("TNC_TNCS_ReserveAdditionalIMVID", reserve_id),
};

/*
 * Severity ranks of the merging rules (policy-manager.md 5.1): a value
 * replaces the current one when its rank is higher, so "no
 * recommendation" and "don't know" yield to anything and NO_ACCESS and
 * ERROR are final.
 */
static const int rec_rank[] = {
	[TNC_IMV_ACTION_RECOMMENDATION_ALLOW] = 1,
	[TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS] = 3,
	[TNC_IMV_ACTION_RECOMMENDATION_ISOLATE] = 2,
	[TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION] = 0,
};

static const int eval_rank[] = {
	[TNC_IMV_EVALUATION_RESULT_COMPLIANT] = 1,
	[TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR] = 2,
	[TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR] = 3,
	[TNC_IMV_EVALUATION_RESULT_ERROR] = 4,
	[TNC_IMV_EVALUATION_RESULT_DONT_KNOW] = 0,
};

static const char *const eval_names[] = {
	[TNC_IMV_EVALUATION_RESULT_COMPLIANT] = "compliant",
	[TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR] = "non-compliant minor",
	[TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR] = "non-compliant major",
	[TNC_IMV_EVALUATION_RESULT_ERROR] = "error",
	[TNC_IMV_EVALUATION_RESULT_DONT_KNOW] = "don't know",
};

/* sessions.rec of an access decision (policy-manager.md 6). */
static const struct {
	TNC_ConnectionState state;
	int64_t rec;
} access_recs[] = {
	{ TNC_CONNECTION_STATE_ACCESS_ALLOWED, DB_REC_ALLOW },
	{ TNC_CONNECTION_STATE_ACCESS_ISOLATED, DB_REC_ISOLATE },
	{ TNC_CONNECTION_STATE_ACCESS_NONE, DB_REC_NO_ACCESS },
};

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

static const char *eval_name(TNC_IMV_Evaluation_Result eval)
{
	return eval < COUNT(eval_names) ? eval_names[eval] : "unknown";
}

static const struct agent_imv_desc *desc_of(const struct agent_conn *c)
{
	return c->agent->desc;
}

static struct imv_policy *policy_of(const struct agent_conn *c)
{
	return c->agent->role_data;
}

static struct imv_conn *imv_of(const struct agent_conn *c)
{
	return c->role_state;
}

static void fold(struct imv_conn *ic, TNC_IMV_Action_Recommendation rec,
		 TNC_IMV_Evaluation_Result eval)
{
	if (rec < COUNT(rec_rank) && rec_rank[rec] > rec_rank[ic->rec])
		ic->rec = rec;
	if (eval < COUNT(eval_rank) && eval_rank[eval] > eval_rank[ic->eval])
		ic->eval = eval;
	ic->any_result = true;
}

/* ------------------------------------------------------------ workitems */

static bool owns_type(const struct agent_imv_desc *d, int64_t type)
{
	const struct workitem_type_info *info;
	size_t i;

	if (d->workitem_types) {
		for (i = 0; i < d->workitem_type_count; i++)
			if (d->workitem_types[i] == type)
				return true;
		return false;
	}
	info = workitem_type_info(type);
	return info && d->owner != WORKITEM_OWNER_NONE &&
	       info->owner == d->owner;
}

static bool has_open(const struct agent_conn *c)
{
	const struct imv_session *s = &imv_of(c)->session;
	size_t i;

	for (i = 0; i < s->count; i++)
		if (s->items[i].owner_imv == (int)c->agent->id &&
		    !s->items[i].result)
			return true;
	return false;
}

/* Claims every unclaimed workitem of this IMV's types. */
static void claim_workitems(struct agent_conn *c)
{
	const struct agent_imv_desc *d = desc_of(c);
	struct imv_session *s = &imv_of(c)->session;
	struct workitem *w;
	size_t i;

	for (i = 0; i < s->count; i++) {
		w = &s->items[i];
		if (w->owner_imv >= 0 || !owns_type(d, w->type) ||
		    !d->workitem_start)
			continue;
		w->owner_imv = (int)c->agent->id;
		agent_log(c, 1, "IMV %lu handles %s workitem %" PRId64,
			  c->agent->id, workitem_type_name(w->type), w->id);
		d->workitem_start(c, c->state, w);
	}
}

void agent_imv_workitem_done(struct agent_conn *c, struct workitem *w,
			     TNC_IMV_Evaluation_Result eval,
			     const char *result)
{
	const struct imv_policy *p = policy_of(c);
	struct imv_conn *ic = imv_of(c);
	char *text = strdup(result ? result : "");

	if (!text) {
		agent_log(c, 0, "out of memory finishing workitem %" PRId64,
			  w->id);
		return;
	}
	free(w->result);
	w->result = text;
	w->rec_final = workitem_rec_for(w, (enum db_eval)eval);
	if (p->db && !session_db_finish_workitem(p->db, w))
		agent_log(c, 0, "result of workitem %" PRId64 " not written",
			  w->id);
	fold(ic, (TNC_IMV_Action_Recommendation)w->rec_final, eval);
	agent_log(c, 1, "%s workitem %" PRId64 ": '%s', %s, %s",
		  workitem_type_name(w->type), w->id, text, eval_name(eval),
		  db_rec_name(w->rec_final));
}

/* --------------------------------------------------------- the verdict */

/* The recommendation as it stands (ALLOW / DON'T KNOW without results). */
static void verdict(const struct agent_conn *c,
		    TNC_IMV_Action_Recommendation *rec,
		    TNC_IMV_Evaluation_Result *eval)
{
	const struct imv_conn *ic = imv_of(c);

	*rec = ic->rec;
	*eval = ic->eval;
	if (!ic->any_result && ic->session.started && !has_open(c)) {
		*rec = TNC_IMV_ACTION_RECOMMENDATION_ALLOW;
		*eval = TNC_IMV_EVALUATION_RESULT_DONT_KNOW;
	}
}

static void send_assessment(struct agent_conn *c, uint32_t peer,
			    TNC_IMV_Evaluation_Result eval)
{
	const struct imv_conn *ic = imv_of(c);
	struct pa_attr result = {
		.vendor = PEN_IETF,
		.type = IETF_ATTR_ASSESSMENT_RESULT,
		.v.assessment_result = { (uint32_t)eval },
	};
	struct pa_attr remediation = {
		.vendor = PEN_IETF,
		.type = IETF_ATTR_REMEDIATION_INSTR,
		.v.remediation_instr = {
			.vendor = PEN_IETF,
			.type = IETF_REMEDIATION_STRING,
		},
	};
	struct agent_msg *m = agent_msg_new(c, peer);

	if (!m)
		return;
	agent_msg_add(m, &result);
	if (ic->remediation) {
		remediation.v.remediation_instr.string = (struct pa_bytes){
			(const uint8_t *)ic->remediation,
			strlen(ic->remediation) };
		remediation.v.remediation_instr.lang = (struct pa_bytes){
			(const uint8_t *)"en", 2 };
		agent_msg_add(m, &remediation);
	}
	agent_msg_send(m);
}

/* Sends the assessment to every IMC that spoke; provides after unlock. */
static void decide(struct agent_conn *c)
{
	struct imv_conn *ic = imv_of(c);
	TNC_IMV_Action_Recommendation rec;
	TNC_IMV_Evaluation_Result eval;
	size_t i;

	if (ic->decided)
		return;
	verdict(c, &rec, &eval);
	ic->rec = rec;
	ic->eval = eval;
	ic->decided = true;
	ic->provide = true;
	agent_log(c, 1, "assessment of connection %lu: recommendation '%s', "
		  "evaluation '%s'", c->id, db_rec_name(rec), eval_name(eval));
	for (i = 0; i < c->peer_count; i++)
		send_assessment(c, c->peers[i].id, eval);
	if (c->peer_count == 0)
		send_assessment(c, AGENT_PEER_ANY, eval);
}

void agent_imv_finish(struct agent_conn *c, TNC_IMV_Action_Recommendation rec,
		      TNC_IMV_Evaluation_Result eval)
{
	fold(imv_of(c), rec, eval);
	decide(c);
}

struct db *agent_imv_db(const struct agent_conn *c)
{
	return policy_of(c)->db;
}

int64_t agent_imv_session_id(const struct agent_conn *c)
{
	return imv_of(c)->session.id;
}

void agent_imv_set_remediation(struct agent_conn *c, const char *text)
{
	struct imv_conn *ic = imv_of(c);
	char *copy = text ? strdup(text) : NULL;

	free(ic->remediation);
	ic->remediation = copy;
}

void agent_imv_set_reason(struct agent_conn *c, const char *text)
{
	struct imv_conn *ic = imv_of(c);
	char *copy = text ? strdup(text) : NULL;

	free(ic->reason);
	ic->reason = copy;
}

/* ------------------------------------------------------- the session */

bool agent_imv_policy_started(const struct agent_conn *c)
{
	return imv_of(c)->session.started;
}

bool agent_imv_start_policy(struct agent_conn *c, const char *product,
			    const char *device)
{
	const struct imv_policy *p = policy_of(c);
	struct imv_session *s = &imv_of(c)->session;

	if (s->started || s->id) {
		agent_log(c, 1, "policy of connection %lu already started",
			  c->id);
		return false;
	}
	if (!p->db) {
		/* policy-manager.md 7: started, without workitems */
		agent_log(c, 1, "no policy database: connection %lu is "
			  "assessed without workitems", c->id);
		s->started = true;
		return true;
	}
	if (imv_session_start(c, p, s, product, device))
		return true;
	/* no session, no policy: neither allow nor try again */
	agent_imv_finish(c, TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION,
			 TNC_IMV_EVALUATION_RESULT_ERROR);
	return false;
}

/*
 * At batch ending: find the session (an IMV that does not start it),
 * hand out workitems, and decide once none of this IMV is open.
 */
static void workitem_round(struct agent_conn *c)
{
	const struct agent_imv_desc *d = desc_of(c);
	const struct imv_policy *p = policy_of(c);
	struct imv_conn *ic = imv_of(c);

	if (ic->decided)
		return;
	if (!ic->session.started && !d->starts_policy) {
		if (p->db)
			imv_session_find(c, p, &ic->session);
		else
			ic->session.started = true;	/* section 7 */
	}
	if (!ic->session.started)
		return;
	claim_workitems(c);
	/* a decision now would cut off a segmented attribute */
	if (!has_open(c) && !agent_conn_busy(c))
		decide(c);
}

/* --------------------------------------------------------------- role */

static bool imv_init(struct agent *a)
{
	struct imv_policy *p = calloc(1, sizeof(*p));

	if (!p || !imv_policy_init(p, a)) {
		free(p);
		return false;
	}
	a->role_data = p;
	return true;
}

static void imv_terminate(struct agent *a)
{
	imv_policy_free(a->role_data);
	free(a->role_data);
	a->role_data = NULL;
}

static void imv_reset(struct imv_conn *ic)
{
	imv_session_reset(&ic->session);
	free(ic->remediation);
	ic->remediation = NULL;
	free(ic->reason);
	ic->reason = NULL;
	ic->rec = TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION;
	ic->eval = TNC_IMV_EVALUATION_RESULT_DONT_KNOW;
	ic->any_result = false;
	ic->decided = false;
	ic->provide = false;
}

/* The AR identities are read at CREATE, when the host knows them. */
static void *imv_conn_new(struct agent_conn *c)
{
	struct imv_conn *ic = calloc(1, sizeof(*ic));

	if (!ic)
		return NULL;
	imv_reset(ic);
	ic->session.ar_ids = agent_host_bytes(c->agent, c->id,
					      TNC_ATTRIBUTEID_AR_IDENTITIES,
					      &ic->session.ar_ids_len);
	return ic;
}

static void imv_conn_reset(struct agent_conn *c)
{
	imv_reset(imv_of(c));
}

static void imv_conn_free(struct agent_conn *c)
{
	struct imv_conn *ic = imv_of(c);

	if (!ic)
		return;
	imv_reset(ic);
	free(ic->session.ar_ids);
	free(ic);
	c->role_state = NULL;
}

static const struct agent_role imv_role = {
	.label = "IMV",
	.peer_label = "IMC",
	.log = LOG_IMV,
	.binds = imv_binds,
	.bind_count = COUNT(imv_binds),
	.reply_errors = false,
	.init = imv_init,
	.terminate = imv_terminate,
	.conn_new = imv_conn_new,
	.conn_reset = imv_conn_reset,
	.conn_free = imv_conn_free,
};

/* ------------------------------------------------------- entry points */

/* Locks the connection; NULL also when its IMV state is missing. */
static struct agent_conn *lock(struct agent *a, TNC_ConnectionID conn)
{
	struct agent_conn *c = agent_conn_lock(a, conn);

	if (c && !c->role_state) {
		agent_conn_release(c);
		return NULL;
	}
	return c;
}

/* Unlocks, sends what is queued and provides a recommendation now due. */
static TNC_Result unlock(struct agent_conn *c, TNC_Result rc)
{
	struct agent *a = c->agent;
	struct imv_conn *ic = imv_of(c);
	TNC_ConnectionID id = c->id;
	TNC_UInt32 rec = ic->rec, eval = ic->eval;
	bool provide = ic->provide;
	char *reason = provide && ic->reason ? strdup(ic->reason) : NULL;
	TNC_Result sent;

	ic->provide = false;
	sent = agent_conn_release(c);
	if (provide && reason && a->host.set_attribute) {
		a->host.set_attribute(a->id, id, TNC_ATTRIBUTEID_REASON_STRING,
				      (TNC_UInt32)strlen(reason),
				      (TNC_BufferReference)reason);
		a->host.set_attribute(a->id, id,
				      TNC_ATTRIBUTEID_REASON_LANGUAGE, 2,
				      (TNC_BufferReference)"en");
	}
	free(reason);
	if (provide && a->host.provide_recommendation)
		a->host.provide_recommendation(a->id, id, rec, eval);
	return rc != TNC_RESULT_SUCCESS ? rc : sent;
}

TNC_Result agent_imv_initialize(struct agent **slot,
				const struct agent_imv_desc *desc,
				TNC_IMVID id, TNC_Version min, TNC_Version max,
				TNC_Version *actual)
{
	return agent_initialize(slot, &imv_role, &desc->base, desc, id, min,
				max, actual);
}

TNC_Result agent_imv_bind(struct agent *a, TNC_IMVID id,
			  TNC_TNCS_BindFunctionPointer bind)
{
	TNC_Result rc = agent_bind(a, id, bind);

	if (rc == TNC_RESULT_SUCCESS && !a->host.provide_recommendation) {
		agent_role_log(a, 0, "the TNCS offers no "
			       "ProvideRecommendation function");
		rc = TNC_RESULT_FATAL;
	}
	return rc;
}

TNC_Result agent_imv_terminate(struct agent **slot, TNC_IMVID id)
{
	return agent_terminate(slot, id);
}

static TNC_Result access_decided(struct agent *a, TNC_ConnectionID conn,
				 int64_t rec)
{
	struct agent_conn *c = lock(a, conn);
	struct imv_session *s;

	if (!c)
		return TNC_RESULT_FATAL;
	s = &imv_of(c)->session;
	if (s->started_here && s->id)
		imv_session_stop(c, policy_of(c), s, rec);
	return unlock(c, TNC_RESULT_SUCCESS);
}

TNC_Result agent_imv_notify(struct agent *a, TNC_IMVID id,
			    TNC_ConnectionID conn, TNC_ConnectionState state)
{
	TNC_Result rc = agent_check(a, id);
	size_t i;

	if (rc != TNC_RESULT_SUCCESS)
		return rc;
	switch (state) {
	case TNC_CONNECTION_STATE_CREATE:
		return agent_conn_create(a, conn);
	case TNC_CONNECTION_STATE_HANDSHAKE:
		return agent_conn_handshake(a, conn);
	case TNC_CONNECTION_STATE_DELETE:
		return agent_conn_delete(a, conn);
	default:
		break;
	}
	for (i = 0; i < COUNT(access_recs); i++)
		if (access_recs[i].state == state)
			return access_decided(a, conn, access_recs[i].rec);
	return TNC_RESULT_SUCCESS;
}

TNC_Result agent_imv_receive(struct agent *a, TNC_IMVID id,
			     TNC_ConnectionID conn, TNC_UInt32 vendor,
			     TNC_UInt32 subtype, TNC_UInt32 src,
			     const uint8_t *msg, size_t len)
{
	struct agent_msg_type type = { (uint32_t)vendor, (uint32_t)subtype };
	TNC_Result rc = agent_check(a, id);
	struct agent_conn *c;

	if (rc != TNC_RESULT_SUCCESS)
		return rc;
	if (!msg && len)
		return TNC_RESULT_INVALID_PARAMETER;
	c = lock(a, conn);
	if (!c)
		return TNC_RESULT_FATAL;
	rc = agent_rx_message(c, type, (uint32_t)src & 0xffff, msg, len);
	return unlock(c, rc);
}

TNC_Result agent_imv_batch_ending(struct agent *a, TNC_IMVID id,
				  TNC_ConnectionID conn)
{
	TNC_Result rc = agent_check(a, id);
	struct agent_conn *c;

	if (rc != TNC_RESULT_SUCCESS)
		return rc;
	c = lock(a, conn);
	if (!c)
		return TNC_RESULT_FATAL;
	if (a->plugin->on_batch_ending)
		a->plugin->on_batch_ending(c, c->state);
	workitem_round(c);
	return unlock(c, TNC_RESULT_SUCCESS);
}

TNC_Result agent_imv_solicit(struct agent *a, TNC_IMVID id,
			     TNC_ConnectionID conn)
{
	const struct agent_imv_desc *d;
	TNC_Result rc = agent_check(a, id);
	struct agent_conn *c;
	struct imv_conn *ic;

	if (rc != TNC_RESULT_SUCCESS)
		return rc;
	c = lock(a, conn);
	if (!c)
		return TNC_RESULT_FATAL;
	d = desc_of(c);
	ic = imv_of(c);
	/*
	 * The send window is closed here: a recommendation, no assessment.
	 * One given already stands (the TNCS asks every IMV).
	 */
	if (!ic->decided) {
		if (d->solicit)
			d->solicit(c, c->state);
		verdict(c, &ic->rec, &ic->eval);
		ic->decided = true;
		ic->provide = true;
		agent_log(c, 1, "recommendation solicited on connection %lu: "
			  "'%s', evaluation '%s'", c->id, db_rec_name(ic->rec),
			  eval_name(ic->eval));
	}
	return unlock(c, TNC_RESULT_SUCCESS);
}
