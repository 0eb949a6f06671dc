/*
 * pa_check.c - see pa_check.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pa_check.h"

/* PT-TLS, PB-TNC batch, PB-TNC message and PB-PA headers */
#define PT_HDR 16
#define PB_BATCH_HDR 8
#define PB_MSG_HDR 12
#define PB_PA_HDR 12

uint8_t *unhex(const char *hex, size_t *len)
{
	uint8_t *out = malloc(strlen(hex) / 2 + 1);
	size_t n = 0;
	int hi = -1, v;
	char c;

	assert_non_null(out);
	for (; (c = *hex) != '\0'; hex++) {
		if (c == ' ' || c == '\n')
			continue;
		v = c >= 'a' ? c - 'a' + 10 : c - '0';
		assert_true(v >= 0 && v < 16);
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	assert_int_equal(hi, -1);
	*len = n;
	return out;
}

void assert_bytes(struct pa_bytes b, const char *s)
{
	assert_int_equal(b.len, strlen(s));
	if (b.len)
		assert_memory_equal(b.ptr, s, b.len);
}

struct pa_bytes str(const char *s)
{
	return (struct pa_bytes){ (const uint8_t *)s, strlen(s) };
}

void assert_writer_is(const struct writer *w, const uint8_t *bytes,
			     size_t len)
{
	assert_true(writer_ok(w));
	assert_int_equal(w->len, len);
	if (len)
		assert_memory_equal(w->data, bytes, len);
}

void roundtrip(struct roundtrip *rt, const struct pa_attr *want,
		      const char *hex)
{
	struct pa_attr_raw raw = { 0, want->vendor, want->type, NULL, 0 };
	struct writer w;
	uint32_t offset = 0xdead;

	rt->bytes = unhex(hex, &rt->len);
	raw.value = rt->bytes;
	raw.len = (uint32_t)rt->len;
	assert_int_equal(pa_attr_decode(&raw, &rt->got, &offset),
			 PA_DECODE_OK);
	assert_int_equal(rt->got.vendor, want->vendor);
	assert_int_equal(rt->got.type, want->type);

	writer_init(&w);
	assert_int_equal(pa_attr_encode_value(&rt->got, &w), 0);
	assert_writer_is(&w, rt->bytes, rt->len);
	writer_reset(&w);
	assert_int_equal(pa_attr_encode_value(want, &w), 0);
	assert_writer_is(&w, rt->bytes, rt->len);
	writer_free(&w);
}

void roundtrip_done(struct roundtrip *rt)
{
	pa_attr_free(&rt->got);
	free(rt->bytes);
}

void expect_invalid_parameter_attr(const struct pa_error *err,
					  uint32_t msg_offset)
{
	char hex[128];
	struct writer w;
	uint8_t *want;
	size_t want_len;

	snprintf(hex, sizeof(hex), "00 000000 00000008 00000020 "
		 "00 000000 00000001 " MSG_HDR " %08x", msg_offset);
	want = unhex(hex, &want_len);
	writer_init(&w);
	assert_int_equal(ietf_pa_tnc_error_write(err, &w), 0);
	assert_writer_is(&w, want, want_len);
	writer_free(&w);
	free(want);
}

void expect_bad_value(uint8_t flags, uint32_t vendor, uint32_t type,
		      const char *hex, uint32_t offset, const char *what)
{
	struct pa_attr_raw raw = { 0, vendor, type, NULL, 0 };
	struct pa_attr a;
	struct pa_msg m;
	struct pa_error err;
	uint32_t got = 0xdead;
	size_t len, msg_len;
	uint8_t *value, *msg;

	value = unhex(hex, &len);
	raw.value = value;
	raw.len = (uint32_t)len;
	if (pa_attr_decode(&raw, &a, &got) != PA_DECODE_MALFORMED)
		fail_msg("%s (%s): accepted", what, hex);
	if (got != offset)
		fail_msg("%s (%s): offset %u, want %u", what, hex, got,
			 offset);

	msg = msg_with(flags, vendor, type, value, len, &msg_len);
	assert_int_equal(pa_msg_parse(msg, msg_len, NULL, 0, &m, &err),
			 PA_MSG_ERROR);
	assert_int_equal(err.vendor, PEN_IETF);
	assert_int_equal(err.code, PA_ERROR_INVALID_PARAMETER);
	assert_int_equal(err.offset, 20 + offset);
	assert_memory_equal(err.header, msg, 8);
	expect_invalid_parameter_attr(&err, 20 + offset);
	pa_msg_free(&m);
	free(msg);
	free(value);
}

uint8_t *msg_with(uint8_t flags, uint32_t vendor, uint32_t type,
			 const uint8_t *value, size_t len, size_t *msg_len)
{
	struct writer w;
	struct pa_attr_raw raw = { flags, vendor, type, value,
				   (uint32_t)len };
	size_t hlen;
	uint8_t *hdr = unhex(MSG_HDR, &hlen);
	uint8_t *out;

	writer_init(&w);
	writer_bytes(&w, hdr, hlen);
	pa_attr_write_raw(&w, &raw);
	free(hdr);
	out = writer_take(&w, msg_len);
	assert_non_null(out);
	return out;
}

void each_pa_msg(const struct vec_file *f,
			void (*fn)(const uint8_t *body, size_t len, void *arg,
				   const char *where),
			void *arg)
{
	struct reader r, value;
	uint32_t vendor, type, length;
	const uint8_t *body;
	size_t body_len;
	char where[128];

	if (strncmp(f->kind, "batch-", 6) != 0)
		return;
	reader_init(&r, f->data, f->len);
	reader_skip(&r, PT_HDR + PB_BATCH_HDR);
	while (reader_ok(&r) && reader_left(&r) > 0) {
		reader_u8(&r);
		vendor = reader_u24(&r);
		type = reader_u32(&r);
		length = reader_u32(&r);
		value = reader_sub(&r, length - PB_MSG_HDR);
		if (vendor != 0 || type != 1)	/* not PB-PA */
			continue;
		reader_skip(&value, PB_PA_HDR);
		body_len = reader_left(&value);
		body = reader_bytes(&value, body_len);
		assert_true(reader_ok(&value));
		snprintf(where, sizeof(where), "%s/%s", f->scenario, f->name);
		fn(body, body_len, arg, where);
	}
	assert_true(reader_ok(&r));
}
