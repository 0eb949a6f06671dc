/*
 * fuzz_apt_history.c - libFuzzer target for the sw-collector's readers of
 * untrusted text (libimcv/swima): the apt history log parser on the whole
 * input as one log, and the software identifier extraction from the head
 * of a SWID tag on the same bytes. Checks what the parser promises about
 * every entry it delivers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "apt_history.h"
#include "sw_id.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool check_entry(void *ctx, const struct apt_entry *e)
{
	size_t *changes = ctx;

	if (strlen(e->timestamp) != 20 || e->timestamp[19] != 'Z' ||
	    e->count > 2 * APT_HISTORY_MAX_PKGS)
		abort();
	for (size_t i = 0; i < e->count; i++) {
		const struct apt_change *c = &e->changes[i];

		if ((c->action != APT_CREATION && c->action != APT_DELETION) ||
		    !c->name[0] || !c->version[0] ||
		    strpbrk(c->name, " \t(),:") ||
		    strpbrk(c->version, " \t(),") ||
		    strpbrk(c->arch, " \t(),:"))
			abort();
		/* deletions before creations */
		if (i > 0 && c->action == APT_DELETION &&
		    e->changes[i - 1].action == APT_CREATION)
			abort();
	}
	*changes += e->count;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct apt_stats st;
	size_t changes = 0;
	char *id;

	if (apt_history_parse_buf((const char *)data, size, check_entry,
				  &changes, &st) != APT_OK)
		abort();
	if (sw_id_from_tag((const char *)data, size, &id)) {
		if (!strstr(id, "__"))
			abort();
		free(id);
	}
	return 0;
}
