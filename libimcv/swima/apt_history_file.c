/*
 * apt_history_file.c - reads an apt history log file, plain or rotated
 * and gzip-compressed (history.log.2.gz), into the parser of
 * apt_history.h. zlib's gz functions read both kinds transparently.
 *
 * The file is read in chunks and split into lines here, so that a NUL
 * byte inside a line is seen by the parser (gzgets would cut the line
 * there) and an overlong line is skipped without being kept.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apt_history.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define CHUNK (64 * 1024)

/* The part of a line carried over from the previous chunk. */
struct line_buf {
	char *data;
	size_t len;
	bool too_long;		/* dropping bytes until the next '\n' */
};

/* Appends n bytes to the carried-over line; false when out of memory. */
static bool line_append(struct line_buf *l, const char *s, size_t n)
{
	char *g;

	if (l->too_long)
		return true;
	if (l->len + n > APT_HISTORY_MAX_LINE) {
		l->too_long = true;
		return true;
	}
	g = realloc(l->data, l->len + n + 1);
	if (!g)
		return false;
	l->data = g;
	memcpy(l->data + l->len, s, n);
	l->len += n;
	return true;
}

/* Hands the completed line to the parser and empties l. */
static enum apt_result line_end(struct apt_parser *p, struct line_buf *l)
{
	enum apt_result r = APT_OK;

	if (l->too_long)
		apt_parser_long_line(p);
	else
		r = apt_parser_line(p, l->data ? l->data : "", l->len);
	l->len = 0;
	l->too_long = false;
	return r;
}

/* Splits one chunk into lines. */
static enum apt_result chunk_lines(struct apt_parser *p, struct line_buf *l,
				   const char *s, size_t n)
{
	const char *end = s + n, *nl;
	enum apt_result r;

	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (!line_append(l, s, (size_t)((nl ? nl : end) - s)))
			return APT_NOMEM;
		if (!nl)
			break;
		r = line_end(p, l);
		if (r != APT_OK)
			return r;
		s = nl + 1;
	}
	return APT_OK;
}

static enum apt_result read_all(gzFile gz, struct apt_parser *p)
{
	struct line_buf l = { 0 };
	enum apt_result r = APT_OK;
	char *chunk = malloc(CHUNK);
	int n = 0;

	if (!chunk)
		return APT_NOMEM;
	while (r == APT_OK && (n = gzread(gz, chunk, CHUNK)) > 0)
		r = chunk_lines(p, &l, chunk, (size_t)n);
	if (r == APT_OK && n < 0)
		r = APT_IO;
	/* The last line may lack its '\n'. */
	if (r == APT_OK && (l.len > 0 || l.too_long))
		r = line_end(p, &l);
	if (r == APT_OK)
		apt_parser_finish(p);
	free(l.data);
	free(chunk);
	return r;
}

enum apt_result apt_history_read(const char *path, apt_entry_cb cb,
				 void *ctx, struct apt_stats *stats)
{
	struct apt_parser *p;
	enum apt_result r;
	gzFile gz;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	gz = gzopen(path, "rb");
	if (!gz)
		return APT_IO;
	p = apt_parser_new(cb, ctx);
	if (!p) {
		gzclose(gz);
		return APT_NOMEM;
	}
	r = read_all(gz, p);
	if (stats)
		*stats = *apt_parser_stats(p);
	apt_parser_free(p);
	/* A damaged .gz shows only at its end (CRC, length). */
	if (gzclose(gz) != Z_OK && r == APT_OK)
		r = APT_IO;
	return r;
}
