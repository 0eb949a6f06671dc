/*
 * seg_rx.c - the receiving side of TCG IF-M segmentation (pa-tnc.md
 * sections 7.3 and 7.4): the issuer of a contract reassembles the
 * attributes its responder sends in Segment Envelopes, keyed by Base
 * Message ID.
 *
 * Everything here comes from the peer, so memory is bounded before it is
 * spent: the base attribute's declared length is checked against the
 * contract's Max Message Size and the table's hard cap before anything
 * is allocated, a buffer grows with the bytes that actually arrived and
 * never beyond the declared length, and the number of reassemblies per
 * connection is limited. A reassembly that goes wrong is dropped at once.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "seg_int.h"

#include <stdlib.h>
#include <string.h>

/* First allocation of a reassembly buffer, unless the value is smaller. */
#define RX_MIN_ALLOC	4096u

/* Offset of the Length field in an attribute header (RFC 5792 4.2). */
#define ATTR_LENGTH_OFFSET	8

static struct seg_rx *rx_find(struct seg_contract *c, uint32_t base_id)
{
	struct seg_rx *rx;

	for (rx = c->rx; rx; rx = rx->next)
		if (rx->base_id == base_id)
			return rx;
	return NULL;
}

static void rx_remove(struct seg_table *t, struct seg_contract *c,
		      struct seg_rx *rx)
{
	struct seg_rx **p;

	for (p = &c->rx; *p; p = &(*p)->next) {
		if (*p == rx) {
			*p = rx->next;
			t->rx_bytes -= rx->cap;
			t->n_rx--;
			free(rx->buf);
			free(rx);
			return;
		}
	}
}

void seg_rx_free_all(struct seg_table *t, struct seg_contract *c)
{
	while (c->rx)
		rx_remove(t, c, c->rx);
}

size_t seg_rx_allocated(const struct seg_table *t)
{
	return t->rx_bytes;
}

size_t seg_rx_peak(const struct seg_table *t)
{
	return t->rx_peak;
}

void seg_attr_free(struct pa_attr_raw *attr)
{
	free((void *)attr->value);
	attr->value = NULL;
	attr->len = 0;
}

/*
 * An Invalid Parameter about a segmented attribute names it by FF FF FF FF
 * and its Base Message ID instead of a message header; the offset is
 * inside the base attribute, header included (7.4).
 */
static enum seg_rx_status rx_error(struct seg_rx_result *res,
				   uint32_t offset, bool more,
				   const char *reason)
{
	struct pa_error *e = &res->error;

	memset(e, 0, sizeof(*e));
	e->vendor = PEN_IETF;
	e->code = PA_ERROR_INVALID_PARAMETER;
	put_u32be(e->header, 0xFFFFFFFFu);
	put_u32be(e->header + 4, res->base_id);
	e->offset = offset;
	res->status = SEG_RX_ERROR;
	res->cancel = more;
	res->reason = reason;
	return res->status;
}

static enum seg_rx_status rx_refuse(struct seg_rx_result *res, bool more,
				    const char *reason)
{
	res->status = SEG_RX_REFUSED;
	res->cancel = more;
	res->reason = reason;
	return res->status;
}

/* Makes room for need bytes, need <= rx->len; -1 when out of memory. */
static int rx_reserve(struct seg_table *t, struct seg_rx *rx, uint32_t need)
{
	uint64_t cap;
	uint8_t *buf;

	if (need <= rx->cap)
		return 0;
	cap = rx->cap ? (uint64_t)rx->cap * 2 : RX_MIN_ALLOC;
	if (cap > rx->len)
		cap = rx->len;
	if (cap < need)
		cap = need;
	buf = realloc(rx->buf, cap);
	if (!buf)
		return -1;
	t->rx_bytes += cap - rx->cap;
	if (t->rx_bytes > t->rx_peak)
		t->rx_peak = t->rx_bytes;
	rx->buf = buf;
	rx->cap = (uint32_t)cap;
	return 0;
}

/* Hands the finished value to the caller and forgets the reassembly. */
static enum seg_rx_status rx_done(struct seg_table *t, struct seg_contract *c,
				  struct seg_rx *rx, struct seg_rx_result *res)
{
	res->attr.flags = rx->flags;
	res->attr.vendor = rx->vendor;
	res->attr.type = rx->type;
	res->attr.value = rx->buf;
	res->attr.len = rx->len;
	seg_log(t, 1, "reassembled attribute 0x%06x/0x%08x of %u "
		 "bytes from %s %u, base message ID %u", rx->vendor, rx->type,
		 rx->len, seg_peer_kind(t), c->key.peer_id, rx->base_id);
	t->rx_bytes -= rx->cap;
	rx->buf = NULL;
	rx->cap = 0;
	rx_remove(t, c, rx);
	res->status = SEG_RX_DONE;
	return res->status;
}

static enum seg_rx_status rx_append(struct seg_table *t,
				    struct seg_contract *c, struct seg_rx *rx,
				    const uint8_t *data, uint32_t n, bool more,
				    struct seg_rx_result *res)
{
	/* A peer that sends more than the base header promised: the error
	 * points at the first byte beyond the declared length. */
	if (n > rx->len - rx->filled) {
		uint32_t end = rx->len + PA_TNC_ATTR_HEADER_LEN;

		rx_remove(t, c, rx);
		return rx_error(res, end, more,
				"segment exceeds the announced attribute "
				"length");
	}
	if (n) {
		if (rx_reserve(t, rx, rx->filled + n) < 0) {
			rx_remove(t, c, rx);
			return rx_refuse(res, more, "out of memory");
		}
		memcpy(rx->buf + rx->filled, data, n);
		rx->filled += n;
	}
	if (more) {
		seg_log(t, 2, "segment of %u bytes for base message ID "
			 "%u, %u of %u bytes received", n, rx->base_id,
			 rx->filled, rx->len);
		res->status = SEG_RX_NEXT;
		return res->status;
	}
	if (rx->filled < rx->len) {
		rx_remove(t, c, rx);
		return rx_error(res, ATTR_LENGTH_OFFSET, false,
				"last segment leaves the attribute "
				"incomplete");
	}
	return rx_done(t, c, rx, res);
}

/*
 * Reads and checks the base attribute header of a first segment, in the
 * order of pa-tnc.md section 4 step 3, and against the limits. On failure
 * returns why, with *offset inside the base attribute.
 */
static const char *read_base_header(const struct seg_table *t,
				    const struct seg_contract *c,
				    struct reader *r, struct seg_rx *hdr,
				    uint32_t *offset)
{
	uint32_t total;

	*offset = 0;
	if (reader_left(r) < PA_TNC_ATTR_HEADER_LEN)
		return "first segment shorter than an attribute header";
	hdr->flags = reader_u8(r);
	hdr->vendor = reader_u24(r);
	hdr->type = reader_u32(r);
	total = reader_u32(r);
	*offset = ATTR_LENGTH_OFFSET;
	if (total < PA_TNC_ATTR_HEADER_LEN)
		return "attribute length shorter than its header";
	if (total > c->max_msg_size || total > t->limits.max_attr_len)
		return "attribute length above the limit";
	hdr->len = total - PA_TNC_ATTR_HEADER_LEN;
	*offset = 1;
	if (hdr->vendor == PEN_RESERVED)
		return "reserved attribute vendor ID";
	*offset = 4;
	if (hdr->type == PA_ATTR_TYPE_RESERVED)
		return "reserved attribute type";
	return NULL;
}

static enum seg_rx_status rx_start(struct seg_table *t,
				   struct seg_contract *c,
				   const struct seg_envelope *env,
				   struct seg_rx_result *res)
{
	bool more = env->flags & SEG_ENV_MORE;
	struct seg_rx hdr = { 0 }, *rx;
	struct reader r;
	const char *why;
	uint32_t offset, left;

	/* S for an ID in use is ignored (7.3). */
	if (rx_find(c, env->base_id)) {
		seg_log(t, 1, "first segment for base message ID %u "
			 "from %s %u while one is in progress, ignored",
			 env->base_id, seg_peer_kind(t), c->key.peer_id);
		res->status = SEG_RX_IGNORED;
		return res->status;
	}
	reader_init(&r, env->value, env->len);
	why = read_base_header(t, c, &r, &hdr, &offset);
	if (why)
		return rx_error(res, offset, more, why);
	if (t->n_rx >= t->limits.max_rx)
		return rx_refuse(res, more, "too many segmented attributes in "
				 "progress");
	rx = malloc(sizeof(*rx));
	if (!rx)
		return rx_refuse(res, more, "out of memory");
	*rx = hdr;
	rx->base_id = env->base_id;
	rx->next = c->rx;
	c->rx = rx;
	t->n_rx++;
	seg_log(t, 1, "receiving attribute 0x%06x/0x%08x of %u bytes "
		 "from %s %u in segments, base message ID %u", rx->vendor,
		 rx->type, rx->len, seg_peer_kind(t), c->key.peer_id,
		 rx->base_id);
	left = (uint32_t)reader_left(&r);
	return rx_append(t, c, rx, reader_bytes(&r, left), left, more, res);
}

enum seg_rx_status seg_on_envelope(struct seg_table *t,
				   const struct seg_key *key,
				   const struct seg_envelope *env,
				   struct seg_rx_result *res)
{
	struct seg_contract *c;
	struct seg_rx *rx;

	memset(res, 0, sizeof(*res));
	res->base_id = env->base_id;
	res->status = SEG_RX_IGNORED;
	c = seg_contract_issuer(t, key);
	if (!c) {
		seg_log(t, 1, "segment from %s %u for PA message type "
			 "0x%06x/0x%08x without a contract, ignored",
			 seg_peer_kind(t), key->peer_id, key->msg_vendor,
			 key->msg_subtype);
		return res->status;
	}
	if (env->flags & SEG_ENV_START)
		return rx_start(t, c, env, res);
	rx = rx_find(c, env->base_id);
	if (!rx) {
		seg_log(t, 1, "segment for unknown base message ID %u "
			 "from %s %u ignored", env->base_id, seg_peer_kind(t),
			 key->peer_id);
		return res->status;
	}
	return rx_append(t, c, rx, env->value, env->len,
			 env->flags & SEG_ENV_MORE, res);
}

int seg_rx_cancel(struct seg_table *t, const struct seg_key *key,
		  uint32_t base_id)
{
	struct seg_contract *c = seg_contract_find(t, key, SEG_ISSUER);
	struct seg_rx *rx = c ? rx_find(c, base_id) : NULL;

	if (!rx)
		return -1;
	seg_log(t, 1, "reassembly of base message ID %u from %s %u "
		 "cancelled, %u of %u bytes received", base_id,
		 seg_peer_kind(t), key->peer_id, rx->filled, rx->len);
	rx_remove(t, c, rx);
	return 0;
}
