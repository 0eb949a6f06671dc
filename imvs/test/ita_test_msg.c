/*
 * ita_test_msg.c - PA-TNC codec for the messages of the Test IMC/IMV pair.
 *
 * Layouts (RFC 5792, all integers big-endian, lengths include the header):
 *   message:   version u8 (=1) | reserved u24 | message id u32 | attributes
 *   attribute: flags u8 | vendor u24 | type u32 | length u32 | value
 * Reading goes through a small bounds-checked reader that stays failed once
 * it runs out of bytes; writing through a growing buffer with a sticky error.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "ita_test_msg.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/random.h>

#define RESERVED_VENDOR 0xFFFFFFu
#define RESERVED_TYPE   0xFFFFFFFFu

/* ---------------------------------------------------------------- writing */

static bool writer_grow(ita_test_writer_t *w, size_t more)
{
	size_t need, cap;
	unsigned char *buf;

	if (w->failed)
		return false;
	if (more > SIZE_MAX - w->len) {
		w->failed = true;
		return false;
	}
	need = w->len + more;
	if (need <= w->cap)
		return true;
	cap = w->cap ? w->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	buf = realloc(w->buf, cap);
	if (!buf) {
		w->failed = true;
		return false;
	}
	w->buf = buf;
	w->cap = cap;
	return true;
}

static void put_u8(ita_test_writer_t *w, uint8_t v)
{
	if (writer_grow(w, 1))
		w->buf[w->len++] = v;
}

static void put_u24(ita_test_writer_t *w, uint32_t v)
{
	put_u8(w, (v >> 16) & 0xFF);
	put_u8(w, (v >> 8) & 0xFF);
	put_u8(w, v & 0xFF);
}

static void put_u32(ita_test_writer_t *w, uint32_t v)
{
	put_u8(w, (uint8_t)(v >> 24));
	put_u24(w, v & 0xFFFFFF);
}

static void put_bytes(ita_test_writer_t *w, const void *data, size_t len)
{
	if (len && writer_grow(w, len)) {
		memcpy(w->buf + w->len, data, len);
		w->len += len;
	}
}

static void put_fill(ita_test_writer_t *w, uint8_t byte, size_t len)
{
	if (len && writer_grow(w, len)) {
		memset(w->buf + w->len, byte, len);
		w->len += len;
	}
}

static void put_attr_header(ita_test_writer_t *w, bool noskip, uint32_t vendor,
			    uint32_t type, size_t value_len)
{
	/* The attribute length field is 32 bits wide and counts the header. */
	if (value_len > UINT32_MAX - PA_TNC_ATTR_HEADER_LEN) {
		w->failed = true;
		return;
	}
	put_u8(w, noskip ? PA_TNC_ATTR_NOSKIP : 0);
	put_u24(w, vendor);
	put_u32(w, type);
	put_u32(w, (uint32_t)(value_len + PA_TNC_ATTR_HEADER_LEN));
}

/* Message IDs only need to differ between messages (RFC 5792 uses them to
 * refer back in PA-TNC Error), so a clock-based fallback is good enough
 * should the kernel's random source be unavailable. */
static uint32_t random_msg_id(void)
{
	static _Atomic uint32_t fallback_counter;
	struct timespec ts;
	uint32_t id;

	if (getrandom(&id, sizeof(id), GRND_NONBLOCK) == (ssize_t)sizeof(id))
		return id;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)ts.tv_nsec * 2654435761u ^ (uint32_t)ts.tv_sec ^
	       ++fallback_counter;
}

void ita_test_writer_init(ita_test_writer_t *w)
{
	memset(w, 0, sizeof(*w));
	put_u8(w, PA_TNC_VERSION);
	put_u24(w, 0);
	put_u32(w, random_msg_id());
}

void ita_test_write_command(ita_test_writer_t *w, const char *command, bool noskip)
{
	size_t len = strlen(command);

	put_attr_header(w, noskip, PEN_ITA, ITA_ATTR_COMMAND, len);
	put_bytes(w, command, len);
}

void ita_test_write_dummy(ita_test_writer_t *w, size_t size, bool noskip)
{
	put_attr_header(w, noskip, PEN_ITA, ITA_ATTR_DUMMY, size);
	put_fill(w, ITA_DUMMY_FILL, size);
}

void ita_test_write_assessment(ita_test_writer_t *w, uint32_t result)
{
	put_attr_header(w, false, PEN_IETF, IETF_ATTR_ASSESSMENT_RESULT, 4);
	put_u32(w, result);
}

unsigned char *ita_test_writer_take(ita_test_writer_t *w, size_t *len)
{
	unsigned char *buf = w->failed ? NULL : w->buf;

	if (!buf)
		free(w->buf);
	*len = buf ? w->len : 0;
	memset(w, 0, sizeof(*w));
	return buf;
}

size_t ita_test_msg_size(size_t command_len, bool with_dummy, size_t dummy_size)
{
	size_t size = PA_TNC_MSG_HEADER_LEN + PA_TNC_ATTR_HEADER_LEN + command_len;

	if (with_dummy)
		size += PA_TNC_ATTR_HEADER_LEN + dummy_size;
	return size;
}

/* ---------------------------------------------------------------- reading */

typedef struct {
	const unsigned char *pos;
	size_t left;
	bool failed;
} reader_t;

static const unsigned char *get_bytes(reader_t *r, size_t n)
{
	const unsigned char *p = r->pos;

	if (r->failed || n > r->left) {
		r->failed = true;
		return NULL;
	}
	r->pos += n;
	r->left -= n;
	return p;
}

static uint32_t get_uint(reader_t *r, size_t width)
{
	const unsigned char *p = get_bytes(r, width);
	uint32_t v = 0;

	for (size_t i = 0; p && i < width; i++)
		v = v << 8 | p[i];
	return v;
}

static void store_command(ita_test_msg_t *msg, const unsigned char *value, size_t len)
{
	msg->has_command = true;
	msg->command = value;
	msg->command_len = len;
}

static void store_dummy(ita_test_msg_t *msg, const unsigned char *value, size_t len)
{
	/* Only the size of the padding matters, never its content. */
	msg->has_dummy = true;
	msg->dummy_len = len;
}

static void store_assessment(ita_test_msg_t *msg, const unsigned char *value, size_t len)
{
	reader_t r = { .pos = value, .left = len };

	msg->has_assessment = true;
	msg->assessment = get_uint(&r, 4);
}

/* The attributes this codec understands; anything else is skipped, or makes
 * the message unsupported when flagged NOSKIP (RFC 5792 section 4.2). */
static const struct attr_desc {
	uint32_t vendor;
	uint32_t type;
	size_t min_len;
	size_t max_len;
	void (*store)(ita_test_msg_t *msg, const unsigned char *value, size_t len);
} known_attrs[] = {
	{ PEN_ITA,  ITA_ATTR_COMMAND,            0, SIZE_MAX, store_command },
	{ PEN_ITA,  ITA_ATTR_DUMMY,              0, SIZE_MAX, store_dummy },
	{ PEN_IETF, IETF_ATTR_ASSESSMENT_RESULT, 4, 4,        store_assessment },
};

static const struct attr_desc *find_attr(uint32_t vendor, uint32_t type)
{
	for (size_t i = 0; i < sizeof(known_attrs) / sizeof(known_attrs[0]); i++)
		if (known_attrs[i].vendor == vendor && known_attrs[i].type == type)
			return &known_attrs[i];
	return NULL;
}

static ita_test_status_t fail(ita_test_status_t status, size_t offset, size_t *err_offset)
{
	if (err_offset)
		*err_offset = offset;
	return status;
}

ita_test_status_t ita_test_msg_parse(const unsigned char *data, size_t len,
				     ita_test_msg_t *msg, size_t *err_offset)
{
	reader_t r = { .pos = data, .left = data ? len : 0 };
	uint32_t version;

	memset(msg, 0, sizeof(*msg));
	version = get_uint(&r, 1);
	get_uint(&r, 3);			/* reserved */
	msg->msg_id = get_uint(&r, 4);
	if (r.failed)
		return fail(ITA_TEST_ERR_TOO_SHORT, 0, err_offset);
	if (version != PA_TNC_VERSION)
		return fail(ITA_TEST_ERR_VERSION, 0, err_offset);

	while (r.left > 0) {
		size_t start = len - r.left;
		const struct attr_desc *desc;
		const unsigned char *value;
		uint32_t flags, vendor, type, attr_len;
		size_t value_len;

		flags = get_uint(&r, 1);
		vendor = get_uint(&r, 3);
		type = get_uint(&r, 4);
		attr_len = get_uint(&r, 4);
		if (r.failed)
			return fail(ITA_TEST_ERR_ATTR_HEADER, start, err_offset);
		if (attr_len < PA_TNC_ATTR_HEADER_LEN)
			return fail(ITA_TEST_ERR_ATTR_LENGTH, start + 8, err_offset);
		value_len = attr_len - PA_TNC_ATTR_HEADER_LEN;
		value = get_bytes(&r, value_len);
		if (!value)
			return fail(ITA_TEST_ERR_ATTR_LENGTH, start + 8, err_offset);
		if (vendor == RESERVED_VENDOR)
			return fail(ITA_TEST_ERR_ATTR_RESERVED, start + 1, err_offset);
		if (type == RESERVED_TYPE)
			return fail(ITA_TEST_ERR_ATTR_RESERVED, start + 4, err_offset);

		desc = find_attr(vendor, type);
		if (!desc) {
			if (flags & PA_TNC_ATTR_NOSKIP)
				return fail(ITA_TEST_ERR_UNSUPPORTED, start, err_offset);
			continue;
		}
		if (value_len < desc->min_len || value_len > desc->max_len)
			return fail(ITA_TEST_ERR_ATTR_VALUE,
				    start + PA_TNC_ATTR_HEADER_LEN, err_offset);
		desc->store(msg, value, value_len);
	}
	return ITA_TEST_OK;
}

const char *ita_test_status_name(ita_test_status_t status)
{
	static const char *const names[] = {
		[ITA_TEST_OK] = "ok",
		[ITA_TEST_ERR_TOO_SHORT] = "message shorter than the PA-TNC header",
		[ITA_TEST_ERR_VERSION] = "unsupported PA-TNC version",
		[ITA_TEST_ERR_ATTR_HEADER] = "truncated attribute header",
		[ITA_TEST_ERR_ATTR_LENGTH] = "invalid attribute length",
		[ITA_TEST_ERR_ATTR_RESERVED] = "reserved attribute vendor or type",
		[ITA_TEST_ERR_ATTR_VALUE] = "malformed attribute value",
		[ITA_TEST_ERR_UNSUPPORTED] = "unsupported attribute flagged NOSKIP",
	};

	if ((size_t)status < sizeof(names) / sizeof(names[0]) && names[status])
		return names[status];
	return "unknown error";
}

bool ita_test_msg_command_is(const ita_test_msg_t *msg, const char *text)
{
	size_t len = strlen(text);

	return msg->has_command && msg->command_len == len &&
	       memcmp(msg->command, text, len) == 0;
}
