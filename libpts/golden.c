/*
 * golden.c - golden file hash lookups and the IMA file-evidence check
 * (golden.h; attestation spec 6.6, 7.1, 9.1).
 *
 * The IMA check runs once per log entry, hundreds of thousands of times
 * per attestation. With the plugin's golden cache it is a lookup in the
 * product's in-memory set (golden_cache.c). Without one, or for a path
 * the set cannot answer, its path is kept short: the directory of an
 * absolute path is resolved through a direct-mapped cache (its size
 * bounds memory whatever the log length), the hash query is one cached
 * prepared statement served by the files (dir, name) index of schema
 * migration 0002, and hex hashes are decoded into a stack buffer.
 * Everything else (file and directory lookups) is rare.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "golden.h"

#include <stdlib.h>
#include <string.h>

#include "ima_log.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/*
 * Directory cache slots (a power of two): a few MiB with typical path
 * lengths, and enough for the directories of a whole distribution and
 * their UsrMerge alternatives (which the retry of every differing or
 * unknown entry looks up), so a log's lookups rarely miss.
 */
#define DIR_CACHE_SLOTS 65536
/* Spec 6.6: an ima-ng URI has its ':' within the first 7 characters. */
#define URI_ALGO_SPAN 7

/* One slot: a directory path and its id (0: no such directory). */
struct dir_slot {
	char *path;		/* owned; NULL when empty */
	size_t len;
	int64_t id;
};

struct symlink {
	char *link;		/* owned */
	char *target;		/* owned */
};

/* The IMA algorithms, each with its slot in struct golden's sets. */
static const enum pts_meas_algo set_algos[] = {
	PTS_MEAS_ALGO_SHA1, PTS_MEAS_ALGO_SHA256, PTS_MEAS_ALGO_SHA384,
};
#define SET_COUNT COUNT(set_algos)

struct golden {
	struct db *db;		/* borrowed */
	int64_t product;
	struct golden_cache *cache;	/* borrowed, may be NULL */
	struct golden_set *sets[SET_COUNT];	/* from cache, put back */
	bool set_tried[SET_COUNT];
	struct symlink *links;	/* owned */
	size_t nlinks;
	struct dir_slot dirs[DIR_CACHE_SLOTS];
	bool scope;		/* between golden_begin and golden_end */
	bool in_txn;		/* a transaction is open in the scope */
};

static const char *const result_names[] = {
	[GOLDEN_OK] = "ok",
	[GOLDEN_DIFFER] = "differ",
	[GOLDEN_UNKNOWN] = "unknown",
	[GOLDEN_FAILED] = "failed",
};

/* The three hash queries differ only in their WHERE and ORDER BY. */
#define HASH_SELECT \
	"SELECT fh.file, fh.version, fh.hash, f.name " \
	"FROM file_hashes AS fh " \
	"JOIN files AS f ON f.id = fh.file " \
	"JOIN versions AS v ON v.id = fh.version "

static const char sql_by_file[] = HASH_SELECT
	"WHERE fh.file = ? AND fh.algo = ? AND v.product = ? "
	"ORDER BY v.time DESC";
static const char sql_by_dir[] = HASH_SELECT
	"WHERE f.dir = ? AND fh.algo = ? AND v.product = ? "
	"ORDER BY f.name, v.time DESC";
static const char sql_by_dir_name[] = HASH_SELECT
	"WHERE f.dir = ? AND f.name = ? AND fh.algo = ? AND v.product = ? "
	"ORDER BY v.time DESC";
static const char sql_by_name[] = HASH_SELECT
	"WHERE f.name = ? AND fh.algo = ? AND v.product = ? "
	"ORDER BY v.time DESC";
/* The IMA check compares every candidate anyway: no sort needed. */
static const char sql_check_dir_name[] = HASH_SELECT
	"WHERE f.dir = ? AND f.name = ? AND fh.algo = ? AND v.product = ?";
static const char sql_check_name[] = HASH_SELECT
	"WHERE f.name = ? AND fh.algo = ? AND v.product = ?";
/*
 * Lookups are random reads all over a large file; memory-mapped, a page
 * that is not in SQLite's cache costs no pread syscall (bench: 2.7
 * times the entries/s). The size only bounds the mapping.
 */
static const char sql_mmap[] = "PRAGMA mmap_size = 4294967296";
static const char sql_dir_id[] =
	"SELECT id FROM directories WHERE path = ? ORDER BY id LIMIT 1";

const char *golden_result_name(enum golden_result r)
{
	if ((size_t)r >= COUNT(result_names))
		return "?";
	return result_names[r];
}

struct golden *golden_new(struct db *db, int64_t product,
			  struct golden_cache *cache)
{
	struct golden *g = calloc(1, sizeof(*g));
	struct db_stmt *st;

	if (!g)
		return NULL;
	g->db = db;
	g->product = product;
	g->cache = cache;
	/* a backend without the pragma just reads as before */
	st = db_prepare(db, sql_mmap);
	while (st && db_step(st) == DB_ROW)
		;
	db_done(st);
	return g;
}

void golden_free(struct golden *g)
{
	if (!g)
		return;
	golden_end(g);
	for (size_t i = 0; i < SET_COUNT; i++)
		golden_cache_put(g->cache, g->sets[i]);
	for (size_t i = 0; i < g->nlinks; i++) {
		free(g->links[i].link);
		free(g->links[i].target);
	}
	free(g->links);
	for (size_t i = 0; i < DIR_CACHE_SLOTS; i++)
		free(g->dirs[i].path);
	free(g);
}

/* Strips trailing '/' but keeps the root; caller frees. */
static char *path_dup(const char *p)
{
	size_t len = strlen(p);

	while (len > 1 && p[len - 1] == '/')
		len--;
	return strndup(p, len);
}

bool golden_add_symlink(struct golden *g, const char *link,
			const char *target)
{
	struct symlink *links, *l;

	if (link[0] != '/' || target[0] != '/')
		return false;
	links = realloc(g->links, (g->nlinks + 1) * sizeof(*links));
	if (!links)
		return false;
	g->links = links;
	l = &links[g->nlinks];
	l->link = path_dup(link);
	l->target = path_dup(target);
	if (!l->link || !l->target) {
		free(l->link);
		free(l->target);
		return false;
	}
	g->nlinks++;
	return true;
}

void golden_begin(struct golden *g)
{
	g->scope = true;
}

/*
 * Opens the scope's transaction before the first query in it. A
 * deferred transaction takes no write lock: writers (the policy
 * manager, the attest tool) are not blocked by an attestation. Outside
 * a scope every query is its own transaction.
 */
static bool txn_open(struct golden *g)
{
	struct db_stmt *st;

	if (!g->scope || g->in_txn)
		return true;
	st = db_prepare(g->db, "BEGIN");
	if (!st || !db_run(st))
		return false;
	g->in_txn = true;
	return true;
}

void golden_end(struct golden *g)
{
	struct db_stmt *st;

	g->scope = false;
	if (!g->in_txn)
		return;
	g->in_txn = false;
	st = db_prepare(g->db, "COMMIT");
	if (st)
		db_run(st);
}

/*
 * Steps st (bound, owned by the caller until here) and passes each row
 * on; hands st back. The count, or -1 on a database error.
 */
static long emit_rows(struct db_stmt *st, size_t size, golden_hash_cb cb,
		      void *ctx)
{
	uint8_t digest[PTS_MEAS_ALGO_MAX_SIZE];
	struct golden_hash h = { .digest = digest, .digest_len = size };
	enum db_step rc;
	long n = 0;

	while ((rc = db_step(st)) == DB_ROW) {
		if (!golden_hex_decode(db_column_text(st, 2), size, digest))
			continue;
		h.file = db_column_int(st, 0);
		h.version = db_column_int(st, 1);
		h.name = db_column_text(st, 3);
		if (!h.name)
			h.name = "";
		n++;
		if (!cb(ctx, &h))
			break;
	}
	db_done(st);
	return rc == DB_ERROR ? -1 : n;
}

/* Binds (algo, product) at idx, idx + 1; false hands st back. */
static bool bind_algo_product(struct golden *g, struct db_stmt *st, int idx,
			      enum pts_meas_algo algo)
{
	if (db_bind_int(st, idx, algo) &&
	    db_bind_int(st, idx + 1, g->product))
		return true;
	db_done(st);
	return false;
}

/* One of the id-keyed queries (by file, by directory). */
static long by_id(struct golden *g, const char *sql, int64_t id,
		  enum pts_meas_algo algo, golden_hash_cb cb, void *ctx)
{
	size_t size = pts_meas_algo_size(algo);
	struct db_stmt *st;

	if (!size)
		return 0;
	if (!txn_open(g))
		return -1;
	st = db_prepare(g->db, sql);
	if (!st)
		return -1;
	if (!db_bind_int(st, 1, id)) {
		db_done(st);
		return -1;
	}
	if (!bind_algo_product(g, st, 2, algo))
		return -1;
	return emit_rows(st, size, cb, ctx);
}

long golden_by_file(struct golden *g, int64_t file, enum pts_meas_algo algo,
		    golden_hash_cb cb, void *ctx)
{
	return by_id(g, sql_by_file, file, algo, cb, ctx);
}

long golden_by_dir(struct golden *g, int64_t dir, enum pts_meas_algo algo,
		   golden_hash_cb cb, void *ctx)
{
	return by_id(g, sql_by_dir, dir, algo, cb, ctx);
}

/* FNV-1a: spreads paths over the cache slots. */
static size_t path_slot(const char *p, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)p[i]) * 16777619u;
	return h & (DIR_CACHE_SLOTS - 1);
}

/*
 * The id of directory path (NUL-terminated, len bytes): 0 when there is
 * none, -1 on a database error. Hits and misses are both cached; a
 * colliding path takes the slot over.
 */
static int64_t dir_id(struct golden *g, const char *path, size_t len)
{
	struct dir_slot *s = &g->dirs[path_slot(path, len)];
	int64_t id;
	char *copy;

	if (s->path && s->len == len && memcmp(s->path, path, len) == 0)
		return s->id;
	if (!db_query_id(g->db, sql_dir_id, DB_ARGS(DB_ARG_TEXT(path)), &id))
		return -1;
	copy = malloc(len + 1);
	if (copy) {
		memcpy(copy, path, len + 1);
		free(s->path);
		s->path = copy;
		s->len = len;
		s->id = id;
	}
	return id;
}

/* golden_by_path, ordered or in the database's order. */
static long lookup_path(struct golden *g, const char *path, size_t len,
			enum pts_meas_algo algo, bool ordered,
			golden_hash_cb cb, void *ctx)
{
	size_t size = pts_meas_algo_size(algo);
	char buf[GOLDEN_PATH_MAX + 1];
	struct db_stmt *st;
	const char *name;
	char *slash;
	int64_t dir;
	int idx = 1;

	if (!size || len == 0 || len > GOLDEN_PATH_MAX ||
	    memchr(path, 0, len))
		return 0;
	if (!txn_open(g))
		return -1;
	memcpy(buf, path, len);
	buf[len] = '\0';
	slash = strrchr(buf, '/');
	if (!slash) {
		name = buf;
		st = db_prepare(g->db, ordered ? sql_by_name :
						 sql_check_name);
	} else {
		name = slash + 1;
		/* "/bin" lies in "/", whose path keeps its slash */
		if (slash == buf)
			dir = dir_id(g, "/", 1);
		else {
			*slash = '\0';
			dir = dir_id(g, buf, (size_t)(slash - buf));
		}
		if (dir <= 0)
			return dir < 0 ? -1 : 0;
		st = db_prepare(g->db, ordered ? sql_by_dir_name :
						 sql_check_dir_name);
		if (st && !db_bind_int(st, idx++, dir)) {
			db_done(st);
			return -1;
		}
	}
	if (!st)
		return -1;
	if (!db_bind_text(st, idx++, name)) {
		db_done(st);
		return -1;
	}
	if (!bind_algo_product(g, st, idx, algo))
		return -1;
	return emit_rows(st, size, cb, ctx);
}

long golden_by_path(struct golden *g, const char *path, size_t len,
		    enum pts_meas_algo algo, golden_hash_cb cb, void *ctx)
{
	return lookup_path(g, path, len, algo, true, cb, ctx);
}

/* What an IMA evidence's policy URI says (spec 6.6). */
struct ima_uri {
	enum ima_template template;
	enum pts_meas_algo algo;	/* of the file digest; NONE: unknown */
	const char *algo_name;		/* ima-ng prefix before ':' */
	size_t algo_name_len;
	const char *path;
	size_t path_len;
};

static void parse_uri(const char *uri, size_t len, struct ima_uri *u)
{
	size_t span = len < URI_ALGO_SPAN ? len : URI_ALGO_SPAN;
	const char *colon = memchr(uri, ':', span);
	const struct pts_meas_algo_info *a;

	memset(u, 0, sizeof(*u));
	if (!colon) {
		u->template = IMA_TEMPLATE_IMA;
		u->algo = PTS_MEAS_ALGO_SHA1;
		u->path = uri;
		u->path_len = len;
		return;
	}
	u->template = IMA_TEMPLATE_IMA_NG;
	u->algo_name = uri;
	u->algo_name_len = (size_t)(colon - uri);
	u->path = colon + 1;
	u->path_len = len - u->algo_name_len - 1;
	a = u->algo_name_len ?
	    pts_meas_algo_from_ima(uri, u->algo_name_len) :
	    pts_meas_algo_find(PTS_MEAS_ALGO_SHA1);
	u->algo = a ? a->algo : PTS_MEAS_ALGO_NONE;
}

/* The state of one candidate comparison run. */
struct compare {
	struct ima_entry entry;		/* the template, name and algo */
	enum pts_meas_algo bank;
	bool pad;
	const uint8_t *measurement;
	size_t measurement_len;
	bool match;
	bool failed;
};

/* One candidate digest of c->entry's algorithm. */
static bool compare_digest(void *ctx, const uint8_t *digest)
{
	struct compare *c = ctx;
	uint8_t expected[PTS_MEAS_ALGO_MAX_SIZE];
	size_t len;

	c->entry.digest = digest;
	if (ima_template_hash(&c->entry, c->bank, c->pad, expected,
			      &len) != PTS_OK) {
		c->failed = true;
		return false;
	}
	c->match = len == c->measurement_len &&
		   memcmp(expected, c->measurement, len) == 0;
	return !c->match;
}

static bool compare_candidate(void *ctx, const struct golden_hash *h)
{
	return compare_digest(ctx, h->digest);
}

/*
 * The in-memory set of algo's golden hashes, asked for once per
 * golden; NULL when there is none and the database is queried.
 */
static struct golden_set *set_for(struct golden *g, enum pts_meas_algo algo)
{
	size_t i = 0;
	bool scoped = g->scope;

	while (i < SET_COUNT && set_algos[i] != algo)
		i++;
	if (i == SET_COUNT || !g->cache || g->set_tried[i])
		return i < SET_COUNT ? g->sets[i] : NULL;
	g->set_tried[i] = true;
	/* the set and the generation it is filed under must agree */
	golden_begin(g);
	if (txn_open(g))
		g->sets[i] = golden_cache_get(g->cache, g->db, g->product,
					      algo);
	if (!scoped)
		golden_end(g);
	return g->sets[i];
}

/*
 * One lookup of path and comparison, without the UsrMerge retry. The
 * expected template hash always covers the name as logged (c->entry),
 * also when path is its UsrMerge alternative.
 */
static enum golden_result check_path(struct golden *g, struct compare *c,
				     const struct ima_uri *u,
				     const char *path, size_t path_len)
{
	struct golden_set *set = set_for(g, u->algo);
	long n = -1;

	c->match = c->failed = false;
	if (set)
		n = golden_set_each(set, path, path_len, compare_digest, c);
	if (n < 0)
		n = lookup_path(g, path, path_len, u->algo, false,
				compare_candidate, c);
	if (n < 0 || c->failed)
		return GOLDEN_FAILED;
	if (c->match)
		return GOLDEN_OK;
	return n ? GOLDEN_DIFFER : GOLDEN_UNKNOWN;
}

/* Does path start with the directory prefix followed by '/'? */
static bool under(const char *path, size_t len, const char *prefix,
		  size_t plen)
{
	return len > plen && path[plen] == '/' &&
	       memcmp(path, prefix, plen) == 0;
}

/*
 * The UsrMerge alternative of path into buf (spec 7.1): the first pair
 * whose target or link is a prefix swaps it for the other. 0 when no
 * pair applies.
 */
static size_t usrmerge_path(const struct golden *g, const char *path,
			    size_t len, char *buf, size_t size)
{
	for (size_t i = 0; i < g->nlinks; i++) {
		const char *from = g->links[i].target, *to = g->links[i].link;
		size_t flen = strlen(from), tlen, out;

		if (!under(path, len, from, flen)) {
			from = g->links[i].link;
			to = g->links[i].target;
			flen = strlen(from);
			if (!under(path, len, from, flen))
				continue;
		}
		tlen = strlen(to);
		out = tlen + len - flen;
		if (out > size)
			return 0;
		memcpy(buf, to, tlen);
		memcpy(buf + tlen, path + flen, len - flen);
		return out;
	}
	return 0;
}

enum golden_result golden_check_ima(struct golden *g,
				    enum pts_meas_algo bank, bool pad,
				    const char *uri, size_t uri_len,
				    const uint8_t *measurement,
				    size_t measurement_len)
{
	char alt[GOLDEN_PATH_MAX];
	struct compare c;
	struct ima_uri u;
	enum golden_result r, retry;
	size_t alt_len;

	if (measurement_len != pts_meas_algo_size(bank))
		return GOLDEN_FAILED;
	parse_uri(uri, uri_len, &u);
	if (u.algo == PTS_MEAS_ALGO_NONE)
		return GOLDEN_UNKNOWN;
	memset(&c, 0, sizeof(c));
	c.entry.template = u.template;
	c.entry.algo_name = u.algo_name;
	c.entry.algo_name_len = u.algo_name_len;
	c.entry.digest_algo = u.algo;
	c.entry.digest_len = pts_meas_algo_size(u.algo);
	c.entry.name = u.path;
	c.entry.name_len = u.path_len;
	c.bank = bank;
	c.pad = pad;
	c.measurement = measurement;
	c.measurement_len = measurement_len;

	r = check_path(g, &c, &u, u.path, u.path_len);
	if (r != GOLDEN_UNKNOWN && r != GOLDEN_DIFFER)
		return r;
	alt_len = usrmerge_path(g, u.path, u.path_len, alt, sizeof(alt));
	if (!alt_len)
		return r;
	retry = check_path(g, &c, &u, alt, alt_len);
	return retry == GOLDEN_UNKNOWN ? r : retry;
}
