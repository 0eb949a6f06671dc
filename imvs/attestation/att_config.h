/*
 * att_config.h - the Attestation IMV's settings (attestation spec 1),
 * read once from the environment the TNC server sets up from its
 * imv.attestation.* keys:
 *
 *   TNC_IMV_ATTESTATION_HASH_ALGORITHM   sha1|sha256|sha384 (sha384): the
 *       strongest measurement algorithm offered; the allowed set is every
 *       supported one up to it
 *   TNC_IMV_ATTESTATION_DH_GROUP         modp1024|modp1536|modp2048|
 *       ecp256|ecp384 (ecp256): the strongest DH group offered; the set is
 *       every group up to it
 *   TNC_IMV_ATTESTATION_MANDATORY_DH_GROUPS  yes|no (yes): ecp256 must be
 *       in the set
 *   TNC_IMV_ATTESTATION_MIN_NONCE_LEN    0..255 (0): the minimum responder
 *       nonce length asked for (17 is the protocol's floor anyway)
 *   TNC_IMV_ATTESTATION_CADIR            directory of CA certificates
 *       that X.509 AIK certificates may chain to (none)
 *   TNC_IMV_ATTESTATION_GOLDEN_CACHE     0..4095 (256): MiB of golden
 *       hashes kept in memory across sessions (golden_cache.h); 0 checks
 *       every IMA entry in the database. Read once, when the IMV starts.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ATT_CONFIG_H
#define ATT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct att_config {
	uint16_t algos;		/* allowed PTS measurement algorithms */
	uint16_t dh_groups;	/* offered PTS DH group bits */
	uint8_t min_nonce_len;
	char *cadir;		/* owned, NULL when not set */
};

/*
 * Fills cfg from the environment. On failure (an unknown value, a
 * mandatory group missing) *why names the setting and false is returned;
 * cfg then holds nothing to free.
 */
bool att_config_load(struct att_config *cfg, const char **why);
void att_config_free(struct att_config *cfg);

/* The golden cache budget in bytes; false for a value out of range. */
bool att_config_cache_budget(size_t *bytes);

#endif /* ATT_CONFIG_H */
