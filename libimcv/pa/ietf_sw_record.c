/*
 * ietf_sw_record.c - the record lists of SWIMA (RFC 8412 5.8-5.10, swima
 * spec note 2.2 and 2.3): the one codec behind the Software [Identifier]
 * Inventory (16, 14) and Events (17, 15) attributes, whose files only
 * name their kind (struct pa_sw_list_kind) and map their struct.
 *
 * A list is a header and Count entries:
 *
 *   | Flags u8 | Count u24 | Request ID Copy / Subscription ID u32 |
 *   | EID Epoch u32 | Last EID u32 |
 *   events only:      | Last Consulted EID u32 |
 *
 * and each entry, a record of an inventory or an event of an event list:
 *
 *   events only:      | EID u32 | Timestamp (20 ASCII chars) |
 *   both:             | Record Identifier u32 |
 *                     | Data Model Type PEN u24 | Data Model Type u8 |
 *                     | Source ID u8 | Action u8 (inventories: reserved) |
 *                     | u16 len | Software Identifier |
 *                     | u16 len | Software Locator |
 *   types 16, 17 only: | u32 len | Record |
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

/* Starts of the fixed fields of an event; inventories begin at REC_ID. */
#define EV_EID		0
#define EV_TIME		4
#define EV_REC_ID	24
#define EV_PEN		28
#define EV_DM_TYPE	31
#define EV_SOURCE	32
#define EV_ACTION	33
#define EV_FIXED	34

static const uint32_t field_starts[] = {
	EV_EID, EV_TIME, EV_REC_ID, EV_PEN, EV_DM_TYPE, EV_SOURCE, EV_ACTION,
};

size_t pa_sw_record_min_len(bool event, bool with_record)
{
	return (event ? EV_FIXED : EV_FIXED - EV_REC_ID) + 2 + 2 +
	       (with_record ? 4 : 0);
}

/*
 * The offset of the fixed field that runs past the end when only left
 * bytes remain: the last one that starts within them.
 */
static uint32_t truncated_field(bool event, size_t left)
{
	uint32_t base = event ? 0 : EV_REC_ID, at = base;
	size_t i;

	for (i = 0; i < sizeof(field_starts) / sizeof(field_starts[0]); i++)
		if (field_starts[i] >= base &&
		    field_starts[i] - base <= left)
			at = field_starts[i];
	return at - base;
}

int pa_sw_record_read(struct reader *r, bool event, bool with_record,
		      struct ietf_sw_record *rec, uint32_t *offset)
{
	uint32_t start = pa_reader_offset(r);
	size_t fixed = event ? EV_FIXED : EV_FIXED - EV_REC_ID;
	uint32_t len;

	*rec = (struct ietf_sw_record){ 0 };
	if (reader_left(r) < fixed) {
		*offset = start + truncated_field(event, reader_left(r));
		return -1;
	}
	if (event) {
		rec->eid = reader_u32(r);
		rec->timestamp.len = IETF_SWIMA_TIMESTAMP_LEN;
		rec->timestamp.ptr = reader_bytes(r, IETF_SWIMA_TIMESTAMP_LEN);
		/* RFC 8412 5.9: an RFC 3339 UTC time ending in Z */
		if (!pa_time_valid(rec->timestamp.ptr)) {
			*offset = start + EV_TIME;
			return -1;
		}
	}
	rec->record_id = reader_u32(r);
	rec->data_model_pen = reader_u24(r);
	rec->data_model_type = reader_u8(r);
	rec->source_id = reader_u8(r);
	rec->action = reader_u8(r);
	/* swima spec note 2.3 [ss]: 0 or > 3 is an invalid event action */
	if (event && (rec->action < IETF_SW_ACTION_CREATION ||
		      rec->action > IETF_SW_ACTION_ALTERATION)) {
		*offset = start + EV_ACTION;
		return -1;
	}
	if (pa_read_str16(r, &rec->sw_id, offset) < 0 ||
	    pa_read_str16(r, &rec->locator, offset) < 0)
		return -1;
	if (with_record) {
		uint32_t len_at = pa_reader_offset(r);

		len = reader_u32(r);
		rec->record.len = len;
		rec->record.ptr = reader_bytes(r, len);
		if (!reader_ok(r)) {
			*offset = len_at;
			return -1;
		}
	}
	return 0;
}

int pa_sw_record_write(struct writer *w, bool event, bool with_record,
		       const struct ietf_sw_record *rec)
{
	if (event) {
		if (rec->timestamp.len != IETF_SWIMA_TIMESTAMP_LEN)
			return -1;
		writer_u32(w, rec->eid);
		writer_bytes(w, rec->timestamp.ptr, rec->timestamp.len);
	}
	if (rec->data_model_pen > 0xffffff)
		return -1;
	writer_u32(w, rec->record_id);
	writer_u24(w, rec->data_model_pen);
	writer_u8(w, rec->data_model_type);
	writer_u8(w, rec->source_id);
	writer_u8(w, rec->action);
	if (pa_write_str16(w, rec->sw_id) < 0 ||
	    pa_write_str16(w, rec->locator) < 0)
		return -1;
	if (with_record) {
		if (rec->record.len > UINT32_MAX)
			return -1;
		writer_u32(w, (uint32_t)rec->record.len);
		writer_bytes(w, rec->record.ptr, rec->record.len);
	}
	return 0;
}

int pa_sw_list_decode(const struct pa_attr_raw *raw,
		      const struct pa_sw_list_kind *kind,
		      struct pa_sw_list *out, uint32_t *offset)
{
	struct reader r;
	uint32_t count;
	size_t i, cap;

	*out = (struct pa_sw_list){ 0 };
	pa_value_reader(raw, &r);
	out->flags = reader_u8(&r);
	count = reader_u24(&r);
	out->request_id = reader_u32(&r);
	out->epoch = reader_u32(&r);
	out->last_eid = reader_u32(&r);
	if (kind->event)
		out->last_consulted_eid = reader_u32(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	out->entries = pa_entries_new(count, &r,
				      pa_sw_record_min_len(kind->event,
							   kind->with_record),
				      sizeof(*out->entries), &cap);
	if (!out->entries)
		return PA_DECODE_NOMEM;
	for (i = 0; i < count; i++) {
		struct ietf_sw_record rec;

		if (pa_sw_record_read(&r, kind->event, kind->with_record,
				      &rec, offset) < 0)
			goto malformed;
		/* unreachable: each entry took at least its minimum */
		if (i == cap) {
			*offset = pa_reader_offset(&r);
			goto malformed;
		}
		out->entries[i] = rec;
	}
	if (pa_check_end(&r, offset) < 0)
		goto malformed;
	out->count = count;
	return PA_DECODE_OK;

malformed:
	free(out->entries);
	out->entries = NULL;
	return PA_DECODE_MALFORMED;
}

int pa_sw_list_encode(const struct pa_sw_list *in,
		      const struct pa_sw_list_kind *kind, struct writer *w)
{
	size_t i;

	if (in->count > IETF_SWIMA_COUNT_MAX)
		return -1;
	writer_u8(w, in->flags);
	writer_u24(w, (uint32_t)in->count);
	writer_u32(w, in->request_id);
	writer_u32(w, in->epoch);
	writer_u32(w, in->last_eid);
	if (kind->event)
		writer_u32(w, in->last_consulted_eid);
	for (i = 0; i < in->count; i++)
		if (pa_sw_record_write(w, kind->event, kind->with_record,
				       &in->entries[i]) < 0)
			return -1;
	return pa_writer_result(w);
}
