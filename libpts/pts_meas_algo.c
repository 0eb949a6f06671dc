/*
 * pts_meas_algo.c - the measurement algorithm table (pts_meas_algo.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pts_meas_algo.h"

#include <string.h>

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

static const struct pts_meas_algo_info algos[] = {
	{ PTS_MEAS_ALGO_SHA1, TPM_ALG_SHA1, 20, "SHA1", "sha1" },
	{ PTS_MEAS_ALGO_SHA256, TPM_ALG_SHA256, 32, "SHA256", "sha256" },
	{ PTS_MEAS_ALGO_SHA384, TPM_ALG_SHA384, 48, "SHA384", "sha384" },
};

const struct pts_meas_algo_info *pts_meas_algo_find(enum pts_meas_algo algo)
{
	for (size_t i = 0; i < COUNT(algos); i++)
		if (algos[i].algo == algo)
			return &algos[i];
	return NULL;
}

const struct pts_meas_algo_info *pts_meas_algo_from_tpm(uint16_t tpm_alg)
{
	for (size_t i = 0; i < COUNT(algos); i++)
		if (algos[i].tpm_alg == tpm_alg)
			return &algos[i];
	return NULL;
}

const struct pts_meas_algo_info *pts_meas_algo_from_ima(const char *name,
							size_t len)
{
	for (size_t i = 0; i < COUNT(algos); i++)
		if (strlen(algos[i].ima_name) == len &&
		    memcmp(algos[i].ima_name, name, len) == 0)
			return &algos[i];
	return NULL;
}

size_t pts_meas_algo_size(enum pts_meas_algo algo)
{
	const struct pts_meas_algo_info *a = pts_meas_algo_find(algo);

	return a ? a->size : 0;
}

uint16_t pts_meas_algo_to_tpm(enum pts_meas_algo algo)
{
	const struct pts_meas_algo_info *a = pts_meas_algo_find(algo);

	return a ? a->tpm_alg : TPM_ALG_ERROR;
}
