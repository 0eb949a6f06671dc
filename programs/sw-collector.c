/*
 * sw-collector.c - the endpoint's SWIMA collector (swima.md 3 and 5.4):
 * keeps the event store that the SWIMA IMC reports from (sw_store.h) in
 * step with apt's history log, its rotations and the dpkg status
 * database.
 *
 *   sw-collector [-c FILE] [--database URI] [--history PATH]
 *                [--dpkg-status PATH] [--os-root DIR] [--regid REGID]
 *                [--first-time YYYY-MM-DDTHH:MM:SSZ]
 *                [list | events [--since EID] | update]
 *
 * update (the default) creates the store when it is absent, its first
 * event dated by <os-root>/var/log/bootstrap.log (the system's
 * installation), else by first_time; adds one event per history entry
 * newer than the newest stored event, reading history.log.N[.gz] from
 * the highest N (the oldest) to history.log; and then reconciles the
 * store with the dpkg status database (sw_store_reconcile): packages it
 * has never seen go into the first event, other differences into one
 * new event, so that the installed set converges on what dpkg has. While
 * apt is still writing its last entry (no End-Date yet) dpkg's state is
 * in flux and the reconciliation waits for the next run.
 *
 * Settings (a conf.h file; options win): database, history, dpkg_status,
 * regid, first_time, os_root. The OS name and version come from the
 * os-release files under os_root, or, as for the OS IMC, from
 * TNC_IMC_OS_NAME and TNC_IMC_OS_VERSION ("12 x86_64") when both are set.
 *
 * Exit status: 0 successful, 1 failed (reported on stderr), 64 usage.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "apt_history.h"
#include "conf.h"
#include "dpkg_status.h"
#include "os_info.h"
#include "sw_id.h"
#include "sw_store.h"

#define DEFAULT_CONF "/etc/tnc/sw-collector.conf"
#define DEFAULT_DATABASE "sqlite:///var/lib/tnc/sw-collector.db"
#define DEFAULT_HISTORY "/var/log/apt/history.log"
#define DEFAULT_DPKG_STATUS "/var/lib/dpkg/status"
#define BOOTSTRAP_LOG "/var/log/bootstrap.log"

enum exit_code {
	EXIT_OK = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 64,
};

/* The settings, in the order of the long options that override them. */
enum setting {
	S_DATABASE,
	S_HISTORY,
	S_DPKG_STATUS,
	S_OS_ROOT,
	S_REGID,
	S_FIRST_TIME,
	S_COUNT,
};

static const char *const setting_keys[S_COUNT + 1] = {
	[S_DATABASE] = "database",
	[S_HISTORY] = "history",
	[S_DPKG_STATUS] = "dpkg_status",
	[S_OS_ROOT] = "os_root",
	[S_REGID] = "regid",
	[S_FIRST_TIME] = "first_time",
};

/* Long options without a short form count from here. */
#define OPT_SETTING 256
#define OPT_SINCE (OPT_SETTING + S_COUNT)

static const struct option options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "database", required_argument, NULL, OPT_SETTING + S_DATABASE },
	{ "history", required_argument, NULL, OPT_SETTING + S_HISTORY },
	{ "dpkg-status", required_argument, NULL,
	  OPT_SETTING + S_DPKG_STATUS },
	{ "os-root", required_argument, NULL, OPT_SETTING + S_OS_ROOT },
	{ "regid", required_argument, NULL, OPT_SETTING + S_REGID },
	{ "first-time", required_argument, NULL, OPT_SETTING + S_FIRST_TIME },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct settings {
	const char *v[S_COUNT];		/* NULL: unset */
	char *history;			/* owned: the resolved paths */
	char *dpkg_status;
	bool has_since;
	uint32_t since;
};

/* The OS part of the identifiers (section 4). */
struct os_id {
	char name[64];
	char release[128];
	char arch[128];
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: sw-collector [-c FILE] [--database URI] "
		"[--history PATH]\n"
		"         [--dpkg-status PATH] [--os-root DIR] "
		"[--regid REGID]\n"
		"         [--first-time YYYY-MM-DDTHH:MM:SSZ]\n"
		"         [list | events [--since EID] | update]\n");
}

static bool parse_eid(const char *s, uint32_t *eid)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v > UINT32_MAX)
		return false;
	*eid = (uint32_t)v;
	return true;
}

/* Options into st (which keeps pointers into argv); the command in *cmd.
 * An exit code, or -1 to go on. */
static int parse_args(int argc, char **argv, struct settings *st,
		      const char **conf_path, const char **cmd)
{
	int opt;

	while ((opt = getopt_long(argc, argv, "c:h", options, NULL)) != -1) {
		if (opt == 'c') {
			*conf_path = optarg;
		} else if (opt >= OPT_SETTING && opt < OPT_SINCE) {
			st->v[opt - OPT_SETTING] = optarg;
		} else if (opt == OPT_SINCE) {
			if (!parse_eid(optarg, &st->since)) {
				fprintf(stderr, "sw-collector: invalid event "
					"ID '%s'\n", optarg);
				return EXIT_USAGE;
			}
			st->has_since = true;
		} else {
			usage(opt == 'h' ? stdout : stderr);
			return opt == 'h' ? EXIT_OK : EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	*cmd = optind < argc ? argv[optind] : "update";
	if (st->has_since && strcmp(*cmd, "events") != 0) {
		fprintf(stderr, "sw-collector: --since goes with 'events'\n");
		return EXIT_USAGE;
	}
	return -1;
}

/* Settings the options left unset from the file; false (logged) when it
 * cannot be read or has unknown keys. */
static bool load_settings(const char *path, bool must_exist,
			  struct conf *c, struct settings *st)
{
	memset(c, 0, sizeof(*c));
	if (must_exist || access(path, F_OK) == 0) {
		if (conf_load(path, c) < 0)
			return false;
	}
	if (conf_check_keys(c, setting_keys, NULL))
		return false;
	for (int i = 0; i < S_COUNT; i++)
		if (!st->v[i])
			st->v[i] = conf_str(c, setting_keys[i], NULL);
	return true;
}

/* Defaults, and the paths under os_root; false when out of memory. */
static bool resolve_settings(struct settings *st)
{
	const char *root = st->v[S_OS_ROOT] ? st->v[S_OS_ROOT] : "";

	if (!st->v[S_DATABASE])
		st->v[S_DATABASE] = DEFAULT_DATABASE;
	if (!st->v[S_REGID])
		st->v[S_REGID] = SW_ID_DEFAULT_REGID;
	if (st->v[S_HISTORY])
		st->history = strdup(st->v[S_HISTORY]);
	else if (asprintf(&st->history, "%s%s", root, DEFAULT_HISTORY) < 0)
		st->history = NULL;
	if (st->v[S_DPKG_STATUS])
		st->dpkg_status = strdup(st->v[S_DPKG_STATUS]);
	else if (asprintf(&st->dpkg_status, "%s%s", root,
			  DEFAULT_DPKG_STATUS) < 0)
		st->dpkg_status = NULL;
	return st->history && st->dpkg_status;
}

/* The OS as the OS IMC reports it (imcs/os/imc_os.c). */
static bool get_os(const char *root, struct os_id *os)
{
	const char *name = getenv("TNC_IMC_OS_NAME");
	const char *version = getenv("TNC_IMC_OS_VERSION");
	struct os_info info;

	if (name && *name && version && *version) {
		snprintf(info.name, sizeof(info.name), "%s", name);
		snprintf(info.version, sizeof(info.version), "%s", version);
	} else if (!os_info_read(root ? root : "", &info)) {
		fprintf(stderr, "sw-collector: operating system name and "
			"version not found\n");
		return false;
	}
	snprintf(os->name, sizeof(os->name), "%s", info.name);
	return sw_id_split_os_version(info.version, os->release,
				      sizeof(os->release), os->arch,
				      sizeof(os->arch));
}

/* The date of the first event: the system's installation (5.4). */
static const char *first_time(const struct settings *st, char buf[21])
{
	const char *root = st->v[S_OS_ROOT] ? st->v[S_OS_ROOT] : "";
	struct stat sb;
	char *path;
	int rc;

	if (asprintf(&path, "%s%s", root, BOOTSTRAP_LOG) < 0)
		return st->v[S_FIRST_TIME];
	rc = stat(path, &sb);
	free(path);
	if (rc != 0)
		return st->v[S_FIRST_TIME];
	os_rfc3339(sb.st_mtime, buf);
	return buf;
}

/* ------------------------------------------------------------ update */

struct collect {
	struct sw_store *store;
	const struct settings *st;
	const struct os_id *os;
	char newest[21];	/* timestamp of the newest stored event */
	size_t entries, creations, deletions;
	char err[320];
};

static void free_changes(struct sw_store_change *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)c[i].name);
	free(c);
}

/* The store's changes of one entry; NULL when out of memory. */
static struct sw_store_change *entry_changes(struct collect *cx,
					     const struct apt_entry *e)
{
	struct sw_store_change *c = calloc(e->count ? e->count : 1,
					   sizeof(*c));
	const struct apt_change *a;

	if (!c)
		return NULL;
	for (size_t i = 0; i < e->count; i++) {
		a = &e->changes[i];
		c[i].action = (enum sw_store_action)a->action;
		c[i].package = a->name;
		c[i].version = a->version;
		c[i].name = sw_id_make(cx->st->v[S_REGID], cx->os->name,
				       cx->os->release, cx->os->arch,
				       a->name, a->version);
		if (!c[i].name) {
			free_changes(c, e->count);
			return NULL;
		}
	}
	return c;
}

/* One history entry: an event unless the store has it already. */
static bool on_entry(void *ctx, const struct apt_entry *e)
{
	struct collect *cx = ctx;
	struct sw_store_change *c;
	bool ok;

	if (strcmp(e->timestamp, cx->newest) <= 0)
		return true;
	c = entry_changes(cx, e);
	if (!c) {
		snprintf(cx->err, sizeof(cx->err), "out of memory");
		return false;
	}
	ok = sw_store_add_event(cx->store, e->timestamp, c, e->count, NULL);
	free_changes(c, e->count);
	if (!ok) {
		snprintf(cx->err, sizeof(cx->err), "storing the entry of %s "
			 "failed: %s", e->timestamp,
			 sw_store_errmsg(cx->store));
		return false;
	}
	memcpy(cx->newest, e->timestamp, sizeof(cx->newest));
	cx->entries++;
	for (size_t i = 0; i < e->count; i++) {
		if (e->changes[i].action == APT_CREATION)
			cx->creations++;
		else
			cx->deletions++;
	}
	return true;
}

/* A rotation of the log: its number, and whether it is compressed. */
struct rotation {
	char *path;
	unsigned long n;
	bool gz;
};

static int cmp_rotation(const void *a, const void *b)
{
	const struct rotation *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;	/* the oldest first */
	return (int)x->gz - (int)y->gz;
}

/* Whether name is "<base>.N" or "<base>.N.gz"; N in *n. */
static bool is_rotation(const char *name, const char *base,
			unsigned long *n, bool *gz)
{
	size_t blen = strlen(base);
	const char *p = name + blen + 1;
	char *end;

	if (strncmp(name, base, blen) != 0 || name[blen] != '.' ||
	    *p < '0' || *p > '9')
		return false;
	errno = 0;
	*n = strtoul(p, &end, 10);
	*gz = strcmp(end, ".gz") == 0;
	return !errno && (*end == '\0' || *gz);
}

static void free_rotations(struct rotation *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r[i].path);
	free(r);
}

/* The rotations of the log at history, oldest first; caller frees. */
static bool find_rotations(const char *history, struct rotation **out,
			   size_t *count)
{
	char *dcopy = strdup(history), *bcopy = strdup(history);
	struct rotation *r = NULL, *g;
	const char *dir = NULL, *base = NULL;
	struct dirent *de;
	size_t n = 0;
	bool ok = dcopy && bcopy, gz;
	unsigned long num;
	DIR *d = NULL;

	if (ok) {
		dir = dirname(dcopy);
		base = basename(bcopy);
		d = opendir(dir);
	}
	/* No directory, no rotations; history itself is checked later. */
	while (ok && d && (de = readdir(d))) {
		if (!is_rotation(de->d_name, base, &num, &gz))
			continue;
		g = realloc(r, (n + 1) * sizeof(*r));
		ok = g != NULL;
		if (!ok)
			break;
		r = g;
		r[n] = (struct rotation){ NULL, num, gz };
		ok = asprintf(&r[n].path, "%s/%s", dir, de->d_name) >= 0;
		if (ok)
			n++;
	}
	if (d)
		closedir(d);
	free(dcopy);
	free(bcopy);
	if (!ok) {
		free_rotations(r, n);
		return false;
	}
	if (n)
		qsort(r, n, sizeof(*r), cmp_rotation);
	*out = r;
	*count = n;
	return true;
}

static const char *apt_result_text(enum apt_result r)
{
	static const char *const text[] = {
		[APT_OK] = "ok",
		[APT_STOPPED] = "stopped",
		[APT_NOMEM] = "out of memory",
		[APT_IO] = "cannot be read",
	};

	return text[r];
}

/* One log file; *in_progress when it ends inside an entry. */
static bool read_log(struct collect *cx, const char *path, bool *in_progress)
{
	struct apt_stats stats;
	enum apt_result r;

	errno = 0;
	r = apt_history_read(path, on_entry, cx, &stats);
	if (r == APT_STOPPED) {
		fprintf(stderr, "sw-collector: %s\n", cx->err);
		return false;
	}
	if (r != APT_OK) {
		fprintf(stderr, "sw-collector: %s: %s\n", path,
			r == APT_IO && errno ? strerror(errno) :
			apt_result_text(r));
		return false;
	}
	if (stats.malformed)
		fprintf(stderr, "sw-collector: %s: %zu malformed entr%s "
			"skipped (%zu overlong line%s)\n", path,
			stats.malformed, stats.malformed == 1 ? "y" : "ies",
			stats.long_lines, stats.long_lines == 1 ? "" : "s");
	*in_progress = stats.truncated;
	return true;
}

/* The history log and its rotations, oldest first. */
static bool read_history(struct collect *cx, bool *in_progress)
{
	struct rotation *r;
	size_t n, i;
	bool ok = true, ignored;

	*in_progress = false;
	if (!find_rotations(cx->st->history, &r, &n)) {
		fprintf(stderr, "sw-collector: out of memory\n");
		return false;
	}
	for (i = 0; ok && i < n; i++)
		ok = read_log(cx, r[i].path, &ignored);
	free_rotations(r, n);
	/* No log yet: apt has never run. */
	if (ok && access(cx->st->history, F_OK) == 0)
		ok = read_log(cx, cx->st->history, in_progress);
	return ok;
}

/* The dpkg packages as identifiers; caller frees with free_pkgs. */
static struct sw_store_pkg *dpkg_pkgs(struct collect *cx,
				      const struct dpkg_list *l)
{
	struct sw_store_pkg *p = calloc(l->count ? l->count : 1, sizeof(*p));

	if (!p)
		return NULL;
	for (size_t i = 0; i < l->count; i++) {
		p[i].package = l->pkgs[i].name;
		p[i].version = l->pkgs[i].version;
		p[i].name = sw_id_make(cx->st->v[S_REGID], cx->os->name,
				       cx->os->release, cx->os->arch,
				       p[i].package, p[i].version);
		if (!p[i].name) {
			for (size_t j = 0; j < i; j++)
				free((char *)p[j].name);
			free(p);
			return NULL;
		}
	}
	return p;
}

/* Makes the installed set what dpkg says. */
static bool reconcile(struct collect *cx)
{
	struct sw_store_reconciled out;
	struct sw_store_pkg *pkgs;
	struct dpkg_list l;
	char now[21];
	bool ok;

	if (!dpkg_status_read(cx->st->dpkg_status, &l)) {
		fprintf(stderr, "sw-collector: reading %s failed\n",
			cx->st->dpkg_status);
		dpkg_list_free(&l);
		return false;
	}
	pkgs = dpkg_pkgs(cx, &l);
	if (!pkgs) {
		fprintf(stderr, "sw-collector: out of memory\n");
		dpkg_list_free(&l);
		return false;
	}
	/* Not older than the newest event, whatever the clock says. */
	os_rfc3339(time(NULL), now);
	if (strcmp(now, cx->newest) < 0)
		memcpy(now, cx->newest, sizeof(now));
	ok = sw_store_reconcile(cx->store, pkgs, l.count, now, &out);
	if (ok)
		printf("reconciled with %s: %zu added to the first event, "
		       "%zu re-added, %zu removed\n", cx->st->dpkg_status,
		       out.first, out.readded, out.removed);
	else
		fprintf(stderr, "sw-collector: reconciling with %s failed: "
			"%s\n", cx->st->dpkg_status,
			sw_store_errmsg(cx->store));
	for (size_t i = 0; i < l.count; i++)
		free((char *)pkgs[i].name);
	free(pkgs);
	dpkg_list_free(&l);
	return ok;
}

static bool summary(struct collect *cx)
{
	uint32_t last;
	size_t installed;

	if (!sw_store_count_installed(cx->store, &installed) ||
	    !sw_store_last_eid(cx->store, &last)) {
		fprintf(stderr, "sw-collector: %s\n",
			sw_store_errmsg(cx->store));
		return false;
	}
	printf("processed %zu history entries: %zu creations, %zu "
	       "deletions; %zu installed; last event ID %u\n", cx->entries,
	       cx->creations, cx->deletions, installed, last);
	return true;
}

static int cmd_update(const struct settings *st)
{
	struct collect cx = { .st = st };
	char err[256], first[21];
	struct os_id os;
	bool in_progress, ok;

	if (!get_os(st->v[S_OS_ROOT], &os))
		return EXIT_FAILED;
	cx.os = &os;
	cx.store = sw_store_create(st->v[S_DATABASE], first_time(st, first),
				   err, sizeof(err));
	if (!cx.store) {
		fprintf(stderr, "sw-collector: opening %s failed: %s\n",
			st->v[S_DATABASE], err);
		return EXIT_FAILED;
	}
	ok = sw_store_last_timestamp(cx.store, cx.newest);
	if (!ok)
		fprintf(stderr, "sw-collector: %s\n",
			sw_store_errmsg(cx.store));
	ok = ok && read_history(&cx, &in_progress);
	if (ok && in_progress)
		printf("%s ends inside an entry (apt is running): "
		       "reconciliation postponed\n", st->history);
	else if (ok)
		ok = reconcile(&cx);
	ok = ok && summary(&cx);
	sw_store_close(cx.store);
	return ok ? EXIT_OK : EXIT_FAILED;
}

/* ------------------------------------------------------- list, events */

static struct sw_store *open_existing(const struct settings *st)
{
	struct sw_store *s;
	char err[256];

	s = sw_store_open(st->v[S_DATABASE], false, err, sizeof(err));
	if (!s)
		fprintf(stderr, "sw-collector: opening %s failed: %s\n",
			st->v[S_DATABASE], err);
	return s;
}

static bool print_id(void *ctx, const struct sw_store_id *id)
{
	printf("%s\n", id->name);
	return true;
}

static const char *const action_names[] = {
	[SW_STORE_CREATION] = "creation",
	[SW_STORE_DELETION] = "deletion",
	[SW_STORE_ALTERATION] = "alteration",
};

static bool print_event(void *ctx, const struct sw_store_event *e)
{
	const char *action = e->action < sizeof(action_names) /
				      sizeof(action_names[0]) &&
			     action_names[e->action] ?
			     action_names[e->action] : "unknown";

	printf("%u %s %s %s\n", e->eid, e->timestamp, action, e->name);
	return true;
}

static int cmd_list(const struct settings *st)
{
	struct sw_store *s = open_existing(st);
	bool ok;

	if (!s)
		return EXIT_FAILED;
	ok = sw_store_installed(s, print_id, NULL);
	if (!ok)
		fprintf(stderr, "sw-collector: %s\n", sw_store_errmsg(s));
	sw_store_close(s);
	return ok ? EXIT_OK : EXIT_FAILED;
}

static int cmd_events(const struct settings *st)
{
	struct sw_store *s = open_existing(st);
	bool ok;

	if (!s)
		return EXIT_FAILED;
	ok = sw_store_events_since(s, st->since, print_event, NULL);
	if (!ok)
		fprintf(stderr, "sw-collector: %s\n", sw_store_errmsg(s));
	sw_store_close(s);
	return ok ? EXIT_OK : EXIT_FAILED;
}

static const struct {
	const char *name;
	int (*run)(const struct settings *st);
} commands[] = {
	{ "update", cmd_update },
	{ "list", cmd_list },
	{ "events", cmd_events },
};

int main(int argc, char **argv)
{
	const char *conf_path = NULL, *cmd = NULL;
	struct settings st = { 0 };
	struct conf conf;
	size_t i;
	int rc;

	rc = parse_args(argc, argv, &st, &conf_path, &cmd);
	if (rc >= 0)
		return rc;
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(cmd, commands[i].name) == 0)
			break;
	if (i == sizeof(commands) / sizeof(commands[0])) {
		fprintf(stderr, "sw-collector: unknown command '%s'\n", cmd);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!load_settings(conf_path ? conf_path : DEFAULT_CONF,
			   conf_path != NULL, &conf, &st)) {
		conf_free(&conf);
		return EXIT_FAILED;
	}
	if (st.v[S_FIRST_TIME] &&
	    !sw_store_valid_timestamp(st.v[S_FIRST_TIME])) {
		fprintf(stderr, "sw-collector: first_time '%s' is not "
			"YYYY-MM-DDTHH:MM:SSZ\n", st.v[S_FIRST_TIME]);
		conf_free(&conf);
		return EXIT_USAGE;
	}
	rc = resolve_settings(&st) ? commands[i].run(&st) : EXIT_FAILED;
	fflush(stdout);
	free(st.history);
	free(st.dpkg_status);
	conf_free(&conf);
	return rc;
}
