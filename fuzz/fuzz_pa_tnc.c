/*
 * fuzz_pa_tnc.c - libFuzzer target for the PA-TNC codec (libimcv/pa/):
 * the bytes a peer IMC or IMV sends as the body of a PB-PA message.
 *
 * The input is parsed as a message, and also handed as the value to the
 * decoder of every attribute type in the table. Besides memory errors it
 * checks the codec's own promises: what the parser accepted decodes, what
 * decoded encodes, encoding is stable over a second decode, a message
 * without skipped attributes rebuilds byte for byte, and every error the
 * parser reports makes a PA-TNC Error attribute that decodes to it again.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pa_attr.h"
#include "pa_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Encodes a decoded attribute, decodes that and encodes it once more. */
static void check_stable(const struct pa_attr *a)
{
	struct writer w1, w2;
	struct pa_attr_raw raw = { a->flags, a->vendor, a->type, NULL, 0 };
	struct pa_attr again;
	uint32_t offset;

	writer_init(&w1);
	writer_init(&w2);
	if (pa_attr_encode_value(a, &w1) < 0)
		abort();
	raw.value = w1.data ? w1.data : (const uint8_t *)"";
	raw.len = (uint32_t)w1.len;
	if (pa_attr_decode(&raw, &again, &offset) != PA_DECODE_OK)
		abort();
	if (pa_attr_encode_value(&again, &w2) < 0 || w1.len != w2.len ||
	    (w1.len && memcmp(w1.data, w2.data, w1.len)))
		abort();
	pa_attr_free(&again);
	writer_free(&w1);
	writer_free(&w2);
}

/* Decodes raw; when it must decode (the parser accepted it), abort if not. */
static void decode_one(const struct pa_attr_raw *raw, int must)
{
	struct pa_attr a;
	uint32_t offset = 0;
	int rc = pa_attr_decode(raw, &a, &offset);

	if (rc == PA_DECODE_MALFORMED && (must || offset > raw->len))
		abort();
	if (rc != PA_DECODE_OK)
		return;
	check_stable(&a);
	pa_attr_free(&a);
}

/* The error attribute for err, decoded again, must say the same. */
static void check_error(const struct pa_error *err, size_t size)
{
	struct writer w;
	struct reader r;
	struct pa_attr_raw raw;
	struct pa_attr a;
	uint32_t offset;
	char line[256];

	if (err->vendor != PEN_IETF || err->code < PA_ERROR_INVALID_PARAMETER ||
	    err->code > PA_ERROR_ATTR_TYPE_NOT_SUPPORTED ||
	    (err->code == PA_ERROR_INVALID_PARAMETER && err->offset > size))
		abort();
	pa_error_format(err, line, sizeof(line));
	writer_init(&w);
	if (ietf_pa_tnc_error_write(err, &w) < 0)
		abort();
	reader_init(&r, w.data, w.len);
	raw.flags = reader_u8(&r);
	raw.vendor = reader_u24(&r);
	raw.type = reader_u32(&r);
	raw.len = reader_u32(&r) - PA_TNC_ATTR_HEADER_LEN;
	raw.value = reader_bytes(&r, raw.len);
	if (!reader_ok(&r) || pa_attr_decode(&raw, &a, &offset) != PA_DECODE_OK)
		abort();
	if (a.v.pa_tnc_error.err.code != err->code ||
	    a.v.pa_tnc_error.err.offset != err->offset ||
	    a.v.pa_tnc_error.err.attr_type != err->attr_type ||
	    memcmp(a.v.pa_tnc_error.err.header, err->header,
		   PA_TNC_MSG_HEADER_LEN))
		abort();
	writer_free(&w);
}

/* Rebuilds a message without skipped attributes; it must be the input. */
static void check_rebuild(const uint8_t *data, size_t size,
			  const struct pa_msg *m)
{
	struct pa_msg_builder *b = pa_msg_builder_new_with_id(size, m->id);
	uint8_t *out;
	size_t i, len;

	if (!b)
		abort();
	for (i = 0; i < m->count; i++)
		if (pa_msg_builder_add(b, &m->attrs[i]) != PA_MSG_ADDED)
			abort();
	out = pa_msg_builder_finish(b, &len);
	pa_msg_builder_free(b);
	/* the reserved bytes of the header are not kept */
	if (!out || len != size || out[0] != data[0] ||
	    memcmp(out + 4, data + 4, size - 4))
		abort();
	free(out);
}

static void check_msg(const uint8_t *data, size_t size,
		      const struct pa_attr_ext *ext, size_t ext_count)
{
	struct pa_msg m;
	struct pa_error err;
	enum pa_msg_status st;
	size_t i;

	st = pa_msg_parse(data, size, ext, ext_count, &m, &err);
	if (st == PA_MSG_ERROR)
		check_error(&err, size);
	for (i = 0; i < m.count; i++) {
		const struct pa_attr_raw *raw = &m.attrs[i];

		if (raw->value < data || raw->len > size ||
		    raw->value > data + size - raw->len)
			abort();
		if (pa_attr_is_known(raw->vendor, raw->type))
			decode_one(raw, !ext);
	}
	if (st == PA_MSG_OK && m.skipped == 0)
		check_rebuild(data, size, &m);
	pa_msg_free(&m);
}

/* A caller's own type, and one that overrides a table row. */
static int check_even(const struct pa_attr_raw *raw, uint32_t *offset)
{
	*offset = raw->len;
	return raw->len % 2 ? PA_DECODE_MALFORMED : PA_DECODE_OK;
}

static const struct pa_attr_ext ext[] = {
	{ PEN_TCG, 0x21, NULL },
	{ PEN_TCG, 0x23, check_even },
	{ PEN_IETF, IETF_ATTR_FWD_ENABLED, NULL },
};

/* Every vendor range the table has rows in. */
static const struct { uint32_t vendor, last; } ranges[] = {
	{ PEN_IETF, 21 }, { PEN_ITA, 10 }, { PEN_TCG, 0x27 },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pa_attr_raw raw = { 0, 0, 0, data, (uint32_t)size };
	char name[64];
	size_t i;
	uint32_t type;

	check_msg(data, size, NULL, 0);
	check_msg(data, size, ext, sizeof(ext) / sizeof(ext[0]));

	if (size > UINT32_MAX)
		return 0;
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		for (type = 0; type <= ranges[i].last; type++) {
			raw.vendor = ranges[i].vendor;
			raw.type = type;
			pa_attr_describe(raw.vendor, type, name, sizeof(name));
			decode_one(&raw, 0);
		}
	}
	return 0;
}
