/*
 * pa_msg.c - PA-TNC message parser and builder, and the PA-TNC error log
 * line (see pa_msg.h).
 *
 * The parser walks the attributes with the shared bounds-checked reader
 * and checks each header in the order of the PA-TNC spec note section 4,
 * which is also the order in which strongSwan reports what it finds, so
 * that a peer gets the same error code and offset from either of us.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_msg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/* Offsets inside an attribute header that errors point at (spec note 4). */
#define ATTR_VENDOR_OFFSET 1
#define ATTR_TYPE_OFFSET 4
#define ATTR_LENGTH_OFFSET 8

/* What the parser learns from one attribute header. */
enum attr_verdict { ATTR_ACCEPT, ATTR_SKIP, ATTR_STOP };

struct parse_ctx {
	const struct pa_attr_ext *ext;
	size_t ext_count;
	struct pa_msg *msg;
	struct pa_error *err;
	size_t cap;
	enum pa_msg_status status;	/* when ATTR_STOP */
};

static void set_invalid_parameter(struct pa_error *err, size_t offset)
{
	err->code = PA_ERROR_INVALID_PARAMETER;
	err->offset = (uint32_t)offset;
}

static const struct pa_attr_ext *find_ext(const struct parse_ctx *c,
					  uint32_t vendor, uint32_t type)
{
	size_t i;

	for (i = 0; i < c->ext_count; i++)
		if (c->ext[i].vendor == vendor && c->ext[i].type == type)
			return &c->ext[i];
	return NULL;
}

/* Validates a table attribute by decoding it once and letting go. */
static int check_known(const struct pa_attr_raw *raw, uint32_t *offset)
{
	struct pa_attr a;
	int rc = pa_attr_decode(raw, &a, offset);

	if (rc == PA_DECODE_OK)
		pa_attr_free(&a);
	return rc;
}

static bool append(struct parse_ctx *c, const struct pa_attr_raw *raw)
{
	struct pa_msg *m = c->msg;
	struct pa_attr_raw *attrs;
	size_t cap;

	if (m->count == c->cap) {
		cap = c->cap ? c->cap * 2 : 8;
		attrs = realloc(m->attrs, cap * sizeof(*attrs));
		if (!attrs)
			return false;
		m->attrs = attrs;
		c->cap = cap;
	}
	m->attrs[m->count++] = *raw;
	return true;
}

/*
 * Decides about one attribute whose header and value were read from the
 * message at start: known, unknown and skippable, or fatal.
 */
static enum attr_verdict judge_attr(struct parse_ctx *c,
				    const struct pa_attr_raw *raw,
				    size_t start)
{
	const struct pa_attr_ext *ext = find_ext(c, raw->vendor, raw->type);
	int (*check)(const struct pa_attr_raw *, uint32_t *) = check_known;
	uint32_t offset = 0;
	int rc;

	if (ext) {
		check = ext->check;
	} else if (!pa_attr_is_known(raw->vendor, raw->type)) {
		if (!(raw->flags & PA_ATTR_FLAG_NOSKIP))
			return ATTR_SKIP;
		c->err->code = PA_ERROR_ATTR_TYPE_NOT_SUPPORTED;
		c->err->attr_flags = raw->flags;
		c->err->attr_vendor = raw->vendor;
		c->err->attr_type = raw->type;
		c->status = PA_MSG_ERROR;
		return ATTR_STOP;
	}
	rc = check ? check(raw, &offset) : PA_DECODE_OK;
	if (rc == PA_DECODE_OK)
		return ATTR_ACCEPT;
	if (rc == PA_DECODE_NOMEM) {
		c->status = PA_MSG_NOMEM;
		return ATTR_STOP;
	}
	/*
	 * An error about an error would invite an endless exchange, so a
	 * malformed PA-TNC Error ends processing quietly (spec note 4).
	 */
	if (raw->vendor == PEN_IETF && raw->type == IETF_ATTR_PA_TNC_ERROR) {
		c->status = PA_MSG_DROPPED;
		return ATTR_STOP;
	}
	set_invalid_parameter(c->err, start + PA_TNC_ATTR_HEADER_LEN +
				      (size_t)offset);
	c->status = PA_MSG_ERROR;
	return ATTR_STOP;
}

/*
 * Reads the attribute at the reader's position. Returns false with the
 * error set when its header cannot be accepted.
 */
static bool read_attr(struct reader *r, struct pa_error *err,
		      struct pa_attr_raw *raw)
{
	size_t start = r->pos;
	uint32_t length;

	if (reader_left(r) < PA_TNC_ATTR_HEADER_LEN) {
		set_invalid_parameter(err, start);
		return false;
	}
	raw->flags = reader_u8(r);
	raw->vendor = reader_u24(r);
	raw->type = reader_u32(r);
	length = reader_u32(r);
	if (length < PA_TNC_ATTR_HEADER_LEN ||
	    length - PA_TNC_ATTR_HEADER_LEN > reader_left(r)) {
		set_invalid_parameter(err, start + ATTR_LENGTH_OFFSET);
		return false;
	}
	if (raw->vendor == PEN_RESERVED) {
		set_invalid_parameter(err, start + ATTR_VENDOR_OFFSET);
		return false;
	}
	if (raw->type == PA_ATTR_TYPE_RESERVED) {
		set_invalid_parameter(err, start + ATTR_TYPE_OFFSET);
		return false;
	}
	raw->len = length - PA_TNC_ATTR_HEADER_LEN;
	raw->value = reader_bytes(r, raw->len);
	return true;
}

static enum pa_msg_status parse_attrs(struct reader *r, struct parse_ctx *c)
{
	struct pa_attr_raw raw;
	size_t start;

	while (reader_left(r) > 0) {
		start = r->pos;
		if (!read_attr(r, c->err, &raw))
			return PA_MSG_ERROR;
		switch (judge_attr(c, &raw, start)) {
		case ATTR_SKIP:
			c->msg->skipped++;
			break;
		case ATTR_ACCEPT:
			if (!append(c, &raw))
				return PA_MSG_NOMEM;
			break;
		case ATTR_STOP:
			return c->status;
		}
	}
	return PA_MSG_OK;
}

enum pa_msg_status pa_msg_parse(const uint8_t *data, size_t len,
				const struct pa_attr_ext *ext,
				size_t ext_count, struct pa_msg *msg,
				struct pa_error *err)
{
	struct parse_ctx c = {
		.ext = ext, .ext_count = ext ? ext_count : 0,
		.msg = msg, .err = err,
	};
	struct reader r;
	const uint8_t *header;

	memset(msg, 0, sizeof(*msg));
	memset(err, 0, sizeof(*err));
	/* offsets are u32 on the wire; PB-PA cannot carry more anyway */
	if (len < PA_TNC_MSG_HEADER_LEN || len > UINT32_MAX)
		return PA_MSG_DROPPED;
	reader_init(&r, data, len);
	header = reader_bytes(&r, PA_TNC_MSG_HEADER_LEN);
	memcpy(msg->header, header, PA_TNC_MSG_HEADER_LEN);
	msg->version = msg->header[0];
	msg->id = get_u32be(msg->header + 4);

	/* every error below reports on this message */
	err->vendor = PEN_IETF;
	memcpy(err->header, msg->header, PA_TNC_MSG_HEADER_LEN);
	if (msg->version != PA_TNC_VERSION) {
		err->code = PA_ERROR_VERSION_NOT_SUPPORTED;
		return PA_MSG_ERROR;
	}
	return parse_attrs(&r, &c);
}

void pa_msg_free(struct pa_msg *msg)
{
	free(msg->attrs);
	msg->attrs = NULL;
	msg->count = 0;
}

/* Builder */

struct pa_msg_builder {
	struct writer w;
	size_t max_len;		/* SIZE_MAX: no bound */
	uint32_t id;
	size_t count;
	bool finished;		/* the bytes were handed over */
};

static bool random_u32(uint32_t *v)
{
	uint8_t b[4];
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(b)) {
		n = getrandom(b + got, sizeof(b) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		got += (size_t)n;
	}
	*v = get_u32be(b);
	return true;
}

struct pa_msg_builder *pa_msg_builder_new_with_id(size_t max_len, uint32_t id)
{
	struct pa_msg_builder *b;

	if (max_len && max_len < PA_TNC_MSG_HEADER_LEN)
		return NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->max_len = max_len ? max_len : SIZE_MAX;
	b->id = id;
	writer_init(&b->w);
	writer_u8(&b->w, PA_TNC_VERSION);
	writer_u24(&b->w, 0);
	writer_u32(&b->w, id);
	if (!writer_ok(&b->w)) {
		pa_msg_builder_free(b);
		return NULL;
	}
	return b;
}

struct pa_msg_builder *pa_msg_builder_new(size_t max_len)
{
	uint32_t id;

	if (!random_u32(&id))
		return NULL;
	return pa_msg_builder_new_with_id(max_len, id);
}

void pa_msg_builder_free(struct pa_msg_builder *b)
{
	if (!b)
		return;
	writer_free(&b->w);
	free(b);
}

uint32_t pa_msg_builder_id(const struct pa_msg_builder *b)
{
	return b->id;
}

size_t pa_msg_builder_count(const struct pa_msg_builder *b)
{
	return b->count;
}

size_t pa_msg_builder_space(const struct pa_msg_builder *b)
{
	if (b->max_len == SIZE_MAX)
		return SIZE_MAX;
	return b->w.len < b->max_len ? b->max_len - b->w.len : 0;
}

/* Whether an attribute of attr_len bytes fits now, or ever. */
static enum pa_msg_add fit(const struct pa_msg_builder *b, size_t attr_len)
{
	if (attr_len > UINT32_MAX ||
	    attr_len > b->max_len - PA_TNC_MSG_HEADER_LEN)
		return PA_MSG_TOO_BIG;
	if (attr_len > pa_msg_builder_space(b))
		return PA_MSG_FULL;
	return PA_MSG_ADDED;
}

enum pa_msg_add pa_msg_builder_add(struct pa_msg_builder *b,
				   const struct pa_attr_raw *raw)
{
	enum pa_msg_add rc;

	if (b->finished)
		return PA_MSG_ADD_FAILED;
	rc = fit(b, PA_TNC_ATTR_HEADER_LEN + (size_t)raw->len);
	if (rc != PA_MSG_ADDED)
		return rc;
	pa_attr_write_raw(&b->w, raw);
	if (!writer_ok(&b->w))
		return PA_MSG_ADD_FAILED;
	b->count++;
	return PA_MSG_ADDED;
}

enum pa_msg_add pa_msg_builder_add_attr(struct pa_msg_builder *b,
					const struct pa_attr *a)
{
	size_t start = b->w.len;
	enum pa_msg_add rc;

	/* encoded in place, then taken back when it does not fit */
	if (b->finished || pa_attr_encode(a, &b->w) < 0)
		return PA_MSG_ADD_FAILED;
	rc = fit(b, b->w.len - start);
	if (rc != PA_MSG_ADDED) {
		b->w.len = start;
		return rc;
	}
	b->count++;
	return PA_MSG_ADDED;
}

uint8_t *pa_msg_builder_finish(struct pa_msg_builder *b, size_t *len)
{
	b->count = 0;
	b->finished = true;
	return writer_take(&b->w, len);
}

/* Logging */

struct error_name {
	uint32_t vendor;
	uint32_t code;
	const char *name;
};

/* IETF codes from RFC 5792 and RFC 8412, TCG codes from TCG PTS. */
static const struct error_name error_names[] = {
	{ PEN_IETF, PA_ERROR_RESERVED, "reserved" },
	{ PEN_IETF, PA_ERROR_INVALID_PARAMETER, "invalid parameter" },
	{ PEN_IETF, PA_ERROR_VERSION_NOT_SUPPORTED, "version not supported" },
	{ PEN_IETF, PA_ERROR_ATTR_TYPE_NOT_SUPPORTED,
	  "attribute type not supported" },
	{ PEN_IETF, PA_ERROR_SWIMA, "SWIMA error" },
	{ PEN_IETF, PA_ERROR_SWIMA_SUBSCRIPTION_DENIED,
	  "SWIMA subscription denied" },
	{ PEN_IETF, PA_ERROR_SWIMA_RESPONSE_TOO_LARGE,
	  "SWIMA response too large" },
	{ PEN_IETF, PA_ERROR_SWIMA_SUBSCRIPTION_FULFILLMENT,
	  "SWIMA subscription fulfillment error" },
	{ PEN_IETF, PA_ERROR_SWIMA_SUBSCRIPTION_ID_REUSE,
	  "SWIMA subscription ID reuse" },
	{ PEN_TCG, 1, "hash algorithm not supported" },
	{ PEN_TCG, 2, "invalid path" },
	{ PEN_TCG, 3, "file not found" },
	{ PEN_TCG, 4, "registry not supported" },
	{ PEN_TCG, 5, "registry key not found" },
	{ PEN_TCG, 6, "DH groups not supported" },
	{ PEN_TCG, 7, "bad nonce length" },
	{ PEN_TCG, 8, "invalid name family" },
	{ PEN_TCG, 9, "TPM version not supported" },
	{ PEN_TCG, 10, "invalid delimiter" },
	{ PEN_TCG, 11, "operation not supported" },
	{ PEN_TCG, 12, "RM error" },
	{ PEN_TCG, 13, "unable to locally validate" },
	{ PEN_TCG, 14, "unable to collect current evidence" },
	{ PEN_TCG, 15, "unable to determine TTC" },
	{ PEN_TCG, 16, "unable to determine PCR" },
};

const char *pa_error_code_name(uint32_t vendor, uint32_t code)
{
	size_t i;

	for (i = 0; i < sizeof(error_names) / sizeof(error_names[0]); i++)
		if (error_names[i].vendor == vendor &&
		    error_names[i].code == code)
			return error_names[i].name;
	return NULL;
}

const char *pa_error_format(const struct pa_error *err, char *buf,
			    size_t len)
{
	const char *name = pa_error_code_name(err->vendor, err->code);
	char attr[64];

	if (!name) {
		snprintf(buf, len, "PA-TNC error code %u of vendor 0x%06x",
			 err->code, err->vendor);
	} else if (err->vendor != PEN_IETF) {
		snprintf(buf, len, "PA-TNC error '%s'", name);
	} else if (err->code == PA_ERROR_INVALID_PARAMETER) {
		snprintf(buf, len, "PA-TNC error '%s' at offset %u", name,
			 err->offset);
	} else if (err->code == PA_ERROR_VERSION_NOT_SUPPORTED) {
		snprintf(buf, len, "PA-TNC error '%s' for version %u", name,
			 err->header[0]);
	} else if (err->code == PA_ERROR_ATTR_TYPE_NOT_SUPPORTED) {
		snprintf(buf, len, "PA-TNC error '%s' for %s", name,
			 pa_attr_describe(err->attr_vendor, err->attr_type,
					  attr, sizeof(attr)));
	} else {
		snprintf(buf, len, "PA-TNC error '%s'", name);
	}
	return buf;
}
