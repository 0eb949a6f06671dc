/*
 * web_parse.h - everything tnc-web reads from a request before it
 * trusts it: the Basic credentials and session cookie of the headers,
 * the list query (?field=value&limit=&offset=) and the JSON bodies of
 * strongTNC's three SWID endpoints (swima.md section 7). Pure functions
 * over bytes, so one fuzz target covers them (fuzz/fuzz_web.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_WEB_PARSE_H
#define TNC_WEB_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "objects.h"
#include "swid_store.h"

/* Largest request body read; more is answered 413. */
#define WEB_MAX_BODY (8u << 20)

/*
 * "Basic <base64 of user:password>" (RFC 7617) into user and pass; false
 * when malformed or a part does not fit.
 */
bool web_basic_decode(const char *header, char *user, size_t userlen,
		      char *pass, size_t passlen);

/* The value of cookie name in a Cookie header (RFC 6265 5.4). */
bool web_cookie_get(const char *header, const char *name, char *out,
		    size_t outlen);

/*
 * Splits query arguments into filters and paging: limit and offset must
 * be whole numbers >= 0 (limit at most 10000). q->filters points into
 * args.
 */
bool web_query_parse(const struct obj_filter *args, size_t count,
		     struct obj_query *q, char *err, size_t errlen);

/*
 * An application/x-www-form-urlencoded body (the pages' forms, HTML
 * 4.01 section 17.13.4) as a new JSON object of strings in *doc (caller
 * frees): '+' and %XX decoded, a repeated name keeps its last value.
 * Refuses a bad %-escape, a NUL byte and text that is not UTF-8.
 */
bool web_form_parse(const char *body, size_t len, json_t **doc, char *err,
		    size_t errlen);

/* A JSON object body, as a new reference in *doc (caller frees). */
bool web_json_object(const char *body, size_t len, json_t **doc, char *err,
		     size_t errlen);

/*
 * {"data": ["<SoftwareIdentity ...>", ...]}, non-empty: *tags (caller
 * frees the array; the strings belong to *doc, also the caller's).
 */
bool web_swid_tags_parse(const char *body, size_t len, json_t **doc,
			 struct swid_xml **tags, size_t *count, char *err,
			 size_t errlen);

/* {"data": ["<software id>", ...]} into ids (caller frees). */
bool web_swid_ids_parse(const char *body, size_t len, struct swid_strs *ids,
			char *err, size_t errlen);

/*
 * {"epoch": N, "lastEid": N, "events": [{"eid", "timestamp", "recordId",
 * "sourceId", "action": 1|2, "softwareId"}, ...]} into ev (caller frees).
 */
bool web_swid_events_parse(const char *body, size_t len,
			   struct swid_events *ev, char *err, size_t errlen);

#endif /* TNC_WEB_PARSE_H */
