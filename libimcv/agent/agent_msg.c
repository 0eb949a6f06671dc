/*
 * agent_msg.c - outgoing messages (agent.h): attributes for one peer,
 * laid out over as many PA-TNC messages as the host's maximum message
 * size asks for (pa-tnc.md section 10), segmented under a responder
 * contract (section 7.3), and queued on the connection until it is
 * unlocked.
 *
 * An attribute larger than any PA-TNC message the host takes cannot go
 * whole. With no contract yet, e.g. in an IMC's first message, it is
 * held on the connection: when the peer asks for a contract, the reply
 * that carries the Contract Response also carries the attribute, in
 * segments. The reference drops such attributes; holding them lets a
 * plugin send what it has without knowing what the peer will ask for.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "agent_int.h"

#include <stdlib.h>
#include <string.h>

#include "pa_msg.h"

struct agent_msg {
	struct agent_conn *c;
	struct agent_msg_type type;
	uint32_t dest;
	bool excl;
	struct pa_msg_builder *b;	/* the message being filled, or NULL */
	struct agent_out *done;		/* finished messages, owned */
	size_t count;			/* attributes added */
};

/* What one connection may hold back for a contract (memory bound). */
#define AGENT_MAX_HELD	SEG_DEFAULT_MAX_ATTR_LEN

static struct seg_key key_of(const struct agent_msg *m)
{
	return (struct seg_key){ m->type.vendor, m->type.subtype, m->dest };
}

static const char *describe(uint32_t vendor, uint32_t type, char *buf,
			    size_t len)
{
	return pa_attr_describe(vendor, type, buf, len);
}

void agent_outbox_free(struct agent_out *out)
{
	struct agent_out *next;

	for (; out; out = next) {
		next = out->next;
		free(out->data);
		free(out);
	}
}

static void append_out(struct agent_out **list, struct agent_out *o)
{
	while (*list)
		list = &(*list)->next;
	*list = o;
}

static bool ensure_builder(struct agent_msg *m)
{
	if (m->b)
		return true;
	m->b = pa_msg_builder_new(m->c->max_msg);
	if (!m->b)
		agent_log(m->c, 0, "cannot start a PA-TNC message of at most "
			  "%u bytes", m->c->max_msg);
	return m->b != NULL;
}

void agent_msg_break(struct agent_msg *m)
{
	struct agent_out *o;
	uint8_t *data;
	size_t len;

	if (!m->b || pa_msg_builder_count(m->b) == 0)
		return;
	o = calloc(1, sizeof(*o));
	data = pa_msg_builder_finish(m->b, &len);
	pa_msg_builder_free(m->b);
	m->b = NULL;
	if (!o || !data) {
		agent_log(m->c, 0, "out of memory: PA-TNC message to %s %u "
			  "dropped", m->c->agent->role->peer_label, m->dest);
		free(o);
		free(data);
		return;
	}
	*o = (struct agent_out){ NULL, m->type, m->dest, m->excl, data, len };
	append_out(&m->done, o);
}

size_t agent_msg_space(struct agent_msg *m)
{
	return ensure_builder(m) ? pa_msg_builder_space(m->b) : 0;
}

uint32_t agent_msg_dest(const struct agent_msg *m)
{
	return m->dest;
}

struct agent_msg_type agent_msg_type(const struct agent_msg *m)
{
	return m->type;
}

size_t agent_msg_count(const struct agent_msg *m)
{
	return m->count;
}

/* Adds an attribute as it is, in the next message when this one is full. */
static enum pa_msg_add add_plain(struct agent_msg *m,
				 const struct pa_attr_raw *raw)
{
	enum pa_msg_add rc;

	if (!ensure_builder(m))
		return PA_MSG_ADD_FAILED;
	rc = pa_msg_builder_add(m->b, raw);
	if (rc == PA_MSG_FULL) {
		agent_msg_break(m);
		if (!ensure_builder(m))
			return PA_MSG_ADD_FAILED;
		rc = pa_msg_builder_add(m->b, raw);
	}
	if (rc == PA_MSG_ADDED)
		m->count++;
	return rc;
}

bool agent_msg_add_written(struct agent_msg *m, const struct writer *w)
{
	struct pa_attr_raw raw;

	if (seg_attr_view(w, 0, &raw) < 0) {
		agent_log(m->c, 0, "out of memory building an attribute");
		return false;
	}
	if (add_plain(m, &raw) == PA_MSG_ADDED)
		return true;
	agent_log(m->c, 0, "attribute of %u bytes does not fit a PA-TNC "
		  "message, dropped", raw.len);
	return false;
}

/* Keeps a copy of raw until m's peer asks for a contract. */
static bool hold(struct agent_msg *m, const struct pa_attr_raw *raw)
{
	struct agent_conn *c = m->c;
	struct seg_key key = key_of(m);
	const char *peer = c->agent->role->peer_label;
	struct agent_held *h, **link;
	uint8_t *copy;
	char name[64];

	describe(raw->vendor, raw->type, name, sizeof(name));
	if (seg_contract_find(&c->seg, &key, SEG_RESPONDER) ||
	    c->held_bytes + raw->len > AGENT_MAX_HELD) {
		agent_log(c, 0, "%s of %u bytes fits no PA-TNC message of %u "
			  "bytes to %s %u, dropped", name, raw->len,
			  c->max_msg, peer, m->dest);
		return false;
	}
	h = calloc(1, sizeof(*h));
	copy = malloc(raw->len ? raw->len : 1);
	if (!h || !copy) {
		agent_log(c, 0, "out of memory: %s dropped", name);
		free(h);
		free(copy);
		return false;
	}
	memcpy(copy, raw->value, raw->len);
	h->type = m->type;
	h->dest = m->dest;
	h->attr = *raw;
	h->attr.value = copy;
	c->held_bytes += raw->len;
	for (link = &c->held; *link; link = &(*link)->next)
		;
	*link = h;
	if (m->dest == AGENT_PEER_ANY)
		agent_log(c, 1, "%s of %u bytes fits no PA-TNC message of %u "
			  "bytes, held until an %s asks for a segmentation "
			  "contract", name, raw->len, c->max_msg, peer);
	else
		agent_log(c, 1, "%s of %u bytes fits no PA-TNC message of %u "
			  "bytes, held until %s %u asks for a segmentation "
			  "contract", name, raw->len, c->max_msg, peer, m->dest);
	return true;
}

bool agent_msg_add_raw(struct agent_msg *m, const struct pa_attr_raw *raw)
{
	struct seg_key key = key_of(m);
	struct seg_tx_result res;
	struct writer w;
	enum seg_tx_status st;
	char name[64];
	bool ok;

	for (;;) {
		if (!ensure_builder(m))
			return false;
		writer_init(&w);
		st = seg_send(&m->c->seg, &key, raw, pa_msg_builder_space(m->b),
			      &w, &res);
		if (st == SEG_TX_SEGMENT || st == SEG_TX_LAST) {
			ok = agent_msg_add_written(m, &w);
			writer_free(&w);
			return ok;
		}
		writer_free(&w);
		if (st == SEG_TX_FAILED) {
			agent_log(m->c, 0, "%s of %u bytes cannot go in "
				  "segments: %s", describe(raw->vendor,
				  raw->type, name, sizeof(name)), raw->len,
				  res.reason);
			return false;
		}
		/* too little room left for a first segment: next message */
		if (st == SEG_TX_NO_SPACE && pa_msg_builder_count(m->b) > 0) {
			agent_msg_break(m);
			continue;
		}
		if (st == SEG_TX_NO_SPACE) {
			agent_log(m->c, 0, "PA-TNC messages of %u bytes hold no "
				  "segment", m->c->max_msg);
			return false;
		}
		break;
	}
	switch (add_plain(m, raw)) {
	case PA_MSG_ADDED:
		log_line(m->c->agent->role->log, 2, "%s: adding %s of %u bytes "
			 "for %s %u", m->c->agent->plugin->name,
			 describe(raw->vendor, raw->type, name, sizeof(name)),
			 raw->len, m->c->agent->role->peer_label, m->dest);
		return true;
	case PA_MSG_TOO_BIG:
		return hold(m, raw);
	default:
		agent_log(m->c, 0, "out of memory: %s dropped",
			  describe(raw->vendor, raw->type, name, sizeof(name)));
		return false;
	}
}

bool agent_msg_add(struct agent_msg *m, const struct pa_attr *a)
{
	struct pa_attr_raw raw = { a->flags, a->vendor, a->type, NULL, 0 };
	struct writer w;
	char name[64];
	bool ok = false;

	writer_init(&w);
	if (pa_attr_encode_value(a, &w) < 0 ||
	    w.len > UINT32_MAX - PA_TNC_ATTR_HEADER_LEN) {
		agent_log(m->c, 0, "cannot encode %s", describe(a->vendor,
			  a->type, name, sizeof(name)));
	} else {
		raw.value = w.data;
		raw.len = (uint32_t)w.len;
		ok = agent_msg_add_raw(m, &raw);
	}
	writer_free(&w);
	return ok;
}

bool agent_msg_add_request(struct agent_msg *m,
			   const struct pa_attr_type *types, size_t count)
{
	struct pa_attr a = {
		.vendor = PEN_IETF,
		.type = IETF_ATTR_ATTRIBUTE_REQUEST,
		/* the encoder only reads the list */
		.v.attr_request = { count, (struct pa_attr_type *)types },
	};

	return agent_msg_add(m, &a);
}

struct agent_msg *agent_msg_new_type(struct agent_conn *c,
				     struct agent_msg_type type,
				     uint32_t dest, bool excl)
{
	struct agent_msg *m = calloc(1, sizeof(*m));
	struct seg_key key = { type.vendor, type.subtype, dest };
	struct writer w;

	if (!m) {
		agent_log(c, 0, "out of memory for a message");
		return NULL;
	}
	*m = (struct agent_msg){ .c = c, .type = type, .dest = dest,
				 .excl = excl && dest != AGENT_PEER_ANY };
	/* The first message to a peer asks for the contract (7.2). */
	if (!c->agent->plugin->want_contract ||
	    seg_contract_find(&c->seg, &key, SEG_ISSUER))
		return m;
	writer_init(&w);
	if (seg_contract_request(&c->seg, &key, c->max_msg ? c->max_msg :
				 SEG_SIZE_UNLIMITED, &w) == 0)
		agent_msg_add_written(m, &w);
	else
		agent_log(c, 1, "no segmentation contract requested from %s "
			  "%u", c->agent->role->peer_label, dest);
	writer_free(&w);
	return m;
}

struct agent_msg *agent_msg_new(struct agent_conn *c, uint32_t dest)
{
	struct agent_msg_type type = c->agent->plugin->types[0];
	size_t i;

	for (i = 0; i < c->peer_count; i++)
		if (c->peers[i].id == dest)
			type = c->peers[i].type;
	return agent_msg_new_type(c, type, dest, true);
}

void agent_msg_send(struct agent_msg *m)
{
	if (!m)
		return;
	agent_msg_break(m);
	if (m->done)
		append_out(&m->c->outbox, m->done);
	m->done = NULL;
	agent_msg_free(m);
}

void agent_msg_free(struct agent_msg *m)
{
	if (!m)
		return;
	pa_msg_builder_free(m->b);
	agent_outbox_free(m->done);
	free(m);
}

static void held_free(struct agent_conn *c, struct agent_held *h)
{
	c->held_bytes -= h->attr.len;
	free((void *)h->attr.value);
	free(h);
}

void agent_held_release(struct agent_msg *m)
{
	struct agent_conn *c = m->c;
	struct agent_held **link = &c->held, *h, *ready = NULL, **tail = &ready;

	/* taken out first: one that still cannot go is held again */
	while ((h = *link) != NULL) {
		if (h->type.vendor == m->type.vendor &&
		    h->type.subtype == m->type.subtype &&
		    (h->dest == m->dest || h->dest == AGENT_PEER_ANY)) {
			*link = h->next;
			h->next = NULL;
			*tail = h;
			tail = &h->next;
		} else {
			link = &h->next;
		}
	}
	while ((h = ready) != NULL) {
		ready = h->next;
		agent_msg_add_raw(m, &h->attr);
		held_free(c, h);
	}
}

void agent_held_free_all(struct agent_conn *c)
{
	struct agent_held *h;
	char name[64];

	while ((h = c->held) != NULL) {
		c->held = h->next;
		agent_log(c, 1, "%s of %u bytes never sent: no segmentation "
			  "contract was asked for", describe(h->attr.vendor,
			  h->attr.type, name, sizeof(name)), h->attr.len);
		held_free(c, h);
	}
}
