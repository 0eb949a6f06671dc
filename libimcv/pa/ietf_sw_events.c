/*
 * ietf_sw_events.c - IETF Software Events (17) and Software Identifier
 * Events (15) (RFC 8412 5.9 and 5.10, swima spec note 2.3): the SWIMA
 * IMC's answer to a request with an earliest EID, the changes to its
 * inventory since then. Both are record lists of the codec in
 * ietf_sw_record.c, which holds the layout; type 15 leaves out the Record
 * field of each event. This file only names the two kinds and maps
 * struct ietf_sw_events onto the list.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#include <stdlib.h>

static const struct pa_sw_list_kind id_events = {
	.event = true, .with_record = false,
};
static const struct pa_sw_list_kind events = {
	.event = true, .with_record = true,
};

static int decode(const struct pa_attr_raw *raw,
		  const struct pa_sw_list_kind *kind,
		  struct ietf_sw_events *out, uint32_t *offset)
{
	struct pa_sw_list l;
	int rc = pa_sw_list_decode(raw, kind, &l, offset);

	*out = (struct ietf_sw_events){
		.flags = l.flags, .request_id = l.request_id,
		.epoch = l.epoch, .last_eid = l.last_eid,
		.last_consulted_eid = l.last_consulted_eid,
		.count = l.count, .events = l.entries,
	};
	return rc;
}

static int encode(const struct ietf_sw_events *in,
		  const struct pa_sw_list_kind *kind, struct writer *w)
{
	const struct pa_sw_list l = {
		.flags = in->flags, .request_id = in->request_id,
		.epoch = in->epoch, .last_eid = in->last_eid,
		.last_consulted_eid = in->last_consulted_eid,
		.count = in->count, .entries = in->events,
	};

	return pa_sw_list_encode(&l, kind, w);
}

int ietf_sw_id_events_decode(const struct pa_attr_raw *raw,
			     struct ietf_sw_events *out, uint32_t *offset)
{
	return decode(raw, &id_events, out, offset);
}

int ietf_sw_id_events_encode(const struct ietf_sw_events *in,
			     struct writer *w)
{
	return encode(in, &id_events, w);
}

int ietf_sw_events_decode(const struct pa_attr_raw *raw,
			  struct ietf_sw_events *out, uint32_t *offset)
{
	return decode(raw, &events, out, offset);
}

int ietf_sw_events_encode(const struct ietf_sw_events *in, struct writer *w)
{
	return encode(in, &events, w);
}

void ietf_sw_events_free(struct ietf_sw_events *v)
{
	free(v->events);
	v->events = NULL;
	v->count = 0;
}
