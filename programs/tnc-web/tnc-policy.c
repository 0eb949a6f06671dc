/*
 * tnc-policy.c - the policy database from the command line, for scripts
 * and tests: the same objects, checks and messages as tnc-web's REST API
 * (objects.h), without a web server.
 *
 *   tnc-policy [-c FILE] [-d URI] list TYPE [FIELD=VALUE ...]
 *   tnc-policy [-c FILE] [-d URI] show TYPE ID
 *   tnc-policy [-c FILE] [-d URI] add TYPE FIELD=VALUE ...
 *   tnc-policy [-c FILE] [-d URI] edit TYPE ID FIELD=VALUE ...
 *   tnc-policy [-c FILE] [-d URI] delete TYPE ID
 *
 * TYPE is an API collection name (devices, groups, policies,
 * enforcements, packages, versions, ...). list takes filters and
 * limit=/offset=; objects are printed as one JSON object per line. An
 * empty VALUE of a number field stores null (or "none" for references).
 * The database is -d URI, else the "database" setting of the tnc-web
 * configuration file (-c FILE or $TNC_WEB_CONF), else $TNC_DATABASE.
 *
 * Exit status: 0 done, 1 refused (the reason on stderr), 64 usage,
 * 66 no usable configuration or database.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "objects.h"
#include "web_parse.h"

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

struct verb {
	const char *name;
	int min_args;		/* after TYPE */
	bool has_id;
	int (*run)(struct db *db, const struct obj_type *t, int64_t id,
		   int argc, char **argv);
};

static void usage(void)
{
	fprintf(stderr,
		"Usage: tnc-policy [-c FILE] [-d URI] list TYPE "
		"[FIELD=VALUE...]\n"
		"       tnc-policy [-c FILE] [-d URI] show TYPE ID\n"
		"       tnc-policy [-c FILE] [-d URI] add TYPE FIELD=VALUE...\n"
		"       tnc-policy [-c FILE] [-d URI] edit TYPE ID "
		"FIELD=VALUE...\n"
		"       tnc-policy [-c FILE] [-d URI] delete TYPE ID\n");
}

static int refused(const char *err)
{
	fprintf(stderr, "error: %s\n", err);
	return EXIT_FAILED;
}

static int print_json(json_t *doc)
{
	char *s = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);

	if (!s)
		return refused("out of memory");
	printf("%s\n", s);
	free(s);
	return EXIT_OK;
}

/* FIELD=VALUE arguments as a JSON object (caller frees); NULL on a
 * malformed one. */
static json_t *fields_of(const struct obj_type *t, int argc, char **argv)
{
	const struct obj_field *f;
	json_t *o = json_object(), *v;
	char *eq;
	int i;

	for (i = 0; o && i < argc; i++) {
		eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i]) {
			fprintf(stderr, "error: %s is not FIELD=VALUE\n",
				argv[i]);
			json_decref(o);
			return NULL;
		}
		*eq = '\0';
		for (f = t->fields; f->name; f++)
			if (strcmp(f->name, argv[i]) == 0)
				break;
		if (!eq[1] && f->name && f->kind != OBJ_TEXT &&
		    f->kind != OBJ_BLOB)
			v = json_null();
		else
			v = json_string(eq + 1);
		if (!v) {
			fprintf(stderr, "error: %s is not UTF-8\n", argv[i]);
			json_decref(o);
			return NULL;
		}
		json_object_set_new(o, argv[i], v);
	}
	return o;
}

static int do_list(struct db *db, const struct obj_type *t, int64_t id,
		   int argc, char **argv)
{
	struct obj_filter *args = calloc((size_t)argc + 1, sizeof(*args));
	struct obj_query q = { 0 };
	json_t *rows = NULL, *row;
	char err[160], *eq;
	int i, rc;
	size_t k;

	(void)id;
	if (!args)
		return refused("out of memory");
	for (i = 0; i < argc; i++) {
		eq = strchr(argv[i], '=');
		if (!eq) {
			free(args);
			return refused("filters are FIELD=VALUE");
		}
		*eq = '\0';
		args[i].field = argv[i];
		args[i].value = eq + 1;
	}
	if (!web_query_parse(args, (size_t)argc, &q, err, sizeof(err)) ||
	    obj_list(db, t, &q, &rows, err, sizeof(err)) != OBJ_OK) {
		rc = refused(err);
	} else {
		rc = EXIT_OK;
		json_array_foreach(rows, k, row)
			if (rc == EXIT_OK)
				rc = print_json(row);
	}
	json_decref(rows);
	free((void *)q.filters);
	free(args);
	return rc;
}

static int do_show(struct db *db, const struct obj_type *t, int64_t id,
		   int argc, char **argv)
{
	json_t *row = NULL;
	char err[160];
	int rc;

	(void)argc;
	(void)argv;
	if (obj_get(db, t, id, &row, err, sizeof(err)) != OBJ_OK)
		return refused(err);
	rc = print_json(row);
	json_decref(row);
	return rc;
}

static int do_add(struct db *db, const struct obj_type *t, int64_t id,
		  int argc, char **argv)
{
	json_t *in = fields_of(t, argc, argv);
	enum obj_status s;
	char err[160];

	if (!in)
		return EXIT_USAGE;
	s = obj_create(db, t, in, &id, err, sizeof(err));
	json_decref(in);
	if (s != OBJ_OK)
		return refused(err);
	printf("%" PRId64 "\n", id);
	return EXIT_OK;
}

static int do_edit(struct db *db, const struct obj_type *t, int64_t id,
		   int argc, char **argv)
{
	json_t *in = fields_of(t, argc, argv);
	enum obj_status s;
	char err[160];

	if (!in)
		return EXIT_USAGE;
	s = obj_update(db, t, id, in, err, sizeof(err));
	json_decref(in);
	return s == OBJ_OK ? do_show(db, t, id, 0, NULL) : refused(err);
}

static int do_delete(struct db *db, const struct obj_type *t, int64_t id,
		     int argc, char **argv)
{
	char err[160];

	(void)argc;
	(void)argv;
	if (obj_delete(db, t, id, err, sizeof(err)) != OBJ_OK)
		return refused(err);
	return EXIT_OK;
}

static const struct verb verbs[] = {
	{ "list", 0, false, do_list },
	{ "show", 0, true, do_show },
	{ "add", 1, false, do_add },
	{ "edit", 1, true, do_edit },
	{ "delete", 0, true, do_delete },
};

static bool parse_id(const char *s, int64_t *id)
{
	char *end;

	errno = 0;
	*id = strtoll(s, &end, 10);
	return !errno && end != s && !*end && *id > 0;
}

/* The database URI: -d, else the configuration, else $TNC_DATABASE. */
static char *database_uri(const char *option, const char *conf_option)
{
	const char *env = getenv("TNC_WEB_CONF");
	const char *path = conf_option ? conf_option : env && *env ? env : NULL;
	const char *uri;
	struct conf c = { 0 };
	char *copy;

	if (option)
		return strdup(option);
	if (path && (conf_load(path, &c) < 0 ||
		     conf_check_keys(&c, known_keys, NULL))) {
		conf_free(&c);
		return NULL;
	}
	uri = conf_str(&c, "database", getenv("TNC_DATABASE"));
	copy = uri ? strdup(uri) : NULL;
	if (!uri)
		fprintf(stderr, "database uri not defined.\n");
	conf_free(&c);
	return copy;
}

int main(int argc, char **argv)
{
	const char *db_option = NULL, *conf_option = NULL;
	const struct obj_type *t;
	const struct verb *v = NULL;
	struct db *db;
	int64_t id = 0;
	char *uri;
	int opt, rc, rest;
	size_t i;

	while ((opt = getopt(argc, argv, "c:d:h")) != -1) {
		if (opt == 'c') {
			conf_option = optarg;
		} else if (opt == 'd') {
			db_option = optarg;
		} else {
			usage();
			return EXIT_USAGE;
		}
	}
	if (argc - optind >= 2)
		for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
			if (strcmp(verbs[i].name, argv[optind]) == 0)
				v = &verbs[i];
	if (!v) {
		usage();
		return EXIT_USAGE;
	}
	t = obj_type_find(argv[optind + 1]);
	if (!t) {
		fprintf(stderr, "error: unknown type %s\n", argv[optind + 1]);
		return EXIT_USAGE;
	}
	rest = optind + 2;
	if (v->has_id && (rest >= argc || !parse_id(argv[rest++], &id))) {
		fprintf(stderr, "error: %s needs a positive id\n", v->name);
		return EXIT_USAGE;
	}
	if (argc - rest < v->min_args ||
	    ((v->run == do_show || v->run == do_delete) && argc > rest)) {
		usage();
		return EXIT_USAGE;
	}
	log_set_level(-1, 0);
	uri = database_uri(db_option, conf_option);
	db = uri ? db_open(uri) : NULL;
	free(uri);
	if (!db) {
		fprintf(stderr, "opening database failed.\n");
		return EXIT_NOINPUT;
	}
	rc = v->run(db, t, id, argc - rest, argv + rest);
	db_close(db);
	return rc;
}
