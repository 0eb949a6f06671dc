/*
 * tcg_file_meas.c - File Measurement (attestation spec 3, 9.2): the IMC's
 * hashes of the requested file or directory, matched to the workitem by
 * the request ID.
 *
 *   | Number of Files u64 | Request ID u16 | Measurement Length M u16 |
 *   per file:
 *   | Measurement (M) | u16 length + File Name |
 *
 * A count the entries do not fill is malformed at the entry where the
 * value ends (its name length field when cut there); bytes after the
 * last entry at the first of them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

#include <stdlib.h>

/* the measurement and the name's length field */
#define ENTRY_MIN_LEN 2

static uint64_t reader_u64(struct reader *r)
{
	uint64_t hi = reader_u32(r);

	return hi << 32 | reader_u32(r);
}

static int read_entry(struct reader *r, uint16_t meas_len,
		      struct tcg_file_meas_entry *e, uint32_t *offset)
{
	uint32_t start = pa_reader_offset(r);

	e->meas.len = meas_len;
	e->meas.ptr = reader_bytes(r, meas_len);
	if (!reader_ok(r)) {
		*offset = start;
		return -1;
	}
	return pa_read_str16(r, &e->name, offset);
}

int tcg_file_meas_decode(const struct pa_attr_raw *raw,
			 struct tcg_file_meas *out, uint32_t *offset)
{
	struct reader r;
	uint64_t count;
	size_t i, cap;

	out->count = 0;
	out->files = NULL;
	pa_value_reader(raw, &r);
	count = reader_u64(&r);
	out->request_id = reader_u16(&r);
	out->meas_len = reader_u16(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	out->files = pa_entries_new(count > UINT32_MAX ? UINT32_MAX :
				    (uint32_t)count, &r,
				    ENTRY_MIN_LEN + out->meas_len,
				    sizeof(*out->files), &cap);
	if (!out->files)
		return PA_DECODE_NOMEM;
	for (i = 0; i < count; i++) {
		if (i == cap) {
			*offset = pa_reader_offset(&r);
			goto malformed;
		}
		if (read_entry(&r, out->meas_len, &out->files[i], offset) < 0)
			goto malformed;
	}
	if (pa_check_end(&r, offset) < 0)
		goto malformed;
	out->count = (size_t)count;
	return PA_DECODE_OK;

malformed:
	tcg_file_meas_free(out);
	return PA_DECODE_MALFORMED;
}

int tcg_file_meas_encode(const struct tcg_file_meas *in, struct writer *w)
{
	size_t i;

	writer_u32(w, (uint32_t)((uint64_t)in->count >> 32));
	writer_u32(w, (uint32_t)in->count);
	writer_u16(w, in->request_id);
	writer_u16(w, in->meas_len);
	for (i = 0; i < in->count; i++) {
		const struct tcg_file_meas_entry *e = &in->files[i];

		if (e->meas.len != in->meas_len)
			return -1;
		writer_bytes(w, e->meas.ptr, e->meas.len);
		if (pa_write_str16(w, e->name) < 0)
			return -1;
	}
	return pa_writer_result(w);
}

void tcg_file_meas_free(struct tcg_file_meas *v)
{
	free(v->files);
	v->files = NULL;
	v->count = 0;
}
