/*
 * seg_attr.c - the catalogue of the TCG segmentation attributes (names as
 * logged and value length rules, pa-tnc.md sections 6 and 7.1) and the
 * attribute header writer that their encoders share. The layouts are in
 * tcg_seg_contract.c, tcg_segment_envelope.c and tcg_next_segment.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "seg_attr.h"

struct seg_attr_desc {
	uint32_t type;
	const char *name;
	uint32_t min_len;	/* of the value */
	bool exact;
};

static const struct seg_attr_desc seg_attr_table[] = {
	{ SEG_ATTR_CONTRACT_REQUEST, "Segmentation Contract Request",
	  SEG_CONTRACT_LEN, true },
	{ SEG_ATTR_CONTRACT_RESPONSE, "Segmentation Contract Response",
	  SEG_CONTRACT_LEN, true },
	{ SEG_ATTR_ENVELOPE, "Segment Envelope", SEG_ENV_HEADER_LEN, false },
	{ SEG_ATTR_NEXT_SEGMENT, "Next Segment", SEG_NEXT_LEN, true },
};

static const struct seg_attr_desc *seg_attr_desc(uint32_t type)
{
	size_t i;

	for (i = 0; i < sizeof(seg_attr_table) / sizeof(seg_attr_table[0]); i++)
		if (seg_attr_table[i].type == type)
			return &seg_attr_table[i];
	return NULL;
}

bool seg_attr_is_seg(const struct pa_attr_raw *a)
{
	return a->vendor == PEN_TCG && seg_attr_desc(a->type) != NULL;
}

const char *seg_attr_name(uint32_t type)
{
	const struct seg_attr_desc *d = seg_attr_desc(type);

	return d ? d->name : NULL;
}

/*
 * A value of the wrong length is reported at offset 0, the start of the
 * value, as the whole value is malformed; a too long fixed-size value at
 * the first byte beyond its layout.
 */
int seg_attr_check(const struct pa_attr_raw *a, uint32_t type, uint32_t *bad)
{
	const struct seg_attr_desc *d = seg_attr_desc(type);

	*bad = 0;
	if (!d || a->vendor != PEN_TCG || a->type != type ||
	    (a->len && !a->value) || a->len < d->min_len)
		return -1;
	if (d->exact && a->len != d->min_len) {
		*bad = d->min_len;
		return -1;
	}
	return 0;
}

void seg_attr_write_header(struct writer *w, uint8_t flags, uint32_t vendor,
			   uint32_t type, uint32_t value_len)
{
	writer_u8(w, flags);
	writer_u24(w, vendor);
	writer_u32(w, type);
	writer_u32(w, value_len + PA_TNC_ATTR_HEADER_LEN);
}

int seg_attr_view(const struct writer *w, size_t start,
		  struct pa_attr_raw *out)
{
	struct reader r;
	uint32_t total;

	if (!writer_ok(w) || !w->data || start > w->len)
		return -1;
	reader_init(&r, w->data + start, w->len - start);
	out->flags = reader_u8(&r);
	out->vendor = reader_u24(&r);
	out->type = reader_u32(&r);
	total = reader_u32(&r);
	if (!reader_ok(&r) || total < PA_TNC_ATTR_HEADER_LEN)
		return -1;
	out->len = total - PA_TNC_ATTR_HEADER_LEN;
	out->value = reader_bytes(&r, out->len);
	return reader_ok(&r) ? 0 : -1;
}
