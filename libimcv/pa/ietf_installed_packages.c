/*
 * ietf_installed_packages.c - IETF Installed Packages (RFC 5792 4.2.7):
 * the name and version of every installed package. Large (about 26 KB for
 * a Debian host), so it usually travels segmented (seg/) and is decoded
 * here once reassembled.
 *
 *   | Reserved u16 | Package Count u16 |
 *   | u8 len | Package Name | u8 len | Package Version |  ... Count times
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#include <stdlib.h>

#define ENTRY_MIN_LEN 2

/* A name or version; [ss] rejects a NUL inside (spec note 5.1). */
static int read_package_string(struct reader *r, struct pa_bytes *s,
			       uint32_t *offset)
{
	if (pa_read_str8(r, s, offset) < 0)
		return -1;
	return pa_check_no_nul(*s, pa_reader_offset(r) - (uint32_t)s->len,
			       offset);
}

int ietf_installed_packages_decode(const struct pa_attr_raw *raw,
				   struct ietf_installed_packages *out,
				   uint32_t *offset)
{
	struct reader r;
	uint16_t count;
	size_t i, cap;

	out->count = 0;
	out->packages = NULL;
	pa_value_reader(raw, &r);
	reader_u16(&r);
	count = reader_u16(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	out->packages = pa_entries_new(count, &r, ENTRY_MIN_LEN,
				       sizeof(*out->packages), &cap);
	if (!out->packages)
		return PA_DECODE_NOMEM;
	for (i = 0; i < count; i++) {
		struct ietf_package pkg;

		if (read_package_string(&r, &pkg.name, offset) < 0 ||
		    read_package_string(&r, &pkg.version, offset) < 0)
			goto malformed;
		/* unreachable: each entry took at least ENTRY_MIN_LEN bytes */
		if (i == cap) {
			*offset = pa_reader_offset(&r);
			goto malformed;
		}
		out->packages[i] = pkg;
	}
	/* [ss]: the entries must fill the value exactly */
	if (pa_check_end(&r, offset) < 0)
		goto malformed;
	out->count = count;
	return PA_DECODE_OK;

malformed:
	ietf_installed_packages_free(out);
	return PA_DECODE_MALFORMED;
}

int ietf_installed_packages_encode(const struct ietf_installed_packages *in,
				   struct writer *w)
{
	size_t i;

	if (in->count > UINT16_MAX)
		return -1;
	writer_u16(w, 0);
	writer_u16(w, (uint16_t)in->count);
	for (i = 0; i < in->count; i++) {
		if (pa_write_str8(w, in->packages[i].name) < 0 ||
		    pa_write_str8(w, in->packages[i].version) < 0)
			return -1;
	}
	return pa_writer_result(w);
}

void ietf_installed_packages_free(struct ietf_installed_packages *v)
{
	free(v->packages);
	v->packages = NULL;
	v->count = 0;
}
