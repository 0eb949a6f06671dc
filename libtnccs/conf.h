/*
 * conf.h - the configuration files of tnc-server and pt-tls-client: one
 * "key = value" setting per line, '#' comments, values optionally in double
 * quotes. Keys may carry a dot-separated suffix (log_level.tnc = 2).
 *
 * Every problem is reported with file name and line number: a malformed
 * line, a key the program does not know, a value out of range.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_CONF_H
#define TNC_CONF_H

#include <stdbool.h>
#include <stddef.h>

struct conf_item {
	char *key;	/* owned */
	char *value;	/* owned */
	unsigned line;
};

struct conf {
	char *file;	/* owned; for messages */
	struct conf_item *items;	/* owned */
	size_t count;
};

/*
 * Parses text; returns 0, or -1 after logging each bad line as
 * "file:line: reason". A later setting of the same key wins.
 */
int conf_parse(const char *text, size_t len, const char *filename,
	       struct conf *c);
/*
 * Reads a whole configuration file of at most 1 MiB into *text (caller
 * frees); -1 when it cannot be read, after logging why. Shared by every
 * configuration file reader.
 */
int conf_read_file(const char *path, char **text, size_t *len);
/* Reads and parses a file (at most 1 MiB); -1 (logged) on failure. */
int conf_load(const char *path, struct conf *c);
void conf_free(struct conf *c);

/*
 * Logs each key that is neither in known (NULL-terminated) nor of the
 * form "<prefix>.<anything>" for a prefix in known_prefixes (may be NULL);
 * returns how many there were.
 */
unsigned conf_check_keys(const struct conf *c, const char *const *known,
			 const char *const *known_prefixes);

/* The value of key, or def when unset. */
const char *conf_str(const struct conf *c, const char *key, const char *def);
/* Integer in [min, max]; -1 (logged with file:line) when malformed. */
int conf_int(const struct conf *c, const char *key, long def, long min,
	     long max, long *out);
/* yes/no, true/false, 1/0, on/off; -1 (logged) when malformed. */
int conf_bool(const struct conf *c, const char *key, bool def, bool *out);
/* Calls fn for every item whose key starts with "<prefix>." */
void conf_each_with_prefix(const struct conf *c, const char *prefix,
			   void (*fn)(const char *suffix, const char *value,
				      void *arg),
			   void *arg);

/*
 * IF-IMV and IF-IMC give plugins no configuration channel, so plugin
 * settings travel in the environment: every "<prefix>.<name> = value"
 * (e.g. imv.swima.rest_api.uri) becomes <env_prefix><NAME> (e.g.
 * TNC_IMV_SWIMA_REST_API_URI), dots and dashes as underscores. A
 * variable already set wins, so one run can override the file. Returns
 * the number of malformed names (logged).
 */
unsigned conf_export_env(const struct conf *c, const char *prefix,
			 const char *env_prefix);

#endif /* TNC_CONF_H */
