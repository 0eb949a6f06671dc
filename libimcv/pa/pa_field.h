/*
 * pa_field.h - field helpers shared by the attribute files (internal to
 * libimcv/pa): strings with a length prefix, NUL checks, entry arrays of
 * the count-prefixed lists and the plain text attributes. They keep the
 * offset rules of pa_attr.h in one place.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_PA_FIELD_H
#define IMCV_PA_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "pa_attr.h"

/* A reader over the value of a raw attribute. */
void pa_value_reader(const struct pa_attr_raw *raw, struct reader *r);

/* Where the reader stands, as a value offset. */
uint32_t pa_reader_offset(const struct reader *r);

/* Whether s holds a NUL; *at is then its index. */
bool pa_find_nul(struct pa_bytes s, size_t *at);

/*
 * Reads a string with a u8 (pa_read_str8) or u16 (pa_read_str16) length
 * prefix. On truncation returns -1 with *offset at the length field.
 */
int pa_read_str8(struct reader *r, struct pa_bytes *s, uint32_t *offset);
int pa_read_str16(struct reader *r, struct pa_bytes *s, uint32_t *offset);

/*
 * Checks that s, read at value offset start, holds no NUL; -1 with
 * *offset at the NUL otherwise.
 */
int pa_check_no_nul(struct pa_bytes s, uint32_t start, uint32_t *offset);

/* -1 with *offset at the first unread byte when the reader has bytes left. */
int pa_check_end(const struct reader *r, uint32_t *offset);

/*
 * Allocates an array for count entries of size bytes each, each taking
 * at least min_wire bytes on the wire; no more than the bytes left in r
 * can hold, so a lying count cannot make us allocate much. The parser
 * stops at truncation before it fills more. Caller frees.
 */
void *pa_entries_new(uint32_t count, const struct reader *r, size_t min_wire,
		     size_t size, size_t *cap);

/* The whole value as text without NUL (ITA Command, Device ID, ...). */
int pa_text_decode(const struct pa_attr_raw *raw, struct pa_bytes *text,
		   uint32_t *offset);

/*
 * Whether the 20 bytes at p are an RFC 3339 UTC time YYYY-MM-DDThh:mm:ssZ
 * (Operational Status Last Use, SWIMA event timestamps).
 */
#define PA_TIME_LEN 20
bool pa_time_valid(const uint8_t *p);

/* Appends a string with a u8 or u16 length; -1 when too long for it. */
int pa_write_str8(struct writer *w, struct pa_bytes s);
int pa_write_str16(struct writer *w, struct pa_bytes s);

/*
 * A SWIMA inventory record (event false) or event (event true), with the
 * Record field for the types 16 and 17 (ietf_sw_record.c). The reader
 * returns -1 with *offset set per pa_attr.h; *rec borrows from r.
 */
size_t pa_sw_record_min_len(bool event, bool with_record);
int pa_sw_record_read(struct reader *r, bool event, bool with_record,
		      struct ietf_sw_record *rec, uint32_t *offset);
/* -1 when a field does not fit its length field. */
int pa_sw_record_write(struct writer *w, bool event, bool with_record,
		       const struct ietf_sw_record *rec);

/*
 * The fields of a SWIMA Request (ietf_swima_request.c), which are also
 * those of a Subscription Record (RFC 8412 5.12). The reader returns an
 * enum pa_decode_status; a value cut inside the 12 fixed bytes is
 * malformed at their start. On failure nothing is held; on success the
 * caller frees with ietf_swima_request_free. The writer returns -1 when a
 * field does not fit.
 */
int pa_swima_request_read(struct reader *r, struct ietf_swima_request *out,
			  uint32_t *offset);
int pa_swima_request_write(struct writer *w,
			   const struct ietf_swima_request *in);

/*
 * The record lists of SWIMA (ietf_sw_record.c): the four attributes 14-17
 * share one layout and differ only in these two switches.
 */
struct pa_sw_list_kind {
	bool event;		/* 15, 17: events and a Last Consulted EID */
	bool with_record;	/* 16, 17: each entry carries its Record */
};

/* A list as decoded: struct ietf_sw_inventory and _events in one. */
struct pa_sw_list {
	uint8_t flags;
	uint32_t request_id;
	uint32_t epoch;
	uint32_t last_eid;
	uint32_t last_consulted_eid;	/* events only */
	size_t count;
	struct ietf_sw_record *entries;	/* owned array, caller frees */
};

/*
 * Decodes a list of the given kind; returns an enum pa_decode_status and
 * holds nothing allocated unless PA_DECODE_OK. Entries borrow from raw.
 */
int pa_sw_list_decode(const struct pa_attr_raw *raw,
		      const struct pa_sw_list_kind *kind,
		      struct pa_sw_list *out, uint32_t *offset);
/* Appends a list of the given kind; -1 when a field does not fit. */
int pa_sw_list_encode(const struct pa_sw_list *in,
		      const struct pa_sw_list_kind *kind, struct writer *w);

/* 0 when the writer is fine, -1 otherwise: the encoders' last line. */
int pa_writer_result(const struct writer *w);

#endif /* IMCV_PA_FIELD_H */
