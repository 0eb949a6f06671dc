/*
 * dpkg_status.c - the dpkg status database reader (dpkg_status.h).
 *
 * The file is a sequence of stanzas separated by empty lines, each a set
 * of "Field: value" lines; a line starting with a blank continues the
 * previous field (descriptions, conffiles) and is of no interest here.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "dpkg_status.h"

#include <stdlib.h>
#include <string.h>

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/* The one status of an installed, configured package. */
#define DPKG_INSTALLED "install ok installed"

/* One stanza as it is read. */
struct stanza {
	char *name;
	char *version;
	bool installed;
	bool bad;		/* a line was too long */
};

/* The fields a stanza is read for. */
enum field { F_PACKAGE, F_VERSION, F_STATUS };

static const struct {
	const char *key;	/* with its colon */
	enum field field;
} fields[] = {
	{ "Package:", F_PACKAGE },
	{ "Version:", F_VERSION },
	{ "Status:", F_STATUS },
};

static void stanza_clear(struct stanza *s)
{
	free(s->name);
	free(s->version);
	memset(s, 0, sizeof(*s));
}

/* The value after the key, blanks around it removed; caller frees. */
static char *value_dup(const char *v)
{
	size_t len;

	v += strspn(v, " \t");
	len = strlen(v);
	while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t' ||
			   v[len - 1] == '\r'))
		len--;
	return strndup(v, len);
}

static bool is_read_field(const char *line)
{
	for (size_t i = 0; i < COUNT(fields); i++)
		if (strncmp(line, fields[i].key, strlen(fields[i].key)) == 0)
			return true;
	return false;
}

/* Handles one field line; false when out of memory. */
static bool stanza_line(struct stanza *s, const char *line)
{
	char **slot = NULL;
	char *v;
	size_t i, klen;

	for (i = 0; i < COUNT(fields); i++) {
		klen = strlen(fields[i].key);
		if (strncmp(line, fields[i].key, klen) != 0)
			continue;
		v = value_dup(line + klen);
		if (!v)
			return false;
		switch (fields[i].field) {
		case F_PACKAGE:
			slot = &s->name;
			break;
		case F_VERSION:
			slot = &s->version;
			break;
		case F_STATUS:
			s->installed = strcmp(v, DPKG_INSTALLED) == 0;
			free(v);
			return true;
		}
		free(*slot);
		*slot = v;
		return true;
	}
	return true;
}

/* Moves a complete installed package into l; false when out of memory. */
static bool stanza_end(struct stanza *s, struct dpkg_list *l)
{
	struct dpkg_pkg *grown;

	if (s->bad)
		l->skipped++;
	if (s->bad || !s->installed || !s->name || !s->version ||
	    !s->name[0] || !s->version[0]) {
		stanza_clear(s);
		return true;
	}
	grown = realloc(l->pkgs, (l->count + 1) * sizeof(*grown));
	if (!grown) {
		stanza_clear(s);
		return false;
	}
	l->pkgs = grown;
	l->pkgs[l->count++] = (struct dpkg_pkg){ s->name, s->version };
	s->name = s->version = NULL;
	stanza_clear(s);
	return true;
}

bool dpkg_status_parse(FILE *f, struct dpkg_list *out)
{
	char line[DPKG_MAX_LINE + 2];
	struct stanza s = { 0 };
	size_t len;
	bool ok = true;
	int ch;

	memset(out, 0, sizeof(*out));
	while (ok && fgets(line, sizeof(line), f)) {
		len = strlen(line);
		if (len > 0 && line[len - 1] == '\n') {
			line[--len] = '\0';
		} else if (!feof(f)) {
			/* Too long: the rest of the line is dropped unread.
			 * Real status files have such lines (Build-Ids,
			 * Description); only a field we read makes the
			 * stanza unusable. */
			if (is_read_field(line))
				s.bad = true;
			while ((ch = fgetc(f)) != EOF && ch != '\n')
				;
			continue;
		}
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len == 0)
			ok = stanza_end(&s, out);
		else if (line[0] != ' ' && line[0] != '\t' && !s.bad)
			ok = stanza_line(&s, line);
	}
	if (ok)
		ok = stanza_end(&s, out);
	stanza_clear(&s);
	return ok && !ferror(f);
}

bool dpkg_status_read(const char *path, struct dpkg_list *out)
{
	FILE *f = fopen(path, "r");
	bool ok;

	if (!f) {
		memset(out, 0, sizeof(*out));
		return false;
	}
	ok = dpkg_status_parse(f, out);
	fclose(f);
	return ok;
}

void dpkg_list_free(struct dpkg_list *l)
{
	size_t i;

	for (i = 0; i < l->count; i++) {
		free(l->pkgs[i].name);
		free(l->pkgs[i].version);
	}
	free(l->pkgs);
	memset(l, 0, sizeof(*l));
}
