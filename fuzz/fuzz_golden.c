/*
 * fuzz_golden.c - libFuzzer target for the IMA file-evidence check
 * (libpts/golden.c): the policy URI and measurement come from the IMC.
 * The first input byte picks the bank (low two bits) and pcr_padding
 * (bit 2), the second the URI length; the URI follows, the rest is the
 * measurement. They are checked against a small database made once per
 * process (golden rows under /usr/bin, /bin and "/", UsrMerge pairs),
 * and the URI's path is also looked up by golden_by_path.
 *
 * The check runs twice, queried and from the in-memory set of the
 * golden cache (golden_cache.h): the two must agree on every input.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "fuzz_tmpdb.h"
#include "golden.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum pts_meas_algo banks[] = {
	PTS_MEAS_ALGO_SHA1, PTS_MEAS_ALGO_SHA256, PTS_MEAS_ALGO_SHA384,
	PTS_MEAS_ALGO_SHA256,
};

/* Only the tables golden.c reads, as schema/tables.sql has them. */
static const char schema[] =
	"CREATE TABLE directories (id INTEGER PRIMARY KEY, path TEXT);"
	"CREATE TABLE files (id INTEGER PRIMARY KEY, dir INTEGER, name TEXT);"
	"CREATE INDEX files_name ON files (name);"
	"CREATE INDEX files_dir_name ON files (dir, name);"
	"CREATE TABLE versions (id INTEGER PRIMARY KEY, product INTEGER, "
	"package INTEGER, release TEXT, time INTEGER);"
	"CREATE TABLE file_hashes (id INTEGER PRIMARY KEY, file INTEGER, "
	"version INTEGER, algo INTEGER, hash TEXT);"
	"INSERT INTO directories VALUES (1, '/usr/bin'), (2, '/bin'), "
	"(3, '/');"
	"INSERT INTO files VALUES (1, 1, 'bash'), (2, 2, 'ls'), (3, 3, 'x');"
	"INSERT INTO versions VALUES (1, 1, 1, '1', 1), (2, 1, 1, '2', 2);"
	"INSERT INTO file_hashes (file, version, algo, hash) VALUES "
	"(1, 1, 16384, printf('%.64c', 'a')), (1, 2, 32768, "
	"printf('%.40c', 'b')), (2, 1, 8192, printf('%.96c', 'c')), "
	"(3, 2, 16384, 'zz'), (3, 1, 32768, printf('%.40c', '0'));"
	"CREATE TABLE golden_generation (n INTEGER NOT NULL);"
	"INSERT INTO golden_generation VALUES (0);";

static struct golden *golden, *cached;
static bool count(void *ctx, const struct golden_hash *h)
{
	(*(size_t *)ctx) += h->digest_len;
	return true;
}

static void init(void)
{
	struct db *db;

	log_set_level(-1, -1);
	db = fuzz_tmpdb_open("golden", schema);
	golden = golden_new(db, 1, NULL);
	/* never freed: the set lives as long as the process */
	cached = golden_new(db, 1, golden_cache_new(1 << 20));
	if (!golden || !golden_add_symlink(golden, "/bin", "/usr/bin") ||
	    !golden_add_symlink(golden, "/lib", "/usr/lib"))
		abort();
	if (!cached || !golden_add_symlink(cached, "/bin", "/usr/bin") ||
	    !golden_add_symlink(cached, "/lib", "/usr/lib"))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum golden_result r;
	size_t uri_len, n = 0;

	if (!golden)
		init();
	if (size < 2)
		return 0;
	uri_len = data[1];
	if (uri_len > size - 2)
		uri_len = size - 2;
	r = golden_check_ima(golden, banks[data[0] & 3], data[0] & 4,
			     (const char *)data + 2, uri_len,
			     data + 2 + uri_len, size - 2 - uri_len);
	if ((unsigned)r > GOLDEN_FAILED)
		abort();
	if (golden_check_ima(cached, banks[data[0] & 3], data[0] & 4,
			     (const char *)data + 2, uri_len,
			     data + 2 + uri_len, size - 2 - uri_len) != r)
		abort();
	if (golden_by_path(golden, (const char *)data + 2, uri_len,
			   banks[data[0] & 3], count, &n) < 0)
		abort();
	return 0;
}
