/*
 * ita_test_msg.h - PA-TNC codec for the messages of the Test IMC/IMV pair.
 *
 * The Test pair exchanges PA-TNC messages (RFC 5792) of type ITA/Test that
 * carry at most three kinds of attribute: ITA Command, ITA Dummy and IETF
 * Assessment Result. This codec is compiled into both imc-test.so and
 * imv-test.so and depends on nothing but libc, so that the two plugins can
 * be built from the public TNC headers alone.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ITA_TEST_MSG_H
#define ITA_TEST_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PEN_IETF 0x000000
#define PEN_ITA  0x00902A

/* PA subtype of the Test pair, and its IF-IMV/IF-IMC short form (vendor << 8 | subtype) */
#define ITA_SUBTYPE_TEST   1
#define ITA_TEST_MSG_TYPE  (((uint32_t)PEN_ITA << 8) | ITA_SUBTYPE_TEST)

#define PA_TNC_VERSION          1
#define PA_TNC_MSG_HEADER_LEN   8
#define PA_TNC_ATTR_HEADER_LEN  12
#define PA_TNC_ATTR_NOSKIP      0x80

#define ITA_ATTR_COMMAND             1
#define ITA_ATTR_DUMMY               2
#define IETF_ATTR_ASSESSMENT_RESULT  9

#define ITA_DUMMY_FILL 0xDD

/* Internal to each plugin: only the TNC_IM*_ entry points are its ABI, also
 * when built without -fvisibility=hidden. */
#pragma GCC visibility push(hidden)

/*
 * Builder for one outgoing message. Errors (out of memory, a length that
 * does not fit the 32-bit length field) are sticky: add attributes freely
 * and check once in ita_test_writer_take().
 */
typedef struct {
	unsigned char *buf;
	size_t len;
	size_t cap;
	bool failed;
} ita_test_writer_t;

/* Starts a message with a fresh random message identifier. */
void ita_test_writer_init(ita_test_writer_t *w);
void ita_test_write_command(ita_test_writer_t *w, const char *command, bool noskip);
void ita_test_write_dummy(ita_test_writer_t *w, size_t size, bool noskip);
void ita_test_write_assessment(ita_test_writer_t *w, uint32_t result);

/* Hands over the encoded message (caller frees), or NULL if building failed;
 * either way the writer is empty afterwards. */
unsigned char *ita_test_writer_take(ita_test_writer_t *w, size_t *len);

/* Encoded size of a message holding the given attributes (for size limits). */
size_t ita_test_msg_size(size_t command_len, bool with_dummy, size_t dummy_size);

typedef enum {
	ITA_TEST_OK = 0,
	ITA_TEST_ERR_TOO_SHORT,      /* fewer than 8 bytes: no PA-TNC header */
	ITA_TEST_ERR_VERSION,        /* version is not 1 */
	ITA_TEST_ERR_ATTR_HEADER,    /* fewer than 12 bytes left for a header */
	ITA_TEST_ERR_ATTR_LENGTH,    /* length < 12 or beyond the message end */
	ITA_TEST_ERR_ATTR_RESERVED,  /* reserved vendor ID or attribute type */
	ITA_TEST_ERR_ATTR_VALUE,     /* known attribute with a malformed value */
	ITA_TEST_ERR_UNSUPPORTED,    /* unknown attribute flagged NOSKIP */
} ita_test_status_t;

/* What a parsed message contains. The command points into the parsed
 * buffer and is only valid as long as that buffer is. */
typedef struct {
	uint32_t msg_id;
	bool has_command;
	const unsigned char *command;
	size_t command_len;
	bool has_dummy;
	size_t dummy_len;
	bool has_assessment;
	uint32_t assessment;
} ita_test_msg_t;

/*
 * Parses one PA-TNC message. On failure returns the reason and sets
 * *err_offset (may be NULL) to the offset the RFC 5792 error would name;
 * *msg is then unspecified.
 */
ita_test_status_t ita_test_msg_parse(const unsigned char *data, size_t len,
				     ita_test_msg_t *msg, size_t *err_offset);

const char *ita_test_status_name(ita_test_status_t status);

/* True if the message carries a Command attribute equal to text. */
bool ita_test_msg_command_is(const ita_test_msg_t *msg, const char *text);

#pragma GCC visibility pop

#endif /* ITA_TEST_MSG_H */
