/*
 * seg_contract.c - the per-connection table of segmentation contracts and
 * their negotiation (pa-tnc.md section 7.2). A contract is kept per PA
 * message type, per peer IMC/IMV ID and per role: the issuer sent the
 * request and will receive segments, the responder answered it and will
 * send them. Sending and reassembly hang off their contract (seg_tx.c,
 * seg_rx.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "seg_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[] = {
	[SEG_ISSUER] = "issuer",
	[SEG_RESPONDER] = "responder",
};

static const struct seg_limits default_limits = {
	.max_attr_len = SEG_DEFAULT_MAX_ATTR_LEN,
	.max_rx = SEG_DEFAULT_MAX_RX,
	.max_contracts = SEG_DEFAULT_MAX_CONTRACTS,
};

void seg_table_init(struct seg_table *t, enum log_subsys log,
		    const struct seg_limits *limits)
{
	memset(t, 0, sizeof(*t));
	t->log = log;
	t->limits = limits ? *limits : default_limits;
}

void seg_log(const struct seg_table *t, int level, const char *fmt, ...)
{
	char text[512];
	va_list args;

	va_start(args, fmt);
	vsnprintf(text, sizeof(text), fmt, args);
	va_end(args);
	if (t->name)
		log_line(t->log, level, "%s: %s", t->name, text);
	else
		log_line(t->log, level, "%s", text);
}

void seg_table_free(struct seg_table *t)
{
	struct seg_contract *c;

	while ((c = t->contracts) != NULL) {
		t->contracts = c->next;
		seg_tx_free_all(c);
		seg_rx_free_all(t, c);
		free(c);
	}
	t->n_contracts = 0;
}

const char *seg_peer_kind(const struct seg_table *t)
{
	return t->log == LOG_IMC ? "IMV" : "IMC";
}

static bool key_equal(const struct seg_key *a, const struct seg_key *b)
{
	return a->msg_vendor == b->msg_vendor &&
	       a->msg_subtype == b->msg_subtype && a->peer_id == b->peer_id;
}

struct seg_contract *seg_contract_find(struct seg_table *t,
				       const struct seg_key *key,
				       enum seg_role role)
{
	struct seg_contract *c;

	for (c = t->contracts; c; c = c->next)
		if (c->role == role && key_equal(&c->key, key))
			return c;
	return NULL;
}

bool seg_contract_is_null(const struct seg_contract *c)
{
	return c->max_msg_size == SEG_SIZE_UNLIMITED &&
	       c->max_seg_size == SEG_SIZE_UNLIMITED;
}

/* NULL when the table is full or out of memory. */
static struct seg_contract *contract_new(struct seg_table *t,
					 const struct seg_key *key,
					 enum seg_role role)
{
	struct seg_contract *c;

	if (t->n_contracts >= t->limits.max_contracts)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->key = *key;
	c->role = role;
	c->next = t->contracts;
	t->contracts = c;
	t->n_contracts++;
	return c;
}

static void log_contract(const struct seg_table *t,
			 const struct seg_contract *c, const char *what)
{
	seg_log(t, 1, "%s %s contract for PA message type "
		 "0x%06x/0x%08x with %s %u: max message size %u, "
		 "max segment size %u", what, role_names[c->role],
		 c->key.msg_vendor, c->key.msg_subtype, seg_peer_kind(t),
		 c->key.peer_id, c->max_msg_size, c->max_seg_size);
}

int seg_contract_request(struct seg_table *t, const struct seg_key *key,
			 uint32_t max_pa_msg_size, struct writer *w)
{
	struct seg_contract *c;
	struct seg_contract_attr req;

	if (max_pa_msg_size != SEG_SIZE_UNLIMITED &&
	    max_pa_msg_size < SEG_OVERHEAD + SEG_MIN_SEGMENT)
		return -1;
	c = seg_contract_find(t, key, SEG_ISSUER);
	if (!c)
		c = contract_new(t, key, SEG_ISSUER);
	if (!c)
		return -1;
	/* We accept attributes of any size and want segments that fill our
	 * PA-TNC messages (7.2); an unlimited transport needs none. */
	c->max_msg_size = SEG_SIZE_UNLIMITED;
	c->max_seg_size = max_pa_msg_size == SEG_SIZE_UNLIMITED ?
			  SEG_SIZE_UNLIMITED : max_pa_msg_size - SEG_OVERHEAD;
	req.max_msg_size = c->max_msg_size;
	req.max_seg_size = c->max_seg_size;
	seg_contract_attr_encode(w, SEG_ATTR_CONTRACT_REQUEST, &req);
	log_contract(t, c, "requesting");
	return writer_ok(w) ? 0 : -1;
}

void seg_contract_on_request(struct seg_table *t, const struct seg_key *key,
			     const struct seg_contract_attr *req,
			     uint32_t max_pa_msg_size, struct writer *w)
{
	struct seg_contract *c;
	struct seg_contract_attr resp = { SEG_SIZE_UNLIMITED,
					  SEG_SIZE_UNLIMITED };
	uint32_t own = 0;

	c = seg_contract_find(t, key, SEG_RESPONDER);
	if (!c)
		c = contract_new(t, key, SEG_RESPONDER);
	if (!c) {
		seg_log(t, 1, "no room for a contract with %s %u, "
			 "answering with the null contract",
			 seg_peer_kind(t), key->peer_id);
		seg_contract_attr_encode(w, SEG_ATTR_CONTRACT_RESPONSE, &resp);
		return;
	}
	c->max_msg_size = req->max_msg_size;
	c->max_seg_size = req->max_seg_size;
	/* A segment must fit in one of our own PA-TNC messages (7.2). */
	if (max_pa_msg_size > SEG_OVERHEAD)
		own = max_pa_msg_size - SEG_OVERHEAD;
	if (c->max_seg_size != SEG_SIZE_UNLIMITED &&
	    max_pa_msg_size != SEG_SIZE_UNLIMITED && c->max_seg_size > own)
		c->max_seg_size = own;
	resp.max_msg_size = c->max_msg_size;
	resp.max_seg_size = c->max_seg_size;
	seg_contract_attr_encode(w, SEG_ATTR_CONTRACT_RESPONSE, &resp);
	log_contract(t, c, "accepted");
}

struct seg_contract *seg_contract_issuer(struct seg_table *t,
					 const struct seg_key *key)
{
	struct seg_contract *c, *any, *clone;
	struct seg_key any_key = *key;

	c = seg_contract_find(t, key, SEG_ISSUER);
	if (c || key->peer_id == SEG_PEER_ANY)
		return c;
	any_key.peer_id = SEG_PEER_ANY;
	any = seg_contract_find(t, &any_key, SEG_ISSUER);
	if (!any)
		return NULL;
	clone = contract_new(t, key, SEG_ISSUER);
	if (!clone)
		return NULL;
	clone->max_msg_size = any->max_msg_size;
	clone->max_seg_size = any->max_seg_size;
	log_contract(t, clone, "cloned");
	return clone;
}

int seg_contract_on_response(struct seg_table *t, const struct seg_key *key,
			     const struct seg_contract_attr *resp)
{
	struct seg_contract *c = seg_contract_issuer(t, key);

	if (!c) {
		seg_log(t, 1, "contract response from %s %u for PA "
			 "message type 0x%06x/0x%08x without a request, "
			 "ignored", seg_peer_kind(t), key->peer_id,
			 key->msg_vendor, key->msg_subtype);
		return -1;
	}
	/* The responder may only lower what we asked for (7.2). */
	if (resp->max_msg_size < c->max_msg_size)
		c->max_msg_size = resp->max_msg_size;
	if (resp->max_seg_size < c->max_seg_size)
		c->max_seg_size = resp->max_seg_size;
	log_contract(t, c, "agreed");
	return 0;
}
