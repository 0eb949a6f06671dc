/*
 * pa_field.c - field helpers shared by the attribute files (see
 * pa_field.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_field.h"

#include <stdlib.h>

void pa_value_reader(const struct pa_attr_raw *raw, struct reader *r)
{
	reader_init(r, raw->value, raw->len);
}

uint32_t pa_reader_offset(const struct reader *r)
{
	return (uint32_t)r->pos;
}

bool pa_find_nul(struct pa_bytes s, size_t *at)
{
	size_t i;

	for (i = 0; i < s.len; i++) {
		if (s.ptr[i] == '\0') {
			*at = i;
			return true;
		}
	}
	return false;
}

int pa_read_str8(struct reader *r, struct pa_bytes *s, uint32_t *offset)
{
	uint32_t start = pa_reader_offset(r);

	s->len = reader_u8(r);
	s->ptr = reader_bytes(r, s->len);
	if (!reader_ok(r)) {
		*offset = start;
		return -1;
	}
	return 0;
}

int pa_read_str16(struct reader *r, struct pa_bytes *s, uint32_t *offset)
{
	uint32_t start = pa_reader_offset(r);

	s->len = reader_u16(r);
	s->ptr = reader_bytes(r, s->len);
	if (!reader_ok(r)) {
		*offset = start;
		return -1;
	}
	return 0;
}

int pa_check_no_nul(struct pa_bytes s, uint32_t start, uint32_t *offset)
{
	size_t at;

	if (pa_find_nul(s, &at)) {
		*offset = start + (uint32_t)at;
		return -1;
	}
	return 0;
}

int pa_check_end(const struct reader *r, uint32_t *offset)
{
	if (reader_left(r) != 0) {
		*offset = pa_reader_offset(r);
		return -1;
	}
	return 0;
}

void *pa_entries_new(uint32_t count, const struct reader *r, size_t min_wire,
		     size_t size, size_t *cap)
{
	size_t fit = reader_left(r) / min_wire;

	*cap = count < fit ? count : fit;
	/* one spare slot so that an empty list is a real allocation too */
	return calloc(*cap + 1, size);
}

int pa_text_decode(const struct pa_attr_raw *raw, struct pa_bytes *text,
		   uint32_t *offset)
{
	text->ptr = raw->value;
	text->len = raw->len;
	return pa_check_no_nul(*text, 0, offset);
}

/* What each position of the time must hold; 'd' is any digit. */
static const char time_pattern[] = "dddd-dd-ddTdd:dd:ddZ";

bool pa_time_valid(const uint8_t *p)
{
	size_t i;

	for (i = 0; i < PA_TIME_LEN; i++) {
		if (time_pattern[i] == 'd' ? p[i] < '0' || p[i] > '9'
					   : p[i] != time_pattern[i])
			return false;
	}
	return true;
}

int pa_write_str8(struct writer *w, struct pa_bytes s)
{
	if (s.len > UINT8_MAX)
		return -1;
	writer_u8(w, (uint8_t)s.len);
	writer_bytes(w, s.ptr, s.len);
	return 0;
}

int pa_write_str16(struct writer *w, struct pa_bytes s)
{
	if (s.len > UINT16_MAX)
		return -1;
	writer_u16(w, (uint16_t)s.len);
	writer_bytes(w, s.ptr, s.len);
	return 0;
}

int pa_writer_result(const struct writer *w)
{
	return writer_ok(w) ? 0 : -1;
}
