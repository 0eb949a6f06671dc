/*
 * fuzz_tnc_config.c - libFuzzer target for the tnc_config parser
 * (libtnccs/tnc_config.c). Checks that every entry it returns has a
 * non-empty name and path and a line number inside the input.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "tnc_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct tnc_config *cfg, unsigned lines)
{
	size_t i;

	for (i = 0; i < cfg->count; i++) {
		const struct tnc_config_entry *e = &cfg->entries[i];

		if (!e->name[0] || !e->path[0] || e->line == 0 ||
		    e->line > lines || (i && e->line <= e[-1].line))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keywords[] = { "IMV", "IMC" };
	static int quiet;
	struct tnc_config cfg;
	unsigned lines = 1;
	size_t i;

	if (!quiet) {
		log_set_level(-1, -1);
		quiet = 1;
	}
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	for (i = 0; i < 2; i++) {
		if (tnc_config_parse((const char *)data, size, "fuzz",
				     keywords[i], &cfg) < 0)
			continue;
		check(&cfg, lines);
		tnc_config_free(&cfg);
	}
	return 0;
}
