/*
 * pts_hash.c - hashing over byte ranges with OpenSSL EVP (pts_hash.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pts_hash.h"

#include <stdbool.h>

#include <openssl/evp.h>

enum pts_err pts_hash(enum pts_meas_algo algo, const struct pts_part *parts,
		      size_t n, uint8_t *out)
{
	const struct pts_meas_algo_info *a = pts_meas_algo_find(algo);
	const EVP_MD *md;
	EVP_MD_CTX *ctx;
	bool ok;

	if (!a)
		return PTS_ERR_ALGO;
	md = EVP_get_digestbyname(a->ossl_name);
	if (!md)
		return PTS_ERR_CRYPTO;
	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return PTS_ERR_NOMEM;
	ok = EVP_DigestInit_ex(ctx, md, NULL) == 1;
	for (size_t i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, parts[i].data, parts[i].len) == 1;
	ok = ok && EVP_DigestFinal_ex(ctx, out, NULL) == 1;
	EVP_MD_CTX_free(ctx);
	return ok ? PTS_OK : PTS_ERR_CRYPTO;
}
