/*
 * pb_tnc_batch.c - PB-TNC batch header and message framing (RFC 5793
 * sections 4.1 and 4.2), in the order of checks the reference applies, so
 * that both report the same PB-Error for the same bad batch.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pb_tnc.h"

#include <stdlib.h>

#define PB_D_BIT 0x80
#define PB_MAX_BATCH_TYPE PB_BATCH_CLOSE

static const char *const batch_names[] = {
	[PB_BATCH_NONE] = "NONE", [PB_BATCH_CDATA] = "CDATA",
	[PB_BATCH_SDATA] = "SDATA", [PB_BATCH_RESULT] = "RESULT",
	[PB_BATCH_CRETRY] = "CRETRY", [PB_BATCH_SRETRY] = "SRETRY",
	[PB_BATCH_CLOSE] = "CLOSE",
};

const char *pb_batch_type_name(enum pb_batch_type type)
{
	if ((unsigned)type > PB_MAX_BATCH_TYPE)
		return "unknown";
	return batch_names[type];
}

static int fail(struct pb_error *err, enum pb_error_code code,
		uint32_t offset, const char *reason)
{
	err->code = code;
	err->offset = offset;
	err->reason = reason;
	return -1;
}

int pb_batch_parse_header(const uint8_t *data, size_t len,
			  bool receiver_is_server, struct pb_batch *batch,
			  struct pb_error *err)
{
	struct reader r;
	uint8_t dir;
	uint32_t batch_len;

	*batch = (struct pb_batch){ 0 };
	err->bad_version = 0;
	reader_init(&r, data, len);
	batch->version = reader_u8(&r);
	dir = reader_u8(&r);
	reader_u8(&r);
	batch->type = reader_u8(&r) & 0x0f;
	batch_len = reader_u32(&r);
	batch->from_server = dir & PB_D_BIT;

	if (!reader_ok(&r))
		return fail(err, PB_ERR_INVALID_PARAMETER, 0,
			    "batch shorter than its header");
	if (batch->version != PB_TNC_VERSION) {
		err->bad_version = batch->version;
		return fail(err, PB_ERR_VERSION_NOT_SUPPORTED, 0,
			    "unsupported PB-TNC version");
	}
	if (batch->from_server == receiver_is_server)
		return fail(err, PB_ERR_INVALID_PARAMETER, 1,
			    "wrong batch direction");
	if (batch->type > PB_MAX_BATCH_TYPE)
		return fail(err, PB_ERR_INVALID_PARAMETER, 3,
			    "unknown batch type");
	if (batch_len != len)
		return fail(err, PB_ERR_INVALID_PARAMETER, 4,
			    "batch length does not match the data received");
	return 0;
}

/* Counts the messages first so the array is allocated once. */
static size_t count_msgs(const uint8_t *data, size_t len)
{
	size_t pos = PB_BATCH_HEADER_LEN, n = 0;
	uint32_t mlen;

	while (len - pos >= PB_MSG_HEADER_LEN) {
		mlen = get_u32be(data + pos + 8);
		if (mlen < PB_MSG_HEADER_LEN || mlen > len - pos)
			break;
		pos += mlen;
		n++;
	}
	return n;
}

int pb_batch_parse_msgs(const uint8_t *data, size_t len,
			struct pb_batch *batch, struct pb_error *err)
{
	struct reader r;
	struct pb_msg m;
	size_t n = count_msgs(data, len);
	uint32_t mlen;

	batch->msgs = calloc(n ? n : 1, sizeof(*batch->msgs));
	if (!batch->msgs)
		return fail(err, PB_ERR_LOCAL_ERROR, 0, "out of memory");
	reader_init(&r, data, len);
	reader_skip(&r, PB_BATCH_HEADER_LEN);
	while (reader_left(&r) > 0) {
		/* Stored only once sound: count_msgs sized the array by the
		 * well-framed messages alone. */
		m.offset = (uint32_t)r.pos;
		if (reader_left(&r) < PB_MSG_HEADER_LEN)
			return fail(err, PB_ERR_INVALID_PARAMETER, m.offset,
				    "truncated message header");
		m.flags = reader_u8(&r);
		m.vendor = reader_u24(&r);
		m.type = reader_u32(&r);
		mlen = reader_u32(&r);
		if (mlen < PB_MSG_HEADER_LEN ||
		    mlen - PB_MSG_HEADER_LEN > reader_left(&r))
			return fail(err, PB_ERR_INVALID_PARAMETER, m.offset + 8,
				    "message length exceeds the batch");
		if (m.vendor == PB_VENDOR_RESERVED)
			return fail(err, PB_ERR_INVALID_PARAMETER, m.offset + 1,
				    "reserved message vendor ID");
		if (m.type == PB_TYPE_RESERVED)
			return fail(err, PB_ERR_INVALID_PARAMETER, m.offset + 4,
				    "reserved message type");
		m.value_len = mlen - PB_MSG_HEADER_LEN;
		m.value = reader_bytes(&r, m.value_len);
		if (pb_msg_check(&m, err) < 0)
			return -1;
		batch->msgs[batch->count++] = m;
	}
	return 0;
}

int pb_batch_parse(const uint8_t *data, size_t len, bool receiver_is_server,
		   struct pb_batch *batch, struct pb_error *err)
{
	if (pb_batch_parse_header(data, len, receiver_is_server, batch,
				  err) < 0)
		return -1;
	if (pb_batch_parse_msgs(data, len, batch, err) < 0) {
		pb_batch_free(batch);
		return -1;
	}
	return 0;
}

void pb_batch_free(struct pb_batch *batch)
{
	free(batch->msgs);
	batch->msgs = NULL;
	batch->count = 0;
}

size_t pb_batch_begin(struct writer *w, bool from_server,
		      enum pb_batch_type type)
{
	size_t start = w->len;

	writer_u8(w, PB_TNC_VERSION);
	writer_u8(w, from_server ? PB_D_BIT : 0);
	writer_u8(w, 0);
	writer_u8(w, (uint8_t)type);
	writer_u32(w, 0);
	return start;
}

void pb_batch_end(struct writer *w, size_t start)
{
	writer_put_u32_at(w, start + 4, (uint32_t)(w->len - start));
}
