/*
 * tcg_dh_nonce_params_req.c - DH Nonce Parameters Request (attestation
 * spec 3): the IMV opens the DH nonce exchange (spec 5) with the
 * shortest nonce it takes and the DH groups it offers.
 *
 *   | Reserved u8 | Min. Nonce Length u8 | Offered DH Groups u16 (bits) |
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

int tcg_dh_nonce_params_req_decode(const struct pa_attr_raw *raw,
				   struct tcg_dh_nonce_params_req *out,
				   uint32_t *offset)
{
	struct reader r;

	pa_value_reader(raw, &r);
	out->reserved = reader_u8(&r);
	out->min_nonce_len = reader_u8(&r);
	out->dh_groups = reader_u16(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	if (pa_check_end(&r, offset) < 0)
		return PA_DECODE_MALFORMED;
	return PA_DECODE_OK;
}

int tcg_dh_nonce_params_req_encode(const struct tcg_dh_nonce_params_req *in,
				   struct writer *w)
{
	writer_u8(w, in->reserved);
	writer_u8(w, in->min_nonce_len);
	writer_u16(w, in->dh_groups);
	return pa_writer_result(w);
}
