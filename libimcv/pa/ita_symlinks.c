/*
 * ita_symlinks.c - ITA-HSR Symlinks (spec note 8, type 10): the attestation
 * IMC's answer to Get Symlinks, each link with the directory it points to.
 *
 *   | Count u32 | u16 len | Symlink Path | u16 len | Target Dir | ... Count
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#include <stdlib.h>

#define ENTRY_MIN_LEN 4

int ita_symlinks_decode(const struct pa_attr_raw *raw,
			struct ita_symlinks *out, uint32_t *offset)
{
	struct reader r;
	uint32_t count;
	size_t i, cap;

	out->count = 0;
	out->links = NULL;
	pa_value_reader(raw, &r);
	count = reader_u32(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	out->links = pa_entries_new(count, &r, ENTRY_MIN_LEN,
				    sizeof(*out->links), &cap);
	if (!out->links)
		return PA_DECODE_NOMEM;
	for (i = 0; i < count; i++) {
		struct ita_symlink l;

		if (pa_read_str16(&r, &l.path, offset) < 0 ||
		    pa_read_str16(&r, &l.target, offset) < 0)
			goto malformed;
		/* unreachable: each entry took at least ENTRY_MIN_LEN bytes */
		if (i == cap) {
			*offset = pa_reader_offset(&r);
			goto malformed;
		}
		out->links[i] = l;
	}
	/* spec note 8 [ss]: the entries must fill the value exactly */
	if (pa_check_end(&r, offset) < 0)
		goto malformed;
	out->count = count;
	return PA_DECODE_OK;

malformed:
	ita_symlinks_free(out);
	return PA_DECODE_MALFORMED;
}

int ita_symlinks_encode(const struct ita_symlinks *in, struct writer *w)
{
	size_t i;

	if (in->count > UINT32_MAX)
		return -1;
	writer_u32(w, (uint32_t)in->count);
	for (i = 0; i < in->count; i++) {
		if (pa_write_str16(w, in->links[i].path) < 0 ||
		    pa_write_str16(w, in->links[i].target) < 0)
			return -1;
	}
	return pa_writer_result(w);
}

void ita_symlinks_free(struct ita_symlinks *v)
{
	free(v->links);
	v->links = NULL;
	v->count = 0;
}
