/*
 * ietf_product_info.c - IETF Product Information (RFC 5792 4.2.2): who
 * made the component and what it is called.
 *
 *   | Product Vendor ID u24 | Product ID u16 | Product Name (rest) |
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#define VENDOR_AND_ID_LEN 5
#define PRODUCT_ID_OFFSET 3

int ietf_product_info_decode(const struct pa_attr_raw *raw,
			     struct ietf_product_info *out, uint32_t *offset)
{
	struct reader r;

	pa_value_reader(raw, &r);
	out->vendor = reader_u24(&r);
	out->id = reader_u16(&r);
	out->name.len = reader_left(&r);
	out->name.ptr = reader_bytes(&r, out->name.len);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	/*
	 * RFC 5792 4.2.2: product IDs are scoped by a real vendor, so the
	 * IETF "vendor" 0 must come with ID 0 ([ss] rejects it, offset 3).
	 */
	if (out->vendor == PEN_IETF && out->id != 0) {
		*offset = PRODUCT_ID_OFFSET;
		return PA_DECODE_MALFORMED;
	}
	return PA_DECODE_OK;
}

int ietf_product_info_encode(const struct ietf_product_info *in,
			     struct writer *w)
{
	writer_u24(w, in->vendor);
	writer_u16(w, in->id);
	writer_bytes(w, in->name.ptr, in->name.len);
	return pa_writer_result(w);
}
