/*
 * ietf_source_metadata_resp.c - IETF Source Metadata Response (RFC 8412
 * 5.14): the SWIMA IMC's answer to a Source Metadata Request, one entry
 * per data source its records name by Source ID (swima spec note 2.4).
 *
 *   | Reserved u8 | Source Count u24 |
 *   | Source ID u8 | Reserved u8 | u16 len | Source Metadata | ... Count
 *
 * The layout was reconstructed from RFC 8412 for this codec, the swima
 * spec note does not give it. The reference implements neither side.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#include <stdlib.h>

#define ENTRY_MIN_LEN 4

/* One entry; on truncation *offset is the field that runs past the end. */
static int read_source(struct reader *r, struct ietf_source_metadata *src,
		       uint32_t *offset)
{
	uint32_t start = pa_reader_offset(r);

	src->source_id = reader_u8(r);
	src->reserved = reader_u8(r);
	if (!reader_ok(r)) {
		*offset = start;
		return -1;
	}
	return pa_read_str16(r, &src->metadata, offset);
}

int ietf_source_metadata_resp_decode(const struct pa_attr_raw *raw,
				     struct ietf_source_metadata_resp *out,
				     uint32_t *offset)
{
	struct reader r;
	uint32_t count;
	size_t i, cap;

	out->count = 0;
	out->sources = NULL;
	pa_value_reader(raw, &r);
	out->flags = reader_u8(&r);
	count = reader_u24(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	out->sources = pa_entries_new(count, &r, ENTRY_MIN_LEN,
				      sizeof(*out->sources), &cap);
	if (!out->sources)
		return PA_DECODE_NOMEM;
	for (i = 0; i < count; i++) {
		struct ietf_source_metadata src;

		if (read_source(&r, &src, offset) < 0)
			goto malformed;
		/* unreachable: each entry took at least ENTRY_MIN_LEN bytes */
		if (i == cap) {
			*offset = pa_reader_offset(&r);
			goto malformed;
		}
		out->sources[i] = src;
	}
	if (pa_check_end(&r, offset) < 0)
		goto malformed;
	out->count = count;
	return PA_DECODE_OK;

malformed:
	ietf_source_metadata_resp_free(out);
	return PA_DECODE_MALFORMED;
}

int ietf_source_metadata_resp_encode(
	const struct ietf_source_metadata_resp *in, struct writer *w)
{
	size_t i;

	if (in->count > IETF_SWIMA_COUNT_MAX)
		return -1;
	writer_u8(w, in->flags);
	writer_u24(w, (uint32_t)in->count);
	for (i = 0; i < in->count; i++) {
		writer_u8(w, in->sources[i].source_id);
		writer_u8(w, in->sources[i].reserved);
		if (pa_write_str16(w, in->sources[i].metadata) < 0)
			return -1;
	}
	return pa_writer_result(w);
}

void ietf_source_metadata_resp_free(struct ietf_source_metadata_resp *v)
{
	free(v->sources);
	v->sources = NULL;
	v->count = 0;
}
