/*
 * auth.h - users, passwords, log-in sessions and the failed log-in rate
 * limit of tnc-web.
 *
 * Users live in their own SQLite file (users, sessions), apart from the
 * policy database, as strongTNC keeps its Django users apart, so the
 * policy schema stays the one every other tool reads. Passwords are kept
 * only as yescrypt hashes (crypt(3), "$y$"); a session is a random
 * 256-bit token of which only the SHA-256 is stored, with an expiry and
 * its own CSRF token.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_WEB_AUTH_H
#define TNC_WEB_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum auth_role {
	ROLE_NONE = 0,		/* not logged in */
	ROLE_READONLY = 1,	/* may read everything */
	ROLE_ADMIN = 2,		/* may also change everything */
};

/* "readonly", "admin"; false for another name. */
bool auth_role_parse(const char *name, enum auth_role *role);
const char *auth_role_name(enum auth_role role);

enum auth_result {
	AUTH_OK,
	AUTH_DENIED,		/* unknown user or wrong password */
	AUTH_LOCKED,		/* too many failures, try later */
	AUTH_ERROR,		/* the users database failed */
};

/* A token as text: 64 hex digits. */
#define AUTH_TOKEN_LEN 64

/* User names are shorter than this. */
#define AUTH_USER_MAX 128

struct auth_session {
	char user[AUTH_USER_MAX];
	enum auth_role role;
	char csrf[AUTH_TOKEN_LEN + 1];
};

struct auth;

/*
 * Opens (creating file and tables when needed) the users database at
 * path; sessions last lifetime seconds. NULL with err set on failure.
 */
struct auth *auth_open(const char *path, int64_t lifetime, char *err,
		       size_t errlen);
void auth_free(struct auth *a);

/* Sets user's role and password (a new salted yescrypt hash). */
bool auth_set_password(struct auth *a, const char *user,
		       enum auth_role role, const char *password, char *err,
		       size_t errlen);

/*
 * Checks a password, counting failures per user and per client address:
 * from the 5th failure in a row on, either is locked for 30 * 2^(n-5)
 * seconds (at most 15 minutes), and even the right password gets AUTH_LOCKED
 * until then. *role is set on AUTH_OK.
 */
enum auth_result auth_check_password(struct auth *a, const char *user,
				     const char *password, const char *addr,
				     time_t now, enum auth_role *role);

/* A new session for user: its cookie token and CSRF token. */
bool auth_session_new(struct auth *a, const char *user, time_t now,
		      char token[AUTH_TOKEN_LEN + 1],
		      char csrf[AUTH_TOKEN_LEN + 1]);
/* The live session of token, false when unknown or expired. */
bool auth_session_find(struct auth *a, const char *token, time_t now,
		       struct auth_session *out);
void auth_session_end(struct auth *a, const char *token);

/* Compares two NUL-terminated secrets in time independent of content. */
bool auth_equal(const char *a, const char *b);

#endif /* TNC_WEB_AUTH_H */
