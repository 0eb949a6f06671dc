/*
 * auth.c - passwords (yescrypt through libxcrypt), session tokens and the
 * failed log-in rate limit (auth.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <crypt.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "auth.h"
#include "db.h"

/* Failures remembered per user and per address; the oldest is reused. */
#define LIMIT_SLOTS 256
#define LIMIT_FREE 4		/* failures before the lock-out starts */
#define LIMIT_BASE_SECONDS 30	/* the first lock-out, doubled each time */
#define LIMIT_MAX_SECONDS 900

struct limit {
	char key[160];		/* "u:<user>" or "a:<address>" */
	unsigned failures;
	time_t until;		/* locked before this */
	time_t last;
};

struct auth {
	struct db *db;
	int64_t lifetime;
	struct limit limits[LIMIT_SLOTS];
};

static const struct {
	enum auth_role role;
	const char *name;
} roles[] = {
	{ ROLE_READONLY, "readonly" },
	{ ROLE_ADMIN, "admin" },
};

static const char *const schema[] = {
	"CREATE TABLE IF NOT EXISTS users (name TEXT NOT NULL PRIMARY KEY, "
	"role TEXT NOT NULL, hash TEXT NOT NULL)",
	"CREATE TABLE IF NOT EXISTS sessions (token_hash TEXT NOT NULL "
	"PRIMARY KEY, user TEXT NOT NULL, expiry INTEGER NOT NULL, "
	"csrf TEXT NOT NULL)",
};

bool auth_role_parse(const char *name, enum auth_role *role)
{
	size_t i;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(roles[i].name, name) == 0) {
			*role = roles[i].role;
			return true;
		}
	return false;
}

const char *auth_role_name(enum auth_role role)
{
	size_t i;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (roles[i].role == role)
			return roles[i].name;
	return "none";
}

bool auth_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char d = la != lb;

	for (i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return !d;
}

struct auth *auth_open(const char *path, int64_t lifetime, char *err,
		       size_t errlen)
{
	struct auth *a;
	char uri[4096];
	size_t i;
	int fd;

	/* SQLite takes an empty file as an empty database */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open users database %s", path);
		return NULL;
	}
	close(fd);
	a = calloc(1, sizeof(*a));
	snprintf(uri, sizeof(uri), "sqlite://%s", path);
	if (!a || !(a->db = db_open(uri))) {
		free(a);
		snprintf(err, errlen, "cannot open users database %s", path);
		return NULL;
	}
	a->lifetime = lifetime;
	for (i = 0; i < sizeof(schema) / sizeof(schema[0]); i++) {
		struct db_stmt *st = db_prepare(a->db, schema[i]);

		if (!st || !db_run(st)) {
			snprintf(err, errlen, "cannot create the tables of %s",
				 path);
			auth_free(a);
			return NULL;
		}
	}
	return a;
}

void auth_free(struct auth *a)
{
	if (!a)
		return;
	db_close(a->db);
	free(a);
}

/* crypt_rn of password with setting into out, or false. */
static bool hash_password(const char *password, const char *setting,
			  char *out, size_t outlen)
{
	struct crypt_data *cd = calloc(1, sizeof(*cd));
	const char *h;
	bool ok;

	if (!cd)
		return false;
	h = crypt_rn(password, setting, cd, sizeof(*cd));
	/* failure hashes start with '*' (libxcrypt) */
	ok = h && h[0] != '*' && strlen(h) < outlen;
	if (ok)
		strcpy(out, h);
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return ok;
}

bool auth_set_password(struct auth *a, const char *user,
		       enum auth_role role, const char *password, char *err,
		       size_t errlen)
{
	char setting[CRYPT_GENSALT_OUTPUT_SIZE], hash[CRYPT_OUTPUT_SIZE];
	struct db_stmt *st;

	if (!*user || strlen(user) >= AUTH_USER_MAX) {
		snprintf(err, errlen, "bad user name");
		return false;
	}
	if (strlen(password) < 8) {
		snprintf(err, errlen, "passwords need 8 characters or more");
		return false;
	}
	/* yescrypt with libxcrypt's default cost and a random salt */
	if (!crypt_gensalt_rn("$y$", 0, NULL, 0, setting, sizeof(setting)) ||
	    !hash_password(password, setting, hash, sizeof(hash))) {
		snprintf(err, errlen, "cannot hash the password");
		return false;
	}
	st = db_prepare(a->db, "INSERT INTO users (name, role, hash) VALUES "
			"(?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
			"role = excluded.role, hash = excluded.hash");
	if (!st || !db_bind_text(st, 1, user) ||
	    !db_bind_text(st, 2, auth_role_name(role)) ||
	    !db_bind_text(st, 3, hash) || !db_run(st)) {
		if (st)
			db_done(st);
		snprintf(err, errlen, "cannot store the user");
		return false;
	}
	return true;
}

static struct limit *limit_slot(struct auth *a, const char *prefix,
				const char *name, bool create)
{
	struct limit *l, *oldest = &a->limits[0];
	char key[sizeof(l->key)];

	snprintf(key, sizeof(key), "%s%s", prefix, name);
	for (l = a->limits; l < a->limits + LIMIT_SLOTS; l++) {
		if (strcmp(l->key, key) == 0)
			return l;
		if (l->last < oldest->last)
			oldest = l;
	}
	if (!create)
		return NULL;
	memset(oldest, 0, sizeof(*oldest));
	strcpy(oldest->key, key);
	return oldest;
}

static bool locked(struct auth *a, const char *prefix, const char *name,
		   time_t now)
{
	struct limit *l = limit_slot(a, prefix, name, false);

	return l && now < l->until;
}

static void count_failure(struct auth *a, const char *prefix,
			  const char *name, time_t now)
{
	struct limit *l = limit_slot(a, prefix, name, true);
	unsigned n;

	l->failures++;
	l->last = now;
	if (l->failures > LIMIT_FREE) {
		n = l->failures - LIMIT_FREE - 1;
		l->until = now + (n >= 5 ? LIMIT_MAX_SECONDS :
				  (LIMIT_BASE_SECONDS << n) < LIMIT_MAX_SECONDS ?
				  (LIMIT_BASE_SECONDS << n) : LIMIT_MAX_SECONDS);
	}
}

static void clear_failures(struct auth *a, const char *prefix,
			   const char *name)
{
	struct limit *l = limit_slot(a, prefix, name, false);

	if (l)
		memset(l, 0, sizeof(*l));
}

enum auth_result auth_check_password(struct auth *a, const char *user,
				     const char *password, const char *addr,
				     time_t now, enum auth_role *role)
{
	/* an unknown user costs one hash too, so timing does not tell */
	static const char dummy[] = "$y$j9T$AAAAAAAAAAAAAAAAAAAAA.$"
				    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.";
	char stored[CRYPT_OUTPUT_SIZE] = "", hash[CRYPT_OUTPUT_SIZE];
	char role_name[32] = "";
	struct db_stmt *st;
	enum db_step r;
	bool ok;

	if (locked(a, "u:", user, now) || locked(a, "a:", addr, now))
		return AUTH_LOCKED;
	st = db_prepare(a->db, "SELECT hash, role FROM users WHERE name = ?");
	if (!st || !db_bind_text(st, 1, user)) {
		if (st)
			db_done(st);
		return AUTH_ERROR;
	}
	r = db_step(st);
	if (r == DB_ROW) {
		snprintf(stored, sizeof(stored), "%s", db_column_text(st, 0));
		snprintf(role_name, sizeof(role_name), "%s",
			 db_column_text(st, 1));
	}
	db_done(st);
	if (r == DB_ERROR)
		return AUTH_ERROR;
	ok = hash_password(password, r == DB_ROW ? stored : dummy, hash,
			   sizeof(hash)) &&
	     r == DB_ROW && auth_equal(hash, stored) &&
	     auth_role_parse(role_name, role);
	explicit_bzero(hash, sizeof(hash));
	if (!ok) {
		count_failure(a, "u:", user, now);
		count_failure(a, "a:", addr, now);
		return AUTH_DENIED;
	}
	clear_failures(a, "u:", user);
	clear_failures(a, "a:", addr);
	return AUTH_OK;
}

static bool random_hex(char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char b[AUTH_TOKEN_LEN / 2];
	size_t i;

	if (RAND_bytes(b, sizeof(b)) != 1)
		return false;
	for (i = 0; i < sizeof(b); i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	return true;
}

/* The stored form of a token: hex SHA-256, so a read of the file gives
 * no usable cookie. */
static bool token_hash(const char *token, char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char d[32];
	unsigned len = 0;
	size_t i;

	if (!EVP_Digest(token, strlen(token), d, &len, EVP_sha256(), NULL) ||
	    len != sizeof(d))
		return false;
	for (i = 0; i < sizeof(d); i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	return true;
}

bool auth_session_new(struct auth *a, const char *user, time_t now,
		      char token[AUTH_TOKEN_LEN + 1],
		      char csrf[AUTH_TOKEN_LEN + 1])
{
	char th[AUTH_TOKEN_LEN + 1];
	struct db_stmt *st;

	if (!random_hex(token) || !random_hex(csrf) || !token_hash(token, th))
		return false;
	/* expired sessions go when a new one comes */
	st = db_prepare(a->db, "DELETE FROM sessions WHERE expiry <= ?");
	if (st && db_bind_int(st, 1, now))
		db_run(st);
	else if (st)
		db_done(st);
	st = db_prepare(a->db, "INSERT INTO sessions (token_hash, user, "
			"expiry, csrf) VALUES (?, ?, ?, ?)");
	if (!st || !db_bind_text(st, 1, th) || !db_bind_text(st, 2, user) ||
	    !db_bind_int(st, 3, now + a->lifetime) ||
	    !db_bind_text(st, 4, csrf)) {
		if (st)
			db_done(st);
		return false;
	}
	return db_run(st);
}

bool auth_session_find(struct auth *a, const char *token, time_t now,
		       struct auth_session *out)
{
	char th[AUTH_TOKEN_LEN + 1];
	struct db_stmt *st;
	bool ok = false;

	if (strlen(token) != AUTH_TOKEN_LEN || !token_hash(token, th))
		return false;
	st = db_prepare(a->db, "SELECT s.user, u.role, s.csrf FROM sessions s "
			"JOIN users u ON u.name = s.user "
			"WHERE s.token_hash = ? AND s.expiry > ?");
	if (!st)
		return false;
	if (db_bind_text(st, 1, th) && db_bind_int(st, 2, now) &&
	    db_step(st) == DB_ROW) {
		snprintf(out->user, sizeof(out->user), "%s",
			 db_column_text(st, 0));
		snprintf(out->csrf, sizeof(out->csrf), "%s",
			 db_column_text(st, 2));
		ok = auth_role_parse(db_column_text(st, 1), &out->role);
	}
	db_done(st);
	return ok;
}

void auth_session_end(struct auth *a, const char *token)
{
	char th[AUTH_TOKEN_LEN + 1];
	struct db_stmt *st;

	if (!token_hash(token, th))
		return;
	st = db_prepare(a->db, "DELETE FROM sessions WHERE token_hash = ?");
	if (st && db_bind_text(st, 1, th))
		db_run(st);
	else if (st)
		db_done(st);
}
