/*
 * ietf_swima_request.c - IETF SWIMA Request (RFC 8412 5.7, swima spec
 * note 2.1): the SWIMA IMV asks the SWIMA IMC for an inventory (earliest
 * EID 0) or for the events since an EID, optionally only for the listed
 * software identifiers ("targets") and optionally as a subscription.
 *
 *   | Flags u8 | Software Identifier Count u24 |
 *   | Request ID u32 | Earliest EID u32 |
 *   | u16 len | Software Identifier | ... Count times
 *
 * The same fields make up each Subscription Record of a Subscription
 * Status Response (ietf_subscription_status_resp.c), so the reader and
 * writer of the fields are shared through pa_field.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#include <stdlib.h>

#define FIXED_LEN 12
#define ENTRY_MIN_LEN 2

int pa_swima_request_read(struct reader *r, struct ietf_swima_request *out,
			  uint32_t *offset)
{
	uint32_t start = pa_reader_offset(r), count;
	size_t i, cap;

	out->count = 0;
	out->targets = NULL;
	if (reader_left(r) < FIXED_LEN) {
		*offset = start;
		return PA_DECODE_MALFORMED;
	}
	out->flags = reader_u8(r);
	count = reader_u24(r);
	out->request_id = reader_u32(r);
	out->earliest_eid = reader_u32(r);
	out->targets = pa_entries_new(count, r, ENTRY_MIN_LEN,
				      sizeof(*out->targets), &cap);
	if (!out->targets)
		return PA_DECODE_NOMEM;
	for (i = 0; i < count; i++) {
		struct pa_bytes id;

		if (pa_read_str16(r, &id, offset) < 0)
			goto malformed;
		/* unreachable: each entry took at least ENTRY_MIN_LEN bytes */
		if (i == cap) {
			*offset = pa_reader_offset(r);
			goto malformed;
		}
		out->targets[i] = id;
	}
	out->count = count;
	return PA_DECODE_OK;

malformed:
	ietf_swima_request_free(out);
	return PA_DECODE_MALFORMED;
}

int pa_swima_request_write(struct writer *w,
			   const struct ietf_swima_request *in)
{
	size_t i;

	if (in->count > IETF_SWIMA_COUNT_MAX)
		return -1;
	writer_u8(w, in->flags);
	writer_u24(w, (uint32_t)in->count);
	writer_u32(w, in->request_id);
	writer_u32(w, in->earliest_eid);
	for (i = 0; i < in->count; i++)
		if (pa_write_str16(w, in->targets[i]) < 0)
			return -1;
	return 0;
}

int ietf_swima_request_decode(const struct pa_attr_raw *raw,
			      struct ietf_swima_request *out,
			      uint32_t *offset)
{
	struct reader r;
	int rc;

	pa_value_reader(raw, &r);
	rc = pa_swima_request_read(&r, out, offset);
	if (rc != PA_DECODE_OK)
		return rc;
	/* the announced targets must fill the value exactly */
	if (pa_check_end(&r, offset) < 0) {
		ietf_swima_request_free(out);
		return PA_DECODE_MALFORMED;
	}
	return PA_DECODE_OK;
}

int ietf_swima_request_encode(const struct ietf_swima_request *in,
			      struct writer *w)
{
	if (pa_swima_request_write(w, in) < 0)
		return -1;
	return pa_writer_result(w);
}

void ietf_swima_request_free(struct ietf_swima_request *v)
{
	free(v->targets);
	v->targets = NULL;
	v->count = 0;
}
