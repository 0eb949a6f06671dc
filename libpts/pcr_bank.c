/*
 * pcr_bank.c - the emulated PCR bank (pcr_bank.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pcr_bank.h"

#include <string.h>

#include "pts_hash.h"

#define ALL_PCRS ((1u << PCR_BANK_PCRS) - 1)

enum pts_err pcr_bank_reset(struct pcr_bank *bank, enum pts_meas_algo algo,
			    uint8_t locality)
{
	size_t size = pts_meas_algo_size(algo);

	if (!size)
		return PTS_ERR_ALGO;
	if (locality > PCR_BANK_MAX_LOCALITY)
		return PTS_ERR_LOCALITY;
	memset(bank, 0, sizeof(*bank));
	bank->algo = algo;
	bank->size = size;
	bank->pcr[0][size - 1] = locality;
	return PTS_OK;
}

enum pts_err pcr_bank_startup_locality(struct pcr_bank *bank,
				       uint8_t locality)
{
	if (locality > PCR_BANK_MAX_LOCALITY || bank->selected & 1)
		return PTS_ERR_LOCALITY;
	memset(bank->pcr[0], 0, bank->size);
	bank->pcr[0][bank->size - 1] = locality;
	return PTS_OK;
}

enum pts_err pcr_bank_extend(struct pcr_bank *bank, uint32_t index,
			     const uint8_t *m, size_t len)
{
	struct pts_part parts[2];
	enum pts_err err;

	if (index >= PCR_BANK_PCRS)
		return PTS_ERR_PCR;
	if (len != bank->size)
		return PTS_ERR_DIGEST_SIZE;
	parts[0] = (struct pts_part){ bank->pcr[index], bank->size };
	parts[1] = (struct pts_part){ m, len };
	err = pts_hash(bank->algo, parts, 2, bank->pcr[index]);
	if (err == PTS_OK)
		bank->selected |= 1u << index;
	return err;
}

enum pts_err pcr_bank_set(struct pcr_bank *bank, uint32_t index,
			  const uint8_t *value, size_t len)
{
	if (index >= PCR_BANK_PCRS)
		return PTS_ERR_PCR;
	if (len != bank->size)
		return PTS_ERR_DIGEST_SIZE;
	memcpy(bank->pcr[index], value, len);
	bank->selected |= 1u << index;
	return PTS_OK;
}

const uint8_t *pcr_bank_read(const struct pcr_bank *bank, uint32_t index)
{
	return index < PCR_BANK_PCRS ? bank->pcr[index] : NULL;
}

enum pts_err pcr_bank_composite(const struct pcr_bank *bank,
				uint32_t selection, enum pts_meas_algo algo,
				uint8_t *out, size_t *out_len)
{
	struct pts_part parts[PCR_BANK_PCRS];
	size_t n = 0, size = pts_meas_algo_size(algo);
	enum pts_err err;

	if (!size)
		return PTS_ERR_ALGO;
	if (!selection || selection & ~ALL_PCRS)
		return PTS_ERR_ARG;
	for (uint32_t i = 0; i < PCR_BANK_PCRS; i++)
		if (selection & 1u << i)
			parts[n++] = (struct pts_part){ bank->pcr[i],
							 bank->size };
	err = pts_hash(algo, parts, n, out);
	if (err == PTS_OK)
		*out_len = size;
	return err;
}
