/*
 * plugin.h - loading IMV and IMC shared libraries: open, resolve the entry
 * points by name from a table, Initialize, register, ProvideBindFunction,
 * and at the end Terminate and close. Both hosts use this one loader; what
 * differs between them is described by a struct plugin_kind.
 *
 * The IF-IMV and IF-IMC entry points the loader calls have the same C
 * types (every scalar is a TNC_UInt32), so one set of pointer types serves
 * both.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_PLUGIN_H
#define TNC_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>

#include <tnc/tncif.h>

#include "log.h"
#include "plugin_registry.h"

/* One entry point: its exported name, whether loading fails without it,
 * and where its address goes in the host's struct of pointers. */
struct plugin_symbol {
	const char *name;
	bool required;
	size_t offset;
};

typedef TNC_Result (*plugin_host_bind_fn)(TNC_UInt32 id, char *name,
					  void **out);
typedef TNC_Result (*plugin_initialize_fn)(TNC_UInt32 id, TNC_Version min,
					   TNC_Version max,
					   TNC_Version *actual);
typedef TNC_Result (*plugin_provide_bind_fn)(TNC_UInt32 id,
					     plugin_host_bind_fn bind);
typedef TNC_Result (*plugin_terminate_fn)(TNC_UInt32 id);

/* What loading an IMV differs in from loading an IMC. */
struct plugin_kind {
	const char *label;	/* "IMV" or "IMC": log name, tnc_config key */
	enum log_subsys subsys;
	const struct plugin_symbol *symbols;
	size_t symbol_count;
	size_t fns_size;	/* one host struct of entry-point pointers */
	/* Where the three entry points the loader calls sit in it */
	size_t initialize, provide_bind_function, terminate;
	plugin_host_bind_fn bind_function;	/* the host's */
};

/*
 * Loads one plugin into the next slot of r; its entry points go to the
 * slot's struct in fns (an array of kind->fns_size structs). Returns 0, or
 * -1 after logging why (nothing is left behind).
 */
int plugin_load(struct plugin_registry *r, const struct plugin_kind *kind,
		void *fns, const char *name, const char *path);
/* Loads every line of the kind's keyword in a tnc_config file. */
size_t plugin_load_config(struct plugin_registry *r,
			  const struct plugin_kind *kind, void *fns,
			  const char *path);
/* Terminates and closes every plugin, last loaded first. */
void plugin_unload_all(struct plugin_registry *r,
		       const struct plugin_kind *kind, void *fns);

#endif /* TNC_PLUGIN_H */
