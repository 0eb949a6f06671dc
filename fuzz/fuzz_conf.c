/*
 * fuzz_conf.c - libFuzzer target for the key = value configuration parser
 * (libtnccs/conf.c) and its typed lookups. Checks that every key it keeps
 * is well-formed and unique (repeated keys are folded, the last wins).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count_item(const char *suffix, const char *value, void *arg)
{
	if (!suffix[0] || !value)
		abort();
	(*(unsigned *)arg)++;
}

static void check(const struct conf *c)
{
	static const char *const known[] = { "port", "cert", "log_level",
					     NULL };
	static const char *const prefixes[] = { "log_level", "a", NULL };
	unsigned n = 0;
	size_t i, j;
	long l;
	bool b;

	for (i = 0; i < c->count; i++) {
		const char *k = c->items[i].key;

		if (!k[0] || strspn(k, "abcdefghijklmnopqrstuvwxyz"
				       "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				       "0123456789_.-") != strlen(k))
			abort();
		/* Quadratic, but fuzz inputs hold few lines */
		for (j = i + 1; j < c->count && j < i + 256; j++)
			if (strcmp(k, c->items[j].key) == 0)
				abort();
		if (conf_str(c, k, NULL) != c->items[i].value)
			abort();
		conf_int(c, k, 0, -100, 100, &l);
		conf_bool(c, k, false, &b);
		conf_each_with_prefix(c, k, count_item, &n);
	}
	conf_check_keys(c, known, prefixes);
	conf_check_keys(c, NULL, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;
	struct conf c;

	if (!quiet) {
		log_set_level(-1, -1);
		quiet = 1;
	}
	conf_parse((const char *)data, size, "fuzz.conf", &c);
	check(&c);
	conf_free(&c);
	return 0;
}
