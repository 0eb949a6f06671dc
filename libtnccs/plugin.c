/*
 * plugin.c - the shared-library loader behind both managers (plugin.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "plugin.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

void *plugin_open(const char *path, const struct plugin_symbol *syms,
		  size_t count, void *fns, char *err, size_t errlen)
{
	void *handle, *sym;
	size_t i;

	/* RTLD_LOCAL: plugins must not see each other's symbols */
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		snprintf(err, errlen, "%s", dlerror());
		return NULL;
	}
	for (i = 0; i < count; i++) {
		sym = dlsym(handle, syms[i].name);
		if (!sym && syms[i].required) {
			snprintf(err, errlen, "missing required function %s",
				 syms[i].name);
			dlclose(handle);
			return NULL;
		}
		/* POSIX guarantees a function address fits a void * */
		memcpy((char *)fns + syms[i].offset, &sym, sizeof(sym));
	}
	return handle;
}

void plugin_close(void *handle)
{
	if (handle)
		dlclose(handle);
}
