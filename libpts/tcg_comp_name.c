/*
 * tcg_comp_name.c - the functional component name (attestation spec 3,
 * 3.2) shared by Request Functional Component Evidence and Simple
 * Component Evidence:
 *
 *   | Vendor ID u24 | Family (2 bits) + Qualifier (6 bits) | Name u32 |
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

#define FAMILY_SHIFT 6
/* the only family defined: the name is a binary enumeration */
#define FAMILY_BINARY 0

bool tcg_pts_comp_name_equal(const struct tcg_pts_comp_name *a,
			     const struct tcg_pts_comp_name *b)
{
	if (a->vendor != b->vendor || a->family != b->family ||
	    a->name != b->name)
		return false;
	/* spec 3.2: an unknown qualifier matches any */
	return a->qualifier == b->qualifier ||
	       a->qualifier == TCG_PTS_QUALIFIER_UNKNOWN ||
	       b->qualifier == TCG_PTS_QUALIFIER_UNKNOWN;
}

int tcg_pts_comp_name_read(struct reader *r, struct tcg_pts_comp_name *out,
			   uint32_t *offset)
{
	uint32_t start = pa_reader_offset(r);
	uint8_t fq;

	out->vendor = reader_u24(r);
	fq = reader_u8(r);
	out->name = reader_u32(r);
	if (!reader_ok(r)) {
		*offset = start;
		return -1;
	}
	out->family = fq >> FAMILY_SHIFT;
	out->qualifier = fq & TCG_PTS_QUALIFIER_MASK;
	if (out->family != FAMILY_BINARY) {
		*offset = start + 3;
		return -1;
	}
	return 0;
}

int tcg_pts_comp_name_write(struct writer *w,
			    const struct tcg_pts_comp_name *in)
{
	if (in->family != FAMILY_BINARY ||
	    in->qualifier > TCG_PTS_QUALIFIER_MASK || in->vendor > 0xFFFFFF)
		return -1;
	writer_u24(w, in->vendor);
	writer_u8(w, (uint8_t)(in->family << FAMILY_SHIFT | in->qualifier));
	writer_u32(w, in->name);
	return 0;
}
