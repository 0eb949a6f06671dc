/*
 * tcg_reserved_req.c - the three PTS requests that carry nothing but
 * four reserved bytes (attestation spec 3): Get TPM Version Information,
 * Get Attestation Identity Key and Generate Attestation Evidence. Their
 * type alone is the request.
 *
 *   | Reserved u32 |
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

int tcg_reserved_req_decode(const struct pa_attr_raw *raw,
			    struct tcg_reserved_req *out, uint32_t *offset)
{
	struct reader r;

	pa_value_reader(raw, &r);
	out->reserved = reader_u32(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	if (pa_check_end(&r, offset) < 0)
		return PA_DECODE_MALFORMED;
	return PA_DECODE_OK;
}

int tcg_reserved_req_encode(const struct tcg_reserved_req *in,
			    struct writer *w)
{
	writer_u32(w, in->reserved);
	return pa_writer_result(w);
}
