/*
 * tcg_req_file_meta.c - Request File Metadata (attestation spec 3, 9):
 * the IMV asks for the metadata of a file, or of the files directly in
 * a directory.
 *
 *   | Flags u8 (0x80 directory) | Delimiter u8 | Reserved u16 |
 *   | Path (the rest) |
 *
 * The delimiter and path are the IMC's to judge: it answers a bad one
 * with PTS error 10 or 2/3 carrying this value (spec 3.1, 9).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

int tcg_req_file_meta_decode(const struct pa_attr_raw *raw,
			     struct tcg_req_file_meta *out, uint32_t *offset)
{
	struct reader r;

	pa_value_reader(raw, &r);
	out->flags = reader_u8(&r);
	out->delimiter = reader_u8(&r);
	out->reserved = reader_u16(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	out->path.len = reader_left(&r);
	out->path.ptr = reader_bytes(&r, out->path.len);
	return PA_DECODE_OK;
}

int tcg_req_file_meta_encode(const struct tcg_req_file_meta *in,
			     struct writer *w)
{
	writer_u8(w, in->flags);
	writer_u8(w, in->delimiter);
	writer_u16(w, in->reserved);
	writer_bytes(w, in->path.ptr, in->path.len);
	return pa_writer_result(w);
}
