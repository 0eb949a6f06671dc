/*
 * plugin.c - the shared-library loader behind both hosts (plugin.h), in
 * the order the ABI spec note gives (section 7.1).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "plugin.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "tnc_config.h"

/* The pointer stored at offset within one host struct of pointers. */
static void *entry(void *fns, size_t offset)
{
	void *p;

	memcpy(&p, (char *)fns + offset, sizeof(p));
	return p;
}

/* Opens path and resolves the table into fns; NULL with err set. */
static void *open_library(const char *path, const struct plugin_kind *k,
			  void *fns, char *err, size_t errlen)
{
	void *handle, *sym;
	size_t i;

	/* RTLD_LOCAL: plugins must not see each other's symbols */
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		snprintf(err, errlen, "%s", dlerror());
		return NULL;
	}
	for (i = 0; i < k->symbol_count; i++) {
		sym = dlsym(handle, k->symbols[i].name);
		if (!sym && k->symbols[i].required) {
			snprintf(err, errlen, "missing required function %s",
				 k->symbols[i].name);
			dlclose(handle);
			return NULL;
		}
		/* POSIX guarantees a function address fits a void * */
		memcpy((char *)fns + k->symbols[i].offset, &sym, sizeof(sym));
	}
	return handle;
}

int plugin_load(struct plugin_registry *r, const struct plugin_kind *k,
		void *fns_array, const char *name, const char *path)
{
	void *fns = (char *)fns_array + r->count * k->fns_size;
	struct plugin_entry *e;
	plugin_initialize_fn initialize;
	plugin_provide_bind_fn provide_bind;
	plugin_terminate_fn terminate;
	TNC_Version version = 0;
	TNC_Result rc;
	char err[256];

	e = registry_begin(r, name, path);
	if (!e) {
		log_line(k->subsys, 0, "%s \"%s\" not loaded: more than %d",
			 k->label, name, PLUGIN_MAX);
		return -1;
	}
	e->handle = open_library(path, k, fns, err, sizeof(err));
	if (!e->handle) {
		log_line(k->subsys, 0, "%s \"%s\" not loaded from %s: %s",
			 k->label, name, path, err);
		registry_abort(r, e, false);
		return -1;
	}
	initialize = (plugin_initialize_fn)entry(fns, k->initialize);
	provide_bind = (plugin_provide_bind_fn)entry(fns,
						     k->provide_bind_function);
	terminate = (plugin_terminate_fn)entry(fns, k->terminate);
	rc = initialize(e->id, 1, 1, &version);
	if (rc != TNC_RESULT_SUCCESS) {
		log_line(k->subsys, 0, "%s \"%s\" from %s failed to initialize "
			 "(result %lu)", k->label, name, path, rc);
		dlclose(e->handle);
		registry_abort(r, e, false);
		return -1;
	}
	/* Registered before binding: plugins report their message types
	 * from inside ProvideBindFunction and must be found by ID then. */
	registry_commit(r);
	rc = provide_bind(e->id, k->bind_function);
	if (rc != TNC_RESULT_SUCCESS) {
		log_line(k->subsys, 0, "%s \"%s\" failed to bind the host's "
			 "functions (result %lu)", k->label, name, rc);
		if (terminate)
			terminate(e->id);
		dlclose(e->handle);
		registry_abort(r, e, true);
		return -1;
	}
	log_line(k->subsys, 1, "%s %lu \"%s\" loaded from %s", k->label,
		 e->id, name, path);
	return 0;
}

size_t plugin_load_config(struct plugin_registry *r,
			  const struct plugin_kind *k, void *fns,
			  const char *path)
{
	struct tnc_config cfg;
	size_t i, loaded = 0;

	if (tnc_config_load(path, k->label, &cfg) < 0)
		return 0;
	for (i = 0; i < cfg.count; i++)
		if (plugin_load(r, k, fns, cfg.entries[i].name,
				cfg.entries[i].path) == 0)
			loaded++;
	if (cfg.count == 0)
		log_line(k->subsys, 0, "no %s found in %s", k->label, path);
	tnc_config_free(&cfg);
	return loaded;
}

void plugin_unload_all(struct plugin_registry *r,
		       const struct plugin_kind *k, void *fns_array)
{
	struct plugin_entry *e;
	plugin_terminate_fn terminate;
	size_t i;

	for (i = r->count; i-- > 0;) {
		e = &r->entries[i];
		terminate = (plugin_terminate_fn)entry(
			(char *)fns_array + i * k->fns_size, k->terminate);
		if (terminate)
			terminate(e->id);
		log_line(k->subsys, 1, "%s %lu \"%s\" unloaded", k->label,
			 e->id, e->name);
		dlclose(e->handle);
	}
}
