/*
 * fuzz_pts_attr.c - libFuzzer target for the TCG PTS attribute codec
 * (libpts/tcg_*.c): the values an Attestation IMC or IMV receives from
 * its peer.
 *
 * The first input byte selects a row of the PTS attribute table (modulo
 * its size), the rest is decoded as the value of that type; what decodes
 * must encode to the very same bytes, since the decoders keep every
 * field, reserved ones included. A rejected value must name an offset
 * inside it. Selected rows without a decoder instead take the rest as a
 * PA-TNC Error value: a PTS error's information is read and, rebuilt,
 * must give the same value back; and as a TPM version structure.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pa_attr.h"
#include "tcg_pts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_offset(int rc, uint32_t offset, size_t size)
{
	if (rc == PA_DECODE_MALFORMED && offset > size)
		abort();
}

/* The rebuilt error attribute's value equals the decoded one's. */
static void pts_error(const uint8_t *data, size_t size)
{
	struct pa_attr_raw raw = { 0, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, data,
				   (uint32_t)size };
	struct tcg_pts_error e;
	struct pa_attr a;
	struct writer w;
	uint32_t offset = 0;
	int rc;

	if (pa_attr_decode(&raw, &a, &offset) != PA_DECODE_OK)
		return;
	rc = tcg_pts_error_decode(&a.v.pa_tnc_error, &e, &offset);
	check_offset(rc, offset, size);
	if (rc == PA_DECODE_OK &&
	    a.v.pa_tnc_error.info.len <= IETF_PA_TNC_ERROR_MAX_INFO) {
		writer_init(&w);
		/* the reserved byte before the vendor is not kept */
		if (tcg_pts_error_write(&e, &w) < 0 ||
		    w.len != PA_TNC_ATTR_HEADER_LEN + size ||
		    memcmp(w.data + PA_TNC_ATTR_HEADER_LEN + 1, data + 1,
			   size - 1))
			abort();
		writer_free(&w);
	}
	pa_attr_free(&a);
}

static void tpm_version(const uint8_t *data, size_t size)
{
	struct tcg_tpm_version_desc v;
	struct writer w;
	uint32_t offset = 0;
	int rc;

	rc = tcg_tpm_version_parse((struct pa_bytes){ data, size }, &v,
				   &offset);
	check_offset(rc, offset, size);
	if (rc == PA_DECODE_OK && v.version == TCG_TPM_VERSION_2_0) {
		writer_init(&w);
		if (tcg_tpm_version_build_2_0(&v, &w) < 0 || w.len != size ||
		    memcmp(w.data, data, size))
			abort();
		writer_free(&w);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct tcg_pts_attr_desc *d;
	struct pa_attr_raw raw;
	struct tcg_pts_attr a;
	struct writer w;
	uint32_t offset = 0;
	int rc;

	if (size < 1 || size > UINT32_MAX)
		return 0;
	d = &tcg_pts_attr_table[data[0] % tcg_pts_attr_table_len];
	data++;
	size--;
	if (!d->decode) {
		pts_error(data, size);
		tpm_version(data, size);
		return 0;
	}
	raw = (struct pa_attr_raw){ 0, PEN_TCG, d->type, data,
				    (uint32_t)size };
	rc = tcg_pts_attr_decode(&raw, &a, &offset);
	check_offset(rc, offset, size);
	if (rc != PA_DECODE_OK)
		return 0;
	writer_init(&w);
	if (tcg_pts_attr_encode_value(&a, &w) < 0 || w.len != size ||
	    (size && memcmp(w.data, data, size)))
		abort();
	writer_free(&w);
	tcg_pts_attr_free(&a);
	return 0;
}
