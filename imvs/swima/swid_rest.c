/*
 * swid_rest.c - the SWID target of a strongTNC-style REST API
 * (swima.md sections 6.2 and 7): each operation is one JSON POST below
 * the configured API root; HTTP 412 answers with the software
 * identifiers whose tags the server lacks.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "swid_target.h"

/* A response body larger than this is not read on (a list of ids). */
#define REST_MAX_RESPONSE (64u << 20)

struct swid_rest {
	struct swid_target base;
	char *uri;		/* owned, ends in '/' */
	long timeout;
};

struct response {
	char *body;		/* owned, NUL-terminated */
	size_t len;
	bool too_large;
};

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct response *r = ctx;
	size_t len = size * n;
	char *grown;

	if (r->len + len > REST_MAX_RESPONSE) {
		r->too_large = true;
		return 0;
	}
	grown = realloc(r->body, r->len + len + 1);
	if (!grown)
		return 0;
	memcpy(grown + r->len, p, len);
	r->len += len;
	grown[r->len] = '\0';
	r->body = grown;
	return len;
}

/*
 * POSTs body (taken over) to <uri><path>; *status is the HTTP status, 0
 * when there was none. The response body is kept in *resp.
 */
static bool post(struct swid_rest *t, const char *path, json_t *body,
		 long *status, struct response *resp, struct swid_answer *ans)
{
	struct curl_slist *headers = NULL;
	char *url = NULL, *text;
	CURL *curl;
	CURLcode rc = CURLE_OUT_OF_MEMORY;

	*status = 0;
	text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	curl = curl_easy_init();
	if (text && curl && asprintf(&url, "%s%s", t->uri, path) >= 0) {
		headers = curl_slist_append(headers, "Content-Type: "
					    "application/json; charset=utf-8");
		headers = curl_slist_append(headers,
					    "Accept: application/json");
		headers = curl_slist_append(headers, "Expect:");
		curl_easy_setopt(curl, CURLOPT_URL, url);
		curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(curl, CURLOPT_TIMEOUT, t->timeout);
		curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, text);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)strlen(text));
		curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
		curl_easy_setopt(curl, CURLOPT_WRITEDATA, resp);
		rc = curl_easy_perform(curl);
		if (rc == CURLE_OK)
			curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
	}
	if (rc != CURLE_OK)
		snprintf(ans->error, sizeof(ans->error), "POST %s: %s", path,
			 resp->too_large ? "response too large" :
			 text ? curl_easy_strerror(rc) : "out of memory");
	curl_slist_free_all(headers);
	if (curl)
		curl_easy_cleanup(curl);
	free(url);
	free(text);
	return rc == CURLE_OK;
}

/* 412: the body lists the identifiers without a tag. */
static enum swid_status missing_from(const struct response *resp,
				     struct swid_answer *ans)
{
	json_t *list = json_loadb(resp->body ? resp->body : "", resp->len, 0,
				  NULL);
	enum swid_status s = SWID_MISSING;
	size_t i;

	if (!json_is_array(list)) {
		snprintf(ans->error, sizeof(ans->error),
			 "response was not a json_array");
		json_decref(list);
		return SWID_FAILED;
	}
	for (i = 0; i < json_array_size(list); i++) {
		json_t *id = json_array_get(list, i);

		if (!json_is_string(id) ||
		    !swid_strs_add(&ans->missing, json_string_value(id),
				   json_string_length(id))) {
			snprintf(ans->error, sizeof(ans->error),
				 "412 response with a non-string element");
			s = SWID_FAILED;
			break;
		}
	}
	json_decref(list);
	return s;
}

static enum swid_status call(struct swid_rest *t, const char *path,
			     json_t *body, struct swid_answer *ans)
{
	struct response resp = { 0 };
	enum swid_status s = SWID_FAILED;
	long status;

	if (post(t, path, body, &status, &resp, ans)) {
		if (status >= 200 && status < 300) {
			s = SWID_OK;
		} else if (status == 412) {
			s = missing_from(&resp, ans);
		} else if (status == 404) {
			s = SWID_NOT_FOUND;
		} else {
			snprintf(ans->error, sizeof(ans->error),
				 "POST %s: HTTP status %ld%s%.120s", path,
				 status, resp.body ? ": " : "",
				 resp.body ? resp.body : "");
		}
	}
	free(resp.body);
	return s;
}

/* A JSON string of exactly len bytes; NULL when it is not UTF-8. */
static json_t *string_of(const char *s, size_t len, struct swid_answer *ans)
{
	json_t *j = json_stringn(s, len);

	if (!j)
		snprintf(ans->error, sizeof(ans->error),
			 "a software identifier or tag is not UTF-8");
	return j;
}

/* {"data": [...]} with the strings of list. */
static json_t *data_of(json_t *list)
{
	json_t *obj = json_object();

	if (obj && list && json_object_set_new(obj, "data", list) == 0)
		return obj;
	json_decref(obj);
	return NULL;
}

static enum swid_status rest_add_tags(struct swid_target *base,
				      int64_t session,
				      const struct ietf_sw_record *records,
				      size_t count, bool inventory,
				      struct swid_answer *ans)
{
	struct swid_rest *t = (struct swid_rest *)base;
	json_t *list = json_array(), *s;
	size_t i;

	for (i = 0; list && i < count; i++) {
		const struct ietf_sw_record *r = &records[i];

		/* ISO/IEC 19770-2:2015 tags only (swima.md 2.4) */
		if (r->data_model_pen != 0 || r->data_model_type != 0)
			continue;
		s = string_of((const char *)r->record.ptr, r->record.len, ans);
		if (!s || json_array_append_new(list, s) < 0) {
			json_decref(list);
			return SWID_FAILED;
		}
		ans->added++;
	}
	return call(t, "swid/add-tags/", data_of(list), ans);
}

static enum swid_status rest_measurement(struct swid_target *base,
					 int64_t session,
					 const struct swid_strs *ids,
					 struct swid_answer *ans)
{
	struct swid_rest *t = (struct swid_rest *)base;
	json_t *list = json_array(), *s;
	char path[80];
	size_t i;

	for (i = 0; list && i < ids->count; i++) {
		s = string_of(ids->v[i], strlen(ids->v[i]), ans);
		if (!s || json_array_append_new(list, s) < 0) {
			json_decref(list);
			return SWID_FAILED;
		}
	}
	snprintf(path, sizeof(path), "sessions/%lld/swid-measurement/",
		 (long long)session);
	return call(t, path, data_of(list), ans);
}

static json_t *event_of(const struct swid_event *e, struct swid_answer *ans)
{
	json_t *id = string_of(e->sw_id, strlen(e->sw_id), ans);

	if (!id)
		return NULL;
	return json_pack("{s:I, s:s, s:I, s:I, s:I, s:o}",
			 "eid", (json_int_t)e->eid,
			 "timestamp", e->timestamp,
			 "recordId", (json_int_t)e->record_id,
			 "sourceId", (json_int_t)e->source_id,
			 "action", (json_int_t)e->action,
			 "softwareId", id);
}

static enum swid_status rest_events(struct swid_target *base, int64_t session,
				    const struct swid_events *ev,
				    struct swid_answer *ans)
{
	struct swid_rest *t = (struct swid_rest *)base;
	json_t *list = json_array(), *e, *body;
	char path[80];
	size_t i;

	for (i = 0; list && i < ev->count; i++) {
		e = event_of(&ev->v[i], ans);
		if (!e || json_array_append_new(list, e) < 0) {
			json_decref(list);
			return SWID_FAILED;
		}
	}
	body = list ? json_pack("{s:I, s:I, s:o}", "epoch",
				(json_int_t)ev->epoch, "lastEid",
				(json_int_t)ev->last_eid, "events", list) :
		      NULL;
	snprintf(path, sizeof(path), "sessions/%lld/swid-events/",
		 (long long)session);
	return call(t, path, body, ans);
}

static void rest_free(struct swid_target *base)
{
	struct swid_rest *t = (struct swid_rest *)base;

	free(t->uri);
	free(t);
}

static const struct swid_target_ops rest_ops = {
	.name = "REST API",
	.add_tags = rest_add_tags,
	.measurement = rest_measurement,
	.events = rest_events,
	.free = rest_free,
};

struct swid_target *swid_rest_new(const char *uri, long timeout)
{
	struct swid_rest *t = calloc(1, sizeof(*t));
	size_t len = strlen(uri);

	if (!t)
		return NULL;
	t->base.ops = &rest_ops;
	t->timeout = timeout;
	if (asprintf(&t->uri, "%s%s", uri,
		     len && uri[len - 1] == '/' ? "" : "/") < 0) {
		free(t);
		return NULL;
	}
	return &t->base;
}
