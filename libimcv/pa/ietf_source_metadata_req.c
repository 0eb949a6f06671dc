/*
 * ietf_source_metadata_req.c - IETF Source Metadata Request (RFC 8412
 * 5.13): the SWIMA IMV asks the SWIMA IMC to describe the data sources
 * its records come from (the Source ID of each record, swima spec note
 * 2.4). The attribute has no fields; the table fixes its value length at
 * 0, so any byte in it is malformed at offset 0. The reference does not
 * implement it (swima spec note 1); this codec only reads and writes it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

int ietf_source_metadata_req_decode(const struct pa_attr_raw *raw,
				    struct ietf_source_metadata_req *out,
				    uint32_t *offset)
{
	out->unused = 0;
	if (raw->len != 0) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	return PA_DECODE_OK;
}

int ietf_source_metadata_req_encode(const struct ietf_source_metadata_req *in,
				    struct writer *w)
{
	(void)in;
	return pa_writer_result(w);
}
