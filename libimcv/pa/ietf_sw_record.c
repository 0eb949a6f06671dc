/*
 * ietf_sw_record.c - the record of a SWIMA inventory and the event of a
 * SWIMA event list (RFC 8412 5.8-5.10, swima spec note 2.2 and 2.3),
 * shared by ietf_sw_inventory.c and ietf_sw_events.c:
 *
 *   events only:      | EID u32 | Timestamp (20 ASCII chars) |
 *   both:             | Record Identifier u32 |
 *                     | Data Model Type PEN u24 | Data Model Type u8 |
 *                     | Source ID u8 | Action u8 (inventories: reserved) |
 *                     | u16 len | Software Identifier |
 *                     | u16 len | Software Locator |
 *   types 16, 17 only: | u32 len | Record |
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

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
