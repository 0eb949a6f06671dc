/*
 * ietf_sw_events.c - IETF Software Events (17) and Software Identifier
 * Events (15) (RFC 8412 5.9 and 5.10, swima spec note 2.3): the SWIMA
 * IMC's answer to a request with an earliest EID, the changes to its
 * inventory since then. Both share one layout; type 15 leaves out the
 * Record field of each event, so one decoder with a with_record switch
 * serves both.
 *
 *   | Flags u8 | Event Count u24 | Request ID Copy / Subscription ID u32 |
 *   | EID Epoch u32 | Last EID u32 | Last Consulted EID u32 |
 *   | event (ietf_sw_record.c) | ... Count times
 *
 * The reference parses these incrementally as TCG segments arrive (spec
 * note 2.3); here the attribute is decoded once reassembled, so the
 * announced count must be present and fill the value exactly.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#include <stdlib.h>

static int decode(const struct pa_attr_raw *raw, bool with_record,
		  struct ietf_sw_events *out, uint32_t *offset)
{
	struct reader r;
	uint32_t count;
	size_t i, cap;

	out->count = 0;
	out->events = NULL;
	pa_value_reader(raw, &r);
	out->flags = reader_u8(&r);
	count = reader_u24(&r);
	out->request_id = reader_u32(&r);
	out->epoch = reader_u32(&r);
	out->last_eid = reader_u32(&r);
	out->last_consulted_eid = reader_u32(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	out->events = pa_entries_new(count, &r,
				      pa_sw_record_min_len(true, with_record),
				      sizeof(*out->events), &cap);
	if (!out->events)
		return PA_DECODE_NOMEM;
	for (i = 0; i < count; i++) {
		struct ietf_sw_record rec;

		if (pa_sw_record_read(&r, true, with_record, &rec,
				      offset) < 0)
			goto malformed;
		/* unreachable: each event took at least its minimum */
		if (i == cap) {
			*offset = pa_reader_offset(&r);
			goto malformed;
		}
		out->events[i] = rec;
	}
	if (pa_check_end(&r, offset) < 0)
		goto malformed;
	out->count = count;
	return PA_DECODE_OK;

malformed:
	ietf_sw_events_free(out);
	return PA_DECODE_MALFORMED;
}

static int encode(const struct ietf_sw_events *in, bool with_record,
		  struct writer *w)
{
	size_t i;

	if (in->count > IETF_SWIMA_COUNT_MAX)
		return -1;
	writer_u8(w, in->flags);
	writer_u24(w, (uint32_t)in->count);
	writer_u32(w, in->request_id);
	writer_u32(w, in->epoch);
	writer_u32(w, in->last_eid);
	writer_u32(w, in->last_consulted_eid);
	for (i = 0; i < in->count; i++)
		if (pa_sw_record_write(w, true, with_record,
				       &in->events[i]) < 0)
			return -1;
	return pa_writer_result(w);
}

int ietf_sw_id_events_decode(const struct pa_attr_raw *raw,
				struct ietf_sw_events *out,
				uint32_t *offset)
{
	return decode(raw, false, out, offset);
}

int ietf_sw_id_events_encode(const struct ietf_sw_events *in,
				struct writer *w)
{
	return encode(in, false, w);
}

int ietf_sw_events_decode(const struct pa_attr_raw *raw,
			     struct ietf_sw_events *out, uint32_t *offset)
{
	return decode(raw, true, out, offset);
}

int ietf_sw_events_encode(const struct ietf_sw_events *in,
			     struct writer *w)
{
	return encode(in, true, w);
}

void ietf_sw_events_free(struct ietf_sw_events *v)
{
	free(v->events);
	v->events = NULL;
	v->count = 0;
}
