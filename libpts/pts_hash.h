/*
 * pts_hash.h - one-shot hashing of a concatenation of byte ranges with a
 * measurement algorithm (OpenSSL 3 EVP). PCR extension, composites,
 * template hashes and the boot aggregate are all such a hash.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PTS_HASH_H
#define PTS_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "pts_error.h"
#include "pts_meas_algo.h"

struct pts_part {
	const void *data;
	size_t len;
};

/*
 * out = algo(parts[0] || ... || parts[n-1]); out holds the algorithm's
 * digest size. PTS_ERR_ALGO for an unsupported algo.
 */
enum pts_err pts_hash(enum pts_meas_algo algo, const struct pts_part *parts,
		      size_t n, uint8_t *out);

#endif /* PTS_HASH_H */
