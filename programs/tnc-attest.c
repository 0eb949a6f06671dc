/*
 * tnc-attest.c - golden values for remote attestation (attestation spec
 * 9.1, 11, 12): products, package versions, golden file hashes (of a
 * local directory tree or of a .deb package) and trusted devices in the
 * policy database, and listings of them.
 *
 *   tnc-attest [-d URI] [-c FILE] COMMAND [OPTIONS] [ARG]
 *
 * The database is -d URI, else $TNC_DATABASE, else the "database" setting
 * of the configuration file (-c FILE, else $TNC_ATTEST_CONF, else
 * /etc/tnc/tnc-attest.conf when it exists). Every change runs in one
 * transaction: a command that fails leaves the database as it was.
 *
 * Exit status: 0 done, 1 failed or an object is missing (said on
 * stderr), 64 usage, 66 no usable database.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "pts_meas_algo.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))
#define DEFAULT_CONF "/etc/tnc/tnc-attest.conf"
#define PATH_BUF 4096

enum exit_code {
	EXIT_OK = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 64,
	EXIT_NOINPUT = 66,
};

/* The options of all commands; each command names those it accepts. */
enum opt {
	O_PRODUCT = 1 << 0,
	O_PACKAGE = 1 << 1,
	O_VERSION = 1 << 2,
	O_SECURITY = 1 << 3,
	O_BLACKLIST = 1 << 4,
	O_ALGO = 1 << 5,
	O_FILE = 1 << 6,
	O_DIR = 1 << 7,
	O_RECURSIVE = 1 << 8,
	O_MEASDIR = 1 << 9,
	O_ID = 1 << 10,
};

struct args {
	unsigned given;		/* enum opt bits */
	const char *product, *package, *version, *file, *dir, *measdir;
	enum pts_meas_algo algo;
	int64_t id;
	char **rest;		/* positional arguments */
	int nrest;
};

struct cmd {
	const char *name;
	unsigned allowed;	/* enum opt bits */
	int min_rest, max_rest;
	int (*run)(struct db *db, const struct args *a);
	const char *usage;
};

static const struct {
	const char *name;
	enum pts_meas_algo algo;
} algos[] = {
	{ "sha1", PTS_MEAS_ALGO_SHA1 },
	{ "sha256", PTS_MEAS_ALGO_SHA256 },
	{ "sha384", PTS_MEAS_ALGO_SHA384 },
};

static const char *algo_name(int64_t algo)
{
	for (size_t i = 0; i < COUNT(algos); i++)
		if (algos[i].algo == algo)
			return algos[i].name;
	return "?";
}

/* Says why a command failed; the caller returns EXIT_FAILED. */
static int fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tnc-attest: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAILED;
}

/* ---- rows --------------------------------------------------------- */

/* The id of the single-column lookup sql(text), 0 if none, -1 on error. */
static int64_t find_by_text(struct db *db, const char *sql, const char *v)
{
	int64_t id;

	return db_query_id(db, sql, DB_ARGS(DB_ARG_TEXT(v)), &id) ? id : -1;
}

/* Inserts with one text parameter; the new id or -1. */
static int64_t insert_text(struct db *db, const char *sql, const char *v)
{
	return db_run_with(db, sql, DB_ARGS(DB_ARG_TEXT(v))) ?
	       db_last_id(db) : -1;
}

/* The product's id; created when create is set; 0 missing, -1 error. */
static int64_t product_id(struct db *db, const char *name, bool create,
			  bool *created)
{
	int64_t id = find_by_text(db, "SELECT id FROM products WHERE name = ? "
				  "ORDER BY id LIMIT 1", name);

	*created = false;
	if (id != 0 || !create)
		return id;
	*created = true;
	return insert_text(db, "INSERT INTO products (name) VALUES (?)", name);
}

static int64_t package_id(struct db *db, const char *name, bool create,
			  bool *created)
{
	int64_t id = find_by_text(db, "SELECT id FROM packages WHERE name = ? "
				  "ORDER BY id LIMIT 1", name);

	*created = false;
	if (id != 0 || !create)
		return id;
	*created = true;
	return insert_text(db, "INSERT INTO packages (name) VALUES (?)", name);
}

/*
 * The version (product, package, release): created, or its flags and
 * time updated (spec 12). -1 on error.
 */
static int64_t version_id(struct db *db, int64_t product, int64_t package,
			  const char *release, int security, int blacklist,
			  bool *created)
{
	struct db_stmt *st;
	enum db_step rc;
	int64_t id = 0, now = (int64_t)time(NULL);

	st = db_prepare(db, "SELECT id FROM versions WHERE product = ? AND "
			"package = ? AND release = ? ORDER BY id LIMIT 1");
	if (!st || !db_bind_int(st, 1, product) ||
	    !db_bind_int(st, 2, package) || !db_bind_text(st, 3, release)) {
		db_done(st);
		return -1;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		id = db_column_int(st, 0);
	db_done(st);
	if (rc == DB_ERROR)
		return -1;
	*created = id == 0;
	if (id) {
		st = db_prepare(db, "UPDATE versions SET security = ?, "
				"blacklist = ?, time = ? WHERE id = ?");
		if (!st || !db_bind_int(st, 1, security) ||
		    !db_bind_int(st, 2, blacklist) ||
		    !db_bind_int(st, 3, now) || !db_bind_int(st, 4, id)) {
			db_done(st);
			return -1;
		}
		return db_run(st) ? id : -1;
	}
	st = db_prepare(db, "INSERT INTO versions (product, package, release, "
			"security, blacklist, time) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st || !db_bind_int(st, 1, product) ||
	    !db_bind_int(st, 2, package) || !db_bind_text(st, 3, release) ||
	    !db_bind_int(st, 4, security) || !db_bind_int(st, 5, blacklist) ||
	    !db_bind_int(st, 6, now)) {
		db_done(st);
		return -1;
	}
	return db_run(st) ? db_last_id(db) : -1;
}

static int64_t dir_id(struct db *db, const char *path, bool create)
{
	int64_t id = find_by_text(db, "SELECT id FROM directories WHERE "
				  "path = ? ORDER BY id LIMIT 1", path);

	if (id != 0 || !create)
		return id;
	return insert_text(db, "INSERT INTO directories (path) VALUES (?)",
			   path);
}

static int64_t file_id(struct db *db, int64_t dir, const char *name,
		       bool create, bool *created)
{
	struct db_stmt *st;
	enum db_step rc;
	int64_t id = 0;

	*created = false;
	st = db_prepare(db, "SELECT id FROM files WHERE dir = ? AND name = ? "
			"ORDER BY id LIMIT 1");
	if (!st || !db_bind_int(st, 1, dir) || !db_bind_text(st, 2, name)) {
		db_done(st);
		return -1;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		id = db_column_int(st, 0);
	db_done(st);
	if (rc == DB_ERROR)
		return -1;
	if (id || !create)
		return id;
	st = db_prepare(db, "INSERT INTO files (dir, name) VALUES (?, ?)");
	if (!st || !db_bind_int(st, 1, dir) || !db_bind_text(st, 2, name)) {
		db_done(st);
		return -1;
	}
	*created = true;
	return db_run(st) ? db_last_id(db) : -1;
}

/* Adds the hash unless an equal one exists: 1 added, 0 exists, -1. */
static int add_hash(struct db *db, int64_t file, int64_t version,
		    enum pts_meas_algo algo, const char *hex)
{
	struct db_stmt *st;
	enum db_step rc;

	st = db_prepare(db, "SELECT id FROM file_hashes WHERE file = ? AND "
			"version = ? AND algo = ? AND hash = ?");
	if (!st || !db_bind_int(st, 1, file) || !db_bind_int(st, 2, version) ||
	    !db_bind_int(st, 3, algo) || !db_bind_text(st, 4, hex)) {
		db_done(st);
		return -1;
	}
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return rc == DB_ROW ? 0 : -1;
	st = db_prepare(db, "INSERT INTO file_hashes (file, version, algo, "
			"hash) VALUES (?, ?, ?, ?)");
	if (!st || !db_bind_int(st, 1, file) || !db_bind_int(st, 2, version) ||
	    !db_bind_int(st, 3, algo) || !db_bind_text(st, 4, hex)) {
		db_done(st);
		return -1;
	}
	return db_run(st) ? 1 : -1;
}

/* Runs a statement with integer parameters; false on error. */
static bool run_ints(struct db *db, const char *sql, int n, ...)
{
	struct db_stmt *st = db_prepare(db, sql);
	bool ok = st != NULL;
	va_list ap;

	va_start(ap, n);
	for (int i = 1; ok && i <= n; i++)
		ok = db_bind_int(st, i, va_arg(ap, int64_t));
	va_end(ap);
	if (!ok) {
		db_done(st);
		return false;
	}
	return db_run(st);
}

/* ---- hashing files ------------------------------------------------ */

/* One file to be stored: where it is here, where on the endpoint. */
struct measured {
	char *abs_dir;		/* owned; the endpoint directory */
	char *name;		/* owned */
	char hex[2 * PTS_MEAS_ALGO_MAX_SIZE + 1];
};

struct measured_list {
	struct measured *items;	/* owned */
	size_t count, cap;
};

static void measured_list_free(struct measured_list *l)
{
	for (size_t i = 0; i < l->count; i++) {
		free(l->items[i].abs_dir);
		free(l->items[i].name);
	}
	free(l->items);
}

/* The hex digest of the file at path; 0, or the errno of the failure. */
static int hash_file(const char *path, enum pts_meas_algo algo, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	const struct pts_meas_algo_info *a = pts_meas_algo_find(algo);
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int mdlen = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;
	bool ok;

	if (fd < 0)
		err = errno;
	ok = fd >= 0 && ctx && a &&
	     EVP_DigestInit_ex(ctx, EVP_get_digestbyname(a->ossl_name),
			       NULL) == 1;
	while (ok && (n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = errno;
		ok = n > 0 && EVP_DigestUpdate(ctx, buf, (size_t)n) == 1;
	}
	ok = ok && EVP_DigestFinal_ex(ctx, md, &mdlen) == 1;
	for (unsigned int i = 0; ok && i < mdlen; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	if (ok)
		hex[2 * mdlen] = '\0';
	if (fd >= 0)
		close(fd);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : err ? err : EIO;
}

static bool measured_add(struct measured_list *l, const char *abs_dir,
			 const char *name, const char *local,
			 enum pts_meas_algo algo)
{
	struct measured *m;
	int err;

	if (l->count == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct measured *p = realloc(l->items, cap * sizeof(*p));

		if (!p)
			return false;
		l->items = p;
		l->cap = cap;
	}
	m = &l->items[l->count];
	err = hash_file(local, algo, m->hex);
	if (err) {
		fail("cannot read '%s': %s", local, strerror(err));
		return false;
	}
	m->abs_dir = strdup(abs_dir);
	m->name = strdup(name);
	if (!m->abs_dir || !m->name) {
		free(m->abs_dir);
		free(m->name);
		return false;
	}
	l->count++;
	return true;
}

/* Joins a directory and a name without doubling the root's '/'. */
static bool join(char *out, size_t size, const char *dir, const char *name)
{
	int n = snprintf(out, size, "%s%s%s", dir,
			 strcmp(dir, "/") == 0 ? "" : "/", name);

	return n > 0 && (size_t)n < size;
}

/*
 * Measures the regular files of local (endpoint path abs): directly in
 * it, or with recursive of its whole tree; skip_dot leaves names
 * starting with '.' out (spec 12). Symlinks are not followed. False
 * after saying why (an unreadable file or directory).
 */
static bool measure_dir(struct measured_list *l, const char *abs,
			const char *local, bool recursive, bool skip_dot,
			enum pts_meas_algo algo)
{
	char lpath[PATH_BUF], apath[PATH_BUF];
	struct dirent **names;
	struct stat sb;
	bool ok = true;
	int n;

	n = scandir(local, &names, NULL, alphasort);
	if (n < 0) {
		fail("cannot read directory '%s': %s", local,
		     strerror(errno));
		return false;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		if (!ok || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
		    (skip_dot && name[0] == '.'))
			continue;
		if (!join(lpath, sizeof(lpath), local, name) ||
		    !join(apath, sizeof(apath), abs, name)) {
			ok = !fail("path too long: '%s/%s'", local, name);
			continue;
		}
		if (lstat(lpath, &sb) < 0) {
			ok = !fail("cannot stat '%s': %s", lpath,
				   strerror(errno));
		} else if (S_ISREG(sb.st_mode)) {
			ok = measured_add(l, abs, name, lpath, algo);
		} else if (S_ISDIR(sb.st_mode) && recursive) {
			ok = measure_dir(l, apath, lpath, true, skip_dot,
					 algo);
		}
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ok;
}

/*
 * Stores every measured file under version in one transaction; prints
 * a line per file and a summary. EXIT_OK or EXIT_FAILED.
 */
static int store_measured(struct db *db, const struct measured_list *l,
			  int64_t version, enum pts_meas_algo algo,
			  const char *summary_prefix)
{
	size_t added = 0, existing = 0, files_new = 0;
	int64_t dir = 0;
	const char *last_dir = NULL;

	for (size_t i = 0; i < l->count; i++) {
		const struct measured *m = &l->items[i];
		bool created;
		int64_t fid;
		int rc;

		if (!last_dir || strcmp(last_dir, m->abs_dir) != 0) {
			dir = dir_id(db, m->abs_dir, true);
			last_dir = m->abs_dir;
		}
		fid = dir < 0 ? -1 : file_id(db, dir, m->name, true, &created);
		rc = fid < 0 ? -1 : add_hash(db, fid, version, algo, m->hex);
		if (rc < 0)
			return fail("database error, nothing was added");
		files_new += created;
		added += rc == 1;
		existing += rc == 0;
		printf("%lld: %s%s%s - %s\n", (long long)fid, m->abs_dir,
		       strcmp(m->abs_dir, "/") == 0 ? "" : "/", m->name,
		       rc == 1 ? "created" : "exists");
	}
	printf("%s%zu files measured with %s: %zu hashes added, %zu "
	       "existed, %zu new file entries\n", summary_prefix, l->count,
	       algo_name(algo), added, existing, files_new);
	return EXIT_OK;
}

/* ---- commands ----------------------------------------------------- */

static int cmd_add_product(struct db *db, const struct args *a)
{
	bool created;
	int64_t id;

	if (!db_begin(db))
		return fail("database error");
	id = product_id(db, a->rest[0], true, &created);
	if (id < 0 || !db_commit(db)) {
		if (id < 0)
			db_rollback(db);
		return fail("database error, nothing was added");
	}
	printf("product %lld: %s - %s\n", (long long)id, a->rest[0],
	       created ? "created" : "exists");
	return EXIT_OK;
}

/*
 * The version hashes and package entries go to: --package/--version,
 * or the product's generic version (package '', spec 9.2), which the
 * IMV finds like any other. Inside the caller's transaction.
 */
static int64_t target_version(struct db *db, const struct args *a,
			      int64_t product, const char *package,
			      const char *release)
{
	bool pcreated, vcreated;
	int64_t pid, vid;

	pid = package_id(db, package, true, &pcreated);
	if (pid < 0)
		return -1;
	vid = version_id(db, product, pid, release,
			 (a->given & O_SECURITY) != 0,
			 (a->given & O_BLACKLIST) != 0, &vcreated);
	if (vid < 0)
		return -1;
	printf("package %lld: %s - %s\n", (long long)pid,
	       *package ? package : "(generic)",
	       pcreated ? "created" : "exists");
	printf("version %lld: %s%s%s - %s\n", (long long)vid,
	       *release ? release : "(generic)",
	       a->given & O_SECURITY ? " [s]" : "",
	       a->given & O_BLACKLIST ? " [b]" : "",
	       vcreated ? "created" : "updated");
	return vid;
}

static int cmd_add_package(struct db *db, const struct args *a)
{
	bool created;
	int64_t product, vid;

	if (!db_begin(db))
		return fail("database error");
	product = product_id(db, a->product, true, &created);
	vid = product < 0 ? -1 :
	      target_version(db, a, product, a->package, a->version);
	if (vid < 0) {
		db_rollback(db);
		return fail("database error, nothing was added");
	}
	return db_commit(db) ? EXIT_OK : fail("database error");
}

static const char *split_path(const char *path, char *buf, size_t size);

/* Collects what add-hashes measures, before any row is written. */
static bool collect_hashes(const struct args *a, struct measured_list *l)
{
	char abs[PATH_BUF], local[PATH_BUF], dir[PATH_BUF];
	const char *path = a->file ? a->file : a->dir, *name;
	size_t len = strlen(path);

	while (len > 1 && path[len - 1] == '/')
		len--;
	if (len >= sizeof(abs)) {
		fail("path too long: '%s'", path);
		return false;
	}
	memcpy(abs, path, len);
	abs[len] = '\0';
	if (a->dir)
		return measure_dir(l, abs, a->measdir ? a->measdir : abs,
				   a->given & O_RECURSIVE, true, a->algo);
	name = split_path(abs, dir, sizeof(dir));
	if (!name || (a->measdir &&
		      !join(local, sizeof(local), a->measdir, name))) {
		fail("bad file path: '%s'", path);
		return false;
	}
	if (!a->measdir)
		memcpy(local, abs, len + 1);
	return measured_add(l, dir, name, local, a->algo);
}

static int cmd_add_hashes(struct db *db, const struct args *a)
{
	struct measured_list l = { 0 };
	bool created;
	int64_t product, vid;
	int rc;

	if ((a->given & (O_PACKAGE | O_VERSION)) &&
	    (a->given & (O_PACKAGE | O_VERSION)) != (O_PACKAGE | O_VERSION)) {
		fprintf(stderr, "tnc-attest: --package and --version go "
			"together\n");
		return EXIT_USAGE;
	}
	if (!collect_hashes(a, &l)) {
		measured_list_free(&l);
		return fail("nothing was added");
	}
	if (!db_begin(db)) {
		measured_list_free(&l);
		return fail("database error");
	}
	product = product_id(db, a->product, true, &created);
	if (product >= 0)
		printf("product %lld: %s - %s\n", (long long)product,
		       a->product, created ? "created" : "exists");
	vid = product < 0 ? -1 :
	      target_version(db, a, product, a->package ? a->package : "",
			     a->version ? a->version : "");
	rc = vid < 0 ? fail("database error, nothing was added") :
	     store_measured(db, &l, vid, a->algo, "");
	if (rc == EXIT_OK && !db_commit(db))
		rc = fail("database error, nothing was added");
	else if (rc != EXIT_OK)
		db_rollback(db);
	measured_list_free(&l);
	return rc;
}

/* Runs argv (no shell); its stdout into *out (caller frees) if out. */
static bool run_prog(char *const argv[], char **out)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int fds[2], status;
	pid_t pid;
	ssize_t n;

	if (pipe(fds) < 0)
		return false;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		if (len + 4096 > cap) {
			char *p = realloc(buf, cap + 65536);

			if (!p)
				break;
			buf = p;
			cap += 65536;
		}
		n = read(fds[0], buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (buf)
		buf[len] = '\0';
	if (!buf || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		free(buf);
		return false;
	}
	if (out)
		*out = buf;
	else
		free(buf);
	return true;
}

/* The value of "Field: value" in dpkg-deb -f output; caller frees. */
static char *control_field(const char *text, const char *field)
{
	size_t n = strlen(field);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 :
	     NULL) {
		if (strncmp(p, field, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1, *end;

			v += strspn(v, " \t");
			end = strchr(v, '\n');
			if (!end)
				end = v + strlen(v);
			return end > v ? strndup(v, (size_t)(end - v)) : NULL;
		}
	}
	return NULL;
}

static void remove_tree(const char *path)
{
	char *argv[] = { "rm", "-rf", (char *)path, NULL };

	run_prog(argv, NULL);
}

static int cmd_add_deb(struct db *db, const struct args *a)
{
	char tmp[] = "/tmp/tnc-attest-XXXXXX";
	char *fields_argv[] = { "dpkg-deb", "-f", a->rest[0], "Package",
				"Version", NULL };
	char *extract_argv[] = { "dpkg-deb", "-x", a->rest[0], tmp, NULL };
	struct args pa = *a;
	struct measured_list l = { 0 };
	char *control = NULL, *package = NULL, *version = NULL;
	bool created;
	int64_t product, vid;
	int rc = EXIT_FAILED;

	if (!run_prog(fields_argv, &control))
		return fail("cannot read the control fields of '%s' "
			    "(dpkg-deb -f)", a->rest[0]);
	package = control_field(control, "Package");
	version = control_field(control, "Version");
	free(control);
	if (!package || !version) {
		fail("'%s' has no Package or Version field", a->rest[0]);
		goto out;
	}
	if (!mkdtemp(tmp)) {
		fail("cannot make a temporary directory: %s",
		     strerror(errno));
		goto out;
	}
	if (!run_prog(extract_argv, NULL)) {
		fail("cannot unpack '%s' (dpkg-deb -x)", a->rest[0]);
		remove_tree(tmp);
		goto out;
	}
	if (!measure_dir(&l, "/", tmp, true, false, a->algo)) {
		remove_tree(tmp);
		fail("nothing was added");
		goto out;
	}
	remove_tree(tmp);
	if (!db_begin(db)) {
		fail("database error");
		goto out;
	}
	product = product_id(db, a->product, true, &created);
	if (product >= 0)
		printf("product %lld: %s - %s\n", (long long)product,
		       a->product, created ? "created" : "exists");
	pa.given &= ~(O_SECURITY | O_BLACKLIST);
	vid = product < 0 ? -1 :
	      target_version(db, &pa, product, package, version);
	rc = vid < 0 ? fail("database error, nothing was added") :
	     store_measured(db, &l, vid, a->algo, "");
	if (rc == EXIT_OK && !db_commit(db))
		rc = fail("database error, nothing was added");
	else if (rc != EXIT_OK)
		db_rollback(db);
out:
	measured_list_free(&l);
	free(package);
	free(version);
	return rc;
}

/* ---- listings ----------------------------------------------------- */

/*
 * One listing: SQL whose parameters 1 and 2 are the optional product
 * name and algorithm (NULL matches all), and a printer of a row.
 */
struct listing {
	const char *what;
	const char *sql;
	void (*print)(struct db_stmt *st);
};

static const char *text_or(struct db_stmt *st, int col, const char *def)
{
	const char *s = db_column_text(st, col);

	return s ? s : def;
}

static void print_product(struct db_stmt *st)
{
	printf("%lld: %s\n", (long long)db_column_int(st, 0),
	       text_or(st, 1, ""));
}

static void print_package(struct db_stmt *st)
{
	printf("%lld: %s %s%s%s (%s)\n", (long long)db_column_int(st, 0),
	       text_or(st, 1, ""), text_or(st, 2, "*"),
	       db_column_int(st, 3) ? " [s]" : "",
	       db_column_int(st, 4) ? " [b]" : "", text_or(st, 5, ""));
}

static void print_file(struct db_stmt *st)
{
	const char *dir = text_or(st, 1, "");

	printf("%lld: %s%s%s\n", (long long)db_column_int(st, 0), dir,
	       strcmp(dir, "/") == 0 || !*dir ? "" : "/", text_or(st, 2, ""));
}

static void print_hash(struct db_stmt *st)
{
	const char *dir = text_or(st, 1, "");

	printf("%lld: %s%s%s %s %s (%s %s, %s)\n",
	       (long long)db_column_int(st, 0), dir,
	       strcmp(dir, "/") == 0 || !*dir ? "" : "/", text_or(st, 2, ""),
	       algo_name(db_column_int(st, 3)), text_or(st, 4, ""),
	       text_or(st, 5, ""), text_or(st, 6, ""), text_or(st, 7, ""));
}

static void print_device(struct db_stmt *st)
{
	printf("%lld: %s (%s) %s\n", (long long)db_column_int(st, 0),
	       text_or(st, 1, ""), text_or(st, 2, "no product"),
	       db_column_int(st, 3) ? "trusted" : "untrusted");
}

static void print_session(struct db_stmt *st)
{
	static const char *const recs[] = { "allow", "no access", "isolate",
					    "no recommendation" };
	time_t t = (time_t)db_column_int(st, 1);
	int64_t rec = db_column_int(st, 6);
	char when[32];
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	printf("%lld: %s %lld %s %s %s - %s\n",
	       (long long)db_column_int(st, 0), when,
	       (long long)db_column_int(st, 2), text_or(st, 3, "-"),
	       text_or(st, 4, "-"), text_or(st, 5, "-"),
	       rec >= 0 && rec < (int64_t)COUNT(recs) ? recs[rec] : "?");
}

static const struct listing listings[] = {
	{ "products", "SELECT id, name FROM products WHERE "
	  "(?1 IS NULL OR name = ?1) AND (?2 IS NULL OR 1) "
	  "ORDER BY name, id", print_product },
	{ "packages", "SELECT v.id, pa.name, v.release, v.security, "
	  "v.blacklist, pr.name FROM versions AS v "
	  "JOIN packages AS pa ON pa.id = v.package "
	  "JOIN products AS pr ON pr.id = v.product "
	  "WHERE (?1 IS NULL OR pr.name = ?1) AND (?2 IS NULL OR 1) "
	  "ORDER BY pa.name, v.release, pr.name, v.id", print_package },
	{ "files", "SELECT f.id, d.path, f.name FROM files AS f "
	  "LEFT JOIN directories AS d ON d.id = f.dir "
	  "WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM file_hashes AS fh "
	  "JOIN versions AS v ON v.id = fh.version JOIN products AS pr ON "
	  "pr.id = v.product WHERE fh.file = f.id AND pr.name = ?1 AND "
	  "(?2 IS NULL OR fh.algo = ?2))) ORDER BY d.path, f.name, f.id",
	  print_file },
	{ "hashes", "SELECT fh.id, d.path, f.name, fh.algo, fh.hash, "
	  "pa.name, v.release, pr.name FROM file_hashes AS fh "
	  "JOIN files AS f ON f.id = fh.file "
	  "LEFT JOIN directories AS d ON d.id = f.dir "
	  "LEFT JOIN versions AS v ON v.id = fh.version "
	  "LEFT JOIN packages AS pa ON pa.id = v.package "
	  "LEFT JOIN products AS pr ON pr.id = v.product "
	  "WHERE (?1 IS NULL OR pr.name = ?1) AND (?2 IS NULL OR "
	  "fh.algo = ?2) ORDER BY d.path, f.name, fh.algo, fh.id",
	  print_hash },
	{ "devices", "SELECT dv.id, dv.value, pr.name, dv.trusted "
	  "FROM devices AS dv LEFT JOIN products AS pr ON pr.id = dv.product "
	  "WHERE (?1 IS NULL OR pr.name = ?1) AND (?2 IS NULL OR 1) "
	  "ORDER BY dv.id", print_device },
	{ "sessions", "SELECT s.id, s.time, s.connection, pr.name, dv.value, "
	  "CAST(i.value AS TEXT), s.rec FROM sessions AS s "
	  "LEFT JOIN products AS pr ON pr.id = s.product "
	  "LEFT JOIN devices AS dv ON dv.id = s.device "
	  "LEFT JOIN identities AS i ON i.id = s.identity "
	  "WHERE (?1 IS NULL OR pr.name = ?1) AND (?2 IS NULL OR 1) "
	  "ORDER BY s.time, s.id", print_session },
};

static int cmd_list(struct db *db, const struct args *a)
{
	const struct listing *l = NULL;
	struct db_stmt *st;
	enum db_step rc;
	long n = 0;

	for (size_t i = 0; i < COUNT(listings); i++)
		if (strcmp(listings[i].what, a->rest[0]) == 0)
			l = &listings[i];
	if (!l) {
		fprintf(stderr, "tnc-attest: cannot list '%s' (products, "
			"packages, files, hashes, devices, sessions)\n",
			a->rest[0]);
		return EXIT_USAGE;
	}
	st = db_prepare(db, l->sql);
	if (!st)
		return fail("database error");
	if (!(a->product ? db_bind_text(st, 1, a->product) :
			   db_bind_null(st, 1)) ||
	    !(a->algo ? db_bind_int(st, 2, a->algo) : db_bind_null(st, 2))) {
		db_done(st);
		return fail("database error");
	}
	while ((rc = db_step(st)) == DB_ROW) {
		l->print(st);
		n++;
	}
	db_done(st);
	if (rc == DB_ERROR)
		return fail("database error");
	printf("%ld %s\n", n, l->what);
	return EXIT_OK;
}

/* ---- deletions ---------------------------------------------------- */

/* Splits an absolute file path into directory (into buf) and name. */
static const char *split_path(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t dlen = slash == path ? 1 : (size_t)(slash - path);

	if (!slash || !slash[1] || dlen >= size)
		return NULL;
	memcpy(buf, path, dlen);
	buf[dlen] = '\0';
	return slash + 1;
}

/* The hashes of a product's versions, of one algorithm (or all). */
#define PRODUCT_HASHES "file_hashes WHERE version IN (SELECT id FROM " \
	"versions WHERE product = ?1) AND (?2 = 0 OR algo = ?2)"

static int delete_product(struct db *db, const struct args *a, long *n)
{
	bool created;
	int64_t id = product_id(db, a->rest[1], false, &created);

	if (id <= 0)
		return id < 0 ? -1 : 0;
	*n = 1;
	return run_ints(db, "DELETE FROM " PRODUCT_HASHES, 2, id,
			(int64_t)0) &&
	       run_ints(db, "DELETE FROM versions WHERE product = ?", 1, id) &&
	       run_ints(db, "DELETE FROM products WHERE id = ?", 1, id) ?
	       1 : -1;
}

static int delete_package(struct db *db, const struct args *a, long *n)
{
	bool created;
	int64_t pid = package_id(db, a->rest[1], false, &created), prod = 0;
	const char *sel = "SELECT id FROM versions WHERE package = ?1 AND "
			  "(?2 = 0 OR product = ?2)";
	char sql[512];

	if (pid <= 0)
		return pid < 0 ? -1 : 0;
	if (a->product) {
		prod = product_id(db, a->product, false, &created);
		if (prod <= 0)
			return prod < 0 ? -1 : 0;
	}
	*n = 1;
	snprintf(sql, sizeof(sql), "DELETE FROM file_hashes WHERE version "
		 "IN (%s)", sel);
	if (!run_ints(db, sql, 2, pid, prod) ||
	    !run_ints(db, "DELETE FROM versions WHERE package = ?1 AND "
		      "(?2 = 0 OR product = ?2)", 2, pid, prod))
		return -1;
	/* the package row goes with its last version */
	return run_ints(db, "DELETE FROM packages WHERE id = ?1 AND NOT "
			"EXISTS (SELECT 1 FROM versions WHERE package = ?1)",
			1, pid) ? 1 : -1;
}

static int delete_file(struct db *db, const struct args *a, long *n)
{
	char dir[PATH_BUF];
	const char *name = split_path(a->rest[1], dir, sizeof(dir));
	bool created;
	int64_t did, fid;

	if (!name)
		return 0;
	did = dir_id(db, dir, false);
	fid = did <= 0 ? did : file_id(db, did, name, false, &created);
	if (fid <= 0)
		return fid < 0 ? -1 : 0;
	*n = 1;
	return run_ints(db, "DELETE FROM file_hashes WHERE file = ?", 1, fid) &&
	       run_ints(db, "DELETE FROM files WHERE id = ?", 1, fid) ? 1 : -1;
}

static int delete_dir(struct db *db, const struct args *a, long *n)
{
	int64_t did = dir_id(db, a->rest[1], false);

	if (did <= 0)
		return did < 0 ? -1 : 0;
	*n = 1;
	return run_ints(db, "DELETE FROM file_hashes WHERE file IN (SELECT id "
			"FROM files WHERE dir = ?)", 1, did) &&
	       run_ints(db, "DELETE FROM files WHERE dir = ?", 1, did) &&
	       run_ints(db, "DELETE FROM directories WHERE id = ?", 1, did) ?
	       1 : -1;
}

/* delete hashes PRODUCT [--algo A] [--file ABS] */
static int delete_hashes(struct db *db, const struct args *a, long *n)
{
	struct db_stmt *st;
	bool created;
	int64_t prod = product_id(db, a->rest[1], false, &created), fid = 0;
	char dir[PATH_BUF];
	int64_t count;

	if (prod <= 0)
		return prod < 0 ? -1 : 0;
	if (a->file) {
		const char *name = split_path(a->file, dir, sizeof(dir));
		int64_t did = name ? dir_id(db, dir, false) : 0;

		fid = did <= 0 ? did :
		      file_id(db, did, name, false, &created);
		if (fid <= 0)
			return fid < 0 ? -1 : 0;
	}
	st = db_prepare(db, "SELECT count(*) FROM " PRODUCT_HASHES
			" AND (?3 = 0 OR file = ?3)");
	if (!st || !db_bind_int(st, 1, prod) ||
	    !db_bind_int(st, 2, a->algo) || !db_bind_int(st, 3, fid) ||
	    db_step(st) != DB_ROW) {
		db_done(st);
		return -1;
	}
	count = db_column_int(st, 0);
	db_done(st);
	*n = (long)count;
	return run_ints(db, "DELETE FROM " PRODUCT_HASHES
			" AND (?3 = 0 OR file = ?3)", 3, prod,
			(int64_t)a->algo, fid) ? 1 : -1;
}

static const struct {
	const char *what;
	unsigned allowed;	/* enum opt bits besides the name */
	int (*del)(struct db *db, const struct args *a, long *n);
} deletions[] = {
	{ "product", 0, delete_product },
	{ "package", O_PRODUCT, delete_package },
	{ "file", 0, delete_file },
	{ "dir", 0, delete_dir },
	{ "hashes", O_ALGO | O_FILE, delete_hashes },
};

static int cmd_delete(struct db *db, const struct args *a)
{
	long n = 0;
	int rc;

	for (size_t i = 0; i < COUNT(deletions); i++) {
		if (strcmp(deletions[i].what, a->rest[0]) != 0)
			continue;
		if (a->given & ~deletions[i].allowed) {
			fprintf(stderr, "tnc-attest: an option does not "
				"apply to 'delete %s'\n", a->rest[0]);
			return EXIT_USAGE;
		}
		if (!db_begin(db))
			return fail("database error");
		rc = deletions[i].del(db, a, &n);
		if (rc <= 0) {
			db_rollback(db);
			return rc < 0 ? fail("database error, nothing was "
					     "deleted") :
			       fail("no such %s: '%s'", a->rest[0],
				    a->rest[1]);
		}
		if (!db_commit(db))
			return fail("database error, nothing was deleted");
		if (strcmp(a->rest[0], "hashes") == 0)
			printf("deleted %ld hashes of '%s'\n", n, a->rest[1]);
		else
			printf("deleted %s '%s'\n", a->rest[0], a->rest[1]);
		return EXIT_OK;
	}
	fprintf(stderr, "tnc-attest: cannot delete '%s' (product, package, "
		"file, dir, hashes)\n", a->rest[0]);
	return EXIT_USAGE;
}

/* ---- devices ------------------------------------------------------ */

/*
 * Sets devices.trusted of the rows with value (and product): spec 7
 * needs trusted = 1 for the AIK key id. Trusting creates the row (with
 * --product) when there is none.
 */
static int set_trust(struct db *db, const struct args *a, int trusted)
{
	const char *value = a->rest[0];
	struct db_stmt *st;
	int64_t product = 0, count;
	bool created = false;

	if (!db_begin(db))
		return fail("database error");
	if (a->product) {
		product = product_id(db, a->product, false, &created);
		if (product <= 0) {
			db_rollback(db);
			return product < 0 ? fail("database error") :
			       fail("no such product: '%s'", a->product);
		}
	}
	st = db_prepare(db, "SELECT count(*) FROM devices WHERE value = ?1 "
			"AND (?2 = 0 OR product = ?2)");
	if (!st || !db_bind_text(st, 1, value) ||
	    !db_bind_int(st, 2, product) || db_step(st) != DB_ROW) {
		db_done(st);
		db_rollback(db);
		return fail("database error");
	}
	count = db_column_int(st, 0);
	db_done(st);
	if (count == 0 && (!trusted || !product)) {
		db_rollback(db);
		return fail("no such device: '%s'%s", value, trusted ?
			    " (give --product to create it)" : "");
	}
	created = count == 0;
	st = db_prepare(db, created ?
			"INSERT INTO devices (value, product, trusted) "
			"VALUES (?1, ?2, ?3)" :
			"UPDATE devices SET trusted = ?3 WHERE value = ?1 "
			"AND (?2 = 0 OR product = ?2)");
	if (!st || !db_bind_text(st, 1, value) ||
	    !db_bind_int(st, 2, product) || !db_bind_int(st, 3, trusted)) {
		db_done(st);
		db_rollback(db);
		return fail("database error");
	}
	if (!db_run(st)) {
		db_rollback(db);
		return fail("database error");
	}
	if (created)
		count = 1;
	if (!db_commit(db))
		return fail("database error");
	printf("device '%s': %s%s (%lld row%s)\n", value,
	       trusted ? "trusted" : "untrusted", created ? ", created" : "",
	       (long long)count, count == 1 ? "" : "s");
	return EXIT_OK;
}

static int cmd_trust(struct db *db, const struct args *a)
{
	return set_trust(db, a, 1);
}

static int cmd_untrust(struct db *db, const struct args *a)
{
	return set_trust(db, a, 0);
}

/* ---- main --------------------------------------------------------- */

static const struct cmd cmds[] = {
	{ "add-product", 0, 1, 1, cmd_add_product, "add-product NAME" },
	{ "add-package", O_PRODUCT | O_PACKAGE | O_VERSION | O_SECURITY |
	  O_BLACKLIST, 0, 0, cmd_add_package,
	  "add-package --product P --package N --version V "
	  "[--security|--blacklist]" },
	{ "add-hashes", O_PRODUCT | O_PACKAGE | O_VERSION | O_SECURITY |
	  O_BLACKLIST | O_ALGO | O_FILE | O_DIR | O_RECURSIVE | O_MEASDIR,
	  0, 0, cmd_add_hashes,
	  "add-hashes --product P [--package N --version V] --algo A "
	  "(--file ABS|--dir ABS [--recursive]) [--measdir LOCALDIR]" },
	{ "add-deb", O_PRODUCT | O_ALGO, 1, 1, cmd_add_deb,
	  "add-deb --product P --algo A FILE.deb" },
	{ "list", O_PRODUCT | O_ALGO, 1, 1, cmd_list,
	  "list products|packages|files|hashes|devices|sessions "
	  "[--product P] [--algo A]" },
	{ "delete", O_PRODUCT | O_ALGO | O_FILE, 2, 2, cmd_delete,
	  "delete product NAME | package NAME [--product P] | file ABS | "
	  "dir ABS | hashes PRODUCT [--algo A] [--file ABS]" },
	{ "trust-device", O_PRODUCT, 1, 1, cmd_trust,
	  "trust-device KEYID|DEVICE [--product P]" },
	{ "untrust-device", O_PRODUCT, 1, 1, cmd_untrust,
	  "untrust-device KEYID|DEVICE [--product P]" },
};

/* What each command needs besides what it accepts. */
static const struct {
	const char *cmd;
	unsigned required;
} required_opts[] = {
	{ "add-package", O_PRODUCT | O_PACKAGE | O_VERSION },
	{ "add-hashes", O_PRODUCT | O_ALGO },
	{ "add-deb", O_PRODUCT | O_ALGO },
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: tnc-attest [-d URI] [-c FILE] COMMAND ...\n");
	for (size_t i = 0; i < COUNT(cmds); i++)
		fprintf(f, "  %s\n", cmds[i].usage);
	fprintf(f, "  algorithms: sha1, sha256, sha384\n");
}

static bool parse_algo(const char *s, enum pts_meas_algo *algo)
{
	for (size_t i = 0; i < COUNT(algos); i++) {
		if (strcmp(algos[i].name, s) == 0) {
			*algo = algos[i].algo;
			return true;
		}
	}
	return false;
}

/* An absolute path, trailing '/' allowed; false otherwise. */
static bool is_abs(const char *p)
{
	return p[0] == '/';
}

static int parse_cmd_args(const struct cmd *c, int argc, char **argv,
			  struct args *a)
{
	static const struct option opts[] = {
		{ "product", required_argument, NULL, O_PRODUCT },
		{ "package", required_argument, NULL, O_PACKAGE },
		{ "version", required_argument, NULL, O_VERSION },
		{ "security", no_argument, NULL, O_SECURITY },
		{ "blacklist", no_argument, NULL, O_BLACKLIST },
		{ "algo", required_argument, NULL, O_ALGO },
		{ "file", required_argument, NULL, O_FILE },
		{ "dir", required_argument, NULL, O_DIR },
		{ "recursive", no_argument, NULL, O_RECURSIVE },
		{ "measdir", required_argument, NULL, O_MEASDIR },
		{ NULL, 0, NULL, 0 },
	};
	unsigned required = 0;
	int opt;

	/* options and arguments in any order after the command */
	optind = 0;	/* 0: GNU getopt starts afresh */
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == '?' || !(c->allowed & (unsigned)opt)) {
			if (opt != '?')
				fprintf(stderr, "tnc-attest: %s does not "
					"take %s\n", c->name, argv[optind - 1]);
			return EXIT_USAGE;
		}
		a->given |= (unsigned)opt;
		switch (opt) {
		case O_PRODUCT: a->product = optarg; break;
		case O_PACKAGE: a->package = optarg; break;
		case O_VERSION: a->version = optarg; break;
		case O_FILE: a->file = optarg; break;
		case O_DIR: a->dir = optarg; break;
		case O_MEASDIR: a->measdir = optarg; break;
		case O_ALGO:
			if (!parse_algo(optarg, &a->algo)) {
				fprintf(stderr, "tnc-attest: unknown "
					"algorithm '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		default:
			break;
		}
	}
	a->rest = argv + optind;
	a->nrest = argc - optind;
	for (size_t i = 0; i < COUNT(required_opts); i++)
		if (strcmp(required_opts[i].cmd, c->name) == 0)
			required = required_opts[i].required;
	if ((a->given & required) != required || a->nrest < c->min_rest ||
	    a->nrest > c->max_rest) {
		fprintf(stderr, "Usage: tnc-attest %s\n", c->usage);
		return EXIT_USAGE;
	}
	if ((a->given & O_SECURITY) && (a->given & O_BLACKLIST)) {
		fprintf(stderr, "tnc-attest: --security or --blacklist, not "
			"both\n");
		return EXIT_USAGE;
	}
	if (strcmp(c->name, "add-hashes") == 0 && !a->file == !a->dir) {
		fprintf(stderr, "tnc-attest: add-hashes needs --file or "
			"--dir\n");
		return EXIT_USAGE;
	}
	if ((a->given & O_RECURSIVE) && !a->dir) {
		fprintf(stderr, "tnc-attest: --recursive needs --dir\n");
		return EXIT_USAGE;
	}
	if ((a->file && !is_abs(a->file)) || (a->dir && !is_abs(a->dir))) {
		fprintf(stderr, "tnc-attest: --file and --dir take absolute "
			"paths as on the endpoint\n");
		return EXIT_USAGE;
	}
	if (a->file && a->file[strlen(a->file) - 1] == '/') {
		fprintf(stderr, "tnc-attest: --file needs a file name\n");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static const char *config_path(const char *option, bool *must_exist)
{
	const char *env = getenv("TNC_ATTEST_CONF");

	*must_exist = option || (env && *env);
	if (option)
		return option;
	return env && *env ? env : DEFAULT_CONF;
}

/* The database URI: -d, $TNC_DATABASE, the config file. Caller frees. */
static char *database_uri(const char *option, const char *conf_option)
{
	static const char *const keys[] = { "database", NULL };
	const char *env = getenv("TNC_DATABASE"), *path, *uri;
	struct conf c = { 0 };
	bool must_exist;
	char *out = NULL;

	if (option)
		return strdup(option);
	if (env && *env && !conf_option)
		return strdup(env);
	path = config_path(conf_option, &must_exist);
	if (!must_exist && access(path, F_OK) != 0) {
		fprintf(stderr, "tnc-attest: no database (use -d URI, "
			"TNC_DATABASE or 'database' in %s)\n", path);
		return NULL;
	}
	if (conf_load(path, &c) < 0 || conf_check_keys(&c, keys, NULL)) {
		conf_free(&c);
		return NULL;
	}
	uri = conf_str(&c, "database", NULL);
	if (uri && *uri)
		out = strdup(uri);
	else
		fprintf(stderr, "tnc-attest: no 'database' in %s\n", path);
	conf_free(&c);
	return out;
}

int main(int argc, char **argv)
{
	const char *uri_option = NULL, *conf_option = NULL;
	const struct cmd *c = NULL;
	struct args a = { 0 };
	struct db *db;
	char *uri;
	int opt, rc;

	while ((opt = getopt(argc, argv, "+d:c:h")) != -1) {
		switch (opt) {
		case 'd':
			uri_option = optarg;
			break;
		case 'c':
			conf_option = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < COUNT(cmds); i++)
		if (strcmp(cmds[i].name, argv[optind]) == 0)
			c = &cmds[i];
	if (!c) {
		fprintf(stderr, "tnc-attest: unknown command '%s'\n",
			argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	rc = parse_cmd_args(c, argc - optind, argv + optind, &a);
	if (rc != EXIT_OK)
		return rc;

	uri = database_uri(uri_option, conf_option);
	if (!uri)
		return EXIT_NOINPUT;
	db = db_open(uri);
	free(uri);
	if (!db)
		return EXIT_NOINPUT;
	rc = c->run(db, &a);
	fflush(stdout);
	db_close(db);
	return rc;
}
