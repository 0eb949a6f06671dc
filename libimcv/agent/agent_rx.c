/*
 * agent_rx.c - one received PA-TNC message, from the bytes the host hands
 * over to the plugin's handlers (agent_int.h).
 *
 * Order of work: parse (pa_msg.c checks every attribute as the PA-TNC
 * spec note section 4 says), report a parse error by the role's rule,
 * then each attribute in turn: the TCG segmentation attributes drive the
 * connection's segmentation table here (pa-tnc.md section 7), a PA-TNC
 * Error is logged by name, every other attribute is decoded and given to
 * the role and then to the plugin's handler for its type. A segmented
 * attribute, once reassembled, takes the same way as one received whole.
 * Whatever the exchange needs in answer goes into one reply to the
 * sender.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "agent_int.h"

#include <stdlib.h>
#include <string.h>

#include "pa_msg.h"

/* One message being handled. */
struct rx {
	struct agent_conn *c;
	struct agent_msg_type type;
	uint32_t peer;
	struct agent_msg *reply;
	bool stop;		/* an error ended the processing */
	bool fatal;		/* the IMV rule: the host gets TNC_RESULT_FATAL */
};

static struct seg_key key_of(const struct rx *rx)
{
	return (struct seg_key){ rx->type.vendor, rx->type.subtype, rx->peer };
}

/* Logs a PA-TNC error once and applies the role's rule (section 4). */
static void rx_error(struct rx *rx, const struct pa_error *err,
		     const char *why)
{
	struct agent_conn *c = rx->c;
	const struct agent_role *role = c->agent->role;
	struct writer w;
	char text[160];

	agent_log(c, 1, "%s in a message from %s %u on connection %lu%s%s%s",
		  pa_error_format(err, text, sizeof(text)), role->peer_label,
		  rx->peer, c->id, why ? " (" : "", why ? why : "",
		  why ? ")" : "");
	rx->stop = true;
	if (!role->reply_errors) {
		rx->fatal = true;
		return;
	}
	writer_init(&w);
	if (ietf_pa_tnc_error_write(err, &w) == 0)
		agent_msg_add_written(rx->reply, &w);
	writer_free(&w);
}

/* The header of an error about a reassembled attribute (7.4). */
static void seg_error_header(struct pa_error *e, uint32_t base_id)
{
	memset(e, 0, sizeof(*e));
	e->vendor = PEN_IETF;
	put_u32be(e->header, 0xFFFFFFFFu);
	put_u32be(e->header + 4, base_id);
}

static const struct agent_attr_handler *plugin_handler(const struct agent *a,
						       uint32_t vendor,
						       uint32_t type)
{
	const struct agent_plugin *p = a->plugin;
	size_t i;

	for (i = 0; i < p->attr_count; i++)
		if (p->attrs[i].vendor == vendor && p->attrs[i].type == type)
			return &p->attrs[i];
	return NULL;
}

static void deliver(struct rx *rx, const struct pa_attr_raw *raw,
		    const union pa_attr_value *v)
{
	struct agent_conn *c = rx->c;
	const struct agent *a = c->agent;
	const struct agent_attr at = { raw, v, rx->peer, rx->type };
	const struct agent_attr_handler *h;
	char name[64];

	/* what the role takes, it also logs */
	if (a->role->on_attribute && a->role->on_attribute(c, &at, rx->reply))
		return;
	agent_log(c, 1, "received %s from %s %u on connection %lu",
		  pa_attr_describe(raw->vendor, raw->type, name, sizeof(name)),
		  a->role->peer_label, rx->peer, c->id);
	h = plugin_handler(a, raw->vendor, raw->type);
	if (h)
		h->handle(c, c->state, &at, rx->reply);
	else if (a->plugin->on_attribute)
		a->plugin->on_attribute(c, c->state, &at, rx->reply);
	else
		agent_log(c, 2, "%s ignored", name);
}

static void log_peer_error(struct rx *rx, const struct pa_attr *a)
{
	const struct ietf_pa_tnc_error *e = &a->v.pa_tnc_error;
	struct ietf_swima_error swima;
	uint32_t offset;
	char text[IETF_PA_TNC_ERROR_MAX_INFO + 160];

	/* a SWIMA error names its request and says why (swima.md 2.5) */
	if (ietf_swima_error_decode(e, &swima, &offset) == PA_DECODE_OK)
		ietf_swima_error_format(&swima, text, sizeof(text));
	else
		pa_error_format(&e->err, text, sizeof(text));
	agent_log(rx->c, 1, "received %s from %s %u on connection %lu", text,
		  rx->c->agent->role->peer_label, rx->peer, rx->c->id);
}

/*
 * A peer's PA-TNC Error is logged here; a plugin that handles the type
 * also gets it, for the errors that are about its own requests (the
 * SWIMA codes, swima.md 2.5).
 */
static void deliver_error(struct rx *rx, const struct pa_attr_raw *raw,
			  const struct pa_attr *a)
{
	const struct agent_attr at = { raw, &a->v, rx->peer, rx->type };
	const struct agent_attr_handler *h;

	log_peer_error(rx, a);
	h = plugin_handler(rx->c->agent, raw->vendor, raw->type);
	if (h)
		h->handle(rx->c, rx->c->state, &at, rx->reply);
}

static void handle_attr(struct rx *rx, const struct pa_attr_raw *raw,
			bool reassembled, uint32_t base_id);

/* ------------------------------------------------- TCG segmentation */

static void send_next_segment(struct rx *rx, uint32_t base_id, bool cancel)
{
	struct seg_next n = { base_id, cancel };
	struct writer w;

	writer_init(&w);
	seg_next_encode(&w, &n);
	agent_msg_add_written(rx->reply, &w);
	writer_free(&w);
}

static uint32_t own_max_msg(const struct agent_conn *c)
{
	return c->max_msg ? c->max_msg : SEG_SIZE_UNLIMITED;
}

static void on_contract_request(struct rx *rx, const struct pa_attr_raw *raw)
{
	struct seg_key key = key_of(rx);
	struct seg_contract_attr req;
	struct writer w;
	uint32_t bad;

	if (seg_contract_attr_decode(raw, &req, &bad) < 0)
		return;
	writer_init(&w);
	seg_contract_on_request(&rx->c->seg, &key, &req, own_max_msg(rx->c),
				&w);
	agent_msg_add_written(rx->reply, &w);
	writer_free(&w);
	/* what waited for this contract goes now, in segments */
	agent_held_release(rx->reply);
}

static void on_contract_response(struct rx *rx, const struct pa_attr_raw *raw)
{
	struct seg_key key = key_of(rx);
	struct seg_contract_attr resp;
	uint32_t bad;

	if (seg_contract_attr_decode(raw, &resp, &bad) == 0)
		seg_contract_on_response(&rx->c->seg, &key, &resp);
}

static void on_envelope(struct rx *rx, const struct pa_attr_raw *raw)
{
	struct seg_key key = key_of(rx);
	struct seg_envelope env;
	struct seg_rx_result res;
	uint32_t bad;

	if (seg_envelope_decode(raw, &env, &bad) < 0)
		return;
	switch (seg_on_envelope(&rx->c->seg, &key, &env, &res)) {
	case SEG_RX_NEXT:
		send_next_segment(rx, res.base_id, false);
		break;
	case SEG_RX_DONE:
		handle_attr(rx, &res.attr, true, res.base_id);
		seg_attr_free(&res.attr);
		break;
	case SEG_RX_ERROR:
		rx_error(rx, &res.error, res.reason);
		if (res.cancel)
			send_next_segment(rx, res.base_id, true);
		break;
	case SEG_RX_REFUSED:
		agent_log(rx->c, 1, "segmented attribute with base message ID "
			  "%u from %s %u refused: %s", res.base_id,
			  rx->c->agent->role->peer_label, rx->peer, res.reason);
		if (res.cancel)
			send_next_segment(rx, res.base_id, true);
		break;
	case SEG_RX_IGNORED:
		break;
	}
}

static void on_next_segment(struct rx *rx, const struct pa_attr_raw *raw)
{
	struct seg_key key = key_of(rx);
	struct seg_next next;
	struct seg_tx_result res;
	enum seg_tx_status st;
	struct writer w;
	uint32_t bad;
	int tries;

	if (seg_next_decode(raw, &next, &bad) < 0)
		return;
	/* a second try in a fresh message when this one is too full */
	for (tries = 0; tries < 2; tries++) {
		writer_init(&w);
		st = seg_on_next_segment(&rx->c->seg, &key, &next,
					 agent_msg_space(rx->reply), &w, &res);
		if (st == SEG_TX_SEGMENT || st == SEG_TX_LAST)
			agent_msg_add_written(rx->reply, &w);
		writer_free(&w);
		if (st != SEG_TX_NO_SPACE)
			break;
		agent_msg_break(rx->reply);
	}
	if (st == SEG_TX_FAILED || st == SEG_TX_NO_SPACE)
		agent_log(rx->c, 0, "next segment of base message ID %u not "
			  "sent: %s", next.base_id, st == SEG_TX_NO_SPACE ?
			  "no room in a PA-TNC message" : res.reason);
}

static const struct {
	uint32_t type;
	void (*handle)(struct rx *rx, const struct pa_attr_raw *raw);
} seg_handlers[] = {
	{ SEG_ATTR_CONTRACT_REQUEST, on_contract_request },
	{ SEG_ATTR_CONTRACT_RESPONSE, on_contract_response },
	{ SEG_ATTR_ENVELOPE, on_envelope },
	{ SEG_ATTR_NEXT_SEGMENT, on_next_segment },
};

static void handle_seg(struct rx *rx, const struct pa_attr_raw *raw,
		       bool reassembled)
{
	size_t i;

	/* Segments inside a segmented attribute would nest without end. */
	if (reassembled) {
		agent_log(rx->c, 1, "%s inside a segmented attribute from %s "
			  "%u ignored", seg_attr_name(raw->type),
			  rx->c->agent->role->peer_label, rx->peer);
		return;
	}
	agent_log(rx->c, 2, "received %s from %s %u on connection %lu",
		  seg_attr_name(raw->type), rx->c->agent->role->peer_label,
		  rx->peer, rx->c->id);
	for (i = 0; i < sizeof(seg_handlers) / sizeof(seg_handlers[0]); i++)
		if (seg_handlers[i].type == raw->type)
			seg_handlers[i].handle(rx, raw);
}

/* ------------------------------------------------------- attributes */

/*
 * A reassembled attribute was never seen by the message parser, so it
 * gets the parser's checks here: unknown with NOSKIP, or malformed, is
 * an error about the base attribute (7.4).
 */
static bool check_reassembled(struct rx *rx, const struct pa_attr_raw *raw,
			      uint32_t base_id)
{
	struct pa_error e;
	struct pa_attr a;
	uint32_t offset = 0;
	int rc;

	if (!pa_attr_is_known(raw->vendor, raw->type)) {
		if (plugin_handler(rx->c->agent, raw->vendor, raw->type))
			return true;
		if (!(raw->flags & PA_ATTR_FLAG_NOSKIP))
			return false;
		seg_error_header(&e, base_id);
		e.code = PA_ERROR_ATTR_TYPE_NOT_SUPPORTED;
		e.attr_flags = raw->flags;
		e.attr_vendor = raw->vendor;
		e.attr_type = raw->type;
		rx_error(rx, &e, "segmented attribute");
		return false;
	}
	rc = pa_attr_decode(raw, &a, &offset);
	if (rc == PA_DECODE_OK) {
		pa_attr_free(&a);
		return true;
	}
	if (rc == PA_DECODE_MALFORMED) {
		seg_error_header(&e, base_id);
		e.code = PA_ERROR_INVALID_PARAMETER;
		e.offset = PA_TNC_ATTR_HEADER_LEN + offset;
		rx_error(rx, &e, "segmented attribute");
	} else {
		agent_log(rx->c, 0, "out of memory decoding an attribute");
		rx->stop = true;
	}
	return false;
}

static void handle_attr(struct rx *rx, const struct pa_attr_raw *raw,
			bool reassembled, uint32_t base_id)
{
	struct pa_attr a;
	uint32_t offset;
	int rc;

	if (seg_attr_is_seg(raw)) {
		handle_seg(rx, raw, reassembled);
		return;
	}
	if (reassembled && !check_reassembled(rx, raw, base_id))
		return;
	if (!pa_attr_is_known(raw->vendor, raw->type)) {
		deliver(rx, raw, NULL);		/* a type of the plugin's own */
		return;
	}
	rc = pa_attr_decode(raw, &a, &offset);
	if (rc != PA_DECODE_OK) {
		/* the parser decoded it once already: only memory can fail */
		agent_log(rx->c, 0, "cannot decode an attribute (%d)", rc);
		rx->stop = true;
		return;
	}
	if (raw->vendor == PEN_IETF && raw->type == IETF_ATTR_PA_TNC_ERROR)
		deliver_error(rx, raw, &a);
	else
		deliver(rx, raw, &a.v);
	pa_attr_free(&a);
}

/* ---------------------------------------------------------- message */

static int check_seg(const struct pa_attr_raw *raw, uint32_t *offset)
{
	return seg_attr_check(raw, raw->type, offset) == 0 ?
	       PA_DECODE_OK : PA_DECODE_MALFORMED;
}

static const uint32_t seg_types[] = {
	SEG_ATTR_CONTRACT_REQUEST, SEG_ATTR_CONTRACT_RESPONSE,
	SEG_ATTR_ENVELOPE, SEG_ATTR_NEXT_SEGMENT,
};

#define SEG_TYPE_COUNT (sizeof(seg_types) / sizeof(seg_types[0]))

/*
 * The types the parser accepts besides the codec's: segmentation, and
 * the plugin's own types the codec does not decode (passed raw).
 */
static struct pa_attr_ext *ext_table(const struct agent_plugin *p,
				     size_t *count)
{
	struct pa_attr_ext *ext = calloc(SEG_TYPE_COUNT + p->attr_count,
					 sizeof(*ext));
	size_t i, n = 0;

	if (!ext)
		return NULL;
	for (i = 0; i < SEG_TYPE_COUNT; i++)
		ext[n++] = (struct pa_attr_ext){ PEN_TCG, seg_types[i],
						 check_seg };
	for (i = 0; i < p->attr_count; i++)
		if (!pa_attr_is_known(p->attrs[i].vendor, p->attrs[i].type))
			ext[n++] = (struct pa_attr_ext){ p->attrs[i].vendor,
							 p->attrs[i].type,
							 NULL };
	*count = n;
	return ext;
}

TNC_Result agent_rx_message(struct agent_conn *c, struct agent_msg_type type,
			    uint32_t peer, const uint8_t *data, size_t len)
{
	const struct agent_role *role = c->agent->role;
	struct rx rx = { .c = c, .type = type, .peer = peer };
	struct pa_attr_ext *ext;
	enum pa_msg_status st;
	struct pa_error err;
	struct pa_msg msg;
	size_t ext_count = 0, i;

	agent_conn_note_peer(c, peer, type);
	ext = ext_table(c->agent->plugin, &ext_count);
	if (!ext)
		return TNC_RESULT_FATAL;
	st = pa_msg_parse(data, len, ext, ext_count, &msg, &err);
	free(ext);
	agent_log(c, 2, "received PA-TNC message of %zu bytes with %zu "
		  "attribute(s) from %s %u on connection %lu", len, msg.count,
		  role->peer_label, peer, c->id);
	if (st == PA_MSG_NOMEM || st == PA_MSG_DROPPED) {
		agent_log(c, 1, "PA-TNC message of %zu bytes from %s %u on "
			  "connection %lu dropped: %s", len, role->peer_label,
			  peer, c->id, st == PA_MSG_NOMEM ? "out of memory" :
			  len < PA_TNC_MSG_HEADER_LEN ? "shorter than its "
			  "header" : "malformed PA-TNC Error in it");
		pa_msg_free(&msg);
		return role->reply_errors && st == PA_MSG_DROPPED ?
		       TNC_RESULT_SUCCESS : TNC_RESULT_FATAL;
	}
	if (st == PA_MSG_ERROR && !role->reply_errors) {
		rx_error(&rx, &err, NULL);
		pa_msg_free(&msg);
		return TNC_RESULT_FATAL;
	}
	rx.reply = agent_msg_new_type(c, type, peer, true);
	if (!rx.reply) {
		pa_msg_free(&msg);
		return TNC_RESULT_FATAL;
	}
	/*
	 * RFC 5792 4.2.8: a message with an attribute we must not skip, or
	 * cannot parse, is answered with the error and not acted on at all.
	 * (strongSwan IMCs act on the attributes before the bad one,
	 * pa-tnc.md section 4; a peer cannot rely on that, so we don't.)
	 */
	if (st == PA_MSG_ERROR)
		rx_error(&rx, &err, NULL);
	for (i = 0; i < msg.count && !rx.stop; i++)
		handle_attr(&rx, &msg.attrs[i], false, 0);
	agent_msg_send(rx.reply);
	pa_msg_free(&msg);
	return rx.fatal ? TNC_RESULT_FATAL : TNC_RESULT_SUCCESS;
}
