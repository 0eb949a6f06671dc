/*
 * tcg_seg_contract.c - TCG Segmentation Contract Request (0x21) and
 * Response (0x22), pa-tnc.md section 7.1: both carry
 *
 *   Max Message Size (u32) | Max Segment Size (u32)
 *
 * where 0xFFFFFFFF means "no limit" and "no segmentation wanted"; both
 * 0xFFFFFFFF is the null contract.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "seg_attr.h"

int seg_contract_attr_decode(const struct pa_attr_raw *a,
			     struct seg_contract_attr *c, uint32_t *bad)
{
	struct reader r;

	if (seg_attr_check(a, a->type == SEG_ATTR_CONTRACT_RESPONSE ?
			   SEG_ATTR_CONTRACT_RESPONSE :
			   SEG_ATTR_CONTRACT_REQUEST, bad) < 0)
		return -1;
	reader_init(&r, a->value, a->len);
	c->max_msg_size = reader_u32(&r);
	c->max_seg_size = reader_u32(&r);
	return reader_ok(&r) ? 0 : -1;
}

void seg_contract_attr_encode(struct writer *w, uint32_t type,
			      const struct seg_contract_attr *c)
{
	seg_attr_write_header(w, 0, PEN_TCG, type, SEG_CONTRACT_LEN);
	writer_u32(w, c->max_msg_size);
	writer_u32(w, c->max_seg_size);
}
