/*
 * tnccs_client.c - PB-TNC client role of one connection (tnccs_client.h).
 *
 * The client speaks first (CDATA with the language preference and the
 * IMCs' first messages), answers every SDATA with a CDATA (empty when the
 * IMCs have nothing to say), and after the RESULT either closes or, when
 * an IMC asked for it, starts a new handshake with a CRETRY batch.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tnccs_client.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "imc_manager.h"
#include "log.h"
#include "pa_queue.h"
#include "pb_tnc.h"
#include "pt_tls_conn.h"
#include "tnc_attr.h"

/* Handshakes one connection may retry (a retry loop must end). */
#define MAX_CLIENT_RETRIES 4

static const char *const access_names[] = {
	[PB_REC_ACCESS_ALLOWED] = "Access Allowed",
	[PB_REC_ACCESS_DENIED] = "Access Denied",
	[PB_REC_QUARANTINED] = "Quarantined",
};

static const char *const assessment_names[] = {
	"compliant", "non-compliant minor", "non-compliant major", "error",
	"don't know",
};

struct tnccs_client {
	struct imc_manager *m;
	TNC_ConnectionID id;
	enum pb_state state;
	struct tnccs_limits limits;
	char *language;		/* owned */
	bool have_result;
	uint16_t access;
	uint32_t assessment;
	unsigned retries;
	struct pa_queue queue;
	pthread_mutex_t lock;	/* guards retry_requested */
	bool retry_requested;
};

struct tnccs_client *tnccs_client_new(struct imc_manager *m,
				      const char *language,
				      const struct tnccs_limits *limits)
{
	struct tnccs_client *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->m = m;
	c->state = PB_STATE_INIT;
	c->limits = *limits;
	c->language = strdup(language ? language : "en");
	pa_queue_init(&c->queue);
	pthread_mutex_init(&c->lock, NULL);
	c->id = conn_table_add(&m->conns, c);
	if (!c->id || !c->language) {
		tnccs_client_free(c);
		return NULL;
	}
	return c;
}

void tnccs_client_free(struct tnccs_client *c)
{
	if (!c)
		return;
	if (c->id) {
		conn_table_remove(&c->m->conns, c->id);
		imc_manager_notify(c->m, c->id, TNC_CONNECTION_STATE_DELETE);
	}
	pa_queue_destroy(&c->queue);
	pthread_mutex_destroy(&c->lock);
	free(c->language);
	free(c);
}

bool tnccs_client_result(const struct tnccs_client *c, uint16_t *access,
			 uint32_t *assessment)
{
	*access = c->access;
	*assessment = c->assessment;
	return c->have_result;
}

static void set_state(struct tnccs_client *c, enum pb_state next)
{
	if (next != c->state)
		log_tnc(1, "PB-TNC state transition from '%s' to '%s'",
			pb_state_name(c->state), pb_state_name(next));
	c->state = next;
}

/* HANDSHAKE and BeginHandshake: the IMCs' first messages get queued. */
static void begin_handshake(struct tnccs_client *c)
{
	pthread_mutex_lock(&c->lock);
	c->retry_requested = false;
	pthread_mutex_unlock(&c->lock);
	c->have_result = false;
	imc_manager_notify(c->m, c->id, TNC_CONNECTION_STATE_HANDSHAKE);
	pa_queue_window(&c->queue, true);
	imc_manager_begin_handshake(c->m, c->id);
	pa_queue_window(&c->queue, false);
}

/* A batch of the given type with every queued message that fits. */
static void build_batch(struct tnccs_client *c, struct writer *w,
			enum pb_batch_type type, bool with_language)
{
	size_t start = pb_batch_begin(w, false, type);
	enum pb_state next;

	if (with_language)
		pb_write_language(w, c->language);
	pa_queue_write(&c->queue, w, c->limits.max_batch, c->limits.max_batch);
	pb_batch_end(w, start);
	if (pb_state_next(c->state, type, &next))
		set_state(c, next);
}

enum tnccs_status tnccs_client_start(struct tnccs_client *c,
				     struct writer *out)
{
	writer_reset(out);
	imc_manager_notify(c->m, c->id, TNC_CONNECTION_STATE_CREATE);
	begin_handshake(c);
	build_batch(c, out, PB_BATCH_CDATA, true);
	return writer_ok(out) ? TNCCS_CONTINUE : TNCCS_FAILED;
}

static enum tnccs_status fail(struct tnccs_client *c,
			      const struct pb_error *err, struct writer *out)
{
	size_t start;

	log_tnc(0, "%s: sending fatal PB-Error '%s' (offset %u) and closing",
		err->reason, pb_error_name(err->code), err->offset);
	writer_reset(out);
	start = pb_batch_begin(out, false, PB_BATCH_CLOSE);
	pb_write_error(out, err);
	pb_batch_end(out, start);
	set_state(c, PB_STATE_END);
	return TNCCS_FAILED;
}

static TNC_ConnectionState access_state(uint16_t access)
{
	switch (access) {
	case PB_REC_ACCESS_ALLOWED:
		return TNC_CONNECTION_STATE_ACCESS_ALLOWED;
	case PB_REC_QUARANTINED:
		return TNC_CONNECTION_STATE_ACCESS_ISOLATED;
	default:
		return TNC_CONNECTION_STATE_ACCESS_NONE;
	}
}

static void log_reason(const struct pb_msg *m)
{
	struct pb_reason_string r;
	uint32_t bad;

	pb_reason_decode(m, &r, &bad);
	log_tnc(0, "reason string is '%.*s' [%.*s]", (int)r.reason_len,
		r.reason, (int)r.lang_len, r.lang);
}

static void log_remediation(const struct pb_msg *m)
{
	struct pb_remediation r;
	uint32_t bad;

	pb_remediation_decode(m, &r, &bad);
	if (r.uri)
		log_tnc(0, "remediation URI is '%.*s'", (int)r.uri_len, r.uri);
	else if (r.string)
		log_tnc(0, "remediation string is '%.*s' [%.*s]",
			(int)r.string_len, r.string, (int)r.lang_len, r.lang);
	else
		log_tnc(1, "remediation parameters of type 0x%06x/%u",
			r.vendor, r.type);
}

static void log_error(const struct pb_msg *m)
{
	struct pb_error_msg e;
	uint32_t bad;

	pb_error_decode(m, &e, &bad);
	log_tnc(0, "received %sPB-Error '%s' (vendor 0x%06x code %u, offset "
		"%u)", e.flags & PB_ERROR_FLAG_FATAL ? "fatal " : "",
		e.vendor == PB_VENDOR_IETF ? pb_error_name(e.code) :
		"vendor-specific", e.vendor, e.code, e.offset);
}

static void log_pdp_referral(const struct pb_msg *m)
{
	struct pb_pdp_referral p;
	uint32_t bad;

	pb_pdp_referral_decode(m, &p, &bad);
	if (p.id_type == 0)
		log_tnc(1, "PDP referral to '%.*s' port %u", (int)p.id_len,
			p.id, p.port);
	else
		log_tnc(1, "PDP referral of identifier type %u port %u",
			p.id_type, p.port);
}

/* Handles one message of a batch the server sent. */
static void handle_msg(struct tnccs_client *c, const struct pb_msg *m,
		       bool in_result)
{
	struct pb_pa pa;
	uint16_t access;
	uint32_t v, bad;

	if (m->vendor == PB_VENDOR_TCG && m->type == PB_TCG_MSG_PDP_REFERRAL) {
		log_pdp_referral(m);
		return;
	}
	if (m->vendor != PB_VENDOR_IETF)
		return;
	/* A RESULT-only message elsewhere is ignored (RFC 5793 4.3 ff.) */
	if (pb_msg_result_only(m->vendor, m->type) && !in_result) {
		log_tnc(1, "%s outside a RESULT batch ignored",
			pb_msg_name(m->vendor, m->type));
		return;
	}
	switch (m->type) {
	case PB_MSG_PA:
		pb_pa_decode(m, &pa, &bad);
		imc_manager_deliver(c->m, c->id, &pa);
		break;
	case PB_MSG_ASSESSMENT_RESULT:
		pb_assessment_result_decode(m, &v, &bad);
		c->assessment = v;
		log_tnc(0, "PB-TNC assessment result is '%s'",
			assessment_names[v]);
		break;
	case PB_MSG_ACCESS_RECOMMENDATION:
		pb_access_rec_decode(m, &access, &bad);
		c->access = access;
		c->have_result = true;
		log_tnc(0, "PB-TNC access recommendation is '%s'",
			access_names[access]);
		break;
	case PB_MSG_REASON_STRING:
		log_reason(m);
		break;
	case PB_MSG_REMEDIATION_PARAMETERS:
		log_remediation(m);
		break;
	case PB_MSG_ERROR:
		log_error(m);
		break;
	default:
		break;
	}
}

static bool take_retry_request(struct tnccs_client *c)
{
	bool retry;

	pthread_mutex_lock(&c->lock);
	retry = c->retry_requested;
	c->retry_requested = false;
	pthread_mutex_unlock(&c->lock);
	return retry;
}

/* The answer once a batch is handled: CDATA, CRETRY or the final CLOSE. */
static enum tnccs_status build_reply(struct tnccs_client *c,
				     struct writer *out)
{
	if (c->state != PB_STATE_DECIDED) {
		build_batch(c, out, PB_BATCH_CDATA, false);
		return TNCCS_CONTINUE;
	}
	if (take_retry_request(c)) {
		if (c->retries < MAX_CLIENT_RETRIES) {
			c->retries++;
			log_tnc(1, "starting handshake retry %u", c->retries);
			begin_handshake(c);
			build_batch(c, out, PB_BATCH_CRETRY, false);
			return TNCCS_CONTINUE;
		}
		log_tnc(0, "handshake retry not started: limit of %d reached",
			MAX_CLIENT_RETRIES);
	}
	build_batch(c, out, PB_BATCH_CLOSE, false);
	return TNCCS_DONE;
}

enum tnccs_status tnccs_client_receive(struct tnccs_client *c,
				       const uint8_t *data, size_t len,
				       struct writer *out)
{
	struct pb_batch b;
	struct pb_error err;
	enum pb_state next;
	size_t i;

	writer_reset(out);
	if (pb_batch_parse_header(data, len, false, &b, &err) < 0)
		return fail(c, &err, out);
	if (!pb_batch_sent_by(b.type, true) ||
	    !pb_state_next(c->state, b.type, &next)) {
		err = (struct pb_error){ PB_ERR_UNEXPECTED_BATCH_TYPE, 0, 0,
			"batch type not allowed in this state" };
		log_tnc(1, "unexpected %s batch in state '%s'",
			pb_batch_type_name(b.type), pb_state_name(c->state));
		return fail(c, &err, out);
	}
	if (pb_batch_parse_msgs(data, len, &b, &err) < 0) {
		pb_batch_free(&b);
		return fail(c, &err, out);
	}
	set_state(c, next);
	if (b.type == PB_BATCH_CLOSE) {
		for (i = 0; i < b.count; i++)
			handle_msg(c, &b.msgs[i], false);
		log_tnc(b.count ? 0 : 1, "server closed the PB-TNC session%s",
			b.count ? " with an error" : "");
		pb_batch_free(&b);
		return b.count ? TNCCS_FAILED : TNCCS_DONE;
	}
	if (b.type == PB_BATCH_SRETRY) {
		log_tnc(1, "server requests a handshake retry");
		begin_handshake(c);
	}
	pa_queue_window(&c->queue, true);
	for (i = 0; i < b.count; i++)
		handle_msg(c, &b.msgs[i], b.type == PB_BATCH_RESULT);
	imc_manager_batch_ending(c->m, c->id);
	pa_queue_window(&c->queue, false);
	/* The verdict reaches the IMCs after the batch, where they may ask
	 * for a retry (as the reference test IMC does when isolated). */
	if (b.type == PB_BATCH_RESULT && c->have_result)
		imc_manager_notify(c->m, c->id, access_state(c->access));
	pb_batch_free(&b);
	return build_reply(c, out);
}

TNC_Result tnccs_client_send(struct tnccs_client *c, TNC_IMCID imc_id,
			     uint8_t flags, uint32_t vendor, uint32_t subtype,
			     uint16_t validator, const uint8_t *msg,
			     size_t len)
{
	struct pb_pa pa = { flags, vendor, subtype, (uint16_t)imc_id,
			    validator, msg, len };

	return pa_queue_add(&c->queue, &pa, c->limits.max_msg);
}

TNC_Result tnccs_client_request_retry(struct tnccs_client *c,
				      TNC_RetryReason reason)
{
	pthread_mutex_lock(&c->lock);
	c->retry_requested = true;
	pthread_mutex_unlock(&c->lock);
	return TNC_RESULT_SUCCESS;
}

TNC_Result tnccs_client_get_attr(struct tnccs_client *c, TNC_AttributeID id,
				 TNC_UInt32 buf_len, TNC_BufferReference buf,
				 TNC_UInt32 *out_len)
{
	const struct tnc_conn_facts facts = {
		(uint32_t)c->limits.max_msg, "IF-T for TLS", "2.0",
	};
	bool handled;
	TNC_Result rc;

	rc = tnc_attr_get_common(&facts, id, buf_len, buf, out_len, &handled);
	return handled ? rc : TNC_RESULT_INVALID_PARAMETER;
}

bool tnccs_client_run(struct imc_manager *m, const char *language,
		      struct pt_tls_conn *conn, uint16_t *access)
{
	static const struct tnccs_limits limits = { TNCCS_PT_TLS_MAX_BATCH,
						    TNCCS_PT_TLS_MAX_MSG };
	struct tnccs_client *c = tnccs_client_new(m, language, &limits);
	enum tnccs_status st;
	struct writer out;
	uint32_t assessment;
	uint8_t *batch;
	size_t len;
	bool ok;

	if (!c)
		return false;
	writer_init(&out);
	st = tnccs_client_start(c, &out);
	while (out.len && pt_tls_send_batch(conn, out.data, out.len) == 0 &&
	       st == TNCCS_CONTINUE) {
		if (pt_tls_recv_batch(conn, &batch, &len) != 0) {
			st = TNCCS_FAILED;
			break;
		}
		st = tnccs_client_receive(c, batch, len, &out);
		free(batch);
	}
	ok = st == TNCCS_DONE && tnccs_client_result(c, access, &assessment);
	writer_free(&out);
	tnccs_client_free(c);
	return ok;
}
