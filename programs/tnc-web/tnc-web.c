/*
 * tnc-web.c - the policy manager's web server: the JSON REST API under
 * /api/ over the policy database (web pages follow in a later step), and
 * its user administration.
 *
 *   tnc-web [-c FILE]                      serve until SIGINT/SIGTERM
 *   tnc-web [-c FILE] setpassword USER ROLE   ROLE admin|readonly; the
 *                                          password is read from stdin
 *
 * Settings come from a configuration file (-c FILE, else $TNC_WEB_CONF,
 * else /etc/tnc/tnc-web.conf when it exists; conf/tnc-web.conf.sample):
 * listen (default 127.0.0.1), port (8080), database (else $TNC_DATABASE),
 * users_database, session_lifetime (seconds), tls_cert and tls_key
 * (PEM files; both turn on HTTPS), log_level.
 *
 * Exit status: 0 stopped by a signal or password set, 1 failed, 64 usage,
 * 66 no usable configuration or database.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "auth.h"
#include "conf.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "router.h"

#define DEFAULT_CONF "/etc/tnc/tnc-web.conf"
#define DEFAULT_USERS "/etc/tnc/tnc-web-users.db"

enum exit_code {
	EXIT_OK = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 64,
	EXIT_NOINPUT = 66,
};

static const char *const known_keys[] = {
	"listen", "port", "database", "users_database", "session_lifetime",
	"tls_cert", "tls_key", "log_level", NULL,
};

static void usage(void)
{
	fprintf(stderr, "Usage: tnc-web [-c FILE] [setpassword USER "
		"admin|readonly]\n");
}

static int load_config(const char *option, struct conf *c)
{
	const char *env = getenv("TNC_WEB_CONF");
	const char *path = option ? option : env && *env ? env : DEFAULT_CONF;
	bool must_exist = option || (env && *env);
	long level;
	int errors = 0;

	memset(c, 0, sizeof(*c));
	if ((must_exist || access(path, F_OK) == 0) && conf_load(path, c) < 0)
		return -1;
	errors += conf_check_keys(c, known_keys, NULL);
	errors += conf_int(c, "log_level", 1, -1, 4, &level) < 0;
	if (errors)
		return -1;
	log_set_level(-1, (int)level);
	return 0;
}

/* One line from stdin without its newline; no echo on a terminal. */
static bool read_password(char *buf, size_t len)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) &&
		   tcgetattr(STDIN_FILENO, &old) == 0;
	bool ok;

	if (tty) {
		fprintf(stderr, "Password: ");
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	ok = fgets(buf, (int)len, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	if (ok)
		buf[strcspn(buf, "\r\n")] = '\0';
	return ok;
}

static int set_password(struct auth *a, const char *user, const char *role)
{
	enum auth_role r;
	char pass[256], err[160];
	bool ok;

	if (!auth_role_parse(role, &r)) {
		fprintf(stderr, "unknown role %s (admin or readonly)\n", role);
		return EXIT_USAGE;
	}
	if (!read_password(pass, sizeof(pass))) {
		fprintf(stderr, "no password given\n");
		return EXIT_FAILED;
	}
	ok = auth_set_password(a, user, r, pass, err, sizeof(err));
	explicit_bzero(pass, sizeof(pass));
	if (!ok) {
		fprintf(stderr, "%s\n", err);
		return EXIT_FAILED;
	}
	fprintf(stderr, "password of %s (%s) set\n", user, role);
	return EXIT_OK;
}

/* The whole PEM file at path (caller frees), NULL after a message. */
static char *read_pem(const char *path)
{
	size_t len;
	char *text;

	if (conf_read_file(path, &text, &len) < 0)
		return NULL;
	return text;
}

static int serve(const struct conf *c, struct auth *a)
{
	const char *uri = conf_str(c, "database", getenv("TNC_DATABASE"));
	const char *cert = conf_str(c, "tls_cert", NULL);
	const char *key = conf_str(c, "tls_key", NULL);
	struct http_opts opts = { 0 };
	struct web_ctx ctx = { 0 };
	struct http_server *srv;
	char err[200];
	sigset_t sigs;
	long port;
	int sig, rc = EXIT_NOINPUT;

	if (conf_int(c, "port", 8080, 1, 65535, &port) < 0)
		return EXIT_NOINPUT;
	if (!uri) {
		fprintf(stderr, "database uri not defined.\n");
		return EXIT_NOINPUT;
	}
	if (!cert != !key) {
		fprintf(stderr, "tls_cert and tls_key go together\n");
		return EXIT_NOINPUT;
	}
	opts.address = conf_str(c, "listen", "127.0.0.1");
	opts.port = (uint16_t)port;
	if (cert && (!(opts.tls_cert = read_pem(cert)) ||
		     !(opts.tls_key = read_pem(key))))
		goto out;
	ctx.db = db_open(uri);
	ctx.auth = a;
	ctx.tls = cert != NULL;
	if (!ctx.db) {
		fprintf(stderr, "opening database failed.\n");
		goto out;
	}
	/* the signals are taken with sigwait, in this thread only */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	srv = http_start(&opts, &ctx, err, sizeof(err));
	if (!srv) {
		fprintf(stderr, "%s\n", err);
		rc = EXIT_FAILED;
		goto out;
	}
	fprintf(stderr, "tnc-web listening on %s port %ld\n", opts.address,
		port);
	sigwait(&sigs, &sig);
	http_stop(srv);
	rc = EXIT_OK;
out:
	db_close(ctx.db);
	free((char *)opts.tls_cert);
	free((char *)opts.tls_key);
	return rc;
}

int main(int argc, char **argv)
{
	const char *conf_option = NULL;
	struct auth *a;
	struct conf conf;
	long lifetime;
	char err[200];
	int opt, rc;

	while ((opt = getopt(argc, argv, "c:h")) != -1) {
		if (opt != 'c') {
			usage();
			return EXIT_USAGE;
		}
		conf_option = optarg;
	}
	if (argc != optind && (argc - optind != 3 ||
				strcmp(argv[optind], "setpassword") != 0)) {
		usage();
		return EXIT_USAGE;
	}
	if (load_config(conf_option, &conf) < 0 ||
	    conf_int(&conf, "session_lifetime", 3600, 60, 86400 * 30,
		     &lifetime) < 0) {
		conf_free(&conf);
		return EXIT_NOINPUT;
	}
	a = auth_open(conf_str(&conf, "users_database", DEFAULT_USERS),
		      lifetime, err, sizeof(err));
	if (!a) {
		fprintf(stderr, "%s\n", err);
		conf_free(&conf);
		return EXIT_NOINPUT;
	}
	if (argc == optind)
		rc = serve(&conf, a);
	else
		rc = set_password(a, argv[optind + 1], argv[optind + 2]);
	auth_free(a);
	conf_free(&conf);
	return rc;
}
