/*
 * pts_hash.c - hashing over byte ranges with OpenSSL EVP (pts_hash.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pts_hash.h"

#include <stdbool.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

/*
 * Inputs up to this size are hashed in one call of OpenSSL's one-shot
 * functions from a copy on the stack: an IMA template or a PCR extend is
 * a few hundred bytes, and an EVP context with its implicit provider
 * fetch costs more than the hash itself (a verifier does this twice per
 * IMA entry, hundreds of thousands of times).
 */
#define ONESHOT_MAX 2048

typedef unsigned char *(*oneshot_fn)(const unsigned char *d, size_t n,
				     unsigned char *md);

static oneshot_fn oneshot_of(enum pts_meas_algo algo)
{
	static const struct {
		enum pts_meas_algo algo;
		oneshot_fn fn;
	} table[] = {
		{ PTS_MEAS_ALGO_SHA1, SHA1 },
		{ PTS_MEAS_ALGO_SHA256, SHA256 },
		{ PTS_MEAS_ALGO_SHA384, SHA384 },
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].algo == algo)
			return table[i].fn;
	return NULL;
}

/* The parts joined in buf when they fit, else false. */
static bool join(const struct pts_part *parts, size_t n, uint8_t *buf,
		 size_t *len)
{
	size_t total = 0;

	for (size_t i = 0; i < n; i++) {
		if (parts[i].len > ONESHOT_MAX - total)
			return false;
		if (parts[i].len)
			memcpy(buf + total, parts[i].data, parts[i].len);
		total += parts[i].len;
	}
	*len = total;
	return true;
}

static enum pts_err hash_evp(const struct pts_meas_algo_info *a,
			     const struct pts_part *parts, size_t n,
			     uint8_t *out)
{
	EVP_MD *md = EVP_MD_fetch(NULL, a->ossl_name, NULL);
	EVP_MD_CTX *ctx;
	bool ok;

	if (!md)
		return PTS_ERR_CRYPTO;
	ctx = EVP_MD_CTX_new();
	ok = ctx && EVP_DigestInit_ex(ctx, md, NULL) == 1;
	for (size_t i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, parts[i].data, parts[i].len) == 1;
	ok = ok && EVP_DigestFinal_ex(ctx, out, NULL) == 1;
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(md);
	return ok ? PTS_OK : ctx ? PTS_ERR_CRYPTO : PTS_ERR_NOMEM;
}

enum pts_err pts_hash(enum pts_meas_algo algo, const struct pts_part *parts,
		      size_t n, uint8_t *out)
{
	const struct pts_meas_algo_info *a = pts_meas_algo_find(algo);
	oneshot_fn fn = oneshot_of(algo);
	uint8_t buf[ONESHOT_MAX];
	size_t len;

	if (!a)
		return PTS_ERR_ALGO;
	if (fn && join(parts, n, buf, &len))
		return fn(buf, len, out) ? PTS_OK : PTS_ERR_CRYPTO;
	return hash_evp(a, parts, n, out);
}
