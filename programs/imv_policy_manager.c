/*
 * imv_policy_manager.c - maps a TNC session to its workitems (start) and
 * records their results (stop). IMVs run it through their policy command
 * as "imv_policy_manager start|stop <session id>" and log what it prints.
 *
 * Settings come from a configuration file (-c FILE, else the file named
 * by $TNC_POLICY_MANAGER_CONF, else /etc/tnc/imv_policy_manager.conf when
 * it exists): database, command_allow, command_block, log_level. Without
 * a database setting the URI the TNC server gave its IMVs ($TNC_DATABASE)
 * is used, so a manager started by an IMV needs no file of its own.
 *
 * Exit status: 0 successful, 1 failed (reported on stderr), 64 usage,
 * 66 no usable configuration or database.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "policy_manager.h"

#define DEFAULT_CONF "/etc/tnc/imv_policy_manager.conf"

enum exit_code {
	EXIT_OK = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 64,
	EXIT_NOINPUT = 66,
};

static const char *const known_keys[] = {
	"database", "command_allow", "command_block", "log_level", NULL,
};

static void usage(void)
{
	fprintf(stderr,
		"Usage: imv_policy_manager [-c FILE] start|stop <session id>\n");
}

/* The session id: a positive decimal number and nothing else. */
static bool parse_session(const char *s, int64_t *id)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v <= 0)
		return false;
	*id = v;
	return true;
}

static const char *config_path(const char *option, bool *must_exist)
{
	const char *env = getenv("TNC_POLICY_MANAGER_CONF");

	*must_exist = option || (env && *env);
	if (option)
		return option;
	return env && *env ? env : DEFAULT_CONF;
}

static int load_config(const char *path, bool must_exist, struct conf *c)
{
	long level;
	int errors = 0;

	memset(c, 0, sizeof(*c));
	if (must_exist || access(path, F_OK) == 0) {
		if (conf_load(path, c) < 0)
			return -1;
	}
	errors += conf_check_keys(c, known_keys, NULL);
	errors += conf_int(c, "log_level", 1, -1, 4, &level) < 0;
	if (errors)
		return -1;
	log_set_level(-1, (int)level);
	return 0;
}

int main(int argc, char **argv)
{
	const char *conf_option = NULL, *path, *uri, *verb;
	struct policy_hooks hooks;
	bool must_exist, ok;
	struct conf conf;
	int64_t session;
	struct db *db;
	int opt;

	while ((opt = getopt(argc, argv, "c:h")) != -1) {
		switch (opt) {
		case 'c':
			conf_option = optarg;
			break;
		default:
			usage();
			return opt == 'h' ? EXIT_OK : EXIT_USAGE;
		}
	}
	if (argc - optind != 2 || !parse_session(argv[optind + 1], &session)) {
		usage();
		return EXIT_USAGE;
	}
	verb = argv[optind];
	if (strcmp(verb, "start") != 0 && strcmp(verb, "stop") != 0) {
		usage();
		return EXIT_USAGE;
	}

	path = config_path(conf_option, &must_exist);
	if (load_config(path, must_exist, &conf) < 0) {
		conf_free(&conf);
		return EXIT_NOINPUT;
	}
	uri = conf_str(&conf, "database", getenv("TNC_DATABASE"));
	if (!uri || !*uri) {
		log_imv(0, "database uri not defined (set 'database' in %s "
			"or TNC_DATABASE)", path);
		conf_free(&conf);
		return EXIT_NOINPUT;
	}
	db = db_open(uri);
	if (!db) {
		conf_free(&conf);
		return EXIT_NOINPUT;
	}

	if (strcmp(verb, "start") == 0) {
		ok = policy_start(db, session, (int64_t)time(NULL), stdout);
	} else {
		hooks.command_allow = conf_str(&conf, "command_allow", NULL);
		hooks.command_block = conf_str(&conf, "command_block", NULL);
		ok = policy_stop(db, session, &hooks, stdout);
	}
	fflush(stdout);
	fprintf(stderr, "imv_policy_manager %s %s\n", verb,
		ok ? "successful" : "failed");
	db_close(db);
	conf_free(&conf);
	return ok ? EXIT_OK : EXIT_FAILED;
}
