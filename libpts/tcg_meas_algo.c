/*
 * tcg_meas_algo.c - PTS Measurement Algorithm (the IMV's allowed set) and
 * PTS Measurement Algorithm Selection (the IMC's choice), attestation
 * spec 2 and 3.1:
 *
 *   | Reserved u16 | Algorithm bits u16: SHA1 0x8000 ... SHA512 0x1000 |
 *
 * A Selection names exactly one algorithm; anything else cannot be used
 * for the PCR bank and is malformed at the bits.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

#define ALGOS_OFFSET 2

int tcg_meas_algo_decode(const struct pa_attr_raw *raw,
			 struct tcg_meas_algo *out, uint32_t *offset)
{
	struct reader r;

	pa_value_reader(raw, &r);
	out->reserved = reader_u16(&r);
	out->algos = reader_u16(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	if (pa_check_end(&r, offset) < 0)
		return PA_DECODE_MALFORMED;
	return PA_DECODE_OK;
}

static bool one_bit(uint16_t v)
{
	return v && !(v & (v - 1));
}

int tcg_meas_algo_selection_decode(const struct pa_attr_raw *raw,
				   struct tcg_meas_algo *out,
				   uint32_t *offset)
{
	int rc = tcg_meas_algo_decode(raw, out, offset);

	if (rc == PA_DECODE_OK && !one_bit(out->algos)) {
		*offset = ALGOS_OFFSET;
		return PA_DECODE_MALFORMED;
	}
	return rc;
}

int tcg_meas_algo_encode(const struct tcg_meas_algo *in, struct writer *w)
{
	writer_u16(w, in->reserved);
	writer_u16(w, in->algos);
	return pa_writer_result(w);
}
