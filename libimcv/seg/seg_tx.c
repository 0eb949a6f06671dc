/*
 * seg_tx.c - the sending side of TCG IF-M segmentation (pa-tnc.md
 * section 7.3). Only the responder of a contract segments: it decides per
 * attribute whether segments are needed, sends the first envelope at once
 * and each further one when the issuer asks for it with Next Segment.
 * Until then it keeps its own copy of the attribute, so the agent may
 * free its attribute as soon as seg_send returns.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "seg_int.h"

#include <stdlib.h>
#include <string.h>

/* Attribute header and envelope header around each segment value. */
#define ENV_OVERHEAD	(PA_TNC_ATTR_HEADER_LEN + SEG_ENV_HEADER_LEN)

static struct seg_tx *tx_find(struct seg_contract *c, uint32_t base_id)
{
	struct seg_tx *tx;

	for (tx = c->tx; tx; tx = tx->next)
		if (tx->base_id == base_id)
			return tx;
	return NULL;
}

static void tx_remove(struct seg_contract *c, struct seg_tx *tx)
{
	struct seg_tx **p;

	for (p = &c->tx; *p; p = &(*p)->next) {
		if (*p == tx) {
			*p = tx->next;
			free(tx->value);
			free(tx);
			return;
		}
	}
}

void seg_tx_free_all(struct seg_contract *c)
{
	while (c->tx)
		tx_remove(c, c->tx);
}

size_t seg_tx_pending(const struct seg_table *t)
{
	const struct seg_contract *c;
	const struct seg_tx *tx;
	size_t n = 0;

	for (c = t->contracts; c; c = c->next)
		for (tx = c->tx; tx; tx = tx->next)
			n++;
	return n;
}

/*
 * Base Message IDs count up from 1 per contract (7.3); after the 24-bit
 * maximum they start again at 1, passing over IDs still in use.
 */
static uint32_t next_base_id(struct seg_contract *c)
{
	do {
		c->last_base_id = c->last_base_id >= SEG_BASE_ID_MAX ?
				  1 : c->last_base_id + 1;
	} while (tx_find(c, c->last_base_id));
	return c->last_base_id;
}

static enum seg_tx_status tx_result(struct seg_tx_result *res,
				    enum seg_tx_status status,
				    uint32_t base_id, uint32_t part_len,
				    const char *reason)
{
	res->status = status;
	res->base_id = base_id;
	res->part_len = part_len;
	res->reason = reason;
	return status;
}

/* A copy of attr as a pending send, or NULL when out of memory. */
static struct seg_tx *tx_new(const struct pa_attr_raw *attr)
{
	struct seg_tx *tx = calloc(1, sizeof(*tx));

	if (!tx)
		return NULL;
	tx->value = malloc(attr->len);
	if (!tx->value) {
		free(tx);
		return NULL;
	}
	memcpy(tx->value, attr->value, attr->len);
	tx->flags = attr->flags;
	tx->vendor = attr->vendor;
	tx->type = attr->type;
	tx->len = attr->len;
	return tx;
}

/* Why attr cannot go in segments under c, or NULL when it can. */
static const char *cannot_segment(const struct seg_contract *c,
				  const struct pa_attr_raw *attr)
{
	/* Oversized messages are not handled (7.3): the peer said it
	 * would not take them. */
	if ((uint64_t)attr->len + PA_TNC_ATTR_HEADER_LEN > c->max_msg_size)
		return "attribute exceeds the contract's max message size";
	if (c->max_seg_size < SEG_MIN_SEGMENT)
		return "contract's max segment size cannot hold an attribute "
		       "header";
	if (!attr->value)
		return "attribute without a value";
	return NULL;
}

enum seg_tx_status seg_send(struct seg_table *t, const struct seg_key *key,
			    const struct pa_attr_raw *attr, size_t space,
			    struct writer *w, struct seg_tx_result *res)
{
	struct seg_contract *c = seg_contract_find(t, key, SEG_RESPONDER);
	struct seg_tx *tx;
	struct pa_attr_raw base;
	const char *why;
	uint32_t seg_len, part;

	/* Segments only when the value exceeds what one envelope under the
	 * contract carries (7.3); never a single segment. */
	if (!c || c->max_seg_size == SEG_SIZE_UNLIMITED ||
	    attr->len <= (uint64_t)c->max_seg_size + SEG_ENV_HEADER_LEN)
		return tx_result(res, SEG_TX_WHOLE, 0, 0, NULL);
	why = cannot_segment(c, attr);
	if (why)
		return tx_result(res, SEG_TX_FAILED, 0, 0, why);
	if (space < ENV_OVERHEAD + SEG_MIN_SEGMENT)
		return tx_result(res, SEG_TX_NO_SPACE, 0, 0, NULL);
	/* The first segment value is the base header and the first part
	 * of the value, as much as the message and the contract allow. */
	seg_len = c->max_seg_size;
	if (space - ENV_OVERHEAD < seg_len)
		seg_len = (uint32_t)(space - ENV_OVERHEAD);
	part = seg_len - PA_TNC_ATTR_HEADER_LEN;

	tx = tx_new(attr);
	if (!tx)
		return tx_result(res, SEG_TX_FAILED, 0, 0, "out of memory");
	tx->base_id = next_base_id(c);
	tx->next = c->tx;
	c->tx = tx;
	base = *attr;
	base.value = tx->value;
	seg_envelope_encode_first(w, tx->base_id, &base, part);
	if (!writer_ok(w)) {
		tx_remove(c, tx);
		return tx_result(res, SEG_TX_FAILED, 0, 0, "out of memory");
	}
	tx->sent = part;
	seg_log(t, 1, "sending attribute 0x%06x/0x%08x of %u bytes to "
		 "%s %u in segments of up to %u bytes, base message ID %u",
		 attr->vendor, attr->type, attr->len, seg_peer_kind(t),
		 key->peer_id, c->max_seg_size, tx->base_id);
	return tx_result(res, SEG_TX_SEGMENT, tx->base_id, part, NULL);
}

/* Writes the next envelope of tx, at most limit value bytes. */
static enum seg_tx_status send_next(struct seg_table *t,
				    struct seg_contract *c,
				    struct seg_tx *tx, uint32_t limit,
				    struct writer *w, struct seg_tx_result *res)
{
	struct seg_envelope env;
	uint32_t left = tx->len - tx->sent;
	uint32_t base_id = tx->base_id;

	env.base_id = base_id;
	env.value = tx->value + tx->sent;
	env.len = left < limit ? left : limit;
	env.flags = env.len == left ? 0 : SEG_ENV_MORE;
	seg_envelope_encode(w, &env);
	if (!writer_ok(w))
		return tx_result(res, SEG_TX_FAILED, base_id, 0,
				 "out of memory");
	tx->sent += env.len;
	if (env.flags & SEG_ENV_MORE) {
		seg_log(t, 2, "segment of %u bytes for base message "
			 "ID %u, %u of %u bytes sent", env.len, base_id,
			 tx->sent, tx->len);
		return tx_result(res, SEG_TX_SEGMENT, base_id, env.len, NULL);
	}
	seg_log(t, 1, "last segment for base message ID %u sent to "
		 "%s %u, %u bytes in all", base_id, seg_peer_kind(t),
		 c->key.peer_id, tx->len);
	tx_remove(c, tx);
	return tx_result(res, SEG_TX_LAST, base_id, env.len, NULL);
}

enum seg_tx_status seg_on_next_segment(struct seg_table *t,
				       const struct seg_key *key,
				       const struct seg_next *next,
				       size_t space, struct writer *w,
				       struct seg_tx_result *res)
{
	struct seg_contract *c = seg_contract_find(t, key, SEG_RESPONDER);
	struct seg_tx *tx = c ? tx_find(c, next->base_id) : NULL;
	uint32_t limit;

	if (!tx) {
		seg_log(t, 1, "next segment request from %s %u for "
			 "unknown base message ID %u ignored",
			 seg_peer_kind(t), key->peer_id, next->base_id);
		return tx_result(res, SEG_TX_IGNORED, next->base_id, 0, NULL);
	}
	if (next->cancel) {
		seg_log(t, 1, "%s %u cancelled base message ID %u, %u "
			 "of %u bytes not sent", seg_peer_kind(t),
			 key->peer_id, tx->base_id, tx->len - tx->sent,
			 tx->len);
		tx_remove(c, tx);
		return tx_result(res, SEG_TX_CANCELLED, next->base_id, 0,
				 NULL);
	}
	if (space < ENV_OVERHEAD + 1)
		return tx_result(res, SEG_TX_NO_SPACE, next->base_id, 0, NULL);
	/* A renewed contract may have changed the segment size; at least
	 * one byte per segment keeps the exchange moving. */
	limit = c->max_seg_size ? c->max_seg_size : 1;
	if (space - ENV_OVERHEAD < limit)
		limit = (uint32_t)(space - ENV_OVERHEAD);
	return send_next(t, c, tx, limit, w, res);
}
