/*
 * tcg_req_func_comp_evid.c - Request Functional Component Evidence
 * (attestation spec 3, 3.2): the components the IMV wants evidence of,
 * one 12-byte entry each, filling the value:
 *
 *   | Flags u8 (TTC V C PCR) | Sub-component Depth u24 |
 *   | Functional Component Name (8, tcg_comp_name.c) |
 *
 * The IMC asks for `B`, `I` and `T` components with the PCR flag and
 * depth 0 (spec 3.2); what it cannot serve is answered with a PTS error
 * (spec 6.3), not here.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

#include <stdlib.h>

#define ENTRY_LEN 12

int tcg_req_func_comp_evid_decode(const struct pa_attr_raw *raw,
				  struct tcg_req_func_comp_evid *out,
				  uint32_t *offset)
{
	struct reader r;
	size_t i, cap;

	out->count = 0;
	out->comps = NULL;
	/* like the IETF lists without a count: a partial entry fails all */
	if (raw->len % ENTRY_LEN) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	pa_value_reader(raw, &r);
	out->comps = pa_entries_new(raw->len / ENTRY_LEN, &r, ENTRY_LEN,
				    sizeof(*out->comps), &cap);
	if (!out->comps)
		return PA_DECODE_NOMEM;
	for (i = 0; i < cap; i++) {
		struct tcg_comp_evid_req *c = &out->comps[i];

		c->flags = reader_u8(&r);
		c->depth = reader_u24(&r);
		if (tcg_pts_comp_name_read(&r, &c->name, offset) < 0) {
			tcg_req_func_comp_evid_free(out);
			return PA_DECODE_MALFORMED;
		}
	}
	out->count = cap;
	return PA_DECODE_OK;
}

int tcg_req_func_comp_evid_encode(const struct tcg_req_func_comp_evid *in,
				  struct writer *w)
{
	size_t i;

	for (i = 0; i < in->count; i++) {
		const struct tcg_comp_evid_req *c = &in->comps[i];

		if (c->depth > 0xFFFFFF)
			return -1;
		writer_u8(w, c->flags);
		writer_u24(w, c->depth);
		if (tcg_pts_comp_name_write(w, &c->name) < 0)
			return -1;
	}
	return pa_writer_result(w);
}

void tcg_req_func_comp_evid_free(struct tcg_req_func_comp_evid *v)
{
	free(v->comps);
	v->comps = NULL;
	v->count = 0;
}
