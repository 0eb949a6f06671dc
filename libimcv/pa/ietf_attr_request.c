/*
 * ietf_attr_request.c - IETF Attribute Request (RFC 5792 4.2.1): the
 * attribute types a Posture Validator asks the collector to send.
 *
 *   | Reserved u8 | Vendor ID u24 |  Attribute Type u32 |  ... repeated
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#include <stdlib.h>

#define ENTRY_LEN 8

int ietf_attr_request_decode(const struct pa_attr_raw *raw,
			     struct ietf_attr_request *out, uint32_t *offset)
{
	struct reader r;
	size_t i, cap;

	out->count = 0;
	out->types = NULL;
	/* spec note 5.1 [ss]: a partial entry fails the whole value */
	if (raw->len % ENTRY_LEN) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	pa_value_reader(raw, &r);
	out->types = pa_entries_new(raw->len / ENTRY_LEN, &r, ENTRY_LEN,
				    sizeof(*out->types), &cap);
	if (!out->types)
		return PA_DECODE_NOMEM;
	for (i = 0; i < cap; i++) {
		reader_u8(&r);
		out->types[i].vendor = reader_u24(&r);
		out->types[i].type = reader_u32(&r);
	}
	out->count = cap;
	return PA_DECODE_OK;
}

int ietf_attr_request_encode(const struct ietf_attr_request *in,
			     struct writer *w)
{
	size_t i;

	for (i = 0; i < in->count; i++) {
		writer_u8(w, 0);
		writer_u24(w, in->types[i].vendor);
		writer_u32(w, in->types[i].type);
	}
	return pa_writer_result(w);
}

void ietf_attr_request_free(struct ietf_attr_request *v)
{
	free(v->types);
	v->types = NULL;
	v->count = 0;
}
