/*
 * att_conf.h - the Attestation IMC's settings (attestation spec 1, IMC
 * options), read from the environment: IF-IMC has no configuration
 * channel, so pt-tls-client maps its imc.attestation.* keys to the
 * TNC_IMC_ATTESTATION_* variables listed in imc_attestation.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ATT_CONF_H
#define ATT_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pts_meas_algo.h"

#define ATT_CONF_PATH_MAX 4096

struct att_conf {
	char tcti[256];
	uint32_t aik_handle;
	/* every measurement algorithm up to the hash_algorithm limit */
	uint16_t algos;
	size_t nonce_len;
	bool mandatory_dh_groups;
	bool pcr_padding;
	/* prefix of every file read: logs, symlinks, measured files */
	char root[ATT_CONF_PATH_MAX];
	char bios_log[ATT_CONF_PATH_MAX];
	char ima_log[ATT_CONF_PATH_MAX];
};

/*
 * Fills conf from the environment, defaults for unset variables. -1 when
 * a value is malformed: *bad names the first such variable, whose
 * default was kept; the others are read all the same.
 */
int att_conf_read(struct att_conf *conf, const char **bad);

/* The algorithm set up to limit ("sha1" < "sha256" < "sha384"), 0 if
 * limit is no such name. */
uint16_t att_conf_algos_up_to(const char *limit);

#endif /* ATT_CONF_H */
