/*
 * ietf_port_filter.c - IETF Port Filter (RFC 5792 4.2.6): which ports the
 * endpoint's firewall lets through, one 4-byte entry per port:
 *
 *   | Reserved 7 bits, B | Protocol u8 | Port u16 |
 *
 * B, the lowest bit of the first byte, set = blocked, clear = allowed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#include <stdlib.h>

#define ENTRY_LEN 4
#define FLAG_BLOCKED 0x01

int ietf_port_filter_decode(const struct pa_attr_raw *raw,
			    struct ietf_port_filter *out, uint32_t *offset)
{
	struct reader r;
	size_t i, cap;

	out->count = 0;
	out->ports = NULL;
	/* spec note 5.1 [ss]: a partial entry fails the whole value */
	if (raw->len % ENTRY_LEN) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	pa_value_reader(raw, &r);
	out->ports = pa_entries_new(raw->len / ENTRY_LEN, &r, ENTRY_LEN,
				    sizeof(*out->ports), &cap);
	if (!out->ports)
		return PA_DECODE_NOMEM;
	for (i = 0; i < cap; i++) {
		out->ports[i].blocked = reader_u8(&r) & FLAG_BLOCKED;
		out->ports[i].protocol = reader_u8(&r);
		out->ports[i].port = reader_u16(&r);
	}
	out->count = cap;
	return PA_DECODE_OK;
}

int ietf_port_filter_encode(const struct ietf_port_filter *in,
			    struct writer *w)
{
	size_t i;

	for (i = 0; i < in->count; i++) {
		writer_u8(w, in->ports[i].blocked ? FLAG_BLOCKED : 0);
		writer_u8(w, in->ports[i].protocol);
		writer_u16(w, in->ports[i].port);
	}
	return pa_writer_result(w);
}

void ietf_port_filter_free(struct ietf_port_filter *v)
{
	free(v->ports);
	v->ports = NULL;
	v->count = 0;
}
