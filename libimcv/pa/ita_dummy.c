/*
 * ita_dummy.c - ITA-HSR Dummy (spec note 8, type 2): padding the test IMC
 * sends to exercise message sizes and segmentation. Only its size
 * matters; the sender fills it with 0xDD.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#include <string.h>

#define FILL 0xdd

int ita_dummy_decode(const struct pa_attr_raw *raw, struct ita_dummy *out,
		     uint32_t *offset)
{
	out->data.ptr = raw->value;
	out->data.len = raw->len;
	return PA_DECODE_OK;
}

/* data.ptr NULL: data.len bytes of fill. */
int ita_dummy_encode(const struct ita_dummy *in, struct writer *w)
{
	uint8_t fill[256];
	size_t left, n;

	if (in->data.ptr) {
		writer_bytes(w, in->data.ptr, in->data.len);
		return pa_writer_result(w);
	}
	memset(fill, FILL, sizeof(fill));
	for (left = in->data.len; left && writer_ok(w); left -= n) {
		n = left < sizeof(fill) ? left : sizeof(fill);
		writer_bytes(w, fill, n);
	}
	return pa_writer_result(w);
}
