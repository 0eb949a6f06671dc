/*
 * tnc_config.c - parser of the tnc_config plugin list (see tnc_config.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tnc_config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "log.h"

/* A cursor over one line, without its end-of-line characters. */
struct line {
	const char *p;
	const char *end;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void skip_blanks(struct line *l)
{
	while (l->p < l->end && is_blank(*l->p))
		l->p++;
}

static bool at_end(const struct line *l)
{
	return l->p >= l->end;
}

/* A quoted string; no escapes, as the TCG format has none. */
static char *read_quoted(struct line *l)
{
	const char *start, *close;

	if (at_end(l) || *l->p != '"')
		return NULL;
	start = l->p + 1;
	close = memchr(start, '"', l->end - start);
	if (!close)
		return NULL;
	l->p = close + 1;
	return strndup(start, close - start);
}

static char *read_word(struct line *l)
{
	const char *start = l->p;

	while (l->p < l->end && !is_blank(*l->p))
		l->p++;
	return strndup(start, l->p - start);
}

static int add_entry(struct tnc_config *cfg, char *name, char *path,
		     unsigned lineno)
{
	struct tnc_config_entry *e;

	e = realloc(cfg->entries, (cfg->count + 1) * sizeof(*e));
	if (!e) {
		free(name);
		free(path);
		return -1;
	}
	cfg->entries = e;
	e[cfg->count++] = (struct tnc_config_entry){ name, path, lineno };
	return 0;
}

static void bad_line(struct tnc_config *cfg, const char *file, unsigned n,
		     const char *why)
{
	log_cfg(0, "%s:%u: %s, line skipped", file, n, why);
	cfg->errors++;
}

/* Parses one line; returns -1 only when out of memory. */
static int parse_line(struct line l, const char *file, unsigned n,
		      const char *keyword, struct tnc_config *cfg)
{
	const char *kw;
	size_t kw_len;
	char *name = NULL, *path = NULL;

	skip_blanks(&l);
	if (at_end(&l) || *l.p == '#')
		return 0;
	if (memchr(l.p, '\0', l.end - l.p)) {
		bad_line(cfg, file, n, "NUL byte in line");
		return 0;
	}
	kw = l.p;
	while (l.p < l.end && !is_blank(*l.p))
		l.p++;
	kw_len = l.p - kw;
	if (!(kw_len == 3 && (memcmp(kw, "IMV", 3) == 0 ||
			      memcmp(kw, "IMC", 3) == 0))) {
		bad_line(cfg, file, n, "unknown keyword (expected IMV or IMC)");
		return 0;
	}
	skip_blanks(&l);
	name = read_quoted(&l);
	if (!name || !*name) {
		bad_line(cfg, file, n, "missing quoted plugin name");
		goto skip;
	}
	skip_blanks(&l);
	path = at_end(&l) || *l.p == '#' ? NULL
		: *l.p == '"' ? read_quoted(&l) : read_word(&l);
	if (!path || !*path) {
		bad_line(cfg, file, n, "missing library path");
		goto skip;
	}
	skip_blanks(&l);
	if (!at_end(&l) && *l.p != '#')
		log_cfg(1, "%s:%u: text after the library path ignored", file,
			n);
	if (memcmp(kw, keyword, 3) != 0)
		goto skip;
	return add_entry(cfg, name, path, n);
skip:
	free(name);
	free(path);
	return 0;
}

int tnc_config_parse(const char *text, size_t len, const char *filename,
		     const char *keyword, struct tnc_config *cfg)
{
	const char *p = text, *end = text + len, *eol;
	unsigned lineno = 0;
	struct line l;

	*cfg = (struct tnc_config){ 0 };
	while (p < end) {
		eol = memchr(p, '\n', end - p);
		l.p = p;
		l.end = eol ? eol : end;
		if (l.end > l.p && l.end[-1] == '\r')
			l.end--;
		if (parse_line(l, filename, ++lineno, keyword, cfg) < 0) {
			tnc_config_free(cfg);
			return -1;
		}
		p = eol ? eol + 1 : end;
	}
	return 0;
}

int tnc_config_load(const char *path, const char *keyword,
		    struct tnc_config *cfg)
{
	char *text;
	size_t len;
	int rc;

	*cfg = (struct tnc_config){ 0 };
	if (conf_read_file(path, &text, &len) < 0)
		return -1;
	rc = tnc_config_parse(text, len, path, keyword, cfg);
	free(text);
	return rc;
}

void tnc_config_free(struct tnc_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->count; i++) {
		free(cfg->entries[i].name);
		free(cfg->entries[i].path);
	}
	free(cfg->entries);
	*cfg = (struct tnc_config){ 0 };
}
