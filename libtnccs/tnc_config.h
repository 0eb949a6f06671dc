/*
 * tnc_config.h - the tnc_config file that lists the IMV and IMC libraries
 * to load, in the TCG format the reference reads:
 *
 *   # comment
 *   IMV "OS"  /usr/lib/tnc/imcvs/imv-os.so
 *   IMC "OS"  "/opt/my plugins/imc-os.so"
 *
 * A bad line is reported with file name and line number and skipped, so one
 * typo does not take the other plugins down with it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_TNC_CONFIG_H
#define TNC_TNC_CONFIG_H

#include <stddef.h>

struct tnc_config_entry {
	char *name;	/* owned */
	char *path;	/* owned */
	unsigned line;
};

struct tnc_config {
	struct tnc_config_entry *entries;	/* owned */
	size_t count;
	unsigned errors;	/* bad lines reported and skipped */
};

/*
 * Collects the entries whose keyword is `keyword` ("IMV" or "IMC") from
 * text. Other known keywords are ignored; bad lines are logged as
 * "file:line: reason" and counted. Returns 0, -1 only when out of memory.
 */
int tnc_config_parse(const char *text, size_t len, const char *filename,
		     const char *keyword, struct tnc_config *cfg);
/* The same from a file; -1 (logged) when it cannot be read. */
int tnc_config_load(const char *path, const char *keyword,
		    struct tnc_config *cfg);
void tnc_config_free(struct tnc_config *cfg);

#endif /* TNC_TNC_CONFIG_H */
