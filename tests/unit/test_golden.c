/*
 * test_golden.c - golden file hash lookups and the IMA file-evidence
 * check (libpts/golden.h; attestation spec 6.6, 7.1, 9.1) on a database
 * made from schema/tables.sql with a few hand-written golden rows.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db.h"
#include "golden.h"
#include "ima_log.h"
#include "log.h"
#include "schema_sql.h"

/* File digests: one byte repeated, hex in the rows below. */
#define D_BASH_V1 0x11
#define D_BASH_V2 0x22
#define D_BASH_P2 0x33
#define D_BASH_SHA1 0x44
#define D_LS 0x55
#define D_INIT 0x66

/*
 * Product 1 has versions 1 (time 100) and 2 (time 200), product 2 has
 * version 3. /usr/bin/bash has a SHA-256 hash in each version and a
 * SHA-1 one in version 1; /bin/ls and /init one SHA-256 hash each.
 */
static const char rows[] =
	"INSERT INTO products (id, name) VALUES (1, 'P1'), (2, 'P2');"
	"INSERT INTO packages (id, name) VALUES (1, 'pkg');"
	"INSERT INTO versions (id, product, package, release, time) VALUES "
	"(1, 1, 1, '1.0', 100), (2, 1, 1, '2.0', 200), (3, 2, 1, '9', 300);"
	"INSERT INTO directories (id, path) VALUES "
	"(1, '/usr/bin'), (2, '/bin'), (3, '/');"
	"INSERT INTO files (id, dir, name) VALUES "
	"(1, 1, 'bash'), (2, 2, 'ls'), (3, 3, 'init'), (4, 1, 'sh');"
	"INSERT INTO file_hashes (file, version, algo, hash) VALUES "
	"(1, 1, 16384, printf('%.64c', '1') || ''),"
	"(1, 2, 16384, printf('%.64c', '2')),"
	"(1, 3, 16384, printf('%.64c', '3')),"
	"(1, 1, 32768, printf('%.40c', '4')),"
	"(2, 1, 16384, printf('%.64c', '5')),"
	"(3, 2, 16384, printf('%.64c', '6')),"
	"(4, 1, 16384, 'not hex');";

struct fixture {
	char dir[64];
	char path[128];
	sqlite3 *check;
	struct db *db;
	struct golden_cache *cache;	/* NULL: every lookup queries */
	struct golden *g;
};

static int setup_with(void **state, size_t cache_budget)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char uri[160];

	strcpy(fx->dir, "/tmp/tnc-golden-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof(fx->path), "%s/config.db", fx->dir);
	snprintf(uri, sizeof(uri), "sqlite://%s", fx->path);
	assert_int_equal(sqlite3_open(fx->path, &fx->check), SQLITE_OK);
	schema_sql_load(fx->check, "tables.sql");
	assert_int_equal(sqlite3_exec(fx->check, rows, NULL, NULL, NULL),
			 SQLITE_OK);
	fx->db = db_open(uri);
	assert_non_null(fx->db);
	if (cache_budget) {
		fx->cache = golden_cache_new(cache_budget);
		assert_non_null(fx->cache);
	}
	fx->g = golden_new(fx->db, 1, fx->cache);
	assert_non_null(fx->g);
	*state = fx;
	return 0;
}

static int setup(void **state)
{
	return setup_with(state, 0);
}

/* The same checks answered from the in-memory set (golden_cache.h). */
static int setup_cached(void **state)
{
	return setup_with(state, 1 << 20);
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[128];

	golden_free(fx->g);
	golden_cache_free(fx->cache);
	db_close(fx->db);
	sqlite3_close(fx->check);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

/* What the enumerations passed on: first digest byte, file, version. */
struct seen {
	int n;
	uint8_t first[8];
	int64_t file[8], version[8];
	char name[8][16];
};

static bool record(void *ctx, const struct golden_hash *h)
{
	struct seen *s = ctx;

	assert_true(s->n < 8);
	s->first[s->n] = h->digest[0];
	s->file[s->n] = h->file;
	s->version[s->n] = h->version;
	snprintf(s->name[s->n], sizeof(s->name[0]), "%s", h->name);
	s->n++;
	return true;
}

static void test_path_absolute_newest_first(void **state)
{
	struct fixture *fx = *state;
	struct seen s = { 0 };

	assert_int_equal(golden_by_path(fx->g, "/usr/bin/bash", 13,
					PTS_MEAS_ALGO_SHA256, record, &s), 2);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.first[0], D_BASH_V2);
	assert_int_equal(s.version[0], 2);
	assert_int_equal(s.first[1], D_BASH_V1);
	assert_int_equal(s.version[1], 1);
	assert_int_equal(s.file[0], 1);
	assert_string_equal(s.name[0], "bash");
}

static void test_path_restrictions(void **state)
{
	struct fixture *fx = *state;
	struct seen s = { 0 };
	struct golden *p2 = golden_new(fx->db, 2, NULL);

	/* algorithm */
	assert_int_equal(golden_by_path(fx->g, "/usr/bin/bash", 13,
					PTS_MEAS_ALGO_SHA1, record, &s), 1);
	assert_int_equal(s.first[0], D_BASH_SHA1);
	assert_int_equal(golden_by_path(fx->g, "/usr/bin/bash", 13,
					PTS_MEAS_ALGO_SHA384, record, &s), 0);
	/* product */
	memset(&s, 0, sizeof(s));
	assert_int_equal(golden_by_path(p2, "/usr/bin/bash", 13,
					PTS_MEAS_ALGO_SHA256, record, &s), 1);
	assert_int_equal(s.first[0], D_BASH_P2);
	golden_free(p2);
	/* a directory that is not in the database, a wrong directory */
	assert_int_equal(golden_by_path(fx->g, "/opt/bash", 9,
					PTS_MEAS_ALGO_SHA256, record, &s), 0);
	assert_int_equal(golden_by_path(fx->g, "/bin/bash", 9,
					PTS_MEAS_ALGO_SHA256, record, &s), 0);
	/* a name with a NUL inside, a row whose hash is not hex */
	assert_int_equal(golden_by_path(fx->g, "/usr/bin/bash\0x", 15,
					PTS_MEAS_ALGO_SHA256, record, &s), 0);
	assert_int_equal(golden_by_path(fx->g, "/usr/bin/sh", 11,
					PTS_MEAS_ALGO_SHA256, record, &s), 0);
}

static void test_path_relative_and_root(void **state)
{
	struct fixture *fx = *state;
	struct seen s = { 0 };

	assert_int_equal(golden_by_path(fx->g, "ls", 2, PTS_MEAS_ALGO_SHA256,
					record, &s), 1);
	assert_int_equal(s.first[0], D_LS);
	assert_int_equal(s.file[0], 2);
	memset(&s, 0, sizeof(s));
	assert_int_equal(golden_by_path(fx->g, "/init", 5,
					PTS_MEAS_ALGO_SHA256, record, &s), 1);
	assert_int_equal(s.first[0], D_INIT);
	/* a relative path with a directory names no directory row */
	assert_int_equal(golden_by_path(fx->g, "bin/ls", 6,
					PTS_MEAS_ALGO_SHA256, record, &s), 0);
}

static void test_by_file_and_dir(void **state)
{
	struct fixture *fx = *state;
	struct seen s = { 0 };

	assert_int_equal(golden_by_file(fx->g, 1, PTS_MEAS_ALGO_SHA256,
					record, &s), 2);
	assert_int_equal(s.first[0], D_BASH_V2);
	assert_int_equal(s.first[1], D_BASH_V1);
	memset(&s, 0, sizeof(s));
	assert_int_equal(golden_by_dir(fx->g, 1, PTS_MEAS_ALGO_SHA256,
					record, &s), 2);
	assert_string_equal(s.name[0], "bash");
	memset(&s, 0, sizeof(s));
	assert_int_equal(golden_by_dir(fx->g, 3, PTS_MEAS_ALGO_SHA256,
				       record, &s), 1);
	assert_string_equal(s.name[0], "init");
	assert_int_equal(s.version[0], 2);
}

/* The measurement an IMC sends for a file with digest byte d. */
static size_t measure(enum ima_template t, const char *algo,
		      enum pts_meas_algo digest_algo, uint8_t d,
		      const char *name, enum pts_meas_algo bank, bool pad,
		      uint8_t *out)
{
	uint8_t digest[PTS_MEAS_ALGO_MAX_SIZE];
	struct ima_entry e = {
		.template = t,
		.algo_name = algo, .algo_name_len = algo ? strlen(algo) : 0,
		.digest = digest, .digest_len = pts_meas_algo_size(digest_algo),
		.name = name, .name_len = strlen(name),
	};
	size_t len;

	memset(digest, d, sizeof(digest));
	assert_int_equal(ima_template_hash(&e, bank, pad, out, &len), PTS_OK);
	return len;
}

static enum golden_result check(struct fixture *fx, const char *uri,
				enum pts_meas_algo bank, bool pad,
				const uint8_t *m, size_t len)
{
	return golden_check_ima(fx->g, bank, pad, uri, strlen(uri), m, len);
}

static void test_check_ima_ng(void **state)
{
	struct fixture *fx = *state;
	uint8_t m[PTS_MEAS_ALGO_MAX_SIZE];
	size_t len;

	/* the older version's file is still ok */
	len = measure(IMA_TEMPLATE_IMA_NG, "sha256", PTS_MEAS_ALGO_SHA256,
		      D_BASH_V1, "/usr/bin/bash", PTS_MEAS_ALGO_SHA256, false,
		      m);
	assert_int_equal(len, 32);
	assert_int_equal(check(fx, "sha256:/usr/bin/bash",
			       PTS_MEAS_ALGO_SHA256, false, m, len),
			 GOLDEN_OK);
	/* the same under a SHA-1 bank: the template hash is SHA-1 */
	len = measure(IMA_TEMPLATE_IMA_NG, "sha256", PTS_MEAS_ALGO_SHA256,
		      D_BASH_V2, "/usr/bin/bash", PTS_MEAS_ALGO_SHA1, false, m);
	assert_int_equal(check(fx, "sha256:/usr/bin/bash",
			       PTS_MEAS_ALGO_SHA1, false, m, len), GOLDEN_OK);
	/* the other product's digest differs for product 1 */
	len = measure(IMA_TEMPLATE_IMA_NG, "sha256", PTS_MEAS_ALGO_SHA256,
		      D_BASH_P2, "/usr/bin/bash", PTS_MEAS_ALGO_SHA256, false,
		      m);
	assert_int_equal(check(fx, "sha256:/usr/bin/bash",
			       PTS_MEAS_ALGO_SHA256, false, m, len),
			 GOLDEN_DIFFER);
	/* no golden hash of that algorithm or name; an unknown algorithm */
	assert_int_equal(check(fx, "sha384:/usr/bin/bash",
			       PTS_MEAS_ALGO_SHA256, false, m, len),
			 GOLDEN_UNKNOWN);
	assert_int_equal(check(fx, "sha256:/usr/bin/zsh",
			       PTS_MEAS_ALGO_SHA256, false, m, len),
			 GOLDEN_UNKNOWN);
	assert_int_equal(check(fx, "sha512:/usr/bin/bash",
			       PTS_MEAS_ALGO_SHA256, false, m, len),
			 GOLDEN_UNKNOWN);
	/* a measurement that is not of the bank's size */
	assert_int_equal(check(fx, "sha256:/usr/bin/bash",
			       PTS_MEAS_ALGO_SHA256, false, m, 20),
			 GOLDEN_FAILED);
}

static void test_check_sha1_forms(void **state)
{
	struct fixture *fx = *state;
	uint8_t m[PTS_MEAS_ALGO_MAX_SIZE];
	size_t len;

	/* legacy ima: no prefix, SHA-1 file digest */
	len = measure(IMA_TEMPLATE_IMA, NULL, PTS_MEAS_ALGO_SHA1, D_BASH_SHA1,
		      "/usr/bin/bash", PTS_MEAS_ALGO_SHA1, false, m);
	assert_int_equal(check(fx, "/usr/bin/bash", PTS_MEAS_ALGO_SHA1, false,
			       m, len), GOLDEN_OK);
	/* the same digest in ima-ng form is another template hash */
	assert_int_equal(check(fx, "sha1:/usr/bin/bash", PTS_MEAS_ALGO_SHA1,
			       false, m, len), GOLDEN_DIFFER);
	len = measure(IMA_TEMPLATE_IMA_NG, "sha1", PTS_MEAS_ALGO_SHA1,
		      D_BASH_SHA1, "/usr/bin/bash", PTS_MEAS_ALGO_SHA1, false,
		      m);
	assert_int_equal(check(fx, "sha1:/usr/bin/bash", PTS_MEAS_ALGO_SHA1,
			       false, m, len), GOLDEN_OK);
	/* an empty algorithm name is SHA-1 with an empty d-ng prefix */
	len = measure(IMA_TEMPLATE_IMA_NG, "", PTS_MEAS_ALGO_SHA1,
		      D_BASH_SHA1, "/usr/bin/bash", PTS_MEAS_ALGO_SHA1, false,
		      m);
	assert_int_equal(check(fx, ":/usr/bin/bash", PTS_MEAS_ALGO_SHA1,
			       false, m, len), GOLDEN_OK);
	/* legacy under a SHA-256 bank with pcr_padding */
	len = measure(IMA_TEMPLATE_IMA, NULL, PTS_MEAS_ALGO_SHA1, D_BASH_SHA1,
		      "/usr/bin/bash", PTS_MEAS_ALGO_SHA256, true, m);
	assert_int_equal(len, 32);
	assert_int_equal(m[31], 0);
	assert_int_equal(check(fx, "/usr/bin/bash", PTS_MEAS_ALGO_SHA256,
			       true, m, len), GOLDEN_OK);
	assert_int_equal(check(fx, "/usr/bin/bash", PTS_MEAS_ALGO_SHA256,
			       false, m, len), GOLDEN_DIFFER);
}

static void test_usrmerge(void **state)
{
	struct fixture *fx = *state;
	uint8_t m[PTS_MEAS_ALGO_MAX_SIZE];
	size_t len;

	assert_true(golden_add_symlink(fx->g, "/lib", "/usr/lib"));
	assert_true(golden_add_symlink(fx->g, "/bin/", "/usr/bin"));
	assert_false(golden_add_symlink(fx->g, "sbin", "/usr/sbin"));

	/* logged under the target, golden under the link */
	len = measure(IMA_TEMPLATE_IMA_NG, "sha256", PTS_MEAS_ALGO_SHA256,
		      D_LS, "/usr/bin/ls", PTS_MEAS_ALGO_SHA256, false, m);
	assert_int_equal(check(fx, "sha256:/usr/bin/ls", PTS_MEAS_ALGO_SHA256,
			       false, m, len), GOLDEN_OK);
	/* logged under the link, golden under the target */
	len = measure(IMA_TEMPLATE_IMA_NG, "sha256", PTS_MEAS_ALGO_SHA256,
		      D_BASH_V2, "/bin/bash", PTS_MEAS_ALGO_SHA256, false, m);
	assert_int_equal(check(fx, "sha256:/bin/bash", PTS_MEAS_ALGO_SHA256,
			       false, m, len), GOLDEN_OK);
	/* a differing digest under the alternative path replaces unknown */
	len = measure(IMA_TEMPLATE_IMA_NG, "sha256", PTS_MEAS_ALGO_SHA256,
		      0x99, "/bin/bash", PTS_MEAS_ALGO_SHA256, false, m);
	assert_int_equal(check(fx, "sha256:/bin/bash", PTS_MEAS_ALGO_SHA256,
			       false, m, len), GOLDEN_DIFFER);
	/* an unknown retry does not replace differ */
	len = measure(IMA_TEMPLATE_IMA_NG, "sha256", PTS_MEAS_ALGO_SHA256,
		      0x99, "/usr/bin/bash", PTS_MEAS_ALGO_SHA256, false, m);
	assert_int_equal(check(fx, "sha256:/usr/bin/bash",
			       PTS_MEAS_ALGO_SHA256, false, m, len),
			 GOLDEN_DIFFER);
	/* "/binary" is not under "/bin" */
	assert_int_equal(check(fx, "sha256:/binary/bash", PTS_MEAS_ALGO_SHA256,
			       false, m, len), GOLDEN_UNKNOWN);
}

/* The UsrMerge retry is not taken without pairs. */
static void test_no_symlinks(void **state)
{
	struct fixture *fx = *state;
	uint8_t m[PTS_MEAS_ALGO_MAX_SIZE];
	size_t len;

	len = measure(IMA_TEMPLATE_IMA_NG, "sha256", PTS_MEAS_ALGO_SHA256,
		      D_LS, "/usr/bin/ls", PTS_MEAS_ALGO_SHA256, false, m);
	assert_int_equal(check(fx, "sha256:/usr/bin/ls", PTS_MEAS_ALGO_SHA256,
			       false, m, len), GOLDEN_UNKNOWN);
}

static void test_segment_transaction(void **state)
{
	struct fixture *fx = *state;
	uint8_t m[PTS_MEAS_ALGO_MAX_SIZE];
	size_t len;

	len = measure(IMA_TEMPLATE_IMA_NG, "sha256", PTS_MEAS_ALGO_SHA256,
		      D_INIT, "/init", PTS_MEAS_ALGO_SHA256, false, m);
	golden_begin(fx->g);
	assert_int_equal(check(fx, "sha256:/init", PTS_MEAS_ALGO_SHA256,
			       false, m, len), GOLDEN_OK);
	golden_end(fx->g);
	/* a writer is not blocked after the segment */
	assert_true(db_begin(fx->db));
	assert_true(db_commit(fx->db));
}

static void test_db_error_failed(void **state)
{
	struct fixture *fx = *state;
	uint8_t m[PTS_MEAS_ALGO_MAX_SIZE];
	struct seen s = { 0 };
	size_t len;

	len = measure(IMA_TEMPLATE_IMA_NG, "sha256", PTS_MEAS_ALGO_SHA256,
		      D_BASH_V1, "/usr/bin/bash", PTS_MEAS_ALGO_SHA256, false,
		      m);
	assert_int_equal(check(fx, "sha256:/usr/bin/bash",
			       PTS_MEAS_ALGO_SHA256, false, m, len),
			 GOLDEN_OK);
	assert_int_equal(sqlite3_exec(fx->check, "DROP TABLE file_hashes",
				      NULL, NULL, NULL), SQLITE_OK);
	log_set_level(-1, -1);
	assert_int_equal(check(fx, "sha256:/usr/bin/bash",
			       PTS_MEAS_ALGO_SHA256, false, m, len),
			 GOLDEN_FAILED);
	assert_int_equal(golden_by_file(fx->g, 1, PTS_MEAS_ALGO_SHA256,
					record, &s), -1);
	log_set_level(-1, 1);
	assert_int_equal(s.n, 0);
}

/* Golden hashes are hex text in either case; anything else never matches. */
static void test_hex_forms(void **state)
{
	struct fixture *fx = *state;
	struct seen s = { 0 };

	assert_int_equal(sqlite3_exec(fx->check,
		"INSERT INTO files (id, dir, name) VALUES (5, 3, 'up'), "
		"(6, 3, 'mixed'), (7, 3, 'bad'), (8, 3, 'short');"
		"INSERT INTO file_hashes (file, version, algo, hash) VALUES "
		"(5, 1, 16384, printf('%.64c', 'B')),"
		"(6, 1, 16384, '0aF9' || printf('%.60c', 'e')),"
		"(7, 1, 16384, printf('%.63c', 'a') || 'g'),"
		"(8, 1, 16384, printf('%.62c', 'a'));", NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_equal(golden_by_path(fx->g, "/up", 3, PTS_MEAS_ALGO_SHA256,
					record, &s), 1);
	assert_int_equal(s.first[0], 0xbb);
	assert_int_equal(golden_by_path(fx->g, "/mixed", 6,
					PTS_MEAS_ALGO_SHA256, record, &s), 1);
	assert_int_equal(s.first[1], 0x0a);
	assert_int_equal(golden_by_path(fx->g, "/bad", 4,
					PTS_MEAS_ALGO_SHA256, record, &s), 0);
	assert_int_equal(golden_by_path(fx->g, "/short", 6,
					PTS_MEAS_ALGO_SHA256, record, &s), 0);
	assert_int_equal(s.n, 2);
}

/*
 * Many directories through the directory cache: each path finds its own
 * directory's file, also when answered from the cache.
 */
static void test_many_directories(void **state)
{
	struct fixture *fx = *state;
	char sql[256], path[32];

	assert_int_equal(sqlite3_exec(fx->check, "BEGIN", NULL, NULL, NULL),
			 SQLITE_OK);
	for (int i = 0; i < 300; i++) {
		snprintf(sql, sizeof(sql),
			 "INSERT INTO directories (id, path) VALUES "
			 "(%d, '/d%d');"
			 "INSERT INTO files (id, dir, name) "
			 "VALUES (%d, %d, 'f');"
			 "INSERT INTO file_hashes (file, version, algo, hash) "
			 "VALUES (%d, 1, 16384, printf('%%.64c', '%x'));",
			 100 + i, i, 100 + i, 100 + i, 100 + i, i % 16);
		assert_int_equal(sqlite3_exec(fx->check, sql, NULL, NULL,
					      NULL), SQLITE_OK);
	}
	assert_int_equal(sqlite3_exec(fx->check, "COMMIT", NULL, NULL, NULL),
			 SQLITE_OK);
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 300; i++) {
			struct seen s = { 0 };
			int len = snprintf(path, sizeof(path), "/d%d/f", i);

			assert_int_equal(golden_by_path(fx->g, path,
							(size_t)len,
							PTS_MEAS_ALGO_SHA256,
							record, &s), 1);
			assert_int_equal(s.file[0], 100 + i);
			assert_int_equal(s.first[0], (i % 16) * 0x11);
		}
}

/* ---------------------------------------------- the in-memory sets */

static int setup_tiny_cache(void **state)
{
	return setup_with(state, 64);
}

/* ima-ng SHA-256 evidence of a file with digest byte d at path. */
static enum golden_result check_file(struct golden *g, const char *path,
				     uint8_t d)
{
	uint8_t m[PTS_MEAS_ALGO_MAX_SIZE];
	char uri[64];
	size_t len = measure(IMA_TEMPLATE_IMA_NG, "sha256",
			     PTS_MEAS_ALGO_SHA256, d, path,
			     PTS_MEAS_ALGO_SHA256, false, m);

	snprintf(uri, sizeof(uri), "sha256:%s", path);
	return golden_check_ima(g, PTS_MEAS_ALGO_SHA256, false, uri,
				strlen(uri), m, len);
}

static void exec(struct fixture *fx, const char *sql)
{
	assert_int_equal(sqlite3_exec(fx->check, sql, NULL, NULL, NULL),
			 SQLITE_OK);
}

/*
 * A session keeps the set it took; the next one sees every change made
 * since, by any connection, through the generation's triggers.
 */
static void test_cache_snapshot_and_reload(void **state)
{
	struct fixture *fx = *state;
	struct golden *g2, *g3;

	assert_int_equal(check_file(fx->g, "/usr/bin/bash", D_BASH_V1),
			 GOLDEN_OK);
	exec(fx, "DELETE FROM file_hashes WHERE file = 1");
	assert_int_equal(check_file(fx->g, "/usr/bin/bash", D_BASH_V1),
			 GOLDEN_OK);
	g2 = golden_new(fx->db, 1, fx->cache);
	assert_int_equal(check_file(g2, "/usr/bin/bash", D_BASH_V1),
			 GOLDEN_UNKNOWN);
	assert_int_equal(check_file(g2, "/init", D_INIT), GOLDEN_OK);
	exec(fx, "INSERT INTO file_hashes (file, version, algo, hash) "
		 "VALUES (1, 2, 16384, printf('%.64c', '7'))");
	g3 = golden_new(fx->db, 1, fx->cache);
	assert_int_equal(check_file(g3, "/usr/bin/bash", 0x77), GOLDEN_OK);
	assert_int_equal(check_file(g3, "/usr/bin/bash", D_BASH_V1),
			 GOLDEN_DIFFER);
	/* a version moved to another product takes its hashes along */
	exec(fx, "UPDATE versions SET product = 2 WHERE id = 2");
	golden_free(g3);
	g3 = golden_new(fx->db, 1, fx->cache);
	assert_int_equal(check_file(g3, "/usr/bin/bash", 0x77),
			 GOLDEN_UNKNOWN);
	assert_int_equal(check_file(g3, "/init", D_INIT), GOLDEN_UNKNOWN);
	golden_free(g2);
	golden_free(g3);
}

struct digests {
	int n;
	uint8_t first[8];
};

static bool digest_seen(void *ctx, const uint8_t *digest)
{
	struct digests *d = ctx;

	assert_true(d->n < 8);
	d->first[d->n++] = digest[0];
	return true;
}

static long each(const struct golden_set *set, const char *path,
		 size_t len, struct digests *d)
{
	memset(d, 0, sizeof(*d));
	return golden_set_each(set, path, len, digest_seen, d);
}

#define EACH(set, lit, d) each(set, lit, sizeof(lit) - 1, d)

/* The set holds exactly what golden_by_path would find. */
static void test_cache_set_contents(void **state)
{
	struct fixture *fx = *state;
	struct golden_set *set, *again, *sha1, *p2;
	struct golden_set_info info;
	struct digests d;

	/* a second row of a directory path (the lookup uses the lowest id),
	 * a name with '/' (never the base name of a path) */
	exec(fx, "INSERT INTO directories (id, path) VALUES (9, '/usr/bin');"
		 "INSERT INTO files (id, dir, name) VALUES (9, 9, 'zsh'), "
		 "(10, 3, 'a/b');"
		 "INSERT INTO file_hashes (file, version, algo, hash) VALUES "
		 "(9, 1, 16384, printf('%.64c', '8')),"
		 "(10, 1, 16384, printf('%.64c', '9'));");
	set = golden_cache_get(fx->cache, fx->db, 1, PTS_MEAS_ALGO_SHA256);
	assert_non_null(set);
	assert_int_equal(EACH(set, "/usr/bin/bash", &d), 2);
	assert_int_equal(d.first[0] ^ d.first[1], D_BASH_V1 ^ D_BASH_V2);
	assert_int_equal(EACH(set, "/init", &d), 1);
	assert_int_equal(d.first[0], D_INIT);
	assert_int_equal(EACH(set, "/bin/ls", &d), 1);
	assert_int_equal(d.first[0], D_LS);
	assert_int_equal(EACH(set, "/usr/bin/sh", &d), 0);
	assert_int_equal(EACH(set, "/usr/bin/zsh", &d), 0);
	assert_int_equal(EACH(set, "/a/b", &d), 0);
	assert_int_equal(EACH(set, "/usr/bin/", &d), 0);
	assert_int_equal(EACH(set, "/opt/bash", &d), 0);
	assert_int_equal(EACH(set, "/usr/bin/bash\0", &d), 0);
	assert_int_equal(EACH(set, "", &d), 0);
	/* a base name alone is for the database to answer */
	assert_int_equal(EACH(set, "ls", &d), -1);
	golden_set_info(set, &info);
	assert_int_equal(info.dirs, 3);
	assert_int_equal(info.files, 3);
	assert_int_equal(info.digests, 4);
	assert_true(info.bytes > 0 && info.bytes <= 1 << 20);

	/* unchanged database: the same set; others per algorithm, product */
	again = golden_cache_get(fx->cache, fx->db, 1, PTS_MEAS_ALGO_SHA256);
	assert_ptr_equal(again, set);
	sha1 = golden_cache_get(fx->cache, fx->db, 1, PTS_MEAS_ALGO_SHA1);
	assert_non_null(sha1);
	assert_int_equal(EACH(sha1, "/usr/bin/bash", &d), 1);
	assert_int_equal(d.first[0], D_BASH_SHA1);
	p2 = golden_cache_get(fx->cache, fx->db, 2, PTS_MEAS_ALGO_SHA256);
	assert_non_null(p2);
	assert_int_equal(EACH(p2, "/usr/bin/bash", &d), 1);
	assert_int_equal(d.first[0], D_BASH_P2);
	assert_int_equal(EACH(p2, "/init", &d), 0);
	golden_cache_put(fx->cache, again);
	golden_cache_put(fx->cache, sha1);
	golden_cache_put(fx->cache, p2);
	/* a stale set in use stays valid until put back */
	exec(fx, "DELETE FROM file_hashes");
	again = golden_cache_get(fx->cache, fx->db, 1, PTS_MEAS_ALGO_SHA256);
	assert_ptr_not_equal(again, set);
	assert_int_equal(EACH(again, "/usr/bin/bash", &d), 0);
	assert_int_equal(EACH(set, "/usr/bin/bash", &d), 2);
	golden_cache_put(fx->cache, set);
	golden_cache_put(fx->cache, again);
}

/* Lines logged while fn runs. */
struct log_capture {
	char *text;
	size_t len;
	FILE *f;
};

static void capture_begin(struct log_capture *c)
{
	c->f = open_memstream(&c->text, &c->len);
	assert_non_null(c->f);
	log_set_stream(c->f);
}

static void capture_end(struct log_capture *c)
{
	log_set_stream(stderr);
	fclose(c->f);
}

static int count_lines(const char *text, const char *needle)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* A database without the generation (not migrated) is queried. */
static void test_cache_without_generation(void **state)
{
	struct fixture *fx = *state;
	struct log_capture cap;
	struct golden *g2;

	exec(fx, "DROP TRIGGER golden_generation_file_hashes_insert;"
		 "DROP TRIGGER golden_generation_file_hashes_update;"
		 "DROP TRIGGER golden_generation_file_hashes_delete;"
		 "DROP TRIGGER golden_generation_files_insert;"
		 "DROP TRIGGER golden_generation_files_update;"
		 "DROP TRIGGER golden_generation_files_delete;"
		 "DROP TRIGGER golden_generation_directories_insert;"
		 "DROP TRIGGER golden_generation_directories_update;"
		 "DROP TRIGGER golden_generation_directories_delete;"
		 "DROP TRIGGER golden_generation_versions_insert;"
		 "DROP TRIGGER golden_generation_versions_update;"
		 "DROP TRIGGER golden_generation_versions_delete;"
		 "DROP TABLE golden_generation;");
	capture_begin(&cap);
	assert_null(golden_cache_get(fx->cache, fx->db, 1,
				     PTS_MEAS_ALGO_SHA256));
	assert_int_equal(check_file(fx->g, "/usr/bin/bash", D_BASH_V2),
			 GOLDEN_OK);
	exec(fx, "DELETE FROM file_hashes WHERE file = 1");
	g2 = golden_new(fx->db, 1, fx->cache);
	assert_int_equal(check_file(g2, "/usr/bin/bash", D_BASH_V2),
			 GOLDEN_UNKNOWN);
	golden_free(g2);
	capture_end(&cap);
	assert_int_equal(count_lines(cap.text, "[PTS] golden hashes are "
				     "checked in the database: it has no "
				     "golden_generation table"), 1);
	free(cap.text);
}

/* A set over the budget is not made, and not tried again. */
static void test_cache_over_budget(void **state)
{
	struct fixture *fx = *state;
	struct log_capture cap;
	struct golden *g2;

	capture_begin(&cap);
	assert_int_equal(check_file(fx->g, "/usr/bin/bash", D_BASH_V2),
			 GOLDEN_OK);
	g2 = golden_new(fx->db, 1, fx->cache);
	assert_int_equal(check_file(g2, "/init", D_INIT), GOLDEN_OK);
	assert_int_equal(check_file(g2, "/init", D_LS), GOLDEN_DIFFER);
	golden_free(g2);
	capture_end(&cap);
	assert_int_equal(count_lines(cap.text, "[PTS] golden sha256 hashes "
				     "of product 1 exceed the cache budget"),
			 1);
	free(cap.text);
}

static void test_result_names(void **state)
{
	(void)state;
	assert_string_equal(golden_result_name(GOLDEN_OK), "ok");
	assert_string_equal(golden_result_name(GOLDEN_DIFFER), "differ");
	assert_string_equal(golden_result_name(GOLDEN_UNKNOWN), "unknown");
	assert_string_equal(golden_result_name(GOLDEN_FAILED), "failed");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define C(f) cmocka_unit_test_setup_teardown(f, setup_cached, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_path_absolute_newest_first),
		T(test_path_restrictions),
		T(test_path_relative_and_root),
		T(test_by_file_and_dir),
		T(test_check_ima_ng),
		T(test_check_sha1_forms),
		T(test_usrmerge),
		T(test_no_symlinks),
		T(test_segment_transaction),
		T(test_db_error_failed),
		T(test_hex_forms),
		T(test_many_directories),
		C(test_check_ima_ng),
		C(test_check_sha1_forms),
		C(test_usrmerge),
		C(test_no_symlinks),
		C(test_segment_transaction),
		C(test_cache_snapshot_and_reload),
		C(test_cache_set_contents),
		C(test_cache_without_generation),
		cmocka_unit_test_setup_teardown(test_cache_over_budget,
						setup_tiny_cache, teardown),
		cmocka_unit_test(test_result_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
