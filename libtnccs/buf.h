/*
 * buf.h - one bounds-checked reader and one growable writer for every wire
 * format of the project (PT-TLS, PB-TNC, PA-TNC and the plugins' codecs).
 *
 * A reader that runs past its end becomes failed and stays failed, so a
 * parser reads all fields of a structure and checks once. Nothing else in
 * the project does pointer arithmetic on received bytes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_BUF_H
#define TNC_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A view of bytes owned by someone else. */
struct reader {
	const uint8_t *data;
	size_t len;
	size_t pos;
	bool failed;
};

void reader_init(struct reader *r, const uint8_t *data, size_t len);
size_t reader_left(const struct reader *r);
bool reader_ok(const struct reader *r);
uint8_t reader_u8(struct reader *r);
uint16_t reader_u16(struct reader *r);
uint32_t reader_u24(struct reader *r);
uint32_t reader_u32(struct reader *r);
/* Returns a pointer into the reader's data (not a copy), NULL when short. */
const uint8_t *reader_bytes(struct reader *r, size_t n);
/* A sub-reader over the next n bytes; fails both when short. */
struct reader reader_sub(struct reader *r, size_t n);
void reader_skip(struct reader *r, size_t n);

/* A growable byte buffer owned by its holder; writer_free releases it. */
struct writer {
	uint8_t *data;
	size_t len;
	size_t cap;
	bool failed;	/* allocation failed or a limit was hit */
};

void writer_init(struct writer *w);
void writer_free(struct writer *w);
void writer_reset(struct writer *w);	/* keeps the allocation */
bool writer_ok(const struct writer *w);
void writer_u8(struct writer *w, uint8_t v);
void writer_u16(struct writer *w, uint16_t v);
void writer_u24(struct writer *w, uint32_t v);
void writer_u32(struct writer *w, uint32_t v);
void writer_bytes(struct writer *w, const void *p, size_t n);
/* Reserves n bytes and returns their offset, for a length patched later. */
size_t writer_reserve(struct writer *w, size_t n);
void writer_put_u32_at(struct writer *w, size_t offset, uint32_t v);
/* Hands the bytes to the caller (who frees them) and empties the writer. */
uint8_t *writer_take(struct writer *w, size_t *len);

/* Big-endian helpers for fixed-size fields outside a reader. */
uint32_t get_u32be(const uint8_t *p);
void put_u32be(uint8_t *p, uint32_t v);

#endif /* TNC_BUF_H */
