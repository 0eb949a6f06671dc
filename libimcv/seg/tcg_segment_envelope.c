/*
 * tcg_segment_envelope.c - TCG Segment Envelope (0x23), pa-tnc.md
 * section 7.1:
 *
 *   M S reserved(6) | Base Message ID (u24) | Segment Value ...
 *
 * The first segment (M|S) carries the base attribute's complete 12-byte
 * header with its whole length, then the first part of its value; later
 * segments carry value bytes only, the last one with M clear.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "seg_attr.h"

int seg_envelope_decode(const struct pa_attr_raw *a, struct seg_envelope *e,
			uint32_t *bad)
{
	struct reader r;

	if (seg_attr_check(a, SEG_ATTR_ENVELOPE, bad) < 0)
		return -1;
	reader_init(&r, a->value, a->len);
	/* The six reserved bits are ignored on receipt. */
	e->flags = reader_u8(&r) & (SEG_ENV_MORE | SEG_ENV_START);
	e->base_id = reader_u24(&r);
	e->len = (uint32_t)reader_left(&r);
	e->value = reader_bytes(&r, e->len);
	return reader_ok(&r) ? 0 : -1;
}

void seg_envelope_encode(struct writer *w, const struct seg_envelope *e)
{
	seg_attr_write_header(w, 0, PEN_TCG, SEG_ATTR_ENVELOPE,
			      SEG_ENV_HEADER_LEN + e->len);
	writer_u8(w, e->flags);
	writer_u24(w, e->base_id);
	writer_bytes(w, e->value, e->len);
}

void seg_envelope_encode_first(struct writer *w, uint32_t base_id,
			       const struct pa_attr_raw *base,
			       uint32_t part_len)
{
	seg_attr_write_header(w, 0, PEN_TCG, SEG_ATTR_ENVELOPE,
			      SEG_ENV_HEADER_LEN + PA_TNC_ATTR_HEADER_LEN +
			      part_len);
	writer_u8(w, SEG_ENV_MORE | SEG_ENV_START);
	writer_u24(w, base_id);
	seg_attr_write_header(w, base->flags, base->vendor, base->type,
			      base->len);
	writer_bytes(w, base->value, part_len);
}
