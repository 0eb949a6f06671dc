/*
 * buf.c - the bounds-checked reader and the growable writer (see buf.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "buf.h"

#include <stdlib.h>
#include <string.h>

void reader_init(struct reader *r, const uint8_t *data, size_t len)
{
	r->data = data;
	r->len = data ? len : 0;
	r->pos = 0;
	r->failed = false;
}

size_t reader_left(const struct reader *r)
{
	return r->failed ? 0 : r->len - r->pos;
}

bool reader_ok(const struct reader *r)
{
	return !r->failed;
}

/* Claims n bytes or marks the reader failed; the single bounds check. */
static const uint8_t *take(struct reader *r, size_t n)
{
	const uint8_t *p;

	if (r->failed || n > r->len - r->pos) {
		r->failed = true;
		return NULL;
	}
	p = r->data + r->pos;
	r->pos += n;
	return p;
}

uint8_t reader_u8(struct reader *r)
{
	const uint8_t *p = take(r, 1);

	return p ? p[0] : 0;
}

uint16_t reader_u16(struct reader *r)
{
	const uint8_t *p = take(r, 2);

	return p ? (uint16_t)(p[0] << 8 | p[1]) : 0;
}

uint32_t reader_u24(struct reader *r)
{
	const uint8_t *p = take(r, 3);

	return p ? (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2] : 0;
}

uint32_t reader_u32(struct reader *r)
{
	const uint8_t *p = take(r, 4);

	return p ? get_u32be(p) : 0;
}

const uint8_t *reader_bytes(struct reader *r, size_t n)
{
	return take(r, n);
}

struct reader reader_sub(struct reader *r, size_t n)
{
	struct reader sub;
	const uint8_t *p = take(r, n);

	reader_init(&sub, p, p ? n : 0);
	sub.failed = p == NULL;
	return sub;
}

void reader_skip(struct reader *r, size_t n)
{
	take(r, n);
}

void writer_init(struct writer *w)
{
	memset(w, 0, sizeof(*w));
}

void writer_free(struct writer *w)
{
	free(w->data);
	writer_init(w);
}

void writer_reset(struct writer *w)
{
	w->len = 0;
	w->failed = false;
}

bool writer_ok(const struct writer *w)
{
	return !w->failed;
}

/* Makes room for n more bytes; returns where they go, NULL on failure. */
static uint8_t *grow(struct writer *w, size_t n)
{
	size_t cap;
	uint8_t *data;

	if (w->failed)
		return NULL;
	if (n > SIZE_MAX / 2 - w->len) {
		w->failed = true;
		return NULL;
	}
	if (w->len + n > w->cap) {
		cap = w->cap ? w->cap : 256;
		while (cap < w->len + n)
			cap *= 2;
		data = realloc(w->data, cap);
		if (!data) {
			w->failed = true;
			return NULL;
		}
		w->data = data;
		w->cap = cap;
	}
	w->len += n;
	return w->data + w->len - n;
}

void writer_u8(struct writer *w, uint8_t v)
{
	uint8_t *p = grow(w, 1);

	if (p)
		p[0] = v;
}

void writer_u16(struct writer *w, uint16_t v)
{
	uint8_t *p = grow(w, 2);

	if (p) {
		p[0] = v >> 8;
		p[1] = v & 0xff;
	}
}

void writer_u24(struct writer *w, uint32_t v)
{
	uint8_t *p = grow(w, 3);

	if (p) {
		p[0] = (v >> 16) & 0xff;
		p[1] = (v >> 8) & 0xff;
		p[2] = v & 0xff;
	}
}

void writer_u32(struct writer *w, uint32_t v)
{
	uint8_t *p = grow(w, 4);

	if (p)
		put_u32be(p, v);
}

void writer_bytes(struct writer *w, const void *src, size_t n)
{
	uint8_t *p;

	if (n == 0)
		return;
	p = grow(w, n);
	if (p)
		memcpy(p, src, n);
}

size_t writer_reserve(struct writer *w, size_t n)
{
	uint8_t *p = grow(w, n);

	if (!p)
		return 0;
	memset(p, 0, n);
	return w->len - n;
}

void writer_put_u32_at(struct writer *w, size_t offset, uint32_t v)
{
	if (!w->failed && offset + 4 <= w->len)
		put_u32be(w->data + offset, v);
}

uint8_t *writer_take(struct writer *w, size_t *len)
{
	uint8_t *data = w->failed ? NULL : w->data;

	if (w->failed)
		free(w->data);
	*len = data ? w->len : 0;
	writer_init(w);
	return data;
}

uint32_t get_u32be(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

void put_u32be(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}
