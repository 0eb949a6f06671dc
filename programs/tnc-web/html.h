/*
 * html.h - the growing buffer tnc-web's pages are written into. Every
 * value that comes from the database or the request goes through
 * html_text, which escapes the five characters HTML gives a meaning to
 * (&, <, >, ", '), so it is safe both in element content and in quoted
 * attribute values; html_raw is for the page's own markup only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_WEB_HTML_H
#define TNC_WEB_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct html {
	char *buf;
	size_t len, cap;
	bool failed;		/* out of memory: html_take returns NULL */
};

/* Appends markup as it is. */
void html_raw(struct html *h, const char *s);
/* Appends formatted markup (the arguments must not hold user data). */
void html_rawf(struct html *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends s escaped for content and quoted attributes. */
void html_text(struct html *h, const char *s);
/* Appends the first len bytes of s escaped (NUL bytes are dropped). */
void html_textn(struct html *h, const char *s, size_t len);

/*
 * Appends "n one" or "n many": the one place the pages choose between
 * singular and plural ("1 tag", "0 tags", "2 tags").
 */
void html_count(struct html *h, int64_t n, const char *one,
		const char *many);

/*
 * Appends s percent-encoded for a URL's query (RFC 3986 2.1: all but the
 * unreserved characters), which is also safe in a quoted attribute.
 */
void html_url(struct html *h, const char *s);

/* The page written so far (caller frees), NULL when a write failed. */
char *html_take(struct html *h);
void html_clear(struct html *h);

#endif /* TNC_WEB_HTML_H */
