/*
 * ita_get_symlinks.c - ITA-HSR Get Symlinks (spec note 8, type 9): the
 * attestation IMV asks for the symbolic links in a directory (e.g. "/").
 * The path fills the value, no NUL ([ss]).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

int ita_get_symlinks_decode(const struct pa_attr_raw *raw,
			    struct ita_get_symlinks *out, uint32_t *offset)
{
	return pa_text_decode(raw, &out->dir, offset);
}

int ita_get_symlinks_encode(const struct ita_get_symlinks *in,
			    struct writer *w)
{
	writer_bytes(w, in->dir.ptr, in->dir.len);
	return pa_writer_result(w);
}
