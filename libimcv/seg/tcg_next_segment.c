/*
 * tcg_next_segment.c - TCG Next Segment (0x24), pa-tnc.md section 7.1:
 *
 *   flags (u8, C = cancel) | Base Message ID (u24)
 *
 * The requester asks with it for the next envelope of a segmented
 * attribute, or with C set tells the responder to drop the rest. Which bit
 * C is differs between the TCG layout and strongSwan; see seg_attr.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "seg_attr.h"

int seg_next_decode(const struct pa_attr_raw *a, struct seg_next *n,
		    uint32_t *bad)
{
	struct reader r;
	uint8_t flags;

	if (seg_attr_check(a, SEG_ATTR_NEXT_SEGMENT, bad) < 0)
		return -1;
	reader_init(&r, a->value, a->len);
	flags = reader_u8(&r);
	n->base_id = reader_u24(&r);
	n->cancel = (flags & (SEG_NEXT_CANCEL_SENT | SEG_NEXT_CANCEL_TCG)) != 0;
	return reader_ok(&r) ? 0 : -1;
}

void seg_next_encode(struct writer *w, const struct seg_next *n)
{
	seg_attr_write_header(w, 0, PEN_TCG, SEG_ATTR_NEXT_SEGMENT,
			      SEG_NEXT_LEN);
	writer_u8(w, n->cancel ? SEG_NEXT_CANCEL_SENT : 0);
	writer_u24(w, n->base_id);
}
