/*
 * html.c - the escaping page buffer of tnc-web (html.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

static bool reserve(struct html *h, size_t more)
{
	size_t cap;
	char *b;

	if (h->failed)
		return false;
	if (h->len + more + 1 <= h->cap)
		return true;
	cap = h->cap ? h->cap : 4096;
	while (cap < h->len + more + 1)
		cap *= 2;
	b = realloc(h->buf, cap);
	if (!b) {
		h->failed = true;
		return false;
	}
	h->buf = b;
	h->cap = cap;
	return true;
}

static void append(struct html *h, const char *s, size_t n)
{
	if (!reserve(h, n))
		return;
	memcpy(h->buf + h->len, s, n);
	h->len += n;
	h->buf[h->len] = '\0';
}

void html_raw(struct html *h, const char *s)
{
	append(h, s, strlen(s));
}

void html_rawf(struct html *h, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !reserve(h, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(h->buf + h->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	h->len += (size_t)n;
}

/* The entity of each character HTML gives a meaning to. */
static const char *const entities[256] = {
	['&'] = "&amp;",
	['<'] = "&lt;",
	['>'] = "&gt;",
	['"'] = "&quot;",
	['\''] = "&#39;",
};

void html_textn(struct html *h, const char *s, size_t len)
{
	size_t i, run = 0;
	const char *e;

	for (i = 0; i < len; i++) {
		e = entities[(unsigned char)s[i]];
		if (!e && s[i])
			continue;
		append(h, s + run, i - run);
		if (e)
			append(h, e, strlen(e));
		run = i + 1;
	}
	append(h, s + run, len - run);
}

void html_text(struct html *h, const char *s)
{
	if (s)
		html_textn(h, s, strlen(s));
}

void html_count(struct html *h, int64_t n, const char *one,
		const char *many)
{
	html_rawf(h, "%" PRId64 " ", n);
	html_text(h, n == 1 ? one : many);
}

void html_url(struct html *h, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char esc[4] = "%";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c)) {
			esc[0] = (char)c;
			esc[1] = '\0';
		} else {
			esc[0] = '%';
			esc[1] = hex[c >> 4];
			esc[2] = hex[c & 15];
			esc[3] = '\0';
		}
		html_raw(h, esc);
	}
}

char *html_take(struct html *h)
{
	char *b = h->failed ? NULL : h->buf;

	if (h->failed)
		free(h->buf);
	else if (!b)
		b = strdup("");
	memset(h, 0, sizeof(*h));
	return b;
}

void html_clear(struct html *h)
{
	free(h->buf);
	memset(h, 0, sizeof(*h));
}
