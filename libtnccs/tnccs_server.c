/*
 * tnccs_server.c - PB-TNC server role of one connection (tnccs_server.h).
 *
 * Flow per client batch (PB-TNC spec note sections 5 to 9): check the
 * header, the batch type against the state, then the messages; hand PB-PA
 * messages to the IMVs with the send window open; BatchEnding; then answer
 * with RESULT once every IMV has a recommendation, SRETRY when an IMV asked
 * for a new handshake, else SDATA with whatever the IMVs queued.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tnccs_server.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "imv_manager.h"
#include "pa_queue.h"
#include "log.h"
#include "pb_tnc.h"
#include "tnc_attr.h"

/* Handshake retries the server itself starts on one connection */
#define MAX_SERVER_RETRIES 3
/* Room the final messages of a RESULT batch need besides PB-PA */
#define RESULT_TRAILER 64

struct verdict {
	bool provided;
	uint32_t rec;
	uint32_t eval;
	uint8_t *reason;	/* owned */
	size_t reason_len;
	uint8_t *lang;		/* owned */
	size_t lang_len;
};

struct tnccs_server {
	struct imv_manager *m;
	TNC_ConnectionID id;	/* 0 until the first batch arrives */
	enum pb_state state;
	struct tnccs_limits limits;
	char *identity;		/* owned */
	uint32_t auth;
	char *address;		/* owned */
	bool ipv6;
	bool empty_cdata;	/* the last CDATA carried no message */
	bool sent_sretry;
	unsigned server_retries;
	bool have_result;
	uint32_t final_rec, final_eval;

	struct pa_queue queue;
	/* What the IMVs may touch from their own threads, under lock. */
	pthread_mutex_t lock;
	struct verdict verdicts[IMV_MAX];
	bool retry_requested;
	char *language;		/* owned; from PB-Language-Preference */
};

struct tnccs_server *tnccs_server_new(struct imv_manager *m,
				      const struct tnccs_peer *peer,
				      const struct tnccs_limits *limits)
{
	struct tnccs_server *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->m = m;
	s->state = PB_STATE_INIT;
	s->limits = *limits;
	s->identity = peer->identity ? strdup(peer->identity) : NULL;
	s->auth = peer->auth;
	s->address = peer->address ? strdup(peer->address) : NULL;
	s->ipv6 = peer->ipv6;
	pthread_mutex_init(&s->lock, NULL);
	pa_queue_init(&s->queue);
	return s;
}

static void clear_verdict(struct verdict *v)
{
	free(v->reason);
	free(v->lang);
	memset(v, 0, sizeof(*v));
}

void tnccs_server_free(struct tnccs_server *s)
{
	size_t i;

	if (!s)
		return;
	if (s->id) {
		/* Out of the table first: no callback can reach us after */
		conn_table_remove(&s->m->conns, s->id);
		imv_manager_notify(s->m, s->id, TNC_CONNECTION_STATE_DELETE);
		log_tnc(2, "conn %lu: removed", s->id);
	}
	pa_queue_destroy(&s->queue);
	for (i = 0; i < IMV_MAX; i++)
		clear_verdict(&s->verdicts[i]);
	free(s->language);
	free(s->identity);
	free(s->address);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

TNC_ConnectionID tnccs_server_conn_id(const struct tnccs_server *s)
{
	return s->id;
}

bool tnccs_server_result(const struct tnccs_server *s, uint32_t *rec,
			 uint32_t *eval)
{
	*rec = s->final_rec;
	*eval = s->final_eval;
	return s->have_result;
}

static void set_state(struct tnccs_server *s, enum pb_state next)
{
	if (next != s->state)
		log_tnc(1, "conn %lu: PB-TNC state transition from '%s' to "
			"'%s'", s->id, pb_state_name(s->state),
			pb_state_name(next));
	s->state = next;
}

/* Creates the connection when the first batch arrives (ABI spec 7.2). */
static int create_connection(struct tnccs_server *s)
{
	s->id = conn_table_add(&s->m->conns, s);
	if (!s->id)
		return -1;
	log_tnc(1, "conn %lu: new PB-TNC connection from %s%s%s", s->id,
		s->address ? s->address : "unknown address",
		s->identity ? " identity " : "",
		s->identity ? s->identity : "");
	imv_manager_notify(s->m, s->id, TNC_CONNECTION_STATE_CREATE);
	imv_manager_notify(s->m, s->id, TNC_CONNECTION_STATE_HANDSHAKE);
	return 0;
}

/* A new handshake: forget the IMVs' verdicts and tell them. */
static void restart_handshake(struct tnccs_server *s)
{
	size_t i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < IMV_MAX; i++)
		clear_verdict(&s->verdicts[i]);
	s->retry_requested = false;
	pthread_mutex_unlock(&s->lock);
	s->sent_sretry = false;
	s->have_result = false;
	log_tnc(1, "conn %lu: handshake retry", s->id);
	imv_manager_notify(s->m, s->id, TNC_CONNECTION_STATE_HANDSHAKE);
}

/* Answers a batch we cannot accept with CLOSE carrying the PB-Error. */
static enum tnccs_status fail(struct tnccs_server *s,
			      const struct pb_error *err,
			      struct writer *reply)
{
	size_t start;

	/* Before its first good batch a connection has no ID yet */
	log_tnc(0, "conn %lu (%s): %s: sending fatal PB-Error '%s' (offset "
		"%u) and closing", s->id, s->address ? s->address : "?",
		err->reason, pb_error_name(err->code), err->offset);
	writer_reset(reply);
	start = pb_batch_begin(reply, true, PB_BATCH_CLOSE);
	pb_write_error(reply, err);
	pb_batch_end(reply, start);
	set_state(s, PB_STATE_END);
	return TNCCS_FAILED;
}

static void handle_language(struct tnccs_server *s, const struct pb_msg *m)
{
	const uint8_t *lang;
	size_t len;
	uint32_t bad;

	pb_language_decode(m, &lang, &len, &bad);
	pthread_mutex_lock(&s->lock);
	free(s->language);
	s->language = strndup((const char *)lang, len);
	pthread_mutex_unlock(&s->lock);
	log_tnc(2, "conn %lu: PB-Language-Preference '%.*s'", s->id, (int)len,
		lang);
}

static void handle_error(struct tnccs_server *s, const struct pb_msg *m)
{
	struct pb_error_msg e;
	uint32_t bad;

	pb_error_decode(m, &e, &bad);
	log_tnc(0, "conn %lu: received %sPB-Error '%s' (vendor 0x%06x code "
		"%u, offset %u)", s->id, e.flags & PB_ERROR_FLAG_FATAL ?
		"fatal " : "", e.vendor == PB_VENDOR_IETF ?
		pb_error_name(e.code) : "vendor-specific", e.vendor, e.code,
		e.offset);
}

static void handle_pa(struct tnccs_server *s, const struct pb_msg *m)
{
	struct pb_pa pa;
	uint32_t bad;
	size_t n;

	pb_pa_decode(m, &pa, &bad);
	n = imv_manager_deliver(s->m, s->id, &pa);
	log_tnc(n ? 2 : 1, "conn %lu: PB-PA message 0x%06x/0x%08x from IMC "
		"%u (%zu bytes) delivered to %zu IMV(s)", s->id, pa.vendor,
		pa.subtype, pa.collector_id, pa.body_len, n);
}

/*
 * Handles the messages of an accepted batch. Returns -1 with *err set when
 * one cannot be accepted in this role: a client never sends the
 * RESULT-only messages (RFC 5793 4.2 ff.).
 */
static int handle_msgs(struct tnccs_server *s, const struct pb_batch *b,
		       struct pb_error *err)
{
	const struct pb_msg *m;
	size_t i;

	for (i = 0; i < b->count; i++) {
		m = &b->msgs[i];
		if (pb_msg_result_only(m->vendor, m->type)) {
			err->code = PB_ERR_INVALID_PARAMETER;
			err->offset = m->offset;
			err->reason = "client sent a RESULT-only message";
			return -1;
		}
		if (m->vendor == PB_VENDOR_IETF && m->type == PB_MSG_PA)
			handle_pa(s, m);
		else if (m->vendor == PB_VENDOR_IETF &&
			 m->type == PB_MSG_LANGUAGE_PREFERENCE)
			handle_language(s, m);
		else if (m->vendor == PB_VENDOR_IETF && m->type == PB_MSG_ERROR)
			handle_error(s, m);
		else
			log_tnc(2, "conn %lu: %s message 0x%06x/0x%08x ignored",
				s->id, pb_msg_is_known(m->vendor, m->type) ?
				pb_msg_name(m->vendor, m->type) : "unknown",
				m->vendor, m->type);
	}
	return 0;
}

static bool all_decided(struct tnccs_server *s)
{
	size_t i;
	bool all = true;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->m->reg.count; i++)
		all = all && s->verdicts[i].provided;
	pthread_mutex_unlock(&s->lock);
	return all;
}

static uint16_t access_code(uint32_t rec)
{
	switch (rec) {
	case TNC_IMV_ACTION_RECOMMENDATION_ALLOW:
		return PB_REC_ACCESS_ALLOWED;
	case TNC_IMV_ACTION_RECOMMENDATION_ISOLATE:
		return PB_REC_QUARANTINED;
	default:
		return PB_REC_ACCESS_DENIED;
	}
}

static TNC_ConnectionState access_state(uint32_t rec)
{
	switch (rec) {
	case TNC_IMV_ACTION_RECOMMENDATION_ALLOW:
		return TNC_CONNECTION_STATE_ACCESS_ALLOWED;
	case TNC_IMV_ACTION_RECOMMENDATION_ISOLATE:
		return TNC_CONNECTION_STATE_ACCESS_ISOLATED;
	default:
		return TNC_CONNECTION_STATE_ACCESS_NONE;
	}
}

/* Merges the verdicts; an IMV that gave none counts as undecided. */
static void merge_verdicts(struct tnccs_server *s)
{
	uint32_t recs[IMV_MAX], evals[IMV_MAX];
	size_t i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->m->reg.count; i++) {
		if (!s->verdicts[i].provided)
			log_imv(1, "conn %lu: IMV %lu \"%s\" provided no "
				"recommendation", s->id, s->m->reg.entries[i].id,
				s->m->reg.entries[i].name);
		recs[i] = s->verdicts[i].provided ? s->verdicts[i].rec
			: TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION;
		evals[i] = s->verdicts[i].provided ? s->verdicts[i].eval
			: TNC_IMV_EVALUATION_RESULT_DONT_KNOW;
	}
	pthread_mutex_unlock(&s->lock);
	rec_merge(s->m->policy, recs, evals, s->m->reg.count, &s->final_rec,
		  &s->final_eval);
	s->have_result = true;
}

static void write_reasons(struct tnccs_server *s, struct writer *w)
{
	struct verdict *v;
	size_t i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->m->reg.count; i++) {
		v = &s->verdicts[i];
		if (v->reason_len && w->len + v->reason_len + v->lang_len +
		    PB_MSG_HEADER_LEN + 5 <= s->limits.max_batch)
			pb_write_reason(w, v->reason, v->reason_len, v->lang,
					v->lang_len);
	}
	pthread_mutex_unlock(&s->lock);
}

/*
 * RESULT: queued PB-PA first, then the verdict. When the queue does not
 * fit, an SDATA carries what fits and the RESULT follows next round.
 */
static void build_result(struct tnccs_server *s, struct writer *w)
{
	size_t start = pb_batch_begin(w, true, PB_BATCH_RESULT);

	if (!pa_queue_write(&s->queue, w, s->limits.max_batch - RESULT_TRAILER,
			    s->limits.max_batch)) {
		w->data[start + 3] = PB_BATCH_SDATA;
		pb_batch_end(w, start);
		set_state(s, PB_STATE_CLIENT_WORKING);
		return;
	}
	merge_verdicts(s);
	log_tnc(0, "conn %lu: final recommendation is '%s' and evaluation "
		"is '%s'", s->id, rec_name(s->final_rec),
		eval_name(s->final_eval));
	imv_manager_notify(s->m, s->id, access_state(s->final_rec));
	pb_write_assessment_result(w, s->final_eval);
	pb_write_access_rec(w, access_code(s->final_rec));
	write_reasons(s, w);
	pb_batch_end(w, start);
	set_state(s, PB_STATE_DECIDED);
}

static bool take_retry_request(struct tnccs_server *s)
{
	bool retry;

	pthread_mutex_lock(&s->lock);
	retry = s->retry_requested;
	s->retry_requested = false;
	pthread_mutex_unlock(&s->lock);
	return retry;
}

/* Builds the answer to a CDATA or CRETRY (we are in Server Working). */
static void build_reply(struct tnccs_server *s, struct writer *w)
{
	size_t start;
	bool queue_empty;

	if (take_retry_request(s)) {
		if (s->server_retries < MAX_SERVER_RETRIES) {
			s->server_retries++;
			s->sent_sretry = true;
			start = pb_batch_begin(w, true, PB_BATCH_SRETRY);
			pb_batch_end(w, start);
			set_state(s, PB_STATE_CLIENT_WORKING);
			return;
		}
		log_tnc(1, "conn %lu: handshake retry not started: limit of "
			"%d reached", s->id, MAX_SERVER_RETRIES);
	}
	queue_empty = pa_queue_empty(&s->queue);
	if (!all_decided(s) && s->empty_cdata && queue_empty) {
		imv_manager_solicit(s->m, s->id);
		/* Undecided IMVs count as no recommendation from here on,
		 * rather than stalling the endpoint. */
		build_result(s, w);
		return;
	}
	if (all_decided(s)) {
		build_result(s, w);
		return;
	}
	start = pb_batch_begin(w, true, PB_BATCH_SDATA);
	pa_queue_write(&s->queue, w, s->limits.max_batch, s->limits.max_batch);
	pb_batch_end(w, start);
	set_state(s, PB_STATE_CLIENT_WORKING);
}

enum tnccs_status tnccs_server_receive(struct tnccs_server *s,
				       const uint8_t *data, size_t len,
				       struct writer *reply)
{
	struct pb_batch b;
	struct pb_error err;
	enum pb_state next;
	enum tnccs_status status = TNCCS_CONTINUE;

	writer_reset(reply);
	if (pb_batch_parse_header(data, len, true, &b, &err) < 0)
		return fail(s, &err, reply);
	log_tnc(2, "conn %lu: received PB-TNC %s batch (%zu bytes)", s->id,
		pb_batch_type_name(b.type), len);
	if (!pb_batch_sent_by(b.type, false) ||
	    !pb_state_next(s->state, b.type, &next)) {
		err.code = PB_ERR_UNEXPECTED_BATCH_TYPE;
		err.offset = 0;
		err.reason = b.type == PB_BATCH_NONE ? "batch type 0" :
			     "batch type not allowed in this state";
		log_tnc(1, "conn %lu: unexpected %s batch in state '%s'", s->id,
			pb_batch_type_name(b.type), pb_state_name(s->state));
		return fail(s, &err, reply);
	}
	if (pb_batch_parse_msgs(data, len, &b, &err) < 0) {
		pb_batch_free(&b);
		return fail(s, &err, reply);
	}
	if (!s->id && create_connection(s) < 0) {
		pb_batch_free(&b);
		err = (struct pb_error){ PB_ERR_LOCAL_ERROR, 0, 0,
					 "out of memory" };
		return fail(s, &err, reply);
	}
	set_state(s, next);
	if (b.type == PB_BATCH_CLOSE) {
		for (size_t i = 0; i < b.count; i++)
			if (b.msgs[i].vendor == PB_VENDOR_IETF &&
			    b.msgs[i].type == PB_MSG_ERROR)
				handle_error(s, &b.msgs[i]);
		if (b.count)
			log_tnc(0, "conn %lu: client closed with %zu "
				"message(s): session failed", s->id, b.count);
		pb_batch_free(&b);
		return b.count ? TNCCS_FAILED : TNCCS_DONE;
	}
	if (b.type == PB_BATCH_CRETRY || s->sent_sretry)
		restart_handshake(s);
	s->empty_cdata = b.type == PB_BATCH_CDATA && b.count == 0;
	pa_queue_window(&s->queue, true);
	if (handle_msgs(s, &b, &err) < 0) {
		pa_queue_window(&s->queue, false);
		pb_batch_free(&b);
		return fail(s, &err, reply);
	}
	imv_manager_batch_ending(s->m, s->id);
	pa_queue_window(&s->queue, false);
	pb_batch_free(&b);
	build_reply(s, reply);
	log_tnc(2, "conn %lu: sending PB-TNC %s batch (%zu bytes)", s->id,
		pb_batch_type_name(reply->data[3] & 0x0f), reply->len);
	return writer_ok(reply) ? status : TNCCS_FAILED;
}

/* The TNCS functions' side. */

TNC_Result tnccs_server_send(struct tnccs_server *s, TNC_IMVID imv_id,
			     uint8_t flags, uint32_t vendor, uint32_t subtype,
			     uint16_t collector, const uint8_t *msg,
			     size_t len)
{
	struct pb_pa pa = { flags, vendor, subtype, collector,
			    (uint16_t)imv_id, msg, len };

	return pa_queue_add(&s->queue, &pa, s->limits.max_msg);
}

TNC_Result tnccs_server_request_retry(struct tnccs_server *s,
				      TNC_RetryReason reason)
{
	pthread_mutex_lock(&s->lock);
	s->retry_requested = true;
	pthread_mutex_unlock(&s->lock);
	log_tnc(1, "conn %lu: IMV requests a handshake retry (reason %lu)",
		s->id, reason);
	return TNC_RESULT_SUCCESS;
}

TNC_Result tnccs_server_provide_rec(struct tnccs_server *s, int slot,
				    uint32_t rec, uint32_t eval)
{
	pthread_mutex_lock(&s->lock);
	s->verdicts[slot].provided = true;
	s->verdicts[slot].rec = rec;
	s->verdicts[slot].eval = eval;
	pthread_mutex_unlock(&s->lock);
	return TNC_RESULT_SUCCESS;
}

/* The client's PREFERRED_LANGUAGE: no NUL, and success with the length
 * even when the buffer is too small, as the reference answers. */
static TNC_Result get_language(struct tnccs_server *s, TNC_UInt32 buf_len,
			       TNC_BufferReference buf, TNC_UInt32 *out_len)
{
	TNC_Result rc = TNC_RESULT_INVALID_PARAMETER;
	size_t len;

	pthread_mutex_lock(&s->lock);
	if (s->language && out_len) {
		len = strlen(s->language);
		*out_len = len;
		if (buf && buf_len >= len)
			memcpy(buf, s->language, len);
		rc = TNC_RESULT_SUCCESS;
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

/* Identities: the authenticated one (if any), then the address. */
static TNC_Result get_identities(struct tnccs_server *s, TNC_UInt32 buf_len,
				 TNC_BufferReference buf, TNC_UInt32 *out_len)
{
	struct tnc_identity ids[2];
	size_t n = 0;
	struct writer w;
	TNC_Result rc;

	if (s->identity && s->auth != TNC_AUTH_UNKNOWN) {
		ids[n].type = s->auth == TNC_AUTH_X509_CERT ? TNC_ID_X500_DN
			      : strchr(s->identity, '@') ? TNC_ID_EMAIL_ADDR
			      : TNC_ID_USERNAME;
		ids[n].value = s->identity;
		ids[n].subject = TNC_SUBJECT_USER;
		ids[n++].auth = s->auth;
	}
	if (s->address) {
		ids[n].type = s->ipv6 ? TNC_ID_IPV6_ADDR : TNC_ID_IPV4_ADDR;
		ids[n].value = s->address;
		ids[n].subject = TNC_SUBJECT_MACHINE;
		ids[n++].auth = TNC_AUTH_UNKNOWN;
	}
	writer_init(&w);
	tnc_attr_ar_identities(&w, ids, n);
	rc = writer_ok(&w) ? tnc_attr_put(w.data, w.len, buf_len, buf, out_len)
			   : TNC_RESULT_FATAL;
	writer_free(&w);
	return rc;
}

TNC_Result tnccs_server_get_attr(struct tnccs_server *s, TNC_AttributeID id,
				 TNC_UInt32 buf_len, TNC_BufferReference buf,
				 TNC_UInt32 *out_len)
{
	/* The transport is PT-TLS, IF-T for TLS 2.0 */
	const struct tnc_conn_facts facts = {
		(uint32_t)s->limits.max_msg, "IF-T for TLS", "2.0",
	};
	bool handled;
	TNC_Result rc;

	if (id == TNC_ATTRIBUTEID_PREFERRED_LANGUAGE)
		return get_language(s, buf_len, buf, out_len);
	if (id == TNC_ATTRIBUTEID_AR_IDENTITIES)
		return get_identities(s, buf_len, buf, out_len);
	rc = tnc_attr_get_common(&facts, id, buf_len, buf, out_len, &handled);
	return handled ? rc : TNC_RESULT_INVALID_PARAMETER;
}

static int copy_bytes(uint8_t **dst, size_t *dst_len, const uint8_t *src,
		      size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	if (!p)
		return -1;
	memcpy(p, src, len);
	free(*dst);
	*dst = p;
	*dst_len = len;
	return 0;
}

TNC_Result tnccs_server_set_attr(struct tnccs_server *s, int slot,
				 TNC_AttributeID id, TNC_UInt32 len,
				 const uint8_t *value)
{
	struct verdict *v = &s->verdicts[slot];
	int rc = -1;

	/* A reason string must fit one PB-Reason-String of a batch */
	if ((len && !value) || len > 65535)
		return TNC_RESULT_INVALID_PARAMETER;
	pthread_mutex_lock(&s->lock);
	if (id == TNC_ATTRIBUTEID_REASON_STRING)
		rc = copy_bytes(&v->reason, &v->reason_len, value, len);
	else if (id == TNC_ATTRIBUTEID_REASON_LANGUAGE)
		rc = copy_bytes(&v->lang, &v->lang_len, value,
				len > 255 ? 255 : len);
	pthread_mutex_unlock(&s->lock);
	return rc == 0 ? TNC_RESULT_SUCCESS : TNC_RESULT_INVALID_PARAMETER;
}
