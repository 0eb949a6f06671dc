/*
 * fuzz_swima.c - libFuzzer target for the SWIMA attributes of the PA-TNC
 * codec (RFC 8412; libimcv/pa/ietf_swima_request.c, ietf_sw_*.c,
 * ietf_subscription_status_*.c, ietf_source_metadata_*.c) and for the
 * SWIMA PA-TNC errors (ietf_swima_error.c): the values a SWIMA IMC or IMV
 * receives from its peer.
 *
 * The input is decoded as the value of every SWIMA type (13-21); what
 * decodes must encode to the very same bytes, since the decoders keep
 * every field, flags and reserved bytes included. A rejected value must
 * name an offset inside it. The input is also decoded as a PA-TNC Error
 * value; a SWIMA code's information is read, and its description must be
 * the tail of the input.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pa_attr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void swima_error(const uint8_t *data, size_t size)
{
	struct pa_attr_raw raw = { 0, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, data,
				   (uint32_t)size };
	struct ietf_swima_error e;
	struct pa_attr a;
	uint32_t offset = 0;
	int rc;

	if (pa_attr_decode(&raw, &a, &offset) != PA_DECODE_OK)
		return;
	rc = ietf_swima_error_decode(&a.v.pa_tnc_error, &e, &offset);
	if (rc == PA_DECODE_MALFORMED && offset > size)
		abort();
	if (rc == PA_DECODE_OK &&
	    (e.desc.len > size || (e.desc.len &&
	     e.desc.ptr != data + size - e.desc.len)))
		abort();
	pa_attr_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pa_attr_raw raw = { 0, PEN_IETF, 0, data, (uint32_t)size };
	struct pa_attr a;
	struct writer w;
	uint32_t type, offset;
	int rc;

	if (size > UINT32_MAX)
		return 0;
	for (type = IETF_ATTR_SWIMA_REQUEST;
	     type <= IETF_ATTR_SOURCE_METADATA_RESP; type++) {
		raw.type = type;
		offset = 0;
		rc = pa_attr_decode(&raw, &a, &offset);
		if (rc == PA_DECODE_MALFORMED && offset > size)
			abort();
		if (rc != PA_DECODE_OK)
			continue;
		writer_init(&w);
		if (pa_attr_encode_value(&a, &w) < 0 || w.len != size ||
		    (size && memcmp(w.data, data, size)))
			abort();
		writer_free(&w);
		pa_attr_free(&a);
	}
	swima_error(data, size);
	return 0;
}
