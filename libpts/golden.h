/*
 * golden.h - golden file hashes of the policy database for the
 * Attestation IMV: the lookups of attestation spec 9.1 (by file id, by
 * directory id, by IMA path) and the IMA file-evidence check of spec 6.6
 * with its UsrMerge retry (spec 7.1).
 *
 * A struct golden belongs to one session: the product whose versions the
 * hashes must belong to, the symlink pairs the IMC reported, and a small
 * cache of directory paths. It borrows the database connection and,
 * when given one, the plugin's golden cache (golden_cache.h): then IMA
 * paths are looked up in the product's in-memory set, taken at the
 * first IMA check of each algorithm and kept for the session.
 *
 * Checks inside golden_begin/golden_end share one read transaction,
 * opened at the first query they need, instead of one per query.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PTS_GOLDEN_H
#define PTS_GOLDEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "golden_cache.h"
#include "pts_meas_algo.h"

/* The outcome of one IMA file evidence (spec 6.6). */
enum golden_result {
	GOLDEN_OK,		/* a candidate's template hash matches */
	GOLDEN_DIFFER,		/* candidates, none matches */
	GOLDEN_UNKNOWN,		/* no candidate, or unknown algorithm */
	GOLDEN_FAILED,		/* database error or unusable evidence */
};

/* "ok", "differ", "unknown", "failed". */
const char *golden_result_name(enum golden_result r);

/* One golden hash as handed to a callback; valid during the call only. */
struct golden_hash {
	int64_t file;		/* files.id */
	int64_t version;	/* versions.id */
	const char *name;	/* files.name, NUL-terminated */
	const uint8_t *digest;	/* decoded from the hex text */
	size_t digest_len;
};

/* Returns false to stop the enumeration early (not an error). */
typedef bool (*golden_hash_cb)(void *ctx, const struct golden_hash *h);

struct golden;

/*
 * A lookup context for product (products.id) on db; db and cache (NULL:
 * every lookup queries) must outlive it. NULL when out of memory. Free
 * with golden_free.
 */
struct golden *golden_new(struct db *db, int64_t product,
			  struct golden_cache *cache);
void golden_free(struct golden *g);

/*
 * Adds a UsrMerge pair (spec 7.1), e.g. ("/bin", "/usr/bin"); both are
 * copied. Pairs are tried in the order added. False when out of memory
 * or a path is not absolute.
 */
bool golden_add_symlink(struct golden *g, const char *link,
			const char *target);

/*
 * The enumerations call cb for every hash of algo whose version belongs
 * to the product, newest version time first, and return how many they
 * passed on, or -1 when the database failed. Rows whose hash is not hex
 * of the algorithm's size can never match and are left out.
 *
 * By file id (FMEAS); by directory id (DMEAS), ordered by file name.
 */
long golden_by_file(struct golden *g, int64_t file, enum pts_meas_algo algo,
		    golden_hash_cb cb, void *ctx);
long golden_by_dir(struct golden *g, int64_t dir, enum pts_meas_algo algo,
		   golden_hash_cb cb, void *ctx);
/*
 * By path (IMA): an absolute path is split at its last '/' into the
 * directory (matched exactly; none means no hashes) and the base name;
 * a path without '/' is a base name looked up in any directory. path
 * need not be NUL-terminated; a NUL inside it means no hashes.
 */
long golden_by_path(struct golden *g, const char *path, size_t len,
		    enum pts_meas_algo algo, golden_hash_cb cb, void *ctx);

/*
 * Checks one IMA file evidence (spec 6.6): uri is its policy URI,
 * "<algo>:<path>" for ima-ng (an empty algo is SHA-1) or "<path>" for
 * the legacy ima template (no ':' in its first 7 characters);
 * measurement the template hash under bank (with pad the SHA-1 one
 * zero-padded, spec 6.2). Each candidate's expected template hash is
 * computed and compared; on differ or unknown the UsrMerge alternative
 * path is tried once and its result replaces the first unless it is
 * unknown.
 */
enum golden_result golden_check_ima(struct golden *g,
				    enum pts_meas_algo bank, bool pad,
				    const char *uri, size_t uri_len,
				    const uint8_t *measurement,
				    size_t measurement_len);

/*
 * A read transaction around many checks (an IMA log segment), opened
 * by the first of them that queries; a query fails (GOLDEN_FAILED) when
 * the database refuses it. Every golden_begin is ended by golden_end.
 */
void golden_begin(struct golden *g);
void golden_end(struct golden *g);

#endif /* PTS_GOLDEN_H */
