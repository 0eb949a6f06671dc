/*
 * web_parse.c - request header, query and SWID body parsers of tnc-web
 * (web_parse.h). Each checks every field once here; the handlers then
 * work on typed values only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "web_parse.h"

static bool fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return false;
}

bool web_basic_decode(const char *header, char *user, size_t userlen,
		      char *pass, size_t passlen)
{
	unsigned char buf[512];
	const char *b64;
	char *colon;
	size_t len;
	int n;

	if (strncasecmp(header, "Basic ", 6) != 0)
		return false;
	b64 = header + 6;
	while (*b64 == ' ')
		b64++;
	len = strlen(b64);
	if (!len || len % 4 || len / 4 * 3 >= sizeof(buf))
		return false;
	n = EVP_DecodeBlock(buf, (const unsigned char *)b64, (int)len);
	if (n < 0)
		return false;
	/* DecodeBlock counts the padding as zero bytes */
	if (b64[len - 1] == '=')
		n--;
	if (b64[len - 2] == '=')
		n--;
	buf[n] = '\0';
	if (memchr(buf, '\0', (size_t)n))
		return false;
	colon = strchr((char *)buf, ':');
	if (!colon || (size_t)(colon - (char *)buf) >= userlen ||
	    strlen(colon + 1) >= passlen)
		return false;
	*colon = '\0';
	strcpy(user, (char *)buf);
	strcpy(pass, colon + 1);
	explicit_bzero(buf, sizeof(buf));
	return true;
}

bool web_cookie_get(const char *header, const char *name, char *out,
		    size_t outlen)
{
	size_t nlen = strlen(name), vlen;
	const char *p = header, *end;

	while (*p) {
		while (*p == ' ' || *p == ';')
			p++;
		end = strchr(p, ';');
		if (!end)
			end = p + strlen(p);
		if ((size_t)(end - p) > nlen && strncmp(p, name, nlen) == 0 &&
		    p[nlen] == '=') {
			vlen = (size_t)(end - p) - nlen - 1;
			if (vlen >= outlen)
				return false;
			memcpy(out, p + nlen + 1, vlen);
			out[vlen] = '\0';
			return true;
		}
		p = end;
	}
	return false;
}

static bool parse_count(const char *s, long long max, int64_t *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return !errno && !*end && *v <= max;
}

bool web_query_parse(const struct obj_filter *args, size_t count,
		     struct obj_query *q, char *err, size_t errlen)
{
	struct obj_filter *filters;
	size_t i;

	memset(q, 0, sizeof(*q));
	filters = calloc(count + 1, sizeof(*filters));
	if (!filters)
		return fail(err, errlen, "out of memory");
	q->filters = filters;
	for (i = 0; i < count; i++) {
		if (strcmp(args[i].field, "limit") == 0) {
			if (!parse_count(args[i].value, 10000, &q->limit))
				return fail(err, errlen, "limit must be a "
					    "number 0..10000");
		} else if (strcmp(args[i].field, "offset") == 0) {
			if (!parse_count(args[i].value, INT64_MAX, &q->offset))
				return fail(err, errlen, "offset must be a "
					    "number >= 0");
		} else {
			filters[q->filter_count++] = args[i];
		}
	}
	return true;
}

bool web_json_object(const char *body, size_t len, json_t **doc, char *err,
		     size_t errlen)
{
	json_error_t e;

	*doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &e);
	if (!*doc)
		return fail(err, errlen, "malformed JSON: %s (line %d)",
			    e.text, e.line);
	if (!json_is_object(*doc)) {
		json_decref(*doc);
		*doc = NULL;
		return fail(err, errlen, "the body must be a JSON object");
	}
	return true;
}

/* The non-empty array of strings under "data" of doc. */
static json_t *data_strings(json_t *doc, char *err, size_t errlen)
{
	json_t *data = json_object_get(doc, "data"), *v;
	size_t i;

	if (!json_is_array(data) || !json_array_size(data)) {
		fail(err, errlen, "data must be a non-empty list");
		return NULL;
	}
	json_array_foreach(data, i, v)
		if (!json_is_string(v) || !json_string_length(v)) {
			fail(err, errlen, "data[%zu] must be a non-empty "
			     "string", i);
			return NULL;
		}
	return data;
}

bool web_swid_tags_parse(const char *body, size_t len, json_t **doc,
			 struct swid_xml **tags, size_t *count, char *err,
			 size_t errlen)
{
	json_t *data, *v;
	size_t i;

	*tags = NULL;
	*count = 0;
	if (!web_json_object(body, len, doc, err, errlen))
		return false;
	data = data_strings(*doc, err, errlen);
	if (!data)
		return false;
	*tags = calloc(json_array_size(data), sizeof(**tags));
	if (!*tags)
		return fail(err, errlen, "out of memory");
	json_array_foreach(data, i, v) {
		(*tags)[i].ptr = json_string_value(v);
		(*tags)[i].len = json_string_length(v);
	}
	*count = json_array_size(data);
	return true;
}

bool web_swid_ids_parse(const char *body, size_t len, struct swid_strs *ids,
			char *err, size_t errlen)
{
	json_t *doc, *data, *v;
	bool ok;
	size_t i;

	if (!web_json_object(body, len, &doc, err, errlen))
		return false;
	data = data_strings(doc, err, errlen);
	ok = data != NULL;
	json_array_foreach(data, i, v)
		if (ok && !swid_strs_add(ids, json_string_value(v),
					 json_string_length(v)))
			ok = fail(err, errlen, "out of memory");
	json_decref(doc);
	return ok;
}

/* An unsigned integer of at most max under key of o. */
static bool get_uint(const json_t *o, const char *key, uint32_t max,
		     uint32_t *v, const char *where, char *err, size_t errlen)
{
	const json_t *j = json_object_get(o, key);
	json_int_t n;

	if (!json_is_integer(j))
		return fail(err, errlen, "%s%s must be a number", where, key);
	n = json_integer_value(j);
	if (n < 0 || n > (json_int_t)max)
		return fail(err, errlen, "%s%s out of range", where, key);
	*v = (uint32_t)n;
	return true;
}

static bool event_parse(const json_t *e, size_t i, struct swid_events *ev,
			char *err, size_t errlen)
{
	const json_t *ts = json_object_get(e, "timestamp");
	const json_t *id = json_object_get(e, "softwareId");
	uint32_t eid, record, source, action;
	char where[48];

	snprintf(where, sizeof(where), "events[%zu].", i);
	if (!json_is_object(e))
		return fail(err, errlen, "events[%zu] must be an object", i);
	if (!get_uint(e, "eid", UINT32_MAX, &eid, where, err, errlen) ||
	    !get_uint(e, "recordId", UINT32_MAX, &record, where, err,
		      errlen) ||
	    !get_uint(e, "sourceId", UINT8_MAX, &source, where, err, errlen) ||
	    !get_uint(e, "action", 2, &action, where, err, errlen))
		return false;
	if (action < 1)
		return fail(err, errlen, "%saction must be 1 or 2", where);
	/* RFC 8412 timestamps are 20 characters: YYYY-MM-DDThh:mm:ssZ */
	if (!json_is_string(ts) || json_string_length(ts) > 20)
		return fail(err, errlen, "%stimestamp must be a string of at "
			    "most 20 characters", where);
	if (!json_is_string(id) || !json_string_length(id))
		return fail(err, errlen, "%ssoftwareId must be a non-empty "
			    "string", where);
	if (!swid_events_push(ev, eid, json_string_value(ts),
			      json_string_length(ts), record, (uint8_t)source,
			      (uint8_t)action, json_string_value(id),
			      json_string_length(id)))
		return fail(err, errlen, "out of memory");
	return true;
}

bool web_swid_events_parse(const char *body, size_t len,
			   struct swid_events *ev, char *err, size_t errlen)
{
	json_t *doc, *events, *e;
	bool ok;
	size_t i;

	if (!web_json_object(body, len, &doc, err, errlen))
		return false;
	events = json_object_get(doc, "events");
	ok = get_uint(doc, "epoch", UINT32_MAX, &ev->epoch, "", err, errlen) &&
	     get_uint(doc, "lastEid", UINT32_MAX, &ev->last_eid, "", err,
		      errlen);
	if (ok && !json_is_array(events))
		ok = fail(err, errlen, "events must be a list");
	json_array_foreach(events, i, e)
		if (ok)
			ok = event_parse(e, i, ev, err, errlen);
	json_decref(doc);
	return ok;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..len) into out (at least len bytes); its length in *n. */
static bool form_decode(const char *s, size_t len, char *out, size_t *n,
			char *err, size_t errlen)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] != '%') {
			out[o++] = s[i];
		} else {
			hi = i + 2 < len ? hex_value(s[i + 1]) : -1;
			lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
			if (lo < 0)
				return fail(err, errlen, "form: bad %%-escape "
					    "at byte %zu", i);
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		}
		if (!out[o - 1])
			return fail(err, errlen, "form: NUL byte at %zu", i);
	}
	*n = o;
	return true;
}

/* Adds the pair s[0..len) ("name=value" or "name") to doc. */
static bool form_pair(const char *s, size_t len, json_t *doc, char *buf,
		      char *err, size_t errlen)
{
	const char *eq = memchr(s, '=', len);
	size_t nlen = eq ? (size_t)(eq - s) : len, klen, vlen;
	json_t *v;

	if (!form_decode(s, nlen, buf, &klen, err, errlen))
		return false;
	buf[klen] = '\0';
	if (!eq) {
		vlen = 0;
	} else if (!form_decode(eq + 1, len - nlen - 1, buf + klen + 1, &vlen,
				err, errlen)) {
		return false;
	}
	v = json_stringn(buf + klen + 1, vlen);
	if (!v || json_object_set_new(doc, buf, v) != 0)
		return fail(err, errlen, "form: field is not UTF-8 text");
	return true;
}

bool web_form_parse(const char *body, size_t len, json_t **doc, char *err,
		    size_t errlen)
{
	const char *p = body, *end = body + len, *amp;
	json_t *o = json_object();
	char *buf = malloc(len + 2);
	bool ok = o && buf;

	if (!ok)
		fail(err, errlen, "out of memory");
	while (ok && p < end) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (!amp)
			amp = end;
		if (amp > p)
			ok = form_pair(p, (size_t)(amp - p), o, buf, err,
				       errlen);
		p = amp + 1;
	}
	free(buf);
	if (!ok) {
		json_decref(o);
		return false;
	}
	*doc = o;
	return true;
}
