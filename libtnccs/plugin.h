/*
 * plugin.h - opening an IMV or IMC shared library and resolving its entry
 * points by name from a table, so that both managers share one loader.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_PLUGIN_H
#define TNC_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>

/* One entry point: its exported name, whether loading fails without it,
 * and where its address goes in the caller's struct of pointers. */
struct plugin_symbol {
	const char *name;
	bool required;
	size_t offset;
};

/*
 * dlopens path and fills the pointers of fns (a struct of function
 * pointers) from the table. Returns the handle, or NULL with err holding
 * the reason (the dlerror text or the missing symbol's name).
 */
void *plugin_open(const char *path, const struct plugin_symbol *syms,
		  size_t count, void *fns, char *err, size_t errlen);
void plugin_close(void *handle);

#endif /* TNC_PLUGIN_H */
