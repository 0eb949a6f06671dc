/*
 * att_config.c - the Attestation IMV's settings from the environment
 * (att_config.h, attestation spec 1).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "att_config.h"

#include <stdlib.h>
#include <string.h>

#include "pts_dh.h"
#include "pts_meas_algo.h"

/* Weakest first: an option value allows its row and every row above. */
static const struct {
	const char *name;
	enum pts_meas_algo algo;
} hash_order[] = {
	{ "sha1", PTS_MEAS_ALGO_SHA1 },
	{ "sha256", PTS_MEAS_ALGO_SHA256 },
	{ "sha384", PTS_MEAS_ALGO_SHA384 },
};

#define HASH_COUNT (sizeof(hash_order) / sizeof(hash_order[0]))

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v && *v ? v : fallback;
}

static uint16_t algos_up_to(const char *name)
{
	uint16_t set = 0;
	size_t i;

	for (i = 0; i < HASH_COUNT; i++) {
		set |= (uint16_t)hash_order[i].algo;
		if (strcmp(name, hash_order[i].name) == 0)
			return set;
	}
	return 0;
}

bool att_config_load(struct att_config *cfg, const char **why)
{
	const char *hash, *group, *mandatory, *nonce, *cadir;
	const struct pts_dh_group_info *g;
	char *end;
	long n;

	memset(cfg, 0, sizeof(*cfg));
	hash = env_or("TNC_IMV_ATTESTATION_HASH_ALGORITHM", "sha384");
	group = env_or("TNC_IMV_ATTESTATION_DH_GROUP", "ecp256");
	mandatory = env_or("TNC_IMV_ATTESTATION_MANDATORY_DH_GROUPS", "yes");
	nonce = env_or("TNC_IMV_ATTESTATION_MIN_NONCE_LEN", "0");
	cadir = getenv("TNC_IMV_ATTESTATION_CADIR");

	cfg->algos = algos_up_to(hash);
	/* spec 1: SHA1 and SHA256 must both be available */
	if ((cfg->algos & (PTS_MEAS_ALGO_SHA1 | PTS_MEAS_ALGO_SHA256)) !=
	    (PTS_MEAS_ALGO_SHA1 | PTS_MEAS_ALGO_SHA256)) {
		*why = "hash_algorithm";
		return false;
	}
	g = pts_dh_group_from_name(group);
	cfg->dh_groups = g ? pts_dh_groups_up_to(g->group) : 0;
	if (!cfg->dh_groups) {
		*why = "dh_group";
		return false;
	}
	if (strcmp(mandatory, "yes") == 0 &&
	    !(cfg->dh_groups & PTS_DH_ECP256)) {
		*why = "mandatory_dh_groups";
		return false;
	}
	n = strtol(nonce, &end, 10);
	if (*end || n < 0 || n > 255) {
		*why = "min_nonce_len";
		return false;
	}
	cfg->min_nonce_len = (uint8_t)n;
	if (cadir && *cadir) {
		cfg->cadir = strdup(cadir);
		if (!cfg->cadir) {
			*why = "cadir";
			return false;
		}
	}
	return true;
}

void att_config_free(struct att_config *cfg)
{
	free(cfg->cadir);
	cfg->cadir = NULL;
}

bool att_config_cache_budget(size_t *bytes)
{
	const char *v = env_or("TNC_IMV_ATTESTATION_GOLDEN_CACHE", "256");
	char *end;
	long mib = strtol(v, &end, 10);

	/* set indexes are 32-bit: stay well below 4 GiB */
	if (*end || mib < 0 || mib > 4095)
		return false;
	*bytes = (size_t)mib << 20;
	return true;
}
