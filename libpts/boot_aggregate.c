/*
 * boot_aggregate.c - the IMA boot aggregate check (boot_aggregate.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "boot_aggregate.h"

#include <string.h>

#include "pts_hash.h"

/*
 * The kernel hashes PCR0-7 into a SHA-1 aggregate and PCR0-9 (the boot
 * loader's PCR8/9 too) into wider ones (spec 6.5).
 */
#define LAST_PCR_SHA1 7
#define LAST_PCR_WIDE 9

enum pts_err boot_aggregate_digest(const struct pcr_bank *bank, bool pad,
				   uint8_t *out, size_t *out_len)
{
	struct pts_part parts[LAST_PCR_WIDE + 1];
	uint32_t last = bank->algo == PTS_MEAS_ALGO_SHA1 || pad ?
			LAST_PCR_SHA1 : LAST_PCR_WIDE;
	enum pts_err err;

	for (uint32_t i = 0; i <= last; i++)
		parts[i] = (struct pts_part){ pcr_bank_read(bank, i),
					      bank->size };
	err = pts_hash(bank->algo, parts, last + 1, out);
	if (err == PTS_OK)
		*out_len = bank->size;
	return err;
}

enum pts_err boot_aggregate_check(const struct pcr_bank *bank, bool pad,
				  const struct ima_entry *first)
{
	uint8_t aggregate[PTS_MEAS_ALGO_MAX_SIZE];
	uint8_t want[PTS_MEAS_ALGO_MAX_SIZE];
	struct ima_entry e = *first;
	size_t len, want_len;
	enum pts_err err;

	if (first->name_len != strlen(BOOT_AGGREGATE_NAME) ||
	    memcmp(first->name, BOOT_AGGREGATE_NAME, first->name_len) != 0)
		return PTS_ERR_FORMAT;
	err = boot_aggregate_digest(bank, pad, aggregate, &len);
	if (err != PTS_OK)
		return err;
	/* the legacy form has room for a SHA-1 aggregate only */
	if (e.template == IMA_TEMPLATE_IMA && len != e.digest_len)
		return PTS_ERR_MISMATCH;
	e.digest = aggregate;
	e.digest_len = len;
	err = ima_template_hash(&e, bank->algo, pad, want, &want_len);
	if (err != PTS_OK)
		return err;
	if (want_len != first->bank_hash_len ||
	    memcmp(want, first->bank_hash, want_len) != 0)
		return PTS_ERR_MISMATCH;
	return PTS_OK;
}
