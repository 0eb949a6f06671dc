/*
 * tcg_pts_proto_caps.c - Request PTS Protocol Capabilities (IMV to IMC)
 * and PTS Protocol Capabilities (the IMC's answer), attestation spec 2
 * and 3: one layout for both,
 *
 *   | Reserved u16 | Flags u16: C V D T X in the low 5 bits |
 *
 * The IMV offers V|T|D; the IMC answers with its own flags ANDed with
 * those (spec 4, step 3).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

int tcg_pts_proto_caps_decode(const struct pa_attr_raw *raw,
			      struct tcg_pts_proto_caps *out,
			      uint32_t *offset)
{
	struct reader r;

	pa_value_reader(raw, &r);
	out->reserved = reader_u16(&r);
	out->flags = reader_u16(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	if (pa_check_end(&r, offset) < 0)
		return PA_DECODE_MALFORMED;
	return PA_DECODE_OK;
}

int tcg_pts_proto_caps_encode(const struct tcg_pts_proto_caps *in,
			      struct writer *w)
{
	writer_u16(w, in->reserved);
	writer_u16(w, in->flags);
	return pa_writer_result(w);
}
