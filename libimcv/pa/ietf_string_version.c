/*
 * ietf_string_version.c - IETF String Version (RFC 5792 4.2.4): three
 * strings, each with a u8 length, any of them may be empty:
 *
 *   | len | Product Version | len | Internal Build | len | Config Version |
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

/* Reads one of the strings; [ss] rejects a NUL inside (spec note 5.1). */
static int read_version_string(struct reader *r, struct pa_bytes *s,
			       uint32_t *offset)
{
	if (pa_read_str8(r, s, offset) < 0)
		return -1;
	return pa_check_no_nul(*s, pa_reader_offset(r) - (uint32_t)s->len,
			       offset);
}

int ietf_string_version_decode(const struct pa_attr_raw *raw,
			       struct ietf_string_version *out,
			       uint32_t *offset)
{
	struct reader r;

	pa_value_reader(raw, &r);
	if (read_version_string(&r, &out->version, offset) < 0 ||
	    read_version_string(&r, &out->build, offset) < 0 ||
	    read_version_string(&r, &out->config, offset) < 0 ||
	    pa_check_end(&r, offset) < 0)
		return PA_DECODE_MALFORMED;
	return PA_DECODE_OK;
}

int ietf_string_version_encode(const struct ietf_string_version *in,
			       struct writer *w)
{
	if (pa_write_str8(w, in->version) < 0 ||
	    pa_write_str8(w, in->build) < 0 ||
	    pa_write_str8(w, in->config) < 0)
		return -1;
	return pa_writer_result(w);
}
