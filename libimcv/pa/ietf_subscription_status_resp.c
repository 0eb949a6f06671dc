/*
 * ietf_subscription_status_resp.c - IETF Subscription Status Response
 * (RFC 8412 5.12): the SWIMA IMC's answer to a Subscription Status
 * Request, listing the subscriptions it holds for the asking IMV.
 *
 *   | Reserved u8 | Status Count u24 |
 *   | Subscription Record | ... Count times
 *
 * A Subscription Record holds the fields of the SWIMA Request that
 * established the subscription (ietf_swima_request.c), its Request ID
 * field carrying the Subscription ID:
 *
 *   | Flags u8 | Software Identifier Count u24 |
 *   | Subscription ID u32 | Earliest EID u32 |
 *   | u16 len | Software Identifier | ... Count times
 *
 * The layout was reconstructed from RFC 8412 for this codec, the swima
 * spec note does not give it. The reference implements neither side.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#include <stdlib.h>

/* The fixed part of a Subscription Record, its smallest size */
#define RECORD_MIN_LEN 12

int ietf_subscription_status_resp_decode(const struct pa_attr_raw *raw,
				struct ietf_subscription_status_resp *out,
				uint32_t *offset)
{
	struct reader r;
	uint32_t count;
	size_t cap;
	int rc;

	out->count = 0;
	out->subscriptions = NULL;
	pa_value_reader(raw, &r);
	out->flags = reader_u8(&r);
	count = reader_u24(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	out->subscriptions = pa_entries_new(count, &r, RECORD_MIN_LEN,
					    sizeof(*out->subscriptions), &cap);
	if (!out->subscriptions)
		return PA_DECODE_NOMEM;
	while (out->count < count) {
		/*
		 * Each record takes at least RECORD_MIN_LEN bytes, so past
		 * cap the value ends inside this record: malformed at its
		 * start, as reading it would find.
		 */
		if (out->count == cap) {
			*offset = pa_reader_offset(&r);
			rc = PA_DECODE_MALFORMED;
			goto failed;
		}
		rc = pa_swima_request_read(&r,
				&out->subscriptions[out->count], offset);
		if (rc != PA_DECODE_OK)
			goto failed;
		out->count++;
	}
	if (pa_check_end(&r, offset) < 0) {
		rc = PA_DECODE_MALFORMED;
		goto failed;
	}
	return PA_DECODE_OK;

failed:
	ietf_subscription_status_resp_free(out);
	return rc;
}

int ietf_subscription_status_resp_encode(
	const struct ietf_subscription_status_resp *in, struct writer *w)
{
	size_t i;

	if (in->count > IETF_SWIMA_COUNT_MAX)
		return -1;
	writer_u8(w, in->flags);
	writer_u24(w, (uint32_t)in->count);
	for (i = 0; i < in->count; i++)
		if (pa_swima_request_write(w, &in->subscriptions[i]) < 0)
			return -1;
	return pa_writer_result(w);
}

void ietf_subscription_status_resp_free(
	struct ietf_subscription_status_resp *v)
{
	size_t i;

	for (i = 0; i < v->count; i++)
		ietf_swima_request_free(&v->subscriptions[i]);
	free(v->subscriptions);
	v->subscriptions = NULL;
	v->count = 0;
}
