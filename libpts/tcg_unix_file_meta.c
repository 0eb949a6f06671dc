/*
 * tcg_unix_file_meta.c - Unix-Style File Metadata (attestation spec 3):
 * the IMC's answer to Request File Metadata, one record per file.
 *
 *   | Number of Files u64 |
 *   per file:
 *   | Record Length u16 (52 + name length) | File Type u8 | Reserved u8 |
 *   | Size u64 | Create u64 | Modify u64 | Access u64 | Owner u64 |
 *   | Group u64 | File Name (the rest of the record) |
 *
 * A record length below 52 or beyond the value, and a count the records
 * do not fill, are malformed at that record's length field; bytes after
 * the last record at the first of them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

#include <stdlib.h>

#define RECORD_MIN_LEN 52
#define COUNT_LEN 8

static uint64_t reader_u64(struct reader *r)
{
	uint64_t hi = reader_u32(r);

	return hi << 32 | reader_u32(r);
}

static void writer_u64(struct writer *w, uint64_t v)
{
	writer_u32(w, (uint32_t)(v >> 32));
	writer_u32(w, (uint32_t)v);
}

static int read_record(struct reader *r, struct tcg_unix_file *f,
		       uint32_t *offset)
{
	uint32_t start = pa_reader_offset(r);
	uint16_t len = reader_u16(r);
	struct reader rec;

	if (!reader_ok(r) || len < RECORD_MIN_LEN) {
		*offset = start;
		return -1;
	}
	rec = reader_sub(r, len - 2);
	if (!reader_ok(r)) {
		*offset = start;
		return -1;
	}
	f->type = reader_u8(&rec);
	f->reserved = reader_u8(&rec);
	f->size = reader_u64(&rec);
	f->created = reader_u64(&rec);
	f->modified = reader_u64(&rec);
	f->accessed = reader_u64(&rec);
	f->owner = reader_u64(&rec);
	f->group = reader_u64(&rec);
	f->name.len = reader_left(&rec);
	f->name.ptr = reader_bytes(&rec, f->name.len);
	return 0;
}

int tcg_unix_file_meta_decode(const struct pa_attr_raw *raw,
			      struct tcg_unix_file_meta *out,
			      uint32_t *offset)
{
	struct reader r;
	uint64_t count;
	size_t i, cap;

	out->count = 0;
	out->files = NULL;
	pa_value_reader(raw, &r);
	count = reader_u64(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	out->files = pa_entries_new(count > UINT32_MAX ? UINT32_MAX :
				    (uint32_t)count, &r, RECORD_MIN_LEN,
				    sizeof(*out->files), &cap);
	if (!out->files)
		return PA_DECODE_NOMEM;
	for (i = 0; i < count; i++) {
		/* a count beyond what the value holds: the missing record */
		if (i == cap) {
			*offset = pa_reader_offset(&r);
			goto malformed;
		}
		if (read_record(&r, &out->files[i], offset) < 0)
			goto malformed;
	}
	if (pa_check_end(&r, offset) < 0)
		goto malformed;
	out->count = (size_t)count;
	return PA_DECODE_OK;

malformed:
	tcg_unix_file_meta_free(out);
	return PA_DECODE_MALFORMED;
}

int tcg_unix_file_meta_encode(const struct tcg_unix_file_meta *in,
			      struct writer *w)
{
	size_t i;

	writer_u64(w, in->count);
	for (i = 0; i < in->count; i++) {
		const struct tcg_unix_file *f = &in->files[i];

		if (f->name.len > UINT16_MAX - RECORD_MIN_LEN)
			return -1;
		writer_u16(w, (uint16_t)(RECORD_MIN_LEN + f->name.len));
		writer_u8(w, f->type);
		writer_u8(w, f->reserved);
		writer_u64(w, f->size);
		writer_u64(w, f->created);
		writer_u64(w, f->modified);
		writer_u64(w, f->accessed);
		writer_u64(w, f->owner);
		writer_u64(w, f->group);
		writer_bytes(w, f->name.ptr, f->name.len);
	}
	return pa_writer_result(w);
}

void tcg_unix_file_meta_free(struct tcg_unix_file_meta *v)
{
	free(v->files);
	v->files = NULL;
	v->count = 0;
}
