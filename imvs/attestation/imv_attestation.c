/*
 * imv_attestation.c - the Attestation IMV (imv-attestation.so): TPM 2.0
 * remote attestation over TCG PTS (TPMRA workitems) and the file
 * measurement workitems FREFM, FMEAS, FMETA, DREFM, DMEAS, DMETA
 * (attestation spec 4, 5, 7, 8, 9, 10).
 *
 * Flow per connection (spec 4, 10), one step per batch:
 *  1. INIT: Request PTS Protocol Capabilities and PTS Measurement
 *     Algorithm (the agent puts a Segmentation Contract Request first).
 *  2. Once the algorithm selection is there: the claimed workitems start;
 *     file workitems send Request File Measurement / Metadata, a TPMRA
 *     workitem sends the DH Nonce Parameters Request (NONCE_REQ).
 *  3. TPM_INIT: DH Nonce Finish, Get TPM Version Information, Get AIK.
 *  4. COMP_EVID: the AIK must be trusted (aik_trust.h); then ITA Get
 *     Symlinks, Request Functional Component Evidence, Generate
 *     Attestation Evidence.
 *  5. EVID_FINAL: every Simple Component Evidence is checked when it
 *     arrives (component.h), the Simple Evidence Final's quote against
 *     the emulated PCRs and the DH secret (spec 8.3), and the TPMRA
 *     result written (spec 8.4).
 * The agent sends the assessment once no workitem of this IMV is open.
 *
 * This IMV does not start the policy: the OS IMV does, and the agent
 * finds the session in the database. The session's product selects the
 * golden hashes, its device row decides AIK trust and keys the learned
 * component evidence.
 *
 * Deviations from the reference: an untrusted AIK ends the TPMRA
 * workitem at once (ERROR, "No trusted AIK available") instead of
 * waiting for the TNCS to give up; a workitem naming an unknown file or
 * directory ends with ERROR instead of staying unclaimed; a DH exchange
 * answered with a PTS error ends the TPMRA workitem with ERROR. Unknown
 * IMA files (no golden hash) are counted, and held against the endpoint
 * ("Incorrect component evidence") only when the TPMRA argument has the
 * letter U besides B/I/T, e.g. "BIU": a policy that allows only known
 * software.
 *
 * Settings: att_config.h (TNC_IMV_ATTESTATION_*).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_imv.h"
#include "aik_trust.h"
#include "att_config.h"
#include "component.h"
#include "file_meas.h"
#include "golden.h"
#include "log.h"
#include "pts_aik.h"
#include "pts_dh.h"
#include "pts_quote.h"
#include "tcg_pts.h"

/* The PA subtype of vendor TCG that carries PTS (spec 1). */
#define PA_SUBTYPE_TCG_PTS 1
/* What the IMV can do (spec 4 step 3). */
#define OWN_CAPS (TCG_PTS_PROTO_CAPS_V | TCG_PTS_PROTO_CAPS_T | \
		  TCG_PTS_PROTO_CAPS_D)
#define MAX_COMPS 3
#define RESULT_MAX 1024

enum att_phase {
	ATT_INIT,
	ATT_DISCOVERY,
	ATT_NONCE_REQ,
	ATT_TPM_INIT,
	ATT_COMP_EVID,
	ATT_EVID_FINAL,
	ATT_END,
};

/* The reasons of spec 8.4, as bits of struct att_state.reasons. */
enum att_reason {
	REASON_FILE_INCORRECT = 1 << 0,
	REASON_FILE_PENDING = 1 << 1,
	REASON_NO_AIK = 1 << 2,
	REASON_COMP_INCORRECT = 1 << 3,
	REASON_COMP_PENDING = 1 << 4,
	REASON_QUOTE = 1 << 5,
};

static const char *const reason_texts[] = {
	"Incorrect file measurement",
	"Pending file measurement",
	"No trusted AIK available",
	"Incorrect component evidence",
	"Pending component evidence",
	"Invalid TPM Quote signature received",
};

#define REASON_COUNT (sizeof(reason_texts) / sizeof(reason_texts[0]))

/* The text of one reason bit. */
static const char *reason_text(enum att_reason r)
{
	return reason_texts[__builtin_ctz((unsigned)r)];
}

/* A file workitem waiting for its File Measurement. */
struct file_req {
	struct workitem *w;		/* the agent's */
	const struct file_meas_type *t;
	uint16_t request_id;
};

struct att_state {
	struct att_config cfg;
	bool cfg_ok;
	enum att_phase phase;
	uint16_t caps;			/* negotiated: IMC's AND own */
	enum pts_meas_algo algo;	/* selection, NONE before */

	/* the session's rows, loaded with the first workitem */
	bool dev_loaded;
	struct att_device dev;
	struct golden *golden;

	struct workitem **waiting;	/* claimed before the selection */
	size_t waiting_count;
	struct file_req *reqs;
	size_t req_count;

	/* TPMRA */
	struct workitem *tpmra;
	struct pts_dh *dh;
	enum pts_meas_algo dh_hash;
	uint8_t secret[PTS_MEAS_ALGO_MAX_SIZE];
	size_t secret_len;
	struct pts_aik *aik;
	bool aik_trusted;
	struct att_verifier ver;
	struct att_comp *comps[MAX_COMPS];
	size_t comp_count;
	bool incorrect;			/* a component evidence failed */

	unsigned reasons;		/* enum att_reason bits */
};

/* ------------------------------------------------------------ state */

static void *state_new(struct agent_conn *c)
{
	struct att_state *st = calloc(1, sizeof(*st));
	const char *why = NULL;

	if (!st)
		return NULL;
	st->cfg_ok = att_config_load(&st->cfg, &why);
	if (!st->cfg_ok)
		agent_log(c, 0, "invalid setting imv.attestation.%s", why);
	return st;
}

static void tpmra_clear(struct att_state *st)
{
	size_t i;

	for (i = 0; i < st->comp_count; i++)
		att_comp_free(st->comps[i]);
	st->comp_count = 0;
	pts_dh_free(st->dh);
	st->dh = NULL;
	pts_aik_free(st->aik);
	st->aik = NULL;
	st->tpmra = NULL;
}

static void state_free(void *state)
{
	struct att_state *st = state;

	tpmra_clear(st);
	golden_free(st->golden);
	att_device_free(&st->dev);
	att_config_free(&st->cfg);
	free(st->waiting);
	free(st->reqs);
	free(st);
}

/* The reason string to the TNCS: every reason so far, one a line. */
static void add_reasons(struct agent_conn *c, struct att_state *st,
			unsigned reasons)
{
	char text[256] = "";
	size_t i;

	st->reasons |= reasons;
	for (i = 0; i < REASON_COUNT; i++) {
		if (!(st->reasons & (1u << i)))
			continue;
		if (*text)
			strncat(text, "\n", sizeof(text) - strlen(text) - 1);
		strncat(text, reason_texts[i], sizeof(text) - strlen(text) - 1);
	}
	agent_imv_set_reason(c, text);
}

/* ---------------------------------------------------------- sending */

static bool add_pts(struct agent_conn *c, struct agent_msg *m,
		    uint32_t type, const union tcg_pts_attr_value *v)
{
	struct tcg_pts_attr a = { .flags = PA_ATTR_FLAG_NOSKIP, .type = type };
	struct writer w;
	bool ok;

	a.v = *v;
	writer_init(&w);
	ok = tcg_pts_attr_encode(&a, &w) == 0 &&
	     agent_msg_add_written(m, &w);
	writer_free(&w);
	if (!ok)
		agent_log(c, 0, "cannot build %s", tcg_pts_attr_name(type));
	return ok;
}

static void add_pts_error(struct agent_conn *c, struct agent_msg *m,
			  const struct tcg_pts_error *e)
{
	struct writer w;
	char text[128];

	writer_init(&w);
	if (tcg_pts_error_write(e, &w) == 0 && agent_msg_add_written(m, &w))
		agent_log(c, 1, "sending %s",
			  tcg_pts_error_format(e, text, sizeof(text)));
	writer_free(&w);
}

static struct agent_msg *msg_new(struct agent_conn *c)
{
	return agent_msg_new(c, agent_conn_peer(c));
}

/* Step 1: capabilities and the algorithm set (spec 4 step 3). */
static void send_discovery(struct agent_conn *c, struct att_state *st,
			   struct agent_msg *m)
{
	union tcg_pts_attr_value caps = { .proto_caps = { 0, OWN_CAPS } };
	union tcg_pts_attr_value algo = { .meas_algo = { 0, st->cfg.algos } };

	add_pts(c, m, TCG_PTS_REQ_PROTO_CAPS, &caps);
	add_pts(c, m, TCG_PTS_MEAS_ALGO, &algo);
	agent_log(c, 1, "requesting PTS capabilities and measurement "
		  "algorithm (0x%04x)", st->cfg.algos);
}

/* ------------------------------------------------------------ TPMRA */

static void tpmra_done(struct agent_conn *c, struct att_state *st,
		       TNC_IMV_Evaluation_Result eval, const char *result)
{
	struct workitem *w = st->tpmra;

	st->phase = ATT_END;
	if (!w)
		return;
	agent_imv_workitem_done(c, w, eval, result);
	tpmra_clear(st);
}

/*
 * The component summaries in reverse creation order joined by "; "
 * (spec 8.4) into buf; true when evidence is pending.
 */
static bool summaries(struct att_state *st, char *buf, size_t len)
{
	char one[256];
	bool pending = false;
	size_t i;

	*buf = '\0';
	for (i = st->comp_count; i > 0; i--) {
		pending |= att_comp_summary(st->comps[i - 1], one,
					    sizeof(one));
		if (*buf)
			strncat(buf, "; ", len - strlen(buf) - 1);
		strncat(buf, one, len - strlen(buf) - 1);
	}
	return pending;
}

/* The TPMRA result after the Simple Evidence Final (spec 8.4). */
static void tpmra_result(struct agent_conn *c, struct att_state *st,
			 bool quote_failed)
{
	char text[RESULT_MAX];
	unsigned reasons = 0;
	const char *sep = "; ";
	size_t i;

	if (summaries(st, text, sizeof(text)))
		reasons |= REASON_COMP_PENDING;
	if (st->incorrect)
		reasons |= REASON_COMP_INCORRECT;
	if (quote_failed)
		reasons |= REASON_QUOTE;
	for (i = 0; i < REASON_COUNT; i++) {
		if (!(reasons & (1u << i)))
			continue;
		strncat(text, sep, sizeof(text) - strlen(text) - 1);
		strncat(text, reason_texts[i],
			sizeof(text) - strlen(text) - 1);
		sep = ", ";
	}
	if (reasons)
		add_reasons(c, st, reasons);
	tpmra_done(c, st, reasons ? TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR
		   : TNC_IMV_EVALUATION_RESULT_COMPLIANT, text);
}

static void send_dh_request(struct agent_conn *c, struct att_state *st,
			    struct agent_msg *m)
{
	union tcg_pts_attr_value v = { .dh_nonce_params_req = {
		0, st->cfg.min_nonce_len, st->cfg.dh_groups } };

	add_pts(c, m, TCG_PTS_DH_NONCE_PARAMS_REQ, &v);
	agent_log(c, 1, "requesting DH nonce parameters (groups 0x%04x)",
		  st->cfg.dh_groups);
}

static void send_dh_finish(struct agent_conn *c, struct att_state *st,
			   struct agent_msg *m)
{
	uint8_t pub[PTS_DH_PUBLIC_MAX];
	union tcg_pts_attr_value v = { .reserved_req = { 0 } };
	union tcg_pts_attr_value finish;
	size_t pub_len, nonce_len;
	const uint8_t *nonce = pts_dh_own_nonce(st->dh, &nonce_len);

	if (pts_dh_own_public(st->dh, pub, sizeof(pub), &pub_len) != PTS_OK) {
		tpmra_done(c, st, TNC_IMV_EVALUATION_RESULT_ERROR,
			   "DH nonce exchange failed");
		return;
	}
	finish.dh_nonce_finish = (struct tcg_dh_nonce_finish){
		.hash_algo = st->dh_hash,
		.pub = { pub, pub_len },
		.nonce = { nonce, nonce_len },
	};
	add_pts(c, m, TCG_PTS_DH_NONCE_FINISH, &finish);
	add_pts(c, m, TCG_PTS_GET_TPM_VERSION_INFO, &v);
	add_pts(c, m, TCG_PTS_GET_AIK, &v);
	agent_log(c, 1, "sending DH nonce finish, requesting TPM version "
		  "information and AIK");
}

static void send_evidence_request(struct agent_conn *c,
				  struct att_state *st, struct agent_msg *m)
{
	struct tcg_comp_evid_req reqs[MAX_COMPS];
	union tcg_pts_attr_value v = { .reserved_req = { 0 } };
	union tcg_pts_attr_value req;
	struct pa_attr symlinks = {
		.vendor = PEN_ITA,
		.type = ITA_ATTR_GET_SYMLINKS,
		.v.get_symlinks.dir = { (const uint8_t *)"/", 1 },
	};
	size_t i;

	for (i = 0; i < st->comp_count; i++)
		reqs[i] = (struct tcg_comp_evid_req){
			.flags = TCG_PTS_REQ_EVID_PCR,
			.depth = 0,
			.name = *att_comp_name(st->comps[i]),
		};
	req.req_func_comp_evid = (struct tcg_req_func_comp_evid){
		st->comp_count, reqs };
	agent_msg_add(m, &symlinks);
	add_pts(c, m, TCG_PTS_REQ_FUNC_COMP_EVID, &req);
	add_pts(c, m, TCG_PTS_GEN_ATTEST_EVID, &v);
	agent_log(c, 1, "requesting symlinks and evidence of %zu "
		  "component%s", st->comp_count,
		  st->comp_count == 1 ? "" : "s");
}

/* Moves a TPMRA workitem one step on (spec 4 step 5). */
static void advance(struct agent_conn *c, struct att_state *st,
		    struct agent_msg *m)
{
	if (!st->tpmra)
		return;
	switch (st->phase) {
	case ATT_NONCE_REQ:
		send_dh_request(c, st, m);
		st->phase = ATT_TPM_INIT;
		break;
	case ATT_TPM_INIT:
		if (!st->secret_len)
			break;
		st->phase = ATT_COMP_EVID;
		send_dh_finish(c, st, m);
		break;
	case ATT_COMP_EVID:
		if (!st->aik || !st->aik_trusted) {
			add_reasons(c, st, REASON_NO_AIK);
			tpmra_done(c, st, TNC_IMV_EVALUATION_RESULT_ERROR,
				   reason_text(REASON_NO_AIK));
			break;
		}
		st->phase = ATT_EVID_FINAL;
		send_evidence_request(c, st, m);
		break;
	default:
		break;
	}
}

/* spec 4 step 4: the components of the argument letters. */
static void start_tpmra(struct agent_conn *c, struct att_state *st,
			struct workitem *w, struct agent_msg *m)
{
	const char *missing = NULL;
	const char *arg = w->arg_str ? w->arg_str : "";
	struct att_comp *comp;

	if (!(st->caps & TCG_PTS_PROTO_CAPS_T))
		missing = (st->caps & TCG_PTS_PROTO_CAPS_D) ?
			  "no TPM available" :
			  "no TPM available, no DH nonce negotiation";
	else if (!(st->caps & TCG_PTS_PROTO_CAPS_D))
		missing = "no DH nonce negotiation";
	if (!missing && st->tpmra)
		missing = "another TPMRA workitem is in progress";
	if (missing) {
		agent_imv_workitem_done(c, w, TNC_IMV_EVALUATION_RESULT_ERROR,
					missing);
		return;
	}
	st->tpmra = w;
	st->incorrect = false;
	st->secret_len = 0;
	st->ver = (struct att_verifier){
		.db = agent_imv_db(c),
		.golden = st->golden,
		.device = st->dev.id,
		.unknown_fails = strchr(arg, 'U') != NULL,
	};
	pcr_bank_reset(&st->ver.bank, st->algo, 0);
	for (; *arg && st->comp_count < MAX_COMPS; arg++) {
		comp = att_comp_new(*arg, &st->ver);
		if (comp)
			st->comps[st->comp_count++] = comp;
	}
	/* the caller advances once every file request is out (spec 10) */
	st->phase = ATT_NONCE_REQ;
}

/* ------------------------------------------------------ file items */

static void file_done(struct agent_conn *c, struct att_state *st,
		      struct workitem *w, const struct file_meas_type *t,
		      enum file_meas_verdict v)
{
	static const TNC_IMV_Evaluation_Result evals[] = {
		[FILE_MEAS_OK] = TNC_IMV_EVALUATION_RESULT_COMPLIANT,
		[FILE_MEAS_INCORRECT] =
			TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR,
		[FILE_MEAS_ERROR] = TNC_IMV_EVALUATION_RESULT_ERROR,
	};
	char text[128];

	file_meas_result_text(t, v, text, sizeof(text));
	if (v == FILE_MEAS_INCORRECT)
		add_reasons(c, st, REASON_FILE_INCORRECT);
	agent_imv_workitem_done(c, w, evals[v], text);
}

static void start_file(struct agent_conn *c, struct att_state *st,
		       struct workitem *w, const struct file_meas_type *t,
		       struct agent_msg *m)
{
	char *path = file_meas_path(agent_imv_db(c), t->dir, w->arg_int);
	union tcg_pts_attr_value v;
	struct file_req *grown;
	char text[64];

	if (!path) {
		snprintf(text, sizeof(text), "unknown %s id %lld", t->noun,
			 (long long)w->arg_int);
		agent_imv_workitem_done(c, w, TNC_IMV_EVALUATION_RESULT_ERROR,
					text);
		return;
	}
	if (t->action == FILE_MEAS_META) {
		v.req_file_meta = (struct tcg_req_file_meta){
			.flags = t->dir ? TCG_PTS_FILE_FLAG_DIRECTORY : 0,
			.delimiter = TCG_PTS_DELIMITER_SOLIDUS,
			.path = { (const uint8_t *)path, strlen(path) },
		};
		add_pts(c, m, TCG_PTS_REQ_FILE_META, &v);
		agent_log(c, 1, "requesting metadata of '%s'", path);
		file_done(c, st, w, t, FILE_MEAS_OK);
		free(path);
		return;
	}
	grown = realloc(st->reqs, (st->req_count + 1) * sizeof(*grown));
	if (!grown) {
		free(path);
		agent_imv_workitem_done(c, w, TNC_IMV_EVALUATION_RESULT_ERROR,
					"out of memory");
		return;
	}
	st->reqs = grown;
	st->reqs[st->req_count++] = (struct file_req){
		w, t, (uint16_t)(w->id & 0xffff) };
	v.req_file_meas = (struct tcg_req_file_meas){
		.flags = t->dir ? TCG_PTS_FILE_FLAG_DIRECTORY : 0,
		.request_id = (uint16_t)(w->id & 0xffff),
		.delimiter = TCG_PTS_DELIMITER_SOLIDUS,
		.path = { (const uint8_t *)path, strlen(path) },
	};
	add_pts(c, m, TCG_PTS_REQ_FILE_MEAS, &v);
	agent_log(c, 1, "requesting measurement of '%s' (request %u)", path,
		  (unsigned)(w->id & 0xffff));
	free(path);
}

/* ----------------------------------------------------- workitems */

/* The session's product and device, once (spec 9.1, 7). */
static bool load_session(struct agent_conn *c, struct att_state *st)
{
	struct db *db = agent_imv_db(c);

	if (st->dev_loaded)
		return true;
	if (!db || !att_device_load(db, agent_imv_session_id(c), &st->dev))
		return false;
	st->golden = golden_new(db, st->dev.product, agent_plugin_state(c));
	if (!st->golden) {
		att_device_free(&st->dev);
		return false;
	}
	st->dev_loaded = true;
	return true;
}

static void start_item(struct agent_conn *c, struct att_state *st,
		       struct workitem *w, struct agent_msg *m)
{
	const struct file_meas_type *t = file_meas_type_find(w->type);

	if (!load_session(c, st)) {
		agent_imv_workitem_done(c, w, TNC_IMV_EVALUATION_RESULT_ERROR,
					"policy session not readable");
		return;
	}
	if (t)
		start_file(c, st, w, t, m);
	else
		start_tpmra(c, st, w, m);
}

static void workitem_start(struct agent_conn *c, void *state,
			   struct workitem *w)
{
	struct att_state *st = state;
	struct workitem **grown;
	struct agent_msg *m;

	/* spec 4 step 4: nothing starts before the algorithm is agreed */
	if (st->algo == PTS_MEAS_ALGO_NONE) {
		grown = realloc(st->waiting,
				(st->waiting_count + 1) * sizeof(*grown));
		if (!grown) {
			agent_imv_workitem_done(c, w,
				TNC_IMV_EVALUATION_RESULT_ERROR,
				"out of memory");
			return;
		}
		st->waiting = grown;
		st->waiting[st->waiting_count++] = w;
		return;
	}
	m = msg_new(c);
	if (!m)
		return;
	start_item(c, st, w, m);
	advance(c, st, m);
	agent_msg_send(m);
}

static void on_batch_ending(struct agent_conn *c, void *state)
{
	struct att_state *st = state;
	struct agent_msg *m;
	size_t i;

	if (!st->cfg_ok) {
		agent_imv_finish(c,
			TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION,
			TNC_IMV_EVALUATION_RESULT_ERROR);
		return;
	}
	if (agent_conn_busy(c))
		return;
	m = msg_new(c);
	if (!m)
		return;
	if (st->phase == ATT_INIT) {
		send_discovery(c, st, m);
		st->phase = ATT_DISCOVERY;
	} else if (st->algo != PTS_MEAS_ALGO_NONE) {
		for (i = 0; i < st->waiting_count; i++)
			start_item(c, st, st->waiting[i], m);
		free(st->waiting);
		st->waiting = NULL;
		st->waiting_count = 0;
		advance(c, st, m);
	}
	agent_msg_send(m);
}

/* The TNCS wants the recommendation now (spec 4, solicit). */
static void solicit(struct agent_conn *c, void *state)
{
	struct att_state *st = state;
	char text[RESULT_MAX];
	size_t i;

	for (i = 0; i < st->req_count; i++)
		agent_imv_workitem_done(c, st->reqs[i].w,
					TNC_IMV_EVALUATION_RESULT_ERROR,
					"pending file measurements");
	if (st->req_count)
		add_reasons(c, st, REASON_FILE_PENDING);
	st->req_count = 0;
	for (i = 0; i < st->waiting_count; i++)
		agent_imv_workitem_done(c, st->waiting[i],
			TNC_IMV_EVALUATION_RESULT_ERROR,
			file_meas_type_find(st->waiting[i]->type) ?
			"pending file measurements" :
			"pending component evidence");
	st->waiting_count = 0;
	if (!st->tpmra)
		return;
	summaries(st, text, sizeof(text));
	strncat(text, *text ? "; pending component evidence" :
		"pending component evidence", sizeof(text) - strlen(text) - 1);
	add_reasons(c, st, REASON_COMP_PENDING);
	tpmra_done(c, st, TNC_IMV_EVALUATION_RESULT_ERROR, text);
}

/* -------------------------------------------------------- receiving */

/*
 * Decodes a raw PTS attribute; false (logged) when malformed. The caller
 * frees a decoded one with tcg_pts_attr_free.
 */
static bool decode(struct agent_conn *c, const struct agent_attr *a,
		   struct tcg_pts_attr *out)
{
	uint32_t offset = 0;
	int rc = tcg_pts_attr_decode(a->raw, out, &offset);

	if (rc == PA_DECODE_OK)
		return true;
	agent_log(c, 0, "malformed %s at offset %u",
		  tcg_pts_attr_name(a->raw->type), offset);
	return false;
}

/* A protocol failure ends the TPMRA workitem (spec 4: fatal). */
static void fatal(struct agent_conn *c, struct att_state *st,
		  const char *why)
{
	agent_log(c, 0, "attestation failed: %s", why);
	if (st->tpmra)
		tpmra_done(c, st, TNC_IMV_EVALUATION_RESULT_ERROR, why);
}

static void on_proto_caps(struct agent_conn *c, void *state,
			  const struct agent_attr *a, struct agent_msg *reply)
{
	struct att_state *st = state;
	struct tcg_pts_attr p;

	if (!decode(c, a, &p))
		return;
	st->caps = p.v.proto_caps.flags & OWN_CAPS;
	agent_log(c, 1, "PTS protocol capabilities 0x%02x%s%s", st->caps,
		  st->caps & TCG_PTS_PROTO_CAPS_T ? ", TPM" : "",
		  st->caps & TCG_PTS_PROTO_CAPS_D ? ", DH nonce" : "");
	tcg_pts_attr_free(&p);
}

static void on_algo_selection(struct agent_conn *c, void *state,
			      const struct agent_attr *a,
			      struct agent_msg *reply)
{
	struct att_state *st = state;
	struct tcg_pts_attr p;
	uint16_t algo;

	if (!decode(c, a, &p))
		return;
	algo = p.v.meas_algo.algos;
	tcg_pts_attr_free(&p);
	if (!(algo & st->cfg.algos) || !pts_meas_algo_find(algo)) {
		agent_log(c, 0, "measurement algorithm 0x%04x not offered",
			  algo);
		return;
	}
	st->algo = (enum pts_meas_algo)algo;
	agent_log(c, 1, "measurement algorithm 0x%04x selected", algo);
}

/* spec 4: DH Nonce Parameters Response. */
static void on_dh_resp(struct agent_conn *c, void *state,
		       const struct agent_attr *a, struct agent_msg *reply)
{
	struct att_state *st = state;
	struct tcg_dh_nonce_params_resp *r;
	struct tcg_pts_error e = { 0 };
	struct tcg_pts_attr p;
	enum pts_dh_group group;

	if (!decode(c, a, &p))
		return;
	r = &p.v.dh_nonce_params_resp;
	if (!st->tpmra || st->phase != ATT_TPM_INIT || st->dh) {
		agent_log(c, 1, "unexpected DH nonce parameters ignored");
		goto out;
	}
	if (pts_dh_nonce_len_check(r->nonce.len, st->cfg.min_nonce_len) !=
	    PTS_OK) {
		e.code = TCG_PTS_BAD_NONCE_LENGTH;
		e.min_nonce_len = st->cfg.min_nonce_len > PTS_NONCE_MIN ?
				  st->cfg.min_nonce_len : PTS_NONCE_MIN;
		e.max_nonce_len = PTS_NONCE_MAX;
		add_pts_error(c, reply, &e);
		fatal(c, st, "bad nonce length");
		goto out;
	}
	group = (enum pts_dh_group)r->dh_group;
	if (!(group & st->cfg.dh_groups) || !pts_dh_group_find(group)) {
		fatal(c, st, "DH group not offered");
		goto out;
	}
	st->dh_hash = pts_dh_hash_select(r->hash_algos, st->cfg.algos);
	if (st->dh_hash == PTS_MEAS_ALGO_NONE) {
		e.code = TCG_PTS_HASH_ALG_NOT_SUPPORTED;
		e.bits = st->cfg.algos;
		add_pts_error(c, reply, &e);
		fatal(c, st, "no common DH hash algorithm");
		goto out;
	}
	if (pts_dh_new(group, PTS_DH_INITIATOR, r->nonce.len, &st->dh) !=
	    PTS_OK ||
	    pts_dh_set_peer_public(st->dh, r->pub.ptr, r->pub.len) != PTS_OK ||
	    pts_dh_set_peer_nonce(st->dh, r->nonce.ptr, r->nonce.len) !=
	    PTS_OK ||
	    pts_dh_secret(st->dh, st->dh_hash, st->secret, &st->secret_len) !=
	    PTS_OK) {
		st->secret_len = 0;
		fatal(c, st, "invalid DH public value");
		goto out;
	}
	agent_log(c, 1, "DH group 0x%04x, hash 0x%04x, nonce of %zu bytes",
		  r->dh_group, st->dh_hash, r->nonce.len);
out:
	tcg_pts_attr_free(&p);
}

static void on_tpm_version(struct agent_conn *c, void *state,
			   const struct agent_attr *a,
			   struct agent_msg *reply)
{
	struct att_state *st = state;
	struct tcg_tpm_version_desc d;
	struct tcg_pts_attr p;
	uint32_t offset;

	if (!decode(c, a, &p))
		return;
	if (tcg_tpm_version_parse(p.v.tpm_version_info.info, &d, &offset) !=
	    PA_DECODE_OK) {
		agent_log(c, 1, "unknown TPM version information");
	} else if (d.version == TCG_TPM_VERSION_2_0) {
		agent_log(c, 1, "TPM 2.0 '%.4s' revision %u, startup "
			  "locality %u", (const char *)d.manufacturer,
			  d.revision, d.locality);
		/* spec 6.4: PCR0 starts at the startup locality */
		if (st->tpmra && !st->ver.bank.selected)
			pcr_bank_reset(&st->ver.bank, st->algo, d.locality);
	} else {
		agent_log(c, 1, "TPM 1.2 version information");
	}
	tcg_pts_attr_free(&p);
}

/* spec 7 */
static void on_aik(struct agent_conn *c, void *state,
		   const struct agent_attr *a, struct agent_msg *reply)
{
	static const char *const verdicts[] = {
		[ATT_AIK_TRUSTED_DEVICE] = "trusted (device)",
		[ATT_AIK_TRUSTED_CA] = "trusted (CA)",
		[ATT_AIK_UNTRUSTED] = "not trusted",
	};
	struct att_state *st = state;
	enum att_aik_trust trust;
	struct tcg_pts_attr p;

	if (!decode(c, a, &p))
		return;
	/* the key the quote is checked with cannot change afterwards */
	if (st->phase != ATT_COMP_EVID) {
		agent_log(c, 1, "unexpected AIK ignored");
		tcg_pts_attr_free(&p);
		return;
	}
	pts_aik_free(st->aik);
	st->aik = NULL;
	st->aik_trusted = false;
	if (pts_aik_load(p.v.aik.flags, p.v.aik.blob.ptr, p.v.aik.blob.len,
			 &st->aik) != PTS_OK) {
		agent_log(c, 0, "AIK does not decode");
	} else {
		trust = att_aik_trust(st->aik, &st->dev, st->cfg.cadir);
		st->aik_trusted = trust != ATT_AIK_UNTRUSTED;
		agent_log(c, 1, "AIK %s %s is %s",
			  pts_aik_is_cert(st->aik) ? "certificate" :
			  "public key", pts_aik_keyid(st->aik),
			  verdicts[trust]);
	}
	tcg_pts_attr_free(&p);
}

static void on_symlinks(struct agent_conn *c, void *state,
			const struct agent_attr *a, struct agent_msg *reply)
{
	const struct ita_symlinks *s = &a->v->symlinks;
	struct att_state *st = state;
	char link[1024], target[1024];
	size_t i;

	for (i = 0; st->golden && i < s->count; i++) {
		if (s->links[i].path.len >= sizeof(link) ||
		    s->links[i].target.len >= sizeof(target))
			continue;
		memcpy(link, s->links[i].path.ptr, s->links[i].path.len);
		link[s->links[i].path.len] = '\0';
		memcpy(target, s->links[i].target.ptr,
		       s->links[i].target.len);
		target[s->links[i].target.len] = '\0';
		golden_add_symlink(st->golden, link, target);
	}
	agent_log(c, 1, "received %zu symlinks", s->count);
}

/* spec 6.6: checked as it arrives, nothing kept but counters. */
static void on_comp_evid(struct agent_conn *c, void *state,
			 const struct agent_attr *a, struct agent_msg *reply)
{
	struct att_state *st = state;
	const struct tcg_simple_comp_evid *e;
	struct tcg_pts_attr p;
	size_t i;

	if (!decode(c, a, &p))
		return;
	e = &p.v.simple_comp_evid;
	if (st->phase != ATT_EVID_FINAL)
		goto out;
	for (i = 0; i < st->comp_count; i++)
		if (att_comp_matches(st->comps[i], &e->name))
			break;
	if (i == st->comp_count)
		goto out;	/* not requested: ignored */
	if (att_comp_verify(st->comps[i], e) != ATT_EVID_OK) {
		st->incorrect = true;
		agent_log(c, 1, "%c evidence for PCR %u ('%.*s') failed",
			  att_comp_letter(st->comps[i]), e->pcr,
			  (int)e->policy_uri.len,
			  (const char *)e->policy_uri.ptr);
	}
out:
	tcg_pts_attr_free(&p);
}

/* spec 8.3: the TPM 2.0 quote over the emulated PCRs and our secret. */
static enum pts_quote_result check_quote(struct att_state *st,
					 const struct tcg_simple_evid_final *f)
{
	struct pts_quote_fields fields;
	struct pts_quote q;
	enum pts_quote_result r;

	if (!st->aik)
		return PTS_QUOTE_NO_EVIDENCE;
	if (tcg_simple_evid_final_mode(f->flags) != TCG_PTS_QUOTE_TPM2)
		return PTS_QUOTE_UNSUPPORTED;
	fields = (struct pts_quote_fields){
		.hash = f->comp_hash_algo,
		.pcr_digest = { f->pcr_comp.ptr, f->pcr_comp.len },
		.signer = { f->qualified_signer.ptr,
			    f->qualified_signer.len },
		.clock_info = { f->clock_info.ptr, f->clock_info.len },
		.firmware = { f->firmware_version.ptr,
			      f->firmware_version.len },
		.pcr_select = { f->pcr_select.ptr, f->pcr_select.len },
		.signature = { f->quote_sig.ptr, f->quote_sig.len },
	};
	r = pts_quote_from_fields(&fields, &q);
	if (r != PTS_QUOTE_OK)
		return r;
	return pts_quote_verify(&q, &st->ver.bank, st->secret,
				st->secret_len, pts_aik_key(st->aik));
}

static void on_evid_final(struct agent_conn *c, void *state,
			  const struct agent_attr *a, struct agent_msg *reply)
{
	struct att_state *st = state;
	enum pts_quote_result r;
	struct tcg_pts_attr p;

	if (!decode(c, a, &p))
		return;
	if (st->phase == ATT_EVID_FINAL && st->tpmra) {
		r = check_quote(st, &p.v.simple_evid_final);
		agent_log(c, 1, "%s", r == PTS_QUOTE_OK ?
			  "TPM quote signature verified" :
			  pts_quote_result_str(r));
		tpmra_result(c, st, r != PTS_QUOTE_OK);
	}
	tcg_pts_attr_free(&p);
}

/* spec 9.2 */
static void on_file_meas(struct agent_conn *c, void *state,
			 const struct agent_attr *a, struct agent_msg *reply)
{
	struct att_state *st = state;
	const struct tcg_file_meas *fm;
	struct file_req req;
	enum file_meas_verdict v;
	struct tcg_pts_attr p;
	size_t i;

	if (!decode(c, a, &p))
		return;
	fm = &p.v.file_meas;
	agent_log(c, 1, "received %zu file measurement%s for request %u",
		  fm->count, fm->count == 1 ? "" : "s", fm->request_id);
	for (i = 0; i < st->req_count; i++)
		if (st->reqs[i].request_id == fm->request_id)
			break;
	if (i == st->req_count)
		goto out;
	req = st->reqs[i];
	st->reqs[i] = st->reqs[--st->req_count];
	if (req.t->action == FILE_MEAS_REFERENCE)
		v = file_meas_reference(agent_imv_db(c), st->dev.product,
					req.t, req.w->arg_int, st->algo, fm);
	else
		v = file_meas_compare(st->golden, req.t, req.w->arg_int,
				      st->algo, fm);
	file_done(c, st, req.w, req.t, v);
out:
	tcg_pts_attr_free(&p);
}

static void on_file_meta(struct agent_conn *c, void *state,
			 const struct agent_attr *a, struct agent_msg *reply)
{
	struct tcg_pts_attr p;
	size_t i;

	if (!decode(c, a, &p))
		return;
	for (i = 0; i < p.v.unix_file_meta.count; i++)
		agent_log(c, 1, "file '%.*s': type %u, %llu bytes",
			  (int)p.v.unix_file_meta.files[i].name.len,
			  (const char *)p.v.unix_file_meta.files[i].name.ptr,
			  p.v.unix_file_meta.files[i].type,
			  (unsigned long long)p.v.unix_file_meta.files[i].size);
	tcg_pts_attr_free(&p);
}

/* spec 4: a PTS error other than "TPM version not supported" is fatal. */
static void on_error(struct agent_conn *c, void *state,
		     const struct agent_attr *a, struct agent_msg *reply)
{
	struct att_state *st = state;
	struct tcg_pts_error e;
	uint32_t offset;
	char text[128];

	if (tcg_pts_error_decode(&a->v->pa_tnc_error, &e, &offset) !=
	    PA_DECODE_OK || e.code == TCG_PTS_TPM_VERS_NOT_SUPPORTED)
		return;
	fatal(c, st, tcg_pts_error_format(&e, text, sizeof(text)));
}

/* The plugin's state: the golden cache its sessions share. */
static void *plugin_new(void)
{
	size_t budget;

	if (!att_config_cache_budget(&budget)) {
		log_imv(0, "Attestation: invalid setting golden_cache, golden "
			"hashes are checked in the database");
		return NULL;
	}
	return budget ? golden_cache_new(budget) : NULL;
}

static void plugin_free(void *state)
{
	golden_cache_free(state);
}

#define PTS(type, fn) { PEN_TCG, type, fn }

static const struct agent_attr_handler attrs[] = {
	PTS(TCG_PTS_PROTO_CAPS, on_proto_caps),
	PTS(TCG_PTS_MEAS_ALGO_SELECTION, on_algo_selection),
	PTS(TCG_PTS_DH_NONCE_PARAMS_RESP, on_dh_resp),
	PTS(TCG_PTS_TPM_VERSION_INFO, on_tpm_version),
	PTS(TCG_PTS_AIK, on_aik),
	PTS(TCG_PTS_SIMPLE_COMP_EVID, on_comp_evid),
	PTS(TCG_PTS_SIMPLE_EVID_FINAL, on_evid_final),
	PTS(TCG_PTS_FILE_MEAS, on_file_meas),
	PTS(TCG_PTS_UNIX_FILE_META, on_file_meta),
	{ PEN_ITA, ITA_ATTR_SYMLINKS, on_symlinks },
	{ PEN_IETF, IETF_ATTR_PA_TNC_ERROR, on_error },
};

static const struct agent_msg_type types[] = {
	{ PEN_TCG, PA_SUBTYPE_TCG_PTS },
};

static const struct agent_imv_desc imv_attestation = {
	.base = {
		.name = "Attestation",
		.types = types,
		.type_count = 1,
		.want_contract = true,
		.attrs = attrs,
		.attr_count = sizeof(attrs) / sizeof(attrs[0]),
		.conn_new = state_new,
		.conn_free = state_free,
		.plugin_new = plugin_new,
		.plugin_free = plugin_free,
		.on_batch_ending = on_batch_ending,
	},
	.owner = WORKITEM_OWNER_ATTESTATION,
	.starts_policy = false,
	.workitem_start = workitem_start,
	.solicit = solicit,
};

AGENT_IMV_PLUGIN(imv_attestation)
