/*
 * ietf_sw_inventory.c - IETF Software Inventory (16) and Software
 * Identifier Inventory (14) (RFC 8412 5.8 and 5.10, swima spec note 2.2):
 * the SWIMA IMC's answer to an inventory request. Both are record lists
 * of the codec in ietf_sw_record.c, which holds the layout; type 14
 * leaves out the Record field of each entry. This file only names the
 * two kinds and maps struct ietf_sw_inventory onto the list.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#include <stdlib.h>

static const struct pa_sw_list_kind id_inventory = {
	.event = false, .with_record = false,
};
static const struct pa_sw_list_kind inventory = {
	.event = false, .with_record = true,
};

static int decode(const struct pa_attr_raw *raw,
		  const struct pa_sw_list_kind *kind,
		  struct ietf_sw_inventory *out, uint32_t *offset)
{
	struct pa_sw_list l;
	int rc = pa_sw_list_decode(raw, kind, &l, offset);

	*out = (struct ietf_sw_inventory){
		.flags = l.flags, .request_id = l.request_id,
		.epoch = l.epoch, .last_eid = l.last_eid,
		.count = l.count, .records = l.entries,
	};
	return rc;
}

static int encode(const struct ietf_sw_inventory *in,
		  const struct pa_sw_list_kind *kind, struct writer *w)
{
	const struct pa_sw_list l = {
		.flags = in->flags, .request_id = in->request_id,
		.epoch = in->epoch, .last_eid = in->last_eid,
		.count = in->count, .entries = in->records,
	};

	return pa_sw_list_encode(&l, kind, w);
}

int ietf_sw_id_inventory_decode(const struct pa_attr_raw *raw,
				struct ietf_sw_inventory *out,
				uint32_t *offset)
{
	return decode(raw, &id_inventory, out, offset);
}

int ietf_sw_id_inventory_encode(const struct ietf_sw_inventory *in,
				struct writer *w)
{
	return encode(in, &id_inventory, w);
}

int ietf_sw_inventory_decode(const struct pa_attr_raw *raw,
			     struct ietf_sw_inventory *out, uint32_t *offset)
{
	return decode(raw, &inventory, out, offset);
}

int ietf_sw_inventory_encode(const struct ietf_sw_inventory *in,
			     struct writer *w)
{
	return encode(in, &inventory, w);
}

void ietf_sw_inventory_free(struct ietf_sw_inventory *v)
{
	free(v->records);
	v->records = NULL;
	v->count = 0;
}
