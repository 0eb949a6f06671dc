/*
 * tcg_dh_nonce_params_resp.c - DH Nonce Parameters Response (attestation
 * spec 3): the IMC's nonce, chosen DH group, the hash algorithms it takes
 * for the secret (spec 5) and its DH public value.
 *
 *   | Reserved u24 | Nonce Length u8 |
 *   | Selected DH Group u16 | Hash Algorithm Set u16 |
 *   | Responder Nonce (Nonce Length) |
 *   | Responder DH Public Value (the rest) |
 *
 * A nonce length beyond the value is malformed at the length byte; a
 * nonce too short for the IMV's policy is its PTS error 7 instead.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

#define NONCE_LEN_OFFSET 3

int tcg_dh_nonce_params_resp_decode(const struct pa_attr_raw *raw,
				    struct tcg_dh_nonce_params_resp *out,
				    uint32_t *offset)
{
	struct reader r;
	uint8_t nonce_len;

	pa_value_reader(raw, &r);
	out->reserved = reader_u24(&r);
	nonce_len = reader_u8(&r);
	out->dh_group = reader_u16(&r);
	out->hash_algos = reader_u16(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	out->nonce.len = nonce_len;
	out->nonce.ptr = reader_bytes(&r, nonce_len);
	if (!reader_ok(&r)) {
		*offset = NONCE_LEN_OFFSET;
		return PA_DECODE_MALFORMED;
	}
	out->pub.len = reader_left(&r);
	out->pub.ptr = reader_bytes(&r, out->pub.len);
	return PA_DECODE_OK;
}

int tcg_dh_nonce_params_resp_encode(
	const struct tcg_dh_nonce_params_resp *in, struct writer *w)
{
	if (in->nonce.len > UINT8_MAX || in->reserved > 0xFFFFFF)
		return -1;
	writer_u24(w, in->reserved);
	writer_u8(w, (uint8_t)in->nonce.len);
	writer_u16(w, in->dh_group);
	writer_u16(w, in->hash_algos);
	writer_bytes(w, in->nonce.ptr, in->nonce.len);
	writer_bytes(w, in->pub.ptr, in->pub.len);
	return pa_writer_result(w);
}
