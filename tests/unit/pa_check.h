/*
 * pa_check.h - what the PA-TNC codec tests share: hex vectors, byte
 * comparisons, the round trip of one attribute value, the Invalid
 * Parameter error expected for a bad value, and the PA-TNC messages of
 * the shared vectors' PB-TNC batches.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TEST_PA_CHECK_H
#define TEST_PA_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "pa_attr.h"
#include "pa_msg.h"
#include "vectors.h"

/* The header of every hand-made message: version 1, ID 0x0badf00d */
#define MSG_HDR "01 000000 0badf00d"

/* Hex digits to bytes, whitespace ignored. Caller frees. */
uint8_t *unhex(const char *hex, size_t *len);
void assert_bytes(struct pa_bytes b, const char *s);
/* The bytes of s, borrowed. */
struct pa_bytes str(const char *s);
void assert_writer_is(const struct writer *w, const uint8_t *bytes,
		      size_t len);

/* One attribute value decoded from hex; the decoded form borrows bytes. */
struct roundtrip {
	uint8_t *bytes;
	size_t len;
	struct pa_attr got;
};

/*
 * Decodes hex as the value of want's (vendor, type) and checks both
 * directions: the decoded value encodes to the same bytes, and so does
 * want (whose fields the caller then compares with rt->got).
 */
void roundtrip(struct roundtrip *rt, const struct pa_attr *want,
	       const char *hex);
void roundtrip_done(struct roundtrip *rt);

/* The Invalid Parameter error attribute for an error at msg_offset. */
void expect_invalid_parameter_attr(const struct pa_error *err,
				   uint32_t msg_offset);
/*
 * The value hex of (vendor, type) is malformed at value offset, decoded
 * alone and inside a message (flags on its attribute), where it yields
 * the Invalid Parameter error at 20 + offset. what names the case in a
 * failure.
 */
void expect_bad_value(uint8_t flags, uint32_t vendor, uint32_t type,
		      const char *hex, uint32_t offset, const char *what);
/* A message of MSG_HDR and one attribute around value. Caller frees. */
uint8_t *msg_with(uint8_t flags, uint32_t vendor, uint32_t type,
		  const uint8_t *value, size_t len, size_t *msg_len);

/*
 * Calls fn on the PA-TNC message of every PB-PA message in a vector's
 * PB-TNC batch.
 */
void each_pa_msg(const struct vec_file *f,
		 void (*fn)(const uint8_t *body, size_t len, void *arg,
			    const char *where),
		 void *arg);

#endif /* TEST_PA_CHECK_H */
