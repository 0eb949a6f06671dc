/*
 * conf.c - parser of the "key = value" configuration files of tnc-server
 * and pt-tls-client (see conf.h), and typed lookups on the result.
 *
 * The whole text is parsed before anything is used: every bad line is
 * reported with file:line and skipped, so one run shows all the mistakes
 * of a file. Repeated keys are folded once after parsing (the last one
 * wins), so lookups and the unknown-key check see each key once.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "conf.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"

/* A configuration file is small; anything larger is a mistake. */
#define CONF_MAX_SIZE (1024 * 1024)

/* A cursor over one line, without its end-of-line characters. */
struct line {
	const char *p;
	const char *end;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static void skip_blanks(struct line *l)
{
	while (l->p < l->end && is_blank(*l->p))
		l->p++;
}

static bool rest_is_empty(struct line *l)
{
	skip_blanks(l);
	return l->p == l->end || *l->p == '#';
}

/*
 * A double-quoted value starting at l->p, with \" and \\ as the only
 * escapes. Returns the unescaped copy (caller frees) or NULL with *why set.
 */
static char *read_quoted(struct line *l, const char **why)
{
	const char *s = l->p + 1;
	char *out, *o;

	out = malloc(l->end - l->p);
	if (!out) {
		*why = "out of memory";
		return NULL;
	}
	o = out;
	for (; s < l->end && *s != '"'; s++) {
		if (*s == '\\') {
			if (s + 1 == l->end || (s[1] != '"' && s[1] != '\\')) {
				*why = "invalid escape in quoted value "
				       "(only \\\" and \\\\ are known)";
				free(out);
				return NULL;
			}
			s++;
		}
		*o++ = *s;
	}
	if (s == l->end) {
		*why = "unterminated quoted value";
		free(out);
		return NULL;
	}
	*o = '\0';
	l->p = s + 1;
	if (!rest_is_empty(l)) {
		*why = "text after the quoted value";
		free(out);
		return NULL;
	}
	return out;
}

/*
 * An unquoted value: the rest of the line up to a '#' that follows a
 * blank, without surrounding blanks. Caller frees.
 */
static char *read_plain(struct line *l)
{
	const char *start = l->p, *end = l->p;

	for (; l->p < l->end; l->p++) {
		if (*l->p == '#' && is_blank(l->p[-1]))
			break;
		if (!is_blank(*l->p))
			end = l->p + 1;
	}
	return strndup(start, end - start);
}

static int add_item(struct conf *c, size_t *cap, char *key, char *value,
		    unsigned lineno)
{
	struct conf_item *items;

	if (c->count == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		items = realloc(c->items, *cap * sizeof(*items));
		if (!items)
			return -1;
		c->items = items;
	}
	c->items[c->count++] = (struct conf_item){ key, value, lineno };
	return 0;
}

/*
 * Parses one line into c. Returns 1 when the line is bad (logged), 0 when
 * it was fine, -1 when out of memory.
 */
static int parse_line(struct line l, const char *file, unsigned n,
		      struct conf *c, size_t *cap)
{
	const char *key_start, *why = NULL;
	char *key, *value;
	size_t key_len;

	if (l.end > l.p && memchr(l.p, '\0', l.end - l.p)) {
		why = "NUL byte in line";
		goto bad;
	}
	if (rest_is_empty(&l))
		return 0;
	key_start = l.p;
	while (l.p < l.end && is_key_char(*l.p))
		l.p++;
	key_len = l.p - key_start;
	if (key_len == 0) {
		why = "expected a setting name ([A-Za-z0-9_.-]+)";
		goto bad;
	}
	skip_blanks(&l);
	if (l.p == l.end || *l.p != '=') {
		why = "expected '=' after the setting name";
		goto bad;
	}
	l.p++;
	skip_blanks(&l);
	if (l.p < l.end && *l.p == '"')
		value = read_quoted(&l, &why);
	else
		value = read_plain(&l);
	if (!value) {
		if (!why)
			return -1;
		goto bad;
	}
	key = strndup(key_start, key_len);
	if (!key || add_item(c, cap, key, value, n) < 0) {
		free(key);
		free(value);
		return -1;
	}
	return 0;
bad:
	log_cfg(0, "%s:%u: %s, line skipped", file, n, why);
	return 1;
}

/* Sort order for folding repeated keys: by key, then by position. */
static int cmp_by_key(const void *a, const void *b, void *arg)
{
	const struct conf_item *items = arg;
	size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
	int d = strcmp(items[ia].key, items[ib].key);

	if (d)
		return d;
	return ia < ib ? -1 : ia > ib;
}

/*
 * Drops every item that a later one with the same key overrides, keeping
 * file order; O(n log n) so a huge file cannot make parsing quadratic.
 */
static int fold_repeated(struct conf *c)
{
	size_t *idx, i, kept = 0;

	if (c->count < 2)
		return 0;
	idx = malloc(c->count * sizeof(*idx));
	if (!idx)
		return -1;
	for (i = 0; i < c->count; i++)
		idx[i] = i;
	qsort_r(idx, c->count, sizeof(*idx), cmp_by_key, c->items);
	for (i = 0; i + 1 < c->count; i++) {
		struct conf_item *old = &c->items[idx[i]];
		const struct conf_item *new = &c->items[idx[i + 1]];

		if (strcmp(old->key, new->key) != 0)
			continue;
		log_cfg(2, "%s:%u: %s overrides the setting of line %u",
			c->file, new->line, new->key, old->line);
		free(old->key);
		free(old->value);
		old->key = NULL;
		old->value = NULL;
	}
	free(idx);
	for (i = 0; i < c->count; i++)
		if (c->items[i].key)
			c->items[kept++] = c->items[i];
	c->count = kept;
	return 0;
}

int conf_parse(const char *text, size_t len, const char *filename,
	       struct conf *c)
{
	const char *p = text, *end = text + len, *eol;
	unsigned lineno = 0, bad = 0;
	size_t cap = 0;
	struct line l;
	int rc;

	*c = (struct conf){ 0 };
	c->file = strdup(filename ? filename : "(config)");
	if (!c->file)
		goto oom;
	if (len > CONF_MAX_SIZE) {
		log_cfg(0, "%s: larger than 1 MiB, not read", c->file);
		return -1;
	}
	while (p < end) {
		eol = memchr(p, '\n', end - p);
		l.p = p;
		l.end = eol ? eol : end;
		if (l.end > l.p && l.end[-1] == '\r')
			l.end--;
		rc = parse_line(l, c->file, ++lineno, c, &cap);
		if (rc < 0)
			goto oom;
		bad += rc;
		p = eol ? eol + 1 : end;
	}
	if (fold_repeated(c) < 0)
		goto oom;
	return bad ? -1 : 0;
oom:
	log_cfg(0, "%s: out of memory", filename ? filename : "(config)");
	conf_free(c);
	return -1;
}

int conf_read_file(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	*text = NULL;
	*len = 0;
	if (!f) {
		log_cfg(0, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	/* One byte more than allowed tells a file that is too large */
	buf = malloc(CONF_MAX_SIZE + 1);
	n = buf ? fread(buf, 1, CONF_MAX_SIZE + 1, f) : 0;
	if (buf && ferror(f)) {
		log_cfg(0, "cannot read %s: %s", path, strerror(errno));
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	if (!buf || n > CONF_MAX_SIZE) {
		log_cfg(0, "%s: %s", path,
			buf ? "larger than 1 MiB, not read" : "out of memory");
		free(buf);
		return -1;
	}
	*text = buf;
	*len = n;
	return 0;
}

int conf_load(const char *path, struct conf *c)
{
	char *text;
	size_t len;
	int rc;

	*c = (struct conf){ 0 };
	if (conf_read_file(path, &text, &len) < 0)
		return -1;
	rc = conf_parse(text, len, path, c);
	free(text);
	return rc;
}

void conf_free(struct conf *c)
{
	size_t i;

	for (i = 0; i < c->count; i++) {
		free(c->items[i].key);
		free(c->items[i].value);
	}
	free(c->items);
	free(c->file);
	*c = (struct conf){ 0 };
}

static const struct conf_item *find(const struct conf *c, const char *key)
{
	size_t i;

	for (i = 0; i < c->count; i++)
		if (strcmp(c->items[i].key, key) == 0)
			return &c->items[i];
	return NULL;
}

/* Whether key is "<prefix>.<something>". */
static const char *after_prefix(const char *key, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(key, prefix, n) != 0 || key[n] != '.' || !key[n + 1])
		return NULL;
	return key + n + 1;
}

unsigned conf_check_keys(const struct conf *c, const char *const *known,
			 const char *const *known_prefixes)
{
	const struct conf_item *it;
	const char *const *k;
	unsigned unknown = 0;
	size_t i;
	bool ok;

	for (i = 0; i < c->count; i++) {
		it = &c->items[i];
		ok = false;
		for (k = known; k && *k && !ok; k++)
			ok = strcmp(it->key, *k) == 0;
		for (k = known_prefixes; k && *k && !ok; k++)
			ok = after_prefix(it->key, *k) != NULL;
		if (ok)
			continue;
		log_cfg(0, "%s:%u: unknown setting '%s'", c->file, it->line,
			it->key);
		unknown++;
	}
	return unknown;
}

const char *conf_str(const struct conf *c, const char *key, const char *def)
{
	const struct conf_item *it = find(c, key);

	return it ? it->value : def;
}

int conf_int(const struct conf *c, const char *key, long def, long min,
	     long max, long *out)
{
	const struct conf_item *it = find(c, key);
	char *end;
	long v;

	*out = def;
	if (!it)
		return 0;
	errno = 0;
	v = strtol(it->value, &end, 10);
	if (end == it->value || *end || errno == ERANGE) {
		log_cfg(0, "%s:%u: %s: '%s' is not an integer", c->file,
			it->line, key, it->value);
		return -1;
	}
	if (v < min || v > max) {
		log_cfg(0, "%s:%u: %s: %ld is out of range [%ld, %ld]",
			c->file, it->line, key, v, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int conf_bool(const struct conf *c, const char *key, bool def, bool *out)
{
	static const char *const yes[] = { "yes", "true", "1", "on" };
	static const char *const no[] = { "no", "false", "0", "off" };
	const struct conf_item *it = find(c, key);
	size_t i;

	*out = def;
	if (!it)
		return 0;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(it->value, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(it->value, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	log_cfg(0, "%s:%u: %s: '%s' is not a boolean (yes/no, true/false, "
		"1/0, on/off)", c->file, it->line, key, it->value);
	return -1;
}

void conf_each_with_prefix(const struct conf *c, const char *prefix,
			   void (*fn)(const char *suffix, const char *value,
				      void *arg),
			   void *arg)
{
	const char *suffix;
	size_t i;

	for (i = 0; i < c->count; i++) {
		suffix = after_prefix(c->items[i].key, prefix);
		if (suffix)
			fn(suffix, c->items[i].value, arg);
	}
}

/* "swima.rest_api.uri" -> "<env_prefix>SWIMA_REST_API_URI"; -1 if it
 * does not fit buf (the parser allows only the key characters used here). */
static int env_name(const char *env_prefix, const char *suffix, char *buf,
		    size_t len)
{
	size_t n = strlen(env_prefix), i;

	if (!*suffix || n + strlen(suffix) >= len)
		return -1;
	memcpy(buf, env_prefix, n);
	for (i = 0; suffix[i]; i++) {
		unsigned char ch = (unsigned char)suffix[i];

		if (ch == '.' || ch == '-')
			ch = '_';
		else if (!isalnum(ch) && ch != '_')
			return -1;
		buf[n + i] = (char)toupper(ch);
	}
	buf[n + i] = '\0';
	return 0;
}

unsigned conf_export_env(const struct conf *c, const char *prefix,
			 const char *env_prefix)
{
	unsigned errors = 0;
	const char *suffix;
	char name[128];
	size_t i;

	for (i = 0; i < c->count; i++) {
		suffix = after_prefix(c->items[i].key, prefix);
		if (!suffix)
			continue;
		if (env_name(env_prefix, suffix, name, sizeof(name)) < 0) {
			log_cfg(0, "%s:%u: '%s' is no plugin setting name",
				c->file, c->items[i].line, c->items[i].key);
			errors++;
			continue;
		}
		setenv(name, c->items[i].value, 0);
	}
	return errors;
}
