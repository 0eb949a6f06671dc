/*
 * golden_cache.h - the golden hashes of a product held in memory across
 * sessions, so that an IMA log (attestation spec 6.6) is checked without
 * a database query per entry.
 *
 * A set is a snapshot of one product's golden hashes of one algorithm:
 * IMA path -> candidate digests, with exactly the matching rules of the
 * database lookup (golden.h, golden_by_path). It is built with a few
 * sequential queries and then only read, so any number of sessions use
 * it at once.
 *
 * A set is valid for one value of the database's golden generation, a
 * counter that triggers of schema migration 0003 raise on every change
 * of file_hashes, files, directories and versions, by any program.
 * Without that table (a database not migrated) no set is made and the
 * callers query as before.
 *
 * The cache belongs to one plugin (one IMV instance); its budget bounds
 * the bytes of all its sets. Sets not in use are dropped least recently
 * used first; a set that would not fit is not made, and the product is
 * queried per entry until the generation changes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PTS_GOLDEN_CACHE_H
#define PTS_GOLDEN_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "pts_meas_algo.h"

/* Longest IMA path looked up; the kernel's PATH_MAX. */
#define GOLDEN_PATH_MAX 4096

struct golden_cache;
struct golden_set;

/* NULL when out of memory. budget in bytes; 0 keeps no sets at all. */
struct golden_cache *golden_cache_new(size_t budget);
/* Every set must have been put back. */
void golden_cache_free(struct golden_cache *c);

/*
 * The set of product's algo hashes as db holds them now, built first
 * when there is none for the database's current golden generation. The
 * caller holds a read transaction on db, so that the set and the
 * generation it is filed under agree. NULL when the caller must query
 * instead: no generation counter, over budget, out of memory or a
 * database error (each logged once, [PTS]). Hand it back with
 * golden_cache_put.
 */
struct golden_set *golden_cache_get(struct golden_cache *c, struct db *db,
				    int64_t product, enum pts_meas_algo algo);
void golden_cache_put(struct golden_cache *c, struct golden_set *s);

/* Returns false to stop early. digest has the set's algorithm's size. */
typedef bool (*golden_digest_cb)(void *ctx, const uint8_t *digest);

/*
 * Calls cb for every golden digest of path (not NUL-terminated), split
 * at its last '/' into a directory matched exactly ("/" for "/bin") and
 * a base name; returns how many it passed on. -1 for a path without '/',
 * which names a file in any directory: the set cannot answer that, the
 * database can.
 */
long golden_set_each(const struct golden_set *s, const char *path,
		     size_t len, golden_digest_cb cb, void *ctx);

/* Figures of a set, for logs and the benchmark. */
struct golden_set_info {
	size_t dirs, files, digests;
	size_t bytes;		/* allocated */
	double build_s;		/* wall-clock time the build took */
};
void golden_set_info(const struct golden_set *s, struct golden_set_info *i);

/*
 * A golden hash as the database stores it, hex text of exactly size
 * bytes (either case), into out; false otherwise.
 */
bool golden_hex_decode(const char *hex, size_t size, uint8_t *out);

#endif /* PTS_GOLDEN_CACHE_H */
