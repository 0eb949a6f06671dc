/*
 * tcg_req_file_meas.c - Request File Measurement (attestation spec 3, 9):
 * the IMV asks for the hash of a file, or of the files directly in a
 * directory; the request ID (lower 16 bits of the workitem ID) comes
 * back in the File Measurement.
 *
 *   | Flags u8 (0x80 directory) | Reserved u8 | Request ID u16 |
 *   | Delimiter u32 (0x2F or 0x5C) | Path (the rest) |
 *
 * As for metadata, delimiter and path are checked by the IMC (PTS errors
 * 10, 2, 3, spec 9).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

bool tcg_pts_delimiter_valid(uint32_t delimiter)
{
	return delimiter == TCG_PTS_DELIMITER_SOLIDUS ||
	       delimiter == TCG_PTS_DELIMITER_REVERSE;
}

int tcg_req_file_meas_decode(const struct pa_attr_raw *raw,
			     struct tcg_req_file_meas *out, uint32_t *offset)
{
	struct reader r;

	pa_value_reader(raw, &r);
	out->flags = reader_u8(&r);
	out->reserved = reader_u8(&r);
	out->request_id = reader_u16(&r);
	out->delimiter = reader_u32(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	out->path.len = reader_left(&r);
	out->path.ptr = reader_bytes(&r, out->path.len);
	return PA_DECODE_OK;
}

int tcg_req_file_meas_encode(const struct tcg_req_file_meas *in,
			     struct writer *w)
{
	writer_u8(w, in->flags);
	writer_u8(w, in->reserved);
	writer_u16(w, in->request_id);
	writer_u32(w, in->delimiter);
	writer_bytes(w, in->path.ptr, in->path.len);
	return pa_writer_result(w);
}
