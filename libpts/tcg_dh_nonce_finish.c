/*
 * tcg_dh_nonce_finish.c - DH Nonce Finish (attestation spec 3): the IMV's
 * DH public value and nonce, and the hash it picked for the secret
 * (spec 5).
 *
 *   | Reserved u8 | Nonce Length u8 | Selected Hash Algorithm u16 |
 *   | Initiator DH Public Value (all but the last Nonce Length bytes) |
 *   | Initiator Nonce (the last Nonce Length bytes) |
 *
 * The nonce sits at the end, so a length beyond the value is malformed
 * at the length byte.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

#define NONCE_LEN_OFFSET 1

int tcg_dh_nonce_finish_decode(const struct pa_attr_raw *raw,
			       struct tcg_dh_nonce_finish *out,
			       uint32_t *offset)
{
	struct reader r;
	uint8_t nonce_len;

	pa_value_reader(raw, &r);
	out->reserved = reader_u8(&r);
	nonce_len = reader_u8(&r);
	out->hash_algo = reader_u16(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	if (nonce_len > reader_left(&r)) {
		*offset = NONCE_LEN_OFFSET;
		return PA_DECODE_MALFORMED;
	}
	out->pub.len = reader_left(&r) - nonce_len;
	out->pub.ptr = reader_bytes(&r, out->pub.len);
	out->nonce.len = nonce_len;
	out->nonce.ptr = reader_bytes(&r, nonce_len);
	return PA_DECODE_OK;
}

int tcg_dh_nonce_finish_encode(const struct tcg_dh_nonce_finish *in,
			       struct writer *w)
{
	if (in->nonce.len > UINT8_MAX)
		return -1;
	writer_u8(w, in->reserved);
	writer_u8(w, (uint8_t)in->nonce.len);
	writer_u16(w, in->hash_algo);
	writer_bytes(w, in->pub.ptr, in->pub.len);
	writer_bytes(w, in->nonce.ptr, in->nonce.len);
	return pa_writer_result(w);
}
