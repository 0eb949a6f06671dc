/*
 * apt_history.c - the apt history log parser (apt_history.h).
 *
 * Lines arrive one at a time; an entry's changes are collected with
 * their strings in one arena and handed over only when the entry is
 * complete and well-formed. Package lists are read by parentheses, not
 * split on commas: items are "name[:arch] (version[, automatic])" and,
 * for Upgrade and Downgrade, "name[:arch] (old, new)", joined by ", ".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apt_history.h"

#include <stdlib.h>
#include <string.h>

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/* Bytes of package strings one entry may hold (a bound on memory). */
#define APT_HISTORY_MAX_ENTRY (16 * 1024 * 1024)

#define BLANKS " \t"

/* What a line's key makes of its value. */
enum kind {
	K_START,	/* Start-Date: a new entry */
	K_END,		/* End-Date: the entry is complete */
	K_SINGLE,	/* items (version[, automatic]) of one action */
	K_PAIR,		/* items (old, new[, automatic]) */
};

static const struct {
	const char *key;	/* without its colon */
	enum kind kind;
	enum apt_action action;	/* K_SINGLE only */
} keys[] = {
	{ "Start-Date", K_START, 0 },
	{ "End-Date", K_END, 0 },
	{ "Install", K_SINGLE, APT_CREATION },
	{ "Remove", K_SINGLE, APT_DELETION },
	{ "Purge", K_SINGLE, APT_DELETION },
	{ "Upgrade", K_PAIR, 0 },
	/* A downgrade replaces one version by another like an upgrade. */
	{ "Downgrade", K_PAIR, 0 },
	/* Every other key (Commandline, Requested-By, Error, Reinstall)
	 * changes nothing. */
};

/* A change as collected: offsets into the arena. */
struct pending {
	enum apt_action action;
	size_t name, arch, version;
};

struct apt_parser {
	apt_entry_cb cb;
	void *ctx;
	char *line;		/* the current line, NUL-terminated */
	size_t line_cap;
	struct pending *pend;
	size_t count, cap;
	char *arena;
	size_t arena_len, arena_cap;
	struct apt_change *out;	/* built for the callback */
	size_t out_cap;
	bool open;		/* a line of an entry seen since its end */
	bool started;		/* its Start-Date was seen */
	bool bad;
	char timestamp[21];
	time_t time;
	struct apt_stats stats;
};

struct apt_parser *apt_parser_new(apt_entry_cb cb, void *ctx)
{
	struct apt_parser *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->cb = cb;
	p->ctx = ctx;
	return p;
}

void apt_parser_free(struct apt_parser *p)
{
	if (!p)
		return;
	free(p->line);
	free(p->pend);
	free(p->arena);
	free(p->out);
	free(p);
}

const struct apt_stats *apt_parser_stats(const struct apt_parser *p)
{
	return &p->stats;
}

/* Grows *buf to hold n elements of size; false when out of memory. */
static bool grow(void **buf, size_t *cap, size_t n, size_t size)
{
	size_t want = *cap ? *cap : 16;
	void *g;

	if (n <= *cap)
		return true;
	while (want < n)
		want *= 2;
	g = realloc(*buf, want * size);
	if (!g)
		return false;
	*buf = g;
	*cap = want;
	return true;
}

static void entry_reset(struct apt_parser *p)
{
	p->count = 0;
	p->arena_len = 0;
	p->open = p->started = p->bad = false;
}

/* Delivers the open entry, or counts it as malformed. */
static enum apt_result entry_end(struct apt_parser *p)
{
	enum apt_action order[] = { APT_DELETION, APT_CREATION };
	struct apt_entry e;
	size_t i, k, n = 0;
	bool go;

	if (!p->open)
		return APT_OK;
	if (p->bad || !p->started) {
		p->stats.malformed++;
		entry_reset(p);
		return APT_OK;
	}
	if (!grow((void **)&p->out, &p->out_cap, p->count, sizeof(*p->out)))
		return APT_NOMEM;
	/* Deletions first: an entry that removes and installs the same
	 * identifier leaves it installed. */
	for (k = 0; k < COUNT(order); k++)
		for (i = 0; i < p->count; i++)
			if (p->pend[i].action == order[k])
				p->out[n++] = (struct apt_change){
					p->pend[i].action,
					p->arena + p->pend[i].name,
					p->arena + p->pend[i].arch,
					p->arena + p->pend[i].version,
				};
	memcpy(e.timestamp, p->timestamp, sizeof(e.timestamp));
	e.time = p->time;
	e.changes = p->out;
	e.count = n;
	p->stats.entries++;
	go = p->cb(p->ctx, &e);
	entry_reset(p);
	return go ? APT_OK : APT_STOPPED;
}

/* Reads exactly digits decimal digits; false when they are not there. */
static bool read_num(const char **s, int digits, int *v)
{
	*v = 0;
	for (int i = 0; i < digits; i++, (*s)++) {
		if (**s < '0' || **s > '9')
			return false;
		*v = *v * 10 + (**s - '0');
	}
	return true;
}

static bool read_char(const char **s, char c)
{
	if (**s != c)
		return false;
	(*s)++;
	return true;
}

/*
 * "2026-11-22  06:40:02", local time, to its time_t and the UTC RFC 3339
 * form; false when malformed or not a real date.
 */
static bool parse_date(const char *s, time_t *t, char ts[21])
{
	struct tm tm = { 0 }, check;
	int year, mon, mday;
	size_t gap;

	s += strspn(s, BLANKS);
	if (!read_num(&s, 4, &year) || !read_char(&s, '-') ||
	    !read_num(&s, 2, &mon) || !read_char(&s, '-') ||
	    !read_num(&s, 2, &mday))
		return false;
	gap = strspn(s, BLANKS);
	s += gap;
	if (gap == 0 || !read_num(&s, 2, &tm.tm_hour) || !read_char(&s, ':') ||
	    !read_num(&s, 2, &tm.tm_min) || !read_char(&s, ':') ||
	    !read_num(&s, 2, &tm.tm_sec))
		return false;
	s += strspn(s, BLANKS);
	if (*s || year < 1970 || mon < 1 || mon > 12 || mday < 1 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return false;
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = mday;
	tm.tm_isdst = -1;
	*t = mktime(&tm);
	/* mktime moves Feb 30 to March; such a date is not one apt wrote. */
	if (*t == (time_t)-1 || !localtime_r(t, &check) ||
	    check.tm_year != year - 1900 || check.tm_mon != mon - 1 ||
	    check.tm_mday != mday || !gmtime_r(t, &check))
		return false;
	return strftime(ts, 21, "%Y-%m-%dT%H:%M:%SZ", &check) == 20;
}

/* Copies n bytes of s into the arena as a string; its offset in *off. */
static bool arena_add(struct apt_parser *p, const char *s, size_t n,
		      size_t *off)
{
	if (p->arena_len + n + 1 > APT_HISTORY_MAX_ENTRY)
		return false;
	if (!grow((void **)&p->arena, &p->arena_cap, p->arena_len + n + 1, 1))
		return false;
	memcpy(p->arena + p->arena_len, s, n);
	p->arena[p->arena_len + n] = '\0';
	*off = p->arena_len;
	p->arena_len += n + 1;
	return true;
}

/* A token of an item: name, arch or version. */
struct token {
	const char *s;
	size_t len;
};

static bool add_change(struct apt_parser *p, enum apt_action action,
		       struct token name, struct token arch,
		       struct token version)
{
	struct pending *c;

	if (p->count >= APT_HISTORY_MAX_PKGS ||
	    !grow((void **)&p->pend, &p->cap, p->count + 1, sizeof(*p->pend)))
		return false;
	c = &p->pend[p->count];
	c->action = action;
	if (!arena_add(p, name.s, name.len, &c->name) ||
	    !arena_add(p, arch.s, arch.len, &c->arch) ||
	    !arena_add(p, version.s, version.len, &c->version))
		return false;
	p->count++;
	return true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Splits the len bytes between an item's parentheses at their commas into
 * up to max trimmed, non-empty tokens without blanks; the count, or -1.
 */
static int split_versions(const char *s, size_t len, struct token *t,
			  int max)
{
	const char *end = s + len, *comma, *e;
	int n = 0;

	for (;;) {
		comma = memchr(s, ',', (size_t)(end - s));
		if (!comma)
			comma = end;
		if (n == max)
			return -1;
		while (s < comma && is_blank(*s))
			s++;
		for (e = s; e < comma && !is_blank(*e); e++)
			;
		t[n].s = s;
		t[n].len = (size_t)(e - s);
		while (e < comma && is_blank(*e))
			e++;
		if (t[n].len == 0 || e != comma)
			return -1;
		n++;
		if (comma == end)
			return n;
		s = comma + 1;
	}
}

/* Adds the changes of one item for key kind k; false when malformed. */
static bool parse_item(struct apt_parser *p, enum kind k,
		       enum apt_action action, struct token name,
		       const char *inner, size_t len)
{
	struct token arch = { "", 0 }, v[3];
	const char *colon = memchr(name.s, ':', name.len);
	int want = k == K_PAIR ? 2 : 1;
	int n;

	if (colon) {
		arch.s = colon + 1;
		arch.len = name.len - (size_t)(arch.s - name.s);
		name.len = (size_t)(colon - name.s);
		if (name.len == 0 || arch.len == 0 ||
		    memchr(arch.s, ':', arch.len))
			return false;
	}
	n = split_versions(inner, len, v, want + 1);
	if (n < want || (n == want + 1 && (v[want].len != 9 ||
					  memcmp(v[want].s, "automatic", 9))))
		return false;
	if (k == K_SINGLE)
		return add_change(p, action, name, arch, v[0]);
	return add_change(p, APT_DELETION, name, arch, v[0]) &&
	       add_change(p, APT_CREATION, name, arch, v[1]);
}

/* The value of a package list line; false when malformed. */
static bool parse_list(struct apt_parser *p, enum kind k,
		       enum apt_action action, const char *s)
{
	struct token name;
	const char *inner;
	size_t len;

	for (;;) {
		s += strspn(s, BLANKS);
		name.s = s;
		name.len = strcspn(s, BLANKS "(),");
		if (name.len == 0)
			return false;
		s += name.len;
		s += strspn(s, BLANKS);
		if (!read_char(&s, '('))
			return false;
		inner = s;
		len = strcspn(s, "()");
		if (s[len] != ')')
			return false;
		if (!parse_item(p, k, action, name, inner, len))
			return false;
		s += len + 1;
		s += strspn(s, BLANKS);
		if (*s == '\0')
			return true;
		if (!read_char(&s, ','))
			return false;
	}
}

/* The line in p->line, NUL-terminated and without a NUL inside. */
static enum apt_result parse_line(struct apt_parser *p)
{
	const char *line = p->line, *colon = strchr(line, ':');
	enum apt_result r;
	size_t i, klen;

	if (!colon) {
		p->open = p->bad = true;
		return APT_OK;
	}
	klen = (size_t)(colon - line);
	for (i = 0; i < COUNT(keys); i++)
		if (strlen(keys[i].key) == klen &&
		    memcmp(line, keys[i].key, klen) == 0)
			break;
	if (i < COUNT(keys) && keys[i].kind == K_START) {
		/* An entry without End-Date and empty line: apt was killed
		 * and a later run appended its entry. */
		r = entry_end(p);
		if (r != APT_OK)
			return r;
		p->open = p->started = true;
		if (!parse_date(colon + 1, &p->time, p->timestamp))
			p->bad = true;
		return APT_OK;
	}
	p->open = true;
	if (i == COUNT(keys) || p->bad)
		return APT_OK;
	if (keys[i].kind == K_END)
		return entry_end(p);
	if (!parse_list(p, keys[i].kind, keys[i].action, colon + 1))
		p->bad = true;
	return APT_OK;
}

enum apt_result apt_parser_line(struct apt_parser *p, const char *line,
				size_t len)
{
	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len == 0)
		return entry_end(p);
	if (len > APT_HISTORY_MAX_LINE) {
		apt_parser_long_line(p);
		return APT_OK;
	}
	if (memchr(line, '\0', len)) {
		p->open = p->bad = true;
		return APT_OK;
	}
	if (!grow((void **)&p->line, &p->line_cap, len + 1, 1))
		return APT_NOMEM;
	memcpy(p->line, line, len);
	p->line[len] = '\0';
	return parse_line(p);
}

void apt_parser_long_line(struct apt_parser *p)
{
	p->stats.long_lines++;
	p->open = p->bad = true;
}

void apt_parser_finish(struct apt_parser *p)
{
	if (!p->open)
		return;
	/* Lines without a Start-Date are no entry apt is writing. */
	if (p->started)
		p->stats.truncated = true;
	else
		p->stats.malformed++;
	entry_reset(p);
}

enum apt_result apt_history_parse_buf(const char *buf, size_t len,
				      apt_entry_cb cb, void *ctx,
				      struct apt_stats *stats)
{
	struct apt_parser *p = apt_parser_new(cb, ctx);
	enum apt_result r = APT_OK;
	const char *end = buf + len, *nl;
	size_t n;

	if (!p)
		return APT_NOMEM;
	while (r == APT_OK && buf < end) {
		nl = memchr(buf, '\n', (size_t)(end - buf));
		n = (size_t)((nl ? nl : end) - buf);
		r = apt_parser_line(p, buf, n);
		buf += n + (nl ? 1 : 0);
	}
	if (r == APT_OK)
		apt_parser_finish(p);
	if (stats)
		*stats = p->stats;
	apt_parser_free(p);
	return r;
}
