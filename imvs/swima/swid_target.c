/*
 * swid_target.c - the lists the SWIMA IMV collects and hands to a SWID
 * target (swid_target.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "swid_target.h"

bool swid_events_add(struct swid_events *l, const struct ietf_sw_record *r)
{
	return swid_events_push(l, r->eid, (const char *)r->timestamp.ptr,
				r->timestamp.len, r->record_id, r->source_id,
				r->action, (const char *)r->sw_id.ptr,
				r->sw_id.len);
}
