/*
 * golden_cache.c - golden hashes in memory across sessions
 * (golden_cache.h).
 *
 * A set is two open-addressing tables over flat arrays: directory path
 * -> directory, and (directory, base name) -> file, each file heading a
 * list of digest records. Paths and names live in one text arena; every
 * reference is a 32-bit index, so a million golden hashes of SHA-256
 * take about 80 MB. The tables hash with a random seed per set: file
 * names reach the golden tables from endpoints (SWID tags), and a
 * seedless hash would let one pick names that pile into one probe run.
 *
 * The build reads the directories, then one join over file_hashes in
 * table order; both are sequential scans, about 0.3 s for a million
 * rows (bench/README.md), paid by the first session after a change.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "golden_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "log.h"

#define MIN_SLOTS 1024
/* Indexes are 32-bit with 0 meaning none. */
#define MAX_INDEX (UINT32_MAX - 1)

struct set_dir {
	uint64_t hash;
	uint32_t path;		/* offset in text */
	uint32_t len;
};

struct set_file {
	uint64_t hash;
	uint32_t dir;		/* index in dirs */
	uint32_t name;		/* offset in text */
	uint32_t name_len;
	uint32_t digest;	/* first digest record + 1; 0: none */
};

/*
 * An open-addressing table. A slot holds an item's index + 1 in its low
 * half (0: empty) and the high half of the item's hash in its high
 * half, so a probe passes other keys without reading their items: the
 * item arrays are far larger than the CPU caches.
 */
struct slots {
	uint64_t *v;
	size_t mask;		/* slot count - 1, a power of two minus 1 */
};

#define SLOT(hash, index) ((hash) >> 32 << 32 | ((uint64_t)(index) + 1))
#define SLOT_INDEX(slot) ((uint32_t)(slot) - 1)
#define SLOT_TAG_MATCHES(slot, hash) (((slot) ^ (hash)) >> 32 == 0)

struct golden_set {
	int64_t product;
	enum pts_meas_algo algo;
	int64_t generation;
	size_t digest_size;
	size_t record_size;	/* next (uint32_t) + digest */
	uint64_t seed;
	char *text;
	size_t text_len, text_cap;
	struct set_dir *dirs;
	size_t ndirs, dirs_cap;
	struct set_file *files;
	size_t nfiles, files_cap;
	uint8_t *records;
	size_t nrecords, records_cap;
	struct slots dir_slots, file_slots;
	size_t bytes;		/* allocated, counted against limit */
	size_t limit;
	bool oversize;		/* the build stopped at limit */
	double build_s;

	/* the cache's bookkeeping, under its lock */
	struct golden_set *next;
	unsigned refs;
	uint64_t used;		/* the cache's clock at the last get */
	bool filed;		/* in the cache's list */
};

struct golden_cache {
	pthread_mutex_t lock;
	size_t budget;
	struct golden_set *sets;	/* filed sets */
	uint64_t clock;
	bool no_generation;		/* logged once, then no sets */
};

static const char sql_has_generation[] =
	"SELECT count(*) FROM sqlite_master "
	"WHERE type = 'table' AND name = 'golden_generation'";
static const char sql_generation[] = "SELECT n FROM golden_generation";
/* The lowest id of a path is the one the database lookup uses. */
static const char sql_dirs[] =
	"SELECT min(id), path FROM directories GROUP BY path";
static const char sql_hashes[] =
	"SELECT f.dir, f.name, fh.hash FROM file_hashes AS fh "
	"JOIN files AS f ON f.id = fh.file "
	"JOIN versions AS v ON v.id = fh.version "
	"WHERE fh.algo = ? AND v.product = ?";

/* ------------------------------------------------------------ hashing */

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static uint64_t text_hash(uint64_t seed, const char *p, size_t len)
{
	uint64_t h = seed ^ (len * 0x9e3779b97f4a7c15ull), w;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = mix64(h ^ w);
	}
	w = 0;
	memcpy(&w, p, len);
	return mix64(h ^ w ^ 0x5bd1e995ull);
}

static uint64_t dir_hash(const struct golden_set *s, const char *p,
			 size_t len)
{
	return text_hash(s->seed, p, len);
}

static uint64_t file_hash(const struct golden_set *s, uint32_t dir,
			  const char *name, size_t len)
{
	return text_hash(s->seed ^ mix64(dir + 1ull), name, len);
}

/* ------------------------------------------------------------- memory */

/*
 * p grown to at least need elements of size (doubling), its bytes
 * counted against the limit; NULL leaves p as it was.
 */
static void *grow(struct golden_set *s, void *p, size_t *cap, size_t need,
		  size_t size)
{
	size_t n = *cap ? *cap : 64, more;
	void *q;

	if (need <= *cap)
		return p;
	while (n < need)
		n *= 2;
	more = (n - *cap) * size;
	if (n > MAX_INDEX || s->bytes + more > s->limit) {
		s->oversize = true;
		return NULL;
	}
	q = realloc(p, n * size);
	if (!q)
		return NULL;
	s->bytes += more;
	*cap = n;
	return q;
}

/* Appends len bytes of text; its offset, or -1. */
static int64_t text_add(struct golden_set *s, const char *p, size_t len)
{
	char *t = grow(s, s->text, &s->text_cap, s->text_len + len + 1, 1);
	size_t off = s->text_len;

	if (!t)
		return -1;
	s->text = t;
	memcpy(t + off, p, len);
	t[off + len] = '\0';
	s->text_len += len + 1;
	return (int64_t)off;
}

/* Frees what a set holds; its identity and verdict stay. */
static void set_clear(struct golden_set *s)
{
	free(s->text);
	free(s->dirs);
	free(s->files);
	free(s->records);
	free(s->dir_slots.v);
	free(s->file_slots.v);
	s->text = NULL;
	s->dirs = NULL;
	s->files = NULL;
	s->records = NULL;
	s->dir_slots = s->file_slots = (struct slots){ NULL, 0 };
	s->text_len = s->text_cap = 0;
	s->ndirs = s->dirs_cap = 0;
	s->nfiles = s->files_cap = 0;
	s->nrecords = s->records_cap = 0;
	s->bytes = 0;
}

static void set_free(struct golden_set *s)
{
	if (!s)
		return;
	set_clear(s);
	free(s);
}

/* -------------------------------------------------------------- tables */

typedef uint64_t (*item_hash_fn)(const struct golden_set *s, uint32_t i);

static uint64_t dir_item_hash(const struct golden_set *s, uint32_t i)
{
	return s->dirs[i].hash;
}

static uint64_t file_item_hash(const struct golden_set *s, uint32_t i)
{
	return s->files[i].hash;
}

/*
 * Makes room for one more of used items: at most half the slots are
 * taken, which keeps probe runs short. Rehashes from the stored hashes.
 */
static bool slots_fit(struct golden_set *s, struct slots *t, size_t used,
		      item_hash_fn hash_of)
{
	size_t count = t->v ? t->mask + 1 : 0, n, more;
	uint64_t *v;

	if (2 * (used + 1) <= count)
		return true;
	n = count ? 2 * count : MIN_SLOTS;
	more = (n - count) * sizeof(*v);
	if (s->bytes + more > s->limit) {
		s->oversize = true;
		return false;
	}
	v = calloc(n, sizeof(*v));
	if (!v)
		return false;
	for (uint32_t i = 0; i < used; i++) {
		uint64_t hash = hash_of(s, i);
		size_t j = hash & (n - 1);

		while (v[j])
			j = (j + 1) & (n - 1);
		v[j] = SLOT(hash, i);
	}
	free(t->v);
	t->v = v;
	t->mask = n - 1;
	s->bytes += more;
	return true;
}

static void slots_put(struct slots *t, uint64_t hash, uint32_t index)
{
	size_t j = hash & t->mask;

	while (t->v[j])
		j = (j + 1) & t->mask;
	t->v[j] = SLOT(hash, index);
}

/* The directory of path, index + 1; 0 when there is none. */
static uint32_t dir_find(const struct golden_set *s, const char *path,
			 size_t len, uint64_t hash)
{
	const struct slots *t = &s->dir_slots;

	if (!t->v)
		return 0;
	for (size_t j = hash & t->mask; t->v[j]; j = (j + 1) & t->mask) {
		const struct set_dir *d;

		if (!SLOT_TAG_MATCHES(t->v[j], hash))
			continue;
		d = &s->dirs[SLOT_INDEX(t->v[j])];
		if (d->hash == hash && d->len == len &&
		    memcmp(s->text + d->path, path, len) == 0)
			return SLOT_INDEX(t->v[j]) + 1;
	}
	return 0;
}

static uint32_t file_find(const struct golden_set *s, uint32_t dir,
			  const char *name, size_t len, uint64_t hash)
{
	const struct slots *t = &s->file_slots;

	if (!t->v)
		return 0;
	for (size_t j = hash & t->mask; t->v[j]; j = (j + 1) & t->mask) {
		const struct set_file *f;

		if (!SLOT_TAG_MATCHES(t->v[j], hash))
			continue;
		f = &s->files[SLOT_INDEX(t->v[j])];
		if (f->hash == hash && f->dir == dir && f->name_len == len &&
		    memcmp(s->text + f->name, name, len) == 0)
			return SLOT_INDEX(t->v[j]) + 1;
	}
	return 0;
}

/* -------------------------------------------------------------- build */

/* A database directory id and the set's directory it stands for. */
struct dir_map {
	int64_t id;
	uint32_t index;
};

static int dir_map_cmp(const void *a, const void *b)
{
	const struct dir_map *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static bool add_dir(struct golden_set *s, const char *path, size_t len)
{
	struct set_dir *dirs;
	int64_t off;

	if (!slots_fit(s, &s->dir_slots, s->ndirs, dir_item_hash))
		return false;
	dirs = grow(s, s->dirs, &s->dirs_cap, s->ndirs + 1, sizeof(*dirs));
	if (!dirs)
		return false;
	s->dirs = dirs;
	off = text_add(s, path, len);
	if (off < 0)
		return false;
	dirs[s->ndirs] = (struct set_dir){
		.hash = dir_hash(s, path, len),
		.path = (uint32_t)off,
		.len = (uint32_t)len,
	};
	slots_put(&s->dir_slots, dirs[s->ndirs].hash, (uint32_t)s->ndirs);
	s->ndirs++;
	return true;
}

/*
 * Every distinct directory path, and in *map (caller frees) the database
 * id of each, sorted by id. Paths longer than an IMA path are left out.
 */
static bool load_dirs(struct golden_set *s, struct db *db,
		      struct dir_map **map, size_t *nmap)
{
	struct db_stmt *st = db_prepare(db, sql_dirs);
	struct dir_map *m = NULL, *q;
	size_t n = 0, cap = 0;
	enum db_step rc = DB_ERROR;
	bool ok = true;

	if (!st)
		return false;
	while (ok && (rc = db_step(st)) == DB_ROW) {
		const char *path = db_column_text(st, 1);
		size_t len = path ? strlen(path) : 0;

		if (!path || len > GOLDEN_PATH_MAX)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			q = realloc(m, cap * sizeof(*m));
			if (!q) {
				ok = false;
				break;
			}
			m = q;
		}
		m[n] = (struct dir_map){ db_column_int(st, 0),
					 (uint32_t)s->ndirs };
		ok = add_dir(s, path, len);
		n++;
	}
	db_done(st);
	if (!ok || rc == DB_ERROR) {
		free(m);
		return false;
	}
	qsort(m, n, sizeof(*m), dir_map_cmp);
	*map = m;
	*nmap = n;
	return true;
}

/* The file (dir, name), added when new; its index, or -1. */
static int64_t file_get(struct golden_set *s, uint32_t dir, const char *name,
			size_t len)
{
	uint64_t hash = file_hash(s, dir, name, len);
	uint32_t found = file_find(s, dir, name, len, hash);
	struct set_file *files;
	int64_t off;

	if (found)
		return found - 1;
	if (!slots_fit(s, &s->file_slots, s->nfiles, file_item_hash))
		return -1;
	files = grow(s, s->files, &s->files_cap, s->nfiles + 1,
		     sizeof(*files));
	if (!files)
		return -1;
	s->files = files;
	off = text_add(s, name, len);
	if (off < 0)
		return -1;
	files[s->nfiles] = (struct set_file){
		.hash = hash,
		.dir = dir,
		.name = (uint32_t)off,
		.name_len = (uint32_t)len,
	};
	slots_put(&s->file_slots, hash, (uint32_t)s->nfiles);
	return (int64_t)s->nfiles++;
}

/* Puts digest at the head of file's list. */
static bool add_digest(struct golden_set *s, uint32_t file,
		       const uint8_t *digest)
{
	uint8_t *r = grow(s, s->records, &s->records_cap, s->nrecords + 1,
			  s->record_size);
	uint32_t next;

	if (!r)
		return false;
	s->records = r;
	r += s->nrecords * s->record_size;
	next = s->files[file].digest;
	memcpy(r, &next, sizeof(next));
	memcpy(r + sizeof(next), digest, s->digest_size);
	s->files[file].digest = (uint32_t)++s->nrecords;
	return true;
}

/* The set's directory of database directory id; -1 when none. */
static int64_t dir_of(const struct dir_map *map, size_t n, int64_t id)
{
	struct dir_map key = { .id = id };
	const struct dir_map *m = bsearch(&key, map, n, sizeof(*map),
					  dir_map_cmp);

	return m ? (int64_t)m->index : -1;
}

/*
 * One golden hash row of directory dir. Rows the database lookup could
 * never return for a path are left out: a name with '/', a hash that is
 * not hex of the right size (and, in load_hashes, a directory id that
 * is not its path's lowest).
 */
static bool add_row(struct golden_set *s, uint32_t dir, const char *name,
		    const char *hex)
{
	uint8_t digest[PTS_MEAS_ALGO_MAX_SIZE];
	int64_t file;
	size_t len;

	if (!name || strchr(name, '/') ||
	    !golden_hex_decode(hex, s->digest_size, digest))
		return true;
	len = strlen(name);
	if (len > GOLDEN_PATH_MAX)
		return true;
	file = file_get(s, dir, name, len);
	return file >= 0 && add_digest(s, (uint32_t)file, digest);
}

static bool load_hashes(struct golden_set *s, struct db *db,
			const struct dir_map *map, size_t nmap)
{
	struct db_stmt *st = db_prepare_with(db, sql_hashes,
		DB_ARGS(DB_ARG_INT(s->algo), DB_ARG_INT(s->product)));
	int64_t last_id = 0, last_dir = -1;
	enum db_step rc = DB_ERROR;
	bool ok = true;

	if (!st)
		return false;
	while (ok && (rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int(st, 0);

		/* rows of one directory mostly come together */
		if (id != last_id || last_dir < 0)
			last_dir = dir_of(map, nmap, id);
		last_id = id;
		if (last_dir < 0)
			continue;
		ok = add_row(s, (uint32_t)last_dir, db_column_text(st, 1),
			     db_column_text(st, 2));
	}
	db_done(st);
	return ok && rc != DB_ERROR;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * A new set of product's algo hashes within limit bytes: NULL on a
 * database error or out of memory; with oversize set (and no contents)
 * when it did not fit.
 */
static struct golden_set *set_build(struct db *db, int64_t product,
				    enum pts_meas_algo algo,
				    int64_t generation, size_t limit)
{
	struct golden_set *s = calloc(1, sizeof(*s));
	struct dir_map *map = NULL;
	size_t nmap = 0;
	double start = now_s();
	bool ok;

	if (!s)
		return NULL;
	s->product = product;
	s->algo = algo;
	s->generation = generation;
	s->digest_size = pts_meas_algo_size(algo);
	s->record_size = sizeof(uint32_t) + s->digest_size;
	s->limit = limit;
	if (getrandom(&s->seed, sizeof(s->seed), 0) != sizeof(s->seed))
		s->seed = (uint64_t)(uintptr_t)s ^ (uint64_t)start;
	ok = load_dirs(s, db, &map, &nmap) &&
	     load_hashes(s, db, map, nmap);
	free(map);
	s->build_s = now_s() - start;
	if (ok)
		return s;
	if (s->oversize) {
		/* keep only the verdict, filed like a set */
		set_clear(s);
		return s;
	}
	set_free(s);
	return NULL;
}

/* ------------------------------------------------------------- lookup */

long golden_set_each(const struct golden_set *s, const char *path,
		     size_t len, golden_digest_cb cb, void *ctx)
{
	const char *slash, *name;
	size_t dir_len, name_len;
	uint32_t dir, file, rec;
	long n = 0;

	if (!path || len == 0 || len > GOLDEN_PATH_MAX || memchr(path, 0, len))
		return 0;
	slash = memrchr(path, '/', len);
	if (!slash)
		return -1;
	name = slash + 1;
	name_len = len - (size_t)(name - path);
	/* "/bin" lies in "/", whose path keeps its slash */
	dir_len = slash == path ? 1 : (size_t)(slash - path);
	dir = dir_find(s, path, dir_len, dir_hash(s, path, dir_len));
	if (!dir)
		return 0;
	file = file_find(s, dir - 1, name, name_len,
			 file_hash(s, dir - 1, name, name_len));
	if (!file)
		return 0;
	for (rec = s->files[file - 1].digest; rec; ) {
		const uint8_t *r = s->records + (rec - 1) * s->record_size;

		n++;
		if (!cb(ctx, r + sizeof(rec)))
			break;
		memcpy(&rec, r, sizeof(rec));
	}
	return n;
}

void golden_set_info(const struct golden_set *s, struct golden_set_info *i)
{
	*i = (struct golden_set_info){
		.dirs = s->ndirs,
		.files = s->nfiles,
		.digests = s->nrecords,
		.bytes = s->bytes,
		.build_s = s->build_s,
	};
}

/* -------------------------------------------------------------- cache */

struct golden_cache *golden_cache_new(size_t budget)
{
	struct golden_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	pthread_mutex_init(&c->lock, NULL);
	c->budget = budget;
	return c;
}

void golden_cache_free(struct golden_cache *c)
{
	struct golden_set *s;

	if (!c)
		return;
	while ((s = c->sets) != NULL) {
		c->sets = s->next;
		set_free(s);
	}
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* The database's golden generation; -1 when it keeps none. */
static int64_t read_generation(struct db *db)
{
	int64_t has = 0, n = -1;
	struct db_stmt *st = db_prepare(db, sql_has_generation);

	if (st && db_step(st) == DB_ROW)
		has = db_column_int(st, 0);
	db_done(st);
	if (!has)
		return -1;
	st = db_prepare(db, sql_generation);
	if (st && db_step(st) == DB_ROW && !db_column_is_null(st, 0))
		n = db_column_int(st, 0);
	db_done(st);
	return n;
}

static void unfile(struct golden_cache *c, struct golden_set *s)
{
	for (struct golden_set **p = &c->sets; *p; p = &(*p)->next)
		if (*p == s) {
			*p = s->next;
			break;
		}
	s->filed = false;
	if (!s->refs)
		set_free(s);
}

static size_t filed_bytes(const struct golden_cache *c, bool in_use_only)
{
	size_t n = 0;

	for (const struct golden_set *s = c->sets; s; s = s->next)
		if (!in_use_only || s->refs)
			n += s->bytes;
	return n;
}

/* Drops sets nobody uses, least recently used first, down to budget. */
static void evict(struct golden_cache *c)
{
	while (filed_bytes(c, false) > c->budget) {
		struct golden_set *victim = NULL;

		for (struct golden_set *s = c->sets; s; s = s->next)
			if (!s->refs && s->bytes &&
			    (!victim || s->used < victim->used))
				victim = s;
		if (!victim)
			return;
		unfile(c, victim);
	}
}

static struct golden_set *find(struct golden_cache *c, int64_t product,
			       enum pts_meas_algo algo)
{
	for (struct golden_set *s = c->sets; s; s = s->next)
		if (s->product == product && s->algo == algo)
			return s;
	return NULL;
}

/* A new set for the generation, filed; NULL when none could be made. */
static struct golden_set *refill(struct golden_cache *c, struct db *db,
				 int64_t product, enum pts_meas_algo algo,
				 int64_t generation)
{
	size_t in_use = filed_bytes(c, true);
	const char *name = pts_meas_algo_find(algo)->ima_name;
	struct golden_set *s;

	if (in_use >= c->budget)
		return NULL;
	s = set_build(db, product, algo, generation, c->budget - in_use);
	if (!s) {
		log_line(LOG_PTS, 0, "golden %s hashes of product %lld could "
			 "not be loaded into memory: checked in the database",
			 name, (long long)product);
		return NULL;
	}
	s->filed = true;
	s->next = c->sets;
	c->sets = s;
	if (s->oversize) {
		log_line(LOG_PTS, 1, "golden %s hashes of product %lld exceed "
			 "the cache budget of %zu MiB: checked in the database",
			 name, (long long)product, c->budget >> 20);
		return NULL;
	}
	log_line(LOG_PTS, 1, "golden %s hashes of product %lld loaded into "
		 "memory in %.3f s: %zu hashes of %zu files, %.1f MiB", name,
		 (long long)product, s->build_s, s->nrecords, s->nfiles,
		 (double)s->bytes / (1 << 20));
	evict(c);
	return s;
}

struct golden_set *golden_cache_get(struct golden_cache *c, struct db *db,
				    int64_t product, enum pts_meas_algo algo)
{
	struct golden_set *s = NULL;
	int64_t generation;

	if (!c || !c->budget || !pts_meas_algo_size(algo))
		return NULL;
	pthread_mutex_lock(&c->lock);
	if (c->no_generation)
		goto out;
	generation = read_generation(db);
	if (generation < 0) {
		c->no_generation = true;
		log_line(LOG_PTS, 1, "golden hashes are checked in the "
			 "database: it has no golden_generation table "
			 "(schema/migrate.sh adds it)");
		goto out;
	}
	s = find(c, product, algo);
	if (s && s->generation != generation) {
		unfile(c, s);
		s = NULL;
	}
	if (!s)
		s = refill(c, db, product, algo, generation);
	else if (s->oversize)
		s = NULL;
	if (s) {
		s->refs++;
		s->used = ++c->clock;
	}
out:
	pthread_mutex_unlock(&c->lock);
	return s;
}

void golden_cache_put(struct golden_cache *c, struct golden_set *s)
{
	if (!c || !s)
		return;
	pthread_mutex_lock(&c->lock);
	if (--s->refs == 0 && !s->filed)
		set_free(s);
	pthread_mutex_unlock(&c->lock);
}

/* Hex digit values plus one (0: not a digit). */
static const uint8_t hex_digits[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15,
	['f'] = 16, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14,
	['E'] = 15, ['F'] = 16,
};

bool golden_hex_decode(const char *hex, size_t size, uint8_t *out)
{
	const uint8_t *p = (const uint8_t *)hex;
	unsigned bad = 0;

	if (!hex || strnlen(hex, 2 * size + 1) != 2 * size)
		return false;
	for (size_t i = 0; i < size; i++) {
		unsigned hi = hex_digits[p[2 * i]];
		unsigned lo = hex_digits[p[2 * i + 1]];

		bad |= (hi == 0) | (lo == 0);
		out[i] = (uint8_t)((hi - 1) << 4 | (lo - 1));
	}
	return !bad;
}
