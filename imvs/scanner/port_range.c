/*
 * port_range.c - parses the Scanner IMV's policy arguments into port
 * ranges (port_range.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "port_range.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PORT 65535u
/* a token quoted in an error is cut to this many characters */
#define MAX_QUOTED 40

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	       ch == '\v' || ch == '\f';
}

/*
 * One number of a token: [p, end) digits only. Returns NULL on success,
 * else the reason.
 */
static const char *parse_port(const char *p, const char *end, uint16_t *out)
{
	unsigned long v = 0;

	if (p == end)
		return "empty range end";
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return "not a number";
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > MAX_PORT)
			return "port above 65535";
	}
	*out = (uint16_t)v;
	return NULL;
}

static const char *parse_token(const char *p, const char *end,
			       struct port_range *r)
{
	const char *dash = memchr(p, '-', (size_t)(end - p));
	const char *why;

	if (!dash) {
		why = parse_port(p, end, &r->first);
		r->last = r->first;
		return why;
	}
	why = parse_port(p, dash, &r->first);
	if (!why)
		why = parse_port(dash + 1, end, &r->last);
	if (!why && r->first > r->last)
		why = "range start above its end";
	return why;
}

static bool append(struct port_range_list *l, size_t *cap,
		   struct port_range r)
{
	struct port_range *grown;
	size_t n;

	if (l->count == *cap) {
		n = *cap ? 2 * *cap : 8;
		grown = realloc(l->ranges, n * sizeof(*grown));
		if (!grown)
			return false;
		l->ranges = grown;
		*cap = n;
	}
	l->ranges[l->count++] = r;
	return true;
}

enum port_range_status port_range_parse(const char *arg,
					struct port_range_list *out,
					char *err, size_t errlen)
{
	const char *p = arg ? arg : "", *end, *why;
	struct port_range r;
	size_t cap = 0;
	int len;

	out->count = 0;
	out->ranges = NULL;
	for (;;) {
		while (is_space(*p))
			p++;
		if (!*p)
			return PORT_RANGE_OK;
		end = p;
		while (*end && !is_space(*end))
			end++;
		why = parse_token(p, end, &r);
		if (why) {
			len = (int)(end - p);
			snprintf(err, errlen, "invalid port range '%.*s%s': %s",
				 len > MAX_QUOTED ? MAX_QUOTED : len, p,
				 len > MAX_QUOTED ? "..." : "", why);
			return PORT_RANGE_INVALID;
		}
		if (!append(out, &cap, r))
			return PORT_RANGE_NOMEM;
		p = end;
	}
}

void port_range_list_free(struct port_range_list *l)
{
	free(l->ranges);
	l->ranges = NULL;
	l->count = 0;
}

bool port_range_contains(const struct port_range_list *l, uint16_t port)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (port >= l->ranges[i].first && port <= l->ranges[i].last)
			return true;
	return false;
}
