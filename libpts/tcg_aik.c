/*
 * tcg_aik.c - Attestation Identity Key (attestation spec 3, 7): the IMC's
 * AIK as an X.509 certificate, or with the naked flag as a bare public
 * key (SubjectPublicKeyInfo); both DER, PEM taken on receipt. Whether it
 * is trusted is the IMV's question (spec 7).
 *
 *   | Flags u8 (0x80 naked) | Certificate or Public Key (the rest) |
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

int tcg_aik_decode(const struct pa_attr_raw *raw, struct tcg_aik *out,
		   uint32_t *offset)
{
	struct reader r;

	pa_value_reader(raw, &r);
	out->flags = reader_u8(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	out->blob.len = reader_left(&r);
	out->blob.ptr = reader_bytes(&r, out->blob.len);
	return PA_DECODE_OK;
}

int tcg_aik_encode(const struct tcg_aik *in, struct writer *w)
{
	writer_u8(w, in->flags);
	writer_bytes(w, in->blob.ptr, in->blob.len);
	return pa_writer_result(w);
}
