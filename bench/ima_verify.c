/*
 * ima_verify.c - benchmark of the Attestation IMV's IMA file-evidence
 * check (libpts/golden.h, attestation spec 6.6): builds a policy
 * database with many golden file hashes, writes an ima-ng measurement
 * list with a mix of known, differing and unknown files, then verifies
 * it entry by entry as the IMV would: the log fed in segments through
 * libpts's IMA parser (SHA-256 bank), each entry checked by
 * golden_check_ima inside one read transaction per segment.
 *
 * It prints entries/s, the result counts and memory figures; it judges
 * none of them (see bench/README.md).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "golden.h"
#include "ima_log.h"
#include "log.h"
#include "pts_hash.h"

#define FILES_PER_DIR 50
#define DIGEST_SIZE 32		/* SHA-256 file digests and bank */
/* One in this many entries is logged under /bin for /usr/bin. */
#define USRMERGE_EVERY 20

struct options {
	long hashes;		/* golden file hashes in the database */
	long entries;		/* IMA entries after boot_aggregate */
	long chunk;		/* bytes per segment */
	int differ_pct;
	int unknown_pct;
	const char *schema;	/* tables.sql */
	const char *db_path;	/* keep the database here */
	bool reuse_db;		/* a database at db_path is used as it is */
	bool common_names;
	bool clustered;		/* entries in runs through one directory */
	bool dir_name_index;	/* add an index files (dir, name) */
};

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* CPU time: on a shared machine steadier than the wall clock. */
static double cpu_now(void)
{
	return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

/* A /proc/self/status field in kB ("VmHWM", "VmRSS"); -1 if absent. */
static long proc_kb(const char *field)
{
	char line[256];
	size_t n = strlen(field);
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, field, n) == 0 && line[n] == ':')
			kb = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return kb;
}

/* splitmix64: the deterministic "file contents" of file i. */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static void file_digest(uint64_t i, uint8_t out[DIGEST_SIZE])
{
	for (int k = 0; k < DIGEST_SIZE / 8; k++) {
		uint64_t v = mix(i * 4 + (uint64_t)k);

		memcpy(out + 8 * k, &v, 8);
	}
}

static void to_hex(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/*
 * Directory d: directory 0 is /usr/bin (the UsrMerge target), the rest
 * /usr/lib/pkgNNNNN. File f of it is "fNN.so".
 */
static void dir_path(long d, char *buf, size_t size)
{
	if (d == 0)
		snprintf(buf, size, "/usr/bin");
	else
		snprintf(buf, size, "/usr/lib/pkg%05ld", d);
}

/*
 * File n's base name: unique ("lib0001234.so"), or with common_names one
 * of FILES_PER_DIR names shared by every directory (as __init__.py is),
 * which the schema's files_name index serves poorly.
 */
static void file_name(const struct options *o, long n, char *buf,
		      size_t size)
{
	if (o->common_names)
		snprintf(buf, size, "f%02ld.so", n % FILES_PER_DIR);
	else
		snprintf(buf, size, "lib%07ld.so", n);
}

static bool exec_sql(sqlite3 *conn, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(conn, sql, NULL, NULL, &err) == SQLITE_OK)
		return true;
	fprintf(stderr, "ima_verify: %s\n", err ? err : "sqlite error");
	sqlite3_free(err);
	return false;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	if (text && fread(text, 1, (size_t)n, f) != (size_t)n) {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

/*
 * The database: product 1 is the attested one, product 2 holds a copy
 * of every tenth hash under another digest (rows the product filter must
 * skip). One version per directory ("package"), all in one transaction
 * with prepared inserts.
 */
static bool build_db(const struct options *o, const char *path)
{
	sqlite3 *conn = NULL;
	sqlite3_stmt *dir_st = NULL, *file_st = NULL, *hash_st = NULL,
		     *ver_st = NULL, *pkg_st = NULL;
	long dirs = (o->hashes + FILES_PER_DIR - 1) / FILES_PER_DIR;
	char *schema = read_text(o->schema);
	char buf[64], hex[2 * DIGEST_SIZE + 1];
	uint8_t digest[DIGEST_SIZE];
	bool ok = false;
	long n = 0;

	if (!schema) {
		fprintf(stderr, "ima_verify: cannot read %s\n", o->schema);
		return false;
	}
	unlink(path);
	if (sqlite3_open(path, &conn) != SQLITE_OK || !exec_sql(conn, schema) ||
	    !exec_sql(conn, "PRAGMA synchronous=OFF; BEGIN;"
		      "INSERT INTO products (id, name) VALUES "
		      "(1, 'Bench Linux x86_64'), (2, 'Other Linux');"
		      "INSERT INTO algorithms (id, name) VALUES "
		      "(32768, 'SHA1'), (16384, 'SHA256'), (8192, 'SHA384');"))
		goto out;
	if (sqlite3_prepare_v2(conn, "INSERT INTO directories (path) "
			       "VALUES (?)", -1, &dir_st, NULL) ||
	    sqlite3_prepare_v2(conn, "INSERT INTO packages (name) VALUES (?)",
			       -1, &pkg_st, NULL) ||
	    sqlite3_prepare_v2(conn, "INSERT INTO versions (product, package, "
			       "release, time) VALUES (?, ?, '1.0', ?)", -1,
			       &ver_st, NULL) ||
	    sqlite3_prepare_v2(conn, "INSERT INTO files (dir, name) "
			       "VALUES (?, ?)", -1, &file_st, NULL) ||
	    sqlite3_prepare_v2(conn, "INSERT INTO file_hashes (file, version, "
			       "algo, hash) VALUES (?, ?, 16384, ?)", -1,
			       &hash_st, NULL))
		goto out;
	for (long d = 0; d < dirs; d++) {
		int64_t did, pid, vid[2];

		dir_path(d, buf, sizeof(buf));
		sqlite3_bind_text(dir_st, 1, buf, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(dir_st) != SQLITE_DONE)
			goto out;
		sqlite3_reset(dir_st);
		did = sqlite3_last_insert_rowid(conn);
		snprintf(buf, sizeof(buf), "pkg%05ld", d);
		sqlite3_bind_text(pkg_st, 1, buf, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(pkg_st) != SQLITE_DONE)
			goto out;
		sqlite3_reset(pkg_st);
		pid = sqlite3_last_insert_rowid(conn);
		for (int p = 0; p < 2; p++) {
			sqlite3_bind_int(ver_st, 1, p + 1);
			sqlite3_bind_int64(ver_st, 2, pid);
			sqlite3_bind_int64(ver_st, 3, 1700000000 + d);
			if (sqlite3_step(ver_st) != SQLITE_DONE)
				goto out;
			sqlite3_reset(ver_st);
			vid[p] = sqlite3_last_insert_rowid(conn);
		}
		for (int f = 0; f < FILES_PER_DIR && n < o->hashes; f++, n++) {
			int64_t fid;

			file_name(o, n, buf, sizeof(buf));
			sqlite3_bind_int64(file_st, 1, did);
			sqlite3_bind_text(file_st, 2, buf, -1,
					  SQLITE_TRANSIENT);
			if (sqlite3_step(file_st) != SQLITE_DONE)
				goto out;
			sqlite3_reset(file_st);
			fid = sqlite3_last_insert_rowid(conn);
			file_digest((uint64_t)n, digest);
			to_hex(digest, DIGEST_SIZE, hex);
			sqlite3_bind_int64(hash_st, 1, fid);
			sqlite3_bind_int64(hash_st, 2, vid[0]);
			sqlite3_bind_text(hash_st, 3, hex, -1,
					  SQLITE_TRANSIENT);
			if (sqlite3_step(hash_st) != SQLITE_DONE)
				goto out;
			sqlite3_reset(hash_st);
			if (n % 10 != 0)
				continue;
			/* the other product's hash of the same file */
			hex[0] = hex[0] == '0' ? '1' : '0';
			sqlite3_bind_int64(hash_st, 1, fid);
			sqlite3_bind_int64(hash_st, 2, vid[1]);
			sqlite3_bind_text(hash_st, 3, hex, -1,
					  SQLITE_TRANSIENT);
			if (sqlite3_step(hash_st) != SQLITE_DONE)
				goto out;
			sqlite3_reset(hash_st);
		}
	}
	ok = exec_sql(conn, "COMMIT") && (!o->dir_name_index ||
		exec_sql(conn, "CREATE INDEX IF NOT EXISTS files_dir_name "
			 "ON files (dir, name)")) && exec_sql(conn, "ANALYZE");
out:
	if (!ok && conn)
		fprintf(stderr, "ima_verify: building the database failed: "
			"%s\n", sqlite3_errmsg(conn));
	sqlite3_finalize(dir_st);
	sqlite3_finalize(pkg_st);
	sqlite3_finalize(ver_st);
	sqlite3_finalize(file_st);
	sqlite3_finalize(hash_st);
	sqlite3_close(conn);
	free(schema);
	return ok;
}

/* The log being written: a growing buffer. */
struct out {
	uint8_t *p;
	size_t len, cap;
};

static bool put(struct out *o, const void *p, size_t n)
{
	if (o->len + n > o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 1 << 20;
		uint8_t *q;

		while (cap < o->len + n)
			cap *= 2;
		q = realloc(o->p, cap);
		if (!q)
			return false;
		o->p = q;
		o->cap = cap;
	}
	memcpy(o->p + o->len, p, n);
	o->len += n;
	return true;
}

static bool put_u32(struct out *o, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 24) };

	return put(o, b, 4);
}

/* One ima-ng entry with a SHA-256 file digest (spec 6.2). */
static bool put_entry(struct out *o, const char *name, const uint8_t *digest)
{
	static const char prefix[] = "sha256:";
	struct ima_entry e = {
		.template = IMA_TEMPLATE_IMA_NG,
		.algo_name = "sha256", .algo_name_len = 6,
		.digest = digest, .digest_len = DIGEST_SIZE,
		.name = name, .name_len = strlen(name),
	};
	uint8_t th[PTS_MEAS_ALGO_MAX_SIZE];
	size_t th_len, dlen = sizeof(prefix) + DIGEST_SIZE;
	size_t nlen = e.name_len + 1;

	if (ima_template_hash(&e, PTS_MEAS_ALGO_SHA1, false, th, &th_len))
		return false;
	return put_u32(o, IMA_PCR) && put(o, th, 20) && put_u32(o, 6) &&
	       put(o, "ima-ng", 6) && put_u32(o, (uint32_t)(8 + dlen + nlen)) &&
	       put_u32(o, (uint32_t)dlen) && put(o, prefix, sizeof(prefix)) &&
	       put(o, digest, DIGEST_SIZE) && put_u32(o, (uint32_t)nlen) &&
	       put(o, name, nlen);
}

/*
 * With clustered, file n of entry i: runs of 1 to FILES_PER_DIR
 * consecutive files of one random directory, as a program measures its
 * libraries or a package's modules together.
 */
struct run {
	long left, dir, pos;
};

static long clustered_file(const struct options *o, struct run *run,
			   long i)
{
	if (run->left == 0) {
		run->dir = (long)(mix((uint64_t)i + 0xd1) %
				  (uint64_t)(o->hashes / FILES_PER_DIR));
		run->left = 1 + (long)(mix((uint64_t)i + 0xd2) %
				       FILES_PER_DIR);
		run->pos = (long)(mix((uint64_t)i + 0xd3) % FILES_PER_DIR);
	}
	run->left--;
	return run->dir * FILES_PER_DIR + run->pos++ % FILES_PER_DIR;
}

/*
 * Entry i: a random known file (or see clustered_file); differ_pct of
 * them with a changed digest, unknown_pct a file that is not in the
 * database. Files of /usr/bin are logged as /bin/... every
 * USRMERGE_EVERY entries.
 */
static bool build_log(const struct options *o, struct out *log)
{
	uint8_t digest[DIGEST_SIZE];
	char dir[64], name[128];
	struct run run = { 0 };

	memset(digest, 0x42, sizeof(digest));
	if (!put_entry(log, "boot_aggregate", digest))
		return false;
	for (long i = 0; i < o->entries; i++) {
		uint64_t r = mix((uint64_t)i + 0x5eed);
		long n = o->clustered ? clustered_file(o, &run, i) :
			 (long)(r % (uint64_t)o->hashes);
		int pct = (int)((r >> 32) % 100);
		long d = n / FILES_PER_DIR;

		file_digest((uint64_t)n, digest);
		if (i % USRMERGE_EVERY == 0) {
			d = 0;
			n %= FILES_PER_DIR;
			file_digest((uint64_t)n, digest);
		}
		dir_path(d, dir, sizeof(dir));
		if (d == 0 && i % USRMERGE_EVERY == 0)
			snprintf(dir, sizeof(dir), "/bin");
		if (pct < o->unknown_pct)
			snprintf(name, sizeof(name), "%s/new%ld", dir, i);
		else {
			size_t l = strlen(dir);

			snprintf(name, sizeof(name), "%s/", dir);
			file_name(o, n, name + l + 1, sizeof(name) - l - 1);
		}
		if (pct >= o->unknown_pct &&
		    pct < o->unknown_pct + o->differ_pct)
			digest[0] ^= 1;
		if (!put_entry(log, name, digest))
			return false;
	}
	return true;
}

struct verify {
	struct golden *g;
	long counts[GOLDEN_FAILED + 1];
	long entries;
	bool parse_only;	/* measure the parser alone */
	char uri[IMA_MAX_ALGO_PREFIX + 4096 + 2];
};

/* The IMV's view of an entry: its policy URI and template hash. */
static enum pts_err verify_entry(void *ctx, const struct ima_entry *e)
{
	struct verify *v = ctx;
	size_t len;

	if (v->entries++ == 0)
		return PTS_OK;	/* boot_aggregate is no file (6.6) */
	if (e->algo_name_len + 1 + e->name_len > sizeof(v->uri))
		return PTS_ERR_LENGTH;
	memcpy(v->uri, e->algo_name, e->algo_name_len);
	v->uri[e->algo_name_len] = ':';
	memcpy(v->uri + e->algo_name_len + 1, e->name, e->name_len);
	len = e->algo_name_len + 1 + e->name_len;
	if (v->parse_only)
		return PTS_OK;
	v->counts[golden_check_ima(v->g, PTS_MEAS_ALGO_SHA256, false, v->uri,
				   len, e->bank_hash, e->bank_hash_len)]++;
	return PTS_OK;
}

/* The figures of one session's verification. */
struct pass {
	double wall, cpu;
	long entries;
	long counts[GOLDEN_FAILED + 1];
	bool ok;
};

/*
 * Verifies the whole log as one IMV session would: a new golden (taking
 * the cache's set, built first if there is none) and parser, the log
 * fed in segments, each inside golden_begin/golden_end unless !txn.
 */
static bool verify_session(struct db *db, struct golden_cache *cache,
			   const struct options *o, const struct out *log,
			   bool txn, bool parse_only, struct pass *p)
{
	struct verify v = { .parse_only = parse_only };
	struct ima_log *parser;
	double t0, c0;
	bool ok = true;

	v.g = golden_new(db, 1, cache);
	if (!v.g || !golden_add_symlink(v.g, "/bin", "/usr/bin") ||
	    !golden_add_symlink(v.g, "/lib", "/usr/lib")) {
		golden_free(v.g);
		return false;
	}
	parser = ima_log_new(PTS_MEAS_ALGO_SHA256, false, verify_entry, &v);
	if (!parser) {
		golden_free(v.g);
		return false;
	}
	t0 = now();
	c0 = cpu_now();
	for (size_t off = 0; ok && off < log->len; off += (size_t)o->chunk) {
		size_t n = log->len - off < (size_t)o->chunk ?
			   log->len - off : (size_t)o->chunk;

		if (txn)
			golden_begin(v.g);
		ok = ima_log_feed(parser, log->p + off, n) == PTS_OK;
		if (txn)
			golden_end(v.g);
	}
	ok = ok && ima_log_finish(parser) == PTS_OK;
	p->wall = now() - t0;
	p->cpu = cpu_now() - c0;
	p->entries = v.entries;
	memcpy(p->counts, v.counts, sizeof(p->counts));
	p->ok = ok;
	ima_log_free(parser);
	golden_free(v.g);
	return true;
}

static void print_pass(int i, const char *what, const struct pass *p)
{
	printf("session %d (%s): %s in %.3f s = %.0f entries/s "
	       "(CPU %.3f s = %.0f entries/s)\n", i, what,
	       p->ok ? "complete" : "FAILED", p->wall,
	       (double)p->entries / p->wall, p->cpu,
	       (double)p->entries / p->cpu);
	printf("  results: %ld ok, %ld differ, %ld unknown, %ld failed\n",
	       p->counts[GOLDEN_OK], p->counts[GOLDEN_DIFFER],
	       p->counts[GOLDEN_UNKNOWN], p->counts[GOLDEN_FAILED]);
}

static void usage(void)
{
	fprintf(stderr, "Usage: ima_verify --schema tables.sql [--hashes N] "
		"[--entries N] [--chunk BYTES] [--differ PCT] [--unknown PCT] "
		"[--db PATH [--reuse-db]] [--sessions N] [--cache MIB] "
		"[--no-txn] "
		"[--common-names] [--clustered] [--dir-name-index] "
		"[--parse-only]\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "schema", required_argument, NULL, 's' },
		{ "hashes", required_argument, NULL, 'H' },
		{ "entries", required_argument, NULL, 'e' },
		{ "chunk", required_argument, NULL, 'c' },
		{ "differ", required_argument, NULL, 'd' },
		{ "unknown", required_argument, NULL, 'u' },
		{ "db", required_argument, NULL, 'D' },
		{ "no-txn", no_argument, NULL, 'n' },
		{ "common-names", no_argument, NULL, 'C' },
		{ "clustered", no_argument, NULL, 'L' },
		{ "dir-name-index", no_argument, NULL, 'I' },
		{ "parse-only", no_argument, NULL, 'P' },
		{ "sessions", required_argument, NULL, 'S' },
		{ "cache", required_argument, NULL, 'M' },
		{ "reuse-db", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	struct options o = {
		.hashes = 1000000, .entries = 100000, .chunk = 65536,
		.differ_pct = 5, .unknown_pct = 10,
		.schema = TNC_SOURCE_ROOT "/schema/tables.sql",
	};
	char tmpdir[] = "/tmp/ima-verify-XXXXXX", path[128], uri[160];
	struct out log = { 0 };
	struct golden_cache *cache = NULL;
	struct pass pass;
	bool txn = true, ok = true, parse_only = false;
	double t0, t_db, t_log;
	long rss_before, sessions = 3, cache_mib = 256;
	struct db *db;
	int opt;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 's': o.schema = optarg; break;
		case 'H': o.hashes = atol(optarg); break;
		case 'e': o.entries = atol(optarg); break;
		case 'c': o.chunk = atol(optarg); break;
		case 'd': o.differ_pct = atoi(optarg); break;
		case 'u': o.unknown_pct = atoi(optarg); break;
		case 'D': o.db_path = optarg; break;
		case 'n': txn = false; break;
		case 'C': o.common_names = true; break;
		case 'L': o.clustered = true; break;
		case 'I': o.dir_name_index = true; break;
		case 'P': parse_only = true; break;
		case 'S': sessions = atol(optarg); break;
		case 'M': cache_mib = atol(optarg); break;
		case 'R': o.reuse_db = true; break;
		default: usage(); return 2;
		}
	}
	if (o.hashes < FILES_PER_DIR || o.entries < 1 || o.chunk < 1 ||
	    o.differ_pct + o.unknown_pct > 100 || sessions < 1 ||
	    sessions > 100 || cache_mib < 0 || cache_mib > 4095) {
		usage();
		return 2;
	}
	if (o.db_path) {
		snprintf(path, sizeof(path), "%s", o.db_path);
	} else {
		if (!mkdtemp(tmpdir))
			return 1;
		snprintf(path, sizeof(path), "%s/config.db", tmpdir);
	}

	t0 = now();
	/* same options, same rows: a kept database can be measured again */
	if (!(o.db_path && o.reuse_db && access(path, R_OK) == 0) &&
	    !build_db(&o, path))
		return 1;
	t_db = now() - t0;
	t0 = now();
	if (!build_log(&o, &log))
		return 1;
	t_log = now() - t0;

	snprintf(uri, sizeof(uri), "sqlite://%s", path);
	db = db_open(uri);
	if (!db)
		return 1;
	if (cache_mib) {
		cache = golden_cache_new((size_t)cache_mib << 20);
		if (!cache)
			return 1;
	}

	printf("database: %ld file hashes (+%ld of another product), "
	       "%ld directories, built in %.2f s\n", o.hashes,
	       (o.hashes + 9) / 10,
	       (o.hashes + FILES_PER_DIR - 1) / FILES_PER_DIR, t_db);
	printf("log: %ld ima-ng entries after boot_aggregate, %zu bytes, "
	       "built in %.2f s; segments of %ld bytes, %s\n", o.entries,
	       log.len, t_log, o.chunk, txn ? "one read transaction each" :
	       "no transaction");
	if (cache)
		printf("golden cache: %ld MiB\n", cache_mib);
	else
		printf("golden cache: none, every entry is queried\n");
	rss_before = proc_kb("VmRSS");
	for (long i = 1; ok && i <= sessions; i++) {
		if (!verify_session(db, cache, &o, &log, txn, parse_only,
				    &pass))
			return 1;
		print_pass((int)i, parse_only ? "parser alone" : !cache ?
			   "database queries" : i == 1 ?
			   "set built from the database" : "set in memory",
			   &pass);
		ok = pass.ok;
	}
	if (cache && !parse_only) {
		struct golden_set *set = golden_cache_get(cache, db, 1,
							  PTS_MEAS_ALGO_SHA256);
		struct golden_set_info info;

		if (set) {
			golden_set_info(set, &info);
			printf("set: %zu directories, %zu files, %zu digests, "
			       "%.1f MiB, built in %.3f s\n", info.dirs,
			       info.files, info.digests,
			       (double)info.bytes / (1 << 20), info.build_s);
			golden_cache_put(cache, set);
		} else {
			printf("set: none (over the budget or no "
			       "golden_generation table)\n");
		}
	}
	printf("memory: VmRSS %ld kB before the sessions, %ld kB after, "
	       "of which RssAnon (heap: set, log buffer %zu kB) %ld kB and "
	       "the rest the memory-mapped database file; VmHWM %ld kB\n",
	       rss_before, proc_kb("VmRSS"), log.cap / 1024,
	       proc_kb("RssAnon"), proc_kb("VmHWM"));

	golden_cache_free(cache);
	db_close(db);
	free(log.p);
	if (!o.db_path) {
		unlink(path);
		snprintf(uri, sizeof(uri), "%s-wal", path);
		unlink(uri);
		snprintf(uri, sizeof(uri), "%s-shm", path);
		unlink(uri);
		rmdir(tmpdir);
	}
	return ok ? 0 : 1;
}
