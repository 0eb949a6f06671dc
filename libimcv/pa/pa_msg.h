/*
 * pa_msg.h - PA-TNC messages (RFC 5792 section 4.1): parse a received
 * message into its raw attributes, build one to send, and say in one log
 * line what a PA-TNC error means.
 *
 * A message is the opaque body of a PB-PA message, i.e. the buffer an IMC
 * or IMV sends and receives through the TNC ABI. Parsing follows the
 * receive order of the PA-TNC spec note section 4 and stops at the first
 * error; that error comes back as a struct pa_error, which the agent puts
 * into its reply with ietf_pa_tnc_error_write (pa_attr.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_PA_MSG_H
#define IMCV_PA_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pa_attr.h"
#include "pa_tnc.h"

enum pa_msg_status {
	PA_MSG_OK,		/* every attribute accepted */
	PA_MSG_ERROR,		/* *err says what to report to the sender */
	/*
	 * Discarded with nothing to report: shorter than its header, or a
	 * PA-TNC Error attribute in it is malformed (spec note 4).
	 */
	PA_MSG_DROPPED,
	PA_MSG_NOMEM,
};

/* A parsed message; attrs borrow their values from the parsed bytes. */
struct pa_msg {
	uint8_t header[PA_TNC_MSG_HEADER_LEN];	/* copy, for error reports */
	uint8_t version;
	uint32_t id;
	struct pa_attr_raw *attrs;	/* owned: pa_msg_free */
	size_t count;
	size_t skipped;			/* unknown attributes without NOSKIP */
};

/*
 * An attribute type its caller handles itself, e.g. the TCG segmentation
 * attributes (seg/) or SWIMA's. check, when not NULL, validates the value
 * like a decoder would: PA_DECODE_OK, or PA_DECODE_MALFORMED with the
 * offset inside the value (see pa_attr.h), or PA_DECODE_NOMEM.
 */
struct pa_attr_ext {
	uint32_t vendor;
	uint32_t type;
	int (*check)(const struct pa_attr_raw *raw, uint32_t *offset);
};

/*
 * Parses a message of len bytes; the bytes must outlive *msg. Known are
 * the types with a decoder in pa_attr.c and the ext_count types in ext
 * (ext may be NULL), whose entries take precedence. Known attributes are
 * validated by decoding them; unknown ones without NOSKIP are skipped.
 *
 * On PA_MSG_ERROR and PA_MSG_DROPPED msg->attrs still holds the
 * attributes accepted before the failing one. RFC 5792 4.2.8 says an
 * unsupported NOSKIP attribute voids the whole message; strongSwan IMCs
 * act on those earlier attributes anyway (spec note 4). The caller
 * decides, and frees msg with pa_msg_free whatever the status.
 */
enum pa_msg_status pa_msg_parse(const uint8_t *data, size_t len,
				const struct pa_attr_ext *ext,
				size_t ext_count, struct pa_msg *msg,
				struct pa_error *err);
void pa_msg_free(struct pa_msg *msg);

/* Builds one outgoing message. */
struct pa_msg_builder;

enum pa_msg_add {
	PA_MSG_ADDED,
	PA_MSG_FULL,		/* does not fit: finish, start a new message */
	PA_MSG_TOO_BIG,		/* fits no message of this size: drop it */
	PA_MSG_ADD_FAILED,	/* out of memory, or the attribute cannot be encoded */
};

/*
 * A new, empty message with a fresh random message ID ([ss] does the
 * same, spec note 1). max_len bounds the whole message, header included;
 * 0 means no bound. NULL when max_len cannot even hold the header, when
 * out of memory or when no random bytes could be had.
 * Free with pa_msg_builder_free.
 */
struct pa_msg_builder *pa_msg_builder_new(size_t max_len);
/* The same with a given message ID (tests, reproducible output). */
struct pa_msg_builder *pa_msg_builder_new_with_id(size_t max_len, uint32_t id);
void pa_msg_builder_free(struct pa_msg_builder *b);

uint32_t pa_msg_builder_id(const struct pa_msg_builder *b);
size_t pa_msg_builder_count(const struct pa_msg_builder *b);
/*
 * How many more bytes, attribute headers included, fit in the message
 * (SIZE_MAX without bound); segmentation sizes its first segment by it.
 */
size_t pa_msg_builder_space(const struct pa_msg_builder *b);
/* Appends a raw attribute as it is. */
enum pa_msg_add pa_msg_builder_add(struct pa_msg_builder *b,
				   const struct pa_attr_raw *raw);
/* Encodes a typed attribute (pa_attr.h) and appends it. */
enum pa_msg_add pa_msg_builder_add_attr(struct pa_msg_builder *b,
					const struct pa_attr *a);
/*
 * Hands over the message: *len bytes, caller frees. The builder is then
 * empty and only good for pa_msg_builder_free. NULL when out of memory.
 */
uint8_t *pa_msg_builder_finish(struct pa_msg_builder *b, size_t *len);

/*
 * Name of an error code as logged ("invalid parameter"); IETF codes
 * (RFC 5792, RFC 8412) and TCG PTS codes. NULL when unknown.
 */
const char *pa_error_code_name(uint32_t vendor, uint32_t code);
/*
 * Formats err as one log line into buf and returns buf, e.g.
 *   PA-TNC error 'invalid parameter' at offset 20
 */
const char *pa_error_format(const struct pa_error *err, char *buf,
			    size_t len);

#endif /* IMCV_PA_MSG_H */
