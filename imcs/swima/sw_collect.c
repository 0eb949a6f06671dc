/*
 * sw_collect.c - the SWIMA IMC's inventories and events (sw_collect.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dpkg_status.h"
#include "sw_collect.h"
#include "sw_id.h"
#include "swid_tag.h"

/* How deep the .swidtag search descends below its root. */
#define TAG_DIR_DEPTH 6
/* A .swidtag file larger than this is not read. */
#define TAG_FILE_MAX (1u << 20)

/* Directories of the search root that never hold tags (section 5.3). */
static const char *const skipped_dirs[] = {
	"/usr/share/doc", "/usr/share/help", "/usr/share/icons",
	"/usr/share/gnome/help",
};

/* One record being added; strings are copied into the list. */
struct record_in {
	uint32_t eid;
	const char *timestamp;
	uint32_t record_id;
	uint8_t source;
	uint8_t action;
	const char *sw_id;
	const char *locator;
	const char *tag;	/* NULL: none */
	size_t tag_len;
	bool take_tag;		/* tag was malloc'ed: the list takes it */
};

static struct pa_bytes owned(const char *s, size_t len, bool *ok)
{
	uint8_t *p;

	if (!s || !len)
		return (struct pa_bytes){ NULL, 0 };
	p = malloc(len);
	if (!p) {
		*ok = false;
		return (struct pa_bytes){ NULL, 0 };
	}
	memcpy(p, s, len);
	return (struct pa_bytes){ p, len };
}

static void record_free(struct ietf_sw_record *r)
{
	free((void *)r->timestamp.ptr);
	free((void *)r->sw_id.ptr);
	free((void *)r->locator.ptr);
	free((void *)r->record.ptr);
}

void sw_records_free(struct sw_records *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		record_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static bool records_add(struct sw_records *l, const struct record_in *in)
{
	struct ietf_sw_record *r;
	bool ok = true;

	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		void *p = realloc(l->v, cap * sizeof(*l->v));

		if (!p)
			goto fail;
		l->v = p;
		l->cap = cap;
	}
	r = &l->v[l->count];
	memset(r, 0, sizeof(*r));
	r->eid = in->eid;
	r->record_id = in->record_id;
	r->source_id = in->source;
	r->action = in->action;
	r->timestamp = owned(in->timestamp, in->timestamp ?
			     strlen(in->timestamp) : 0, &ok);
	r->sw_id = owned(in->sw_id, strlen(in->sw_id), &ok);
	r->locator = owned(in->locator, in->locator ? strlen(in->locator) : 0,
			   &ok);
	if (in->take_tag)
		r->record = (struct pa_bytes){ (const uint8_t *)in->tag,
					       in->tag_len };
	else
		r->record = owned(in->tag, in->tag_len, &ok);
	if (!ok) {
		record_free(r);
		return false;
	}
	l->count++;
	return true;
fail:
	if (in->take_tag)
		free((void *)in->tag);
	return false;
}

/* ------------------------------------------------------- targets */

struct targets {
	char **v;		/* sorted, owned */
	size_t count;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void targets_free(struct targets *t)
{
	size_t i;

	for (i = 0; i < t->count; i++)
		free(t->v[i]);
	free(t->v);
}

static bool targets_init(struct targets *t, const struct pa_bytes *b,
			 size_t count)
{
	size_t i;

	t->count = 0;
	t->v = count ? calloc(count, sizeof(*t->v)) : NULL;
	if (count && !t->v)
		return false;
	for (i = 0; i < count; i++) {
		t->v[i] = b[i].len ? strndup((const char *)b[i].ptr, b[i].len)
				   : strdup("");
		if (!t->v[i]) {
			targets_free(t);
			return false;
		}
		t->count++;
	}
	if (t->count)
		qsort(t->v, t->count, sizeof(*t->v), cmp_str);
	return true;
}

/* Whether sw_id is wanted: always without targets. */
static bool wanted(const struct targets *t, const char *sw_id)
{
	return !t->count || bsearch(&sw_id, t->v, t->count, sizeof(*t->v),
				    cmp_str);
}

/* --------------------------------------------------- package tags */

struct os_parts {
	char release[64];
	char arch[64];
	char product[200];	/* "Debian 12 x86_64" */
};

static void os_parts_init(const struct sw_collect_cfg *cfg,
			  struct os_parts *p)
{
	sw_id_split_os_version(cfg->os->version, p->release,
			       sizeof(p->release), p->arch, sizeof(p->arch));
	snprintf(p->product, sizeof(p->product), "%s %s", cfg->os->name,
		 cfg->os->version);
}

/* A generated tag for a package whose identifier is sw_id. */
static char *package_tag(const struct sw_collect_cfg *cfg,
			 const struct os_parts *os, const char *sw_id,
			 const char *package, const char *version)
{
	size_t prefix = strlen(cfg->regid) + 2;
	struct swid_tag_gen g = {
		.regid = cfg->regid,
		.entity_name = cfg->entity_name,
		.tag_id = strlen(sw_id) > prefix ? sw_id + prefix : sw_id,
		.package = package,
		.version = version,
		.product = os->product,
	};

	return swid_tag_generate(&g);
}

/* Adds one package's record (with its tag unless ids_only). */
static bool add_package(const struct sw_collect_cfg *cfg,
			const struct os_parts *os, bool ids_only,
			struct record_in *in, const char *package,
			const char *version, const char *stored_tag,
			struct sw_records *out)
{
	char *tag = NULL;

	in->tag = NULL;
	in->tag_len = 0;
	in->take_tag = false;
	if (!ids_only) {
		if (stored_tag && *stored_tag) {
			in->tag = stored_tag;
		} else {
			tag = package_tag(cfg, os, in->sw_id, package,
					  version);
			if (!tag)
				return false;
			in->tag = tag;
			in->take_tag = true;
		}
		in->tag_len = strlen(in->tag);
	}
	return records_add(out, in);
}

struct store_walk {
	const struct sw_collect_cfg *cfg;
	const struct os_parts *os;
	const struct targets *targets;
	bool ids_only;
	struct sw_records *out;
	bool failed;
};

static bool on_store_id(void *ctx, const struct sw_store_id *id)
{
	struct store_walk *w = ctx;
	struct record_in in = { .record_id = id->id, .source = id->source,
				.sw_id = id->name };

	if (!wanted(w->targets, id->name))
		return true;
	if (!add_package(w->cfg, w->os, w->ids_only, &in, id->package,
			 id->version, NULL, w->out)) {
		w->failed = true;
		return false;
	}
	return true;
}

/* Section 5.3 step 2, source 1 from the collector's event store. */
static bool from_store(const struct sw_collect_cfg *cfg,
		       const struct os_parts *os, bool ids_only,
		       const struct targets *t, struct sw_records *out)
{
	struct store_walk w = { cfg, os, t, ids_only, out, false };
	size_t i;

	if (!t->count)
		return sw_store_installed(cfg->store, on_store_id, &w) &&
		       !w.failed;
	/* look each target up, all in one read transaction */
	if (!sw_store_read_begin(cfg->store))
		return false;
	for (i = 0; i < t->count && !w.failed; i++)
		sw_store_lookup(cfg->store, t->v[i], on_store_id, &w);
	sw_store_read_end(cfg->store);
	return !w.failed;
}

/* Source 1 without a store: the dpkg status database. */
static bool from_dpkg(const struct sw_collect_cfg *cfg,
		      const struct os_parts *os, bool ids_only,
		      const struct targets *t, struct sw_records *out,
		      char *err, size_t errlen)
{
	struct dpkg_list pkgs = { 0 };
	char path[4096];
	bool ok = true;
	size_t i;

	snprintf(path, sizeof(path), "%s/var/lib/dpkg/status", cfg->root);
	if (!dpkg_status_read(path, &pkgs)) {
		snprintf(err, errlen, "cannot read the dpkg status database");
		dpkg_list_free(&pkgs);
		return false;
	}
	for (i = 0; ok && i < pkgs.count; i++) {
		const struct dpkg_pkg *p = &pkgs.pkgs[i];
		char *sw_id = sw_id_make(cfg->regid, cfg->os->name, os->release,
					 os->arch, p->name, p->version);
		struct record_in in = { .source = 1, .sw_id = sw_id };

		if (!sw_id)
			ok = false;
		else if (wanted(t, sw_id))
			ok = add_package(cfg, os, ids_only, &in, p->name,
					 p->version, NULL, out);
		free(sw_id);
	}
	dpkg_list_free(&pkgs);
	if (!ok)
		snprintf(err, errlen, "out of memory");
	return ok;
}

/* ------------------------------------------------- .swidtag files */

struct tag_walk {
	const struct targets *targets;
	bool ids_only;
	struct sw_records *out;
	bool failed;
};

static bool skipped(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(skipped_dirs) / sizeof(skipped_dirs[0]); i++)
		if (strcmp(path, skipped_dirs[i]) == 0)
			return true;
	return false;
}

static char *read_small_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	struct stat sb;

	if (!f)
		return NULL;
	if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size > 0 && (size_t)sb.st_size <= TAG_FILE_MAX) {
		buf = malloc((size_t)sb.st_size + 1);
		if (buf)
			*len = fread(buf, 1, (size_t)sb.st_size, f);
		if (buf)
			buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

/* A tag file below <locator>/swidtag (section 5.3, source 2). */
static void add_tag_file(struct tag_walk *w, const char *path,
			 const char *locator_dir)
{
	struct record_in in = { .source = 2 };
	char locator[4200];
	size_t len = 0;
	char *xml = read_small_file(path, &len), *sw_id = NULL;

	if (!xml || !sw_id_from_tag(xml, len, &sw_id) ||
	    !wanted(w->targets, sw_id)) {
		free(xml);
		free(sw_id);
		return;
	}
	snprintf(locator, sizeof(locator), "file://%s", locator_dir);
	in.sw_id = sw_id;
	in.locator = locator;
	if (!w->ids_only) {
		in.tag = xml;
		in.tag_len = len;
		in.take_tag = true;
		xml = NULL;
	}
	if (!records_add(w->out, &in))
		w->failed = true;
	free(xml);
	free(sw_id);
}

/*
 * Walks dir; below a directory named "swidtag" (in_tags: its parent's
 * path, the locator) every file whose name holds ".swidtag" is a tag.
 */
static void walk_tags(struct tag_walk *w, const char *dir,
		      const char *in_tags, int depth)
{
	struct dirent *e;
	char path[4096];
	DIR *d;

	if (depth > TAG_DIR_DEPTH || skipped(dir) || w->failed)
		return;
	d = opendir(dir);
	if (!d)
		return;
	while ((e = readdir(d)) && !w->failed) {
		struct stat sb;

		if (e->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >=
		    (int)sizeof(path) || lstat(path, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode))
			walk_tags(w, path, in_tags ? in_tags :
				  strcmp(e->d_name, "swidtag") == 0 ? dir :
				  NULL, depth + 1);
		else if (S_ISREG(sb.st_mode) && in_tags &&
			 strstr(e->d_name, ".swidtag"))
			add_tag_file(w, path, in_tags);
	}
	closedir(d);
}

bool sw_collect_inventory(const struct sw_collect_cfg *cfg, bool ids_only,
			  const struct pa_bytes *targets, size_t count,
			  struct sw_records *out, char *err, size_t errlen)
{
	struct os_parts os;
	struct targets t;
	bool ok;

	if (!targets_init(&t, targets, count)) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	os_parts_init(cfg, &os);
	if (cfg->store) {
		ok = from_store(cfg, &os, ids_only, &t, out);
		if (!ok)
			snprintf(err, errlen, "cannot read the collector "
				 "database");
	} else {
		ok = from_dpkg(cfg, &os, ids_only, &t, out, err, errlen);
	}
	if (ok && cfg->tag_dir) {
		struct tag_walk w = { &t, ids_only, out, false };

		walk_tags(&w, cfg->tag_dir, NULL, 0);
		if (w.failed) {
			snprintf(err, errlen, "out of memory");
			ok = false;
		}
	}
	targets_free(&t);
	return ok;
}

struct event_walk {
	struct sw_records *out;
	bool failed;
};

static bool on_store_event(void *ctx, const struct sw_store_event *e)
{
	struct event_walk *w = ctx;
	struct record_in in = { .eid = e->eid, .timestamp = e->timestamp,
				.record_id = e->record_id, .source = e->source,
				.action = e->action, .sw_id = e->name };

	if (records_add(w->out, &in))
		return true;
	w->failed = true;
	return false;
}

bool sw_collect_events(const struct sw_collect_cfg *cfg, uint32_t since,
		       struct sw_records *out, char *err, size_t errlen)
{
	struct event_walk w = { out, false };

	if (!cfg->store) {
		snprintf(err, errlen, "no collector database");
		return false;
	}
	if (!sw_store_events_since(cfg->store, since, on_store_event, &w) ||
	    w.failed) {
		snprintf(err, errlen, w.failed ? "out of memory" :
			 "cannot read the collector database");
		return false;
	}
	return true;
}
