/*
 * tnc_attr.c - GetAttribute value encodings (tnc_attr.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tnc_attr.h"

#include <string.h>

#define TCG_VENDOR 0x005597

TNC_Result tnc_attr_put(const void *value, size_t len, TNC_UInt32 buf_len,
			TNC_BufferReference buf, TNC_UInt32 *out_len)
{
	if (!out_len)
		return TNC_RESULT_INVALID_PARAMETER;
	*out_len = len;
	if (!buf || buf_len < len)
		return TNC_RESULT_INVALID_PARAMETER;
	memcpy(buf, value, len);
	return TNC_RESULT_SUCCESS;
}

TNC_Result tnc_attr_put_bool(bool v, TNC_UInt32 buf_len,
			     TNC_BufferReference buf, TNC_UInt32 *out_len)
{
	uint8_t b = v ? 1 : 0;

	return tnc_attr_put(&b, 1, buf_len, buf, out_len);
}

TNC_Result tnc_attr_put_uint(uint32_t v, TNC_UInt32 buf_len,
			     TNC_BufferReference buf, TNC_UInt32 *out_len)
{
	uint8_t be[4];

	put_u32be(be, v);
	return tnc_attr_put(be, 4, buf_len, buf, out_len);
}

TNC_Result tnc_attr_put_string(const char *s, TNC_UInt32 buf_len,
			       TNC_BufferReference buf, TNC_UInt32 *out_len)
{
	return tnc_attr_put(s, strlen(s) + 1, buf_len, buf, out_len);
}

TNC_Result tnc_attr_get_common(const struct tnc_conn_facts *f,
			       TNC_AttributeID id, TNC_UInt32 buf_len,
			       TNC_BufferReference buf, TNC_UInt32 *out_len,
			       bool *handled)
{
	*handled = true;
	switch (id) {
	case TNC_ATTRIBUTEID_MAX_ROUND_TRIPS:
		return tnc_attr_put_uint(0xffffffff, buf_len, buf, out_len);
	case TNC_ATTRIBUTEID_MAX_MESSAGE_SIZE:
		return tnc_attr_put_uint(f->max_msg_size, buf_len, buf,
					 out_len);
	case TNC_ATTRIBUTEID_HAS_LONG_TYPES:
	case TNC_ATTRIBUTEID_HAS_EXCLUSIVE:
		return tnc_attr_put_bool(true, buf_len, buf, out_len);
	case TNC_ATTRIBUTEID_HAS_SOH:
		return tnc_attr_put_bool(false, buf_len, buf, out_len);
	case TNC_ATTRIBUTEID_IFTNCCS_PROTOCOL:
		return tnc_attr_put_string("IF-TNCCS", buf_len, buf, out_len);
	case TNC_ATTRIBUTEID_IFTNCCS_VERSION:
		return tnc_attr_put_string("2.0", buf_len, buf, out_len);
	case TNC_ATTRIBUTEID_IFT_PROTOCOL:
		return tnc_attr_put_string(f->ift_protocol, buf_len, buf,
					   out_len);
	case TNC_ATTRIBUTEID_IFT_VERSION:
		return tnc_attr_put_string(f->ift_version, buf_len, buf,
					   out_len);
	default:
		*handled = false;
		return TNC_RESULT_INVALID_PARAMETER;
	}
}

void tnc_attr_ar_identities(struct writer *w, const struct tnc_identity *ids,
			    size_t count)
{
	size_t i, len;

	writer_u32(w, (uint32_t)count);
	for (i = 0; i < count; i++) {
		len = strlen(ids[i].value);
		writer_u32(w, TCG_VENDOR);
		writer_u32(w, ids[i].type);
		writer_u32(w, (uint32_t)len);
		writer_bytes(w, ids[i].value, len);
		writer_u32(w, TCG_VENDOR);
		writer_u32(w, ids[i].subject);
		writer_u32(w, TCG_VENDOR);
		writer_u32(w, ids[i].auth);
	}
}
