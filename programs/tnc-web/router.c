/*
 * router.c - the route table of tnc-web and the authentication and role
 * checks in front of every handler (router.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "router.h"
#include "web_parse.h"

/*
 * First match wins, so literal paths come before the generic object
 * routes. Writes need the admin role; reads either role.
 */
static const struct web_route routes[] = {
	{ "POST", "/api/login/", ROLE_NONE, api_login },
	{ "POST", "/api/logout/", ROLE_READONLY, api_logout },
	{ "GET", "/api/me/", ROLE_READONLY, api_me },
	{ "GET", "/api/statistics/", ROLE_READONLY, api_statistics },
	{ "POST", "/api/swid/add-tags/", ROLE_ADMIN, api_swid_add_tags },
	{ "POST", "/api/sessions/{id}/swid-measurement/", ROLE_ADMIN,
	  api_swid_measurement },
	{ "POST", "/api/sessions/{id}/swid-events/", ROLE_ADMIN,
	  api_swid_events },
	{ "GET", "/api/{type}/", ROLE_READONLY, api_list },
	{ "POST", "/api/{type}/", ROLE_ADMIN, api_create },
	{ "GET", "/api/{type}/{id}/", ROLE_READONLY, api_get },
	{ "PUT", "/api/{type}/{id}/", ROLE_ADMIN, api_update },
	{ "PATCH", "/api/{type}/{id}/", ROLE_ADMIN, api_update },
	{ "DELETE", "/api/{type}/{id}/", ROLE_ADMIN, api_delete },
	/* the pages: forms carry the CSRF token as a hidden field */
	{ "GET", "/static/style.css", ROLE_NONE, page_style },
	{ "GET", "/login/", ROLE_NONE, page_login_form },
	{ "POST", "/login/", ROLE_NONE, page_login },
	{ "POST", "/logout/", ROLE_READONLY, page_logout },
	{ "GET", "/", ROLE_READONLY, page_overview },
	{ "GET", "/statistics/", ROLE_READONLY, page_statistics },
	{ "GET", "/vulnerabilities/", ROLE_READONLY, page_vulnerabilities },
	{ "GET", "/search/", ROLE_READONLY, page_search },
	{ "GET", "/{type}/", ROLE_READONLY, page_list },
	{ "POST", "/{type}/", ROLE_ADMIN, page_create },
	{ "GET", "/{type}/{id}/", ROLE_READONLY, page_object },
	{ "POST", "/{type}/{id}/", ROLE_ADMIN, page_update },
	{ "POST", "/{type}/{id}/delete/", ROLE_ADMIN, page_delete },
};

void web_response_free(struct web_response *resp)
{
	free(resp->body);
	free(resp->set_cookie);
	free(resp->location);
	memset(resp, 0, sizeof(*resp));
}

void web_json(struct web_response *resp, unsigned status, json_t *doc)
{
	free(resp->body);
	resp->body = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	if (!resp->body) {
		resp->body = strdup("{\"detail\":\"out of memory\"}");
		status = 500;
	}
	resp->status = status;
	resp->content_type = "application/json";
}

void web_detail(struct web_response *resp, unsigned status,
		const char *detail)
{
	web_json(resp, status, json_pack("{s:s}", "detail", detail));
}

/* The next '/'-separated segment of *p into seg; false at the end. */
static bool next_segment(const char **p, char *seg, size_t len)
{
	const char *s = *p, *e;

	while (*s == '/')
		s++;
	if (!*s)
		return false;
	e = strchr(s, '/');
	if (!e)
		e = s + strlen(s);
	if ((size_t)(e - s) >= len) {
		/* too long for any pattern: cannot match */
		seg[0] = '\0';
	} else {
		memcpy(seg, s, (size_t)(e - s));
		seg[e - s] = '\0';
	}
	*p = e;
	return true;
}

static bool parse_id(const char *s, int64_t *id)
{
	char *end;

	if (*s < '1' || *s > '9')
		return false;
	errno = 0;
	*id = strtoll(s, &end, 10);
	return !errno && !*end;
}

/* Whether path matches pattern, filling call's {type} and {id}. */
static bool match(const char *pattern, const char *path,
		  struct web_call *call)
{
	char ps[64], seg[64];

	for (;;) {
		bool more_p = next_segment(&pattern, ps, sizeof(ps));
		bool more = next_segment(&path, seg, sizeof(seg));

		if (!more_p || !more)
			return more_p == more;
		if (strcmp(ps, "{type}") == 0) {
			call->type = obj_type_find(seg);
			if (!call->type)
				return false;
		} else if (strcmp(ps, "{id}") == 0) {
			if (!parse_id(seg, &call->id))
				return false;
		} else if (strcmp(ps, seg) != 0) {
			return false;
		}
	}
}

static bool is_safe(const char *method)
{
	return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

/* The X-CSRF-Token header, else the pages' hidden csrf_token field. */
static bool csrf_ok(const struct web_request *req, const char *expect)
{
	const char *v;
	json_t *form;
	char err[80];
	bool ok;

	if (req->csrf)
		return auth_equal(req->csrf, expect);
	if (!web_form_parse(req->body, req->body_len, &form, err, sizeof(err)))
		return false;
	v = json_string_value(json_object_get(form, "csrf_token"));
	ok = v && auth_equal(v, expect);
	json_decref(form);
	return ok;
}

/*
 * Who is calling: Basic credentials (API clients; no CSRF then) or the
 * session cookie. Leaves call->role ROLE_NONE for an anonymous caller;
 * false when resp already holds the refusal.
 */
static bool authenticate(struct web_ctx *ctx, const struct web_request *req,
			 struct web_call *call, struct web_response *resp)
{
	char user[128], pass[256];
	struct auth_session s;
	enum auth_result r;
	time_t now = time(NULL);

	if (req->authorization) {
		if (!web_basic_decode(req->authorization, user, sizeof(user),
				      pass, sizeof(pass))) {
			resp->ask_basic = true;
			web_detail(resp, 401, "malformed Authorization header");
			return false;
		}
		r = auth_check_password(ctx->auth, user, pass, req->remote,
					now, &call->role);
		explicit_bzero(pass, sizeof(pass));
		if (r == AUTH_OK)
			return true;
		call->role = ROLE_NONE;
		resp->ask_basic = r == AUTH_DENIED;
		web_detail(resp, r == AUTH_LOCKED ? 429 :
			   r == AUTH_DENIED ? 401 : 500,
			   r == AUTH_LOCKED ? "too many failed log-ins, "
			   "try again later" : r == AUTH_DENIED ?
			   "invalid user name or password" :
			   "users database error");
		return false;
	}
	if (req->cookie &&
	    web_cookie_get(req->cookie, WEB_SESSION_COOKIE,
			   call->session_token, sizeof(call->session_token)) &&
	    auth_session_find(ctx->auth, call->session_token, now, &s)) {
		call->role = s.role;
		call->via_session = true;
		memcpy(call->csrf, s.csrf, sizeof(call->csrf));
		/*
		 * a cross-site form can set neither this header nor a
		 * token it cannot read (CSRF)
		 */
		if (!is_safe(req->method) && !csrf_ok(req, s.csrf)) {
			web_detail(resp, 403, "CSRF token missing or wrong");
			return false;
		}
	}
	return true;
}

void web_dispatch(struct web_ctx *ctx, const struct web_request *req,
		  struct web_response *resp)
{
	struct web_call call;
	bool path_known = false;
	size_t i;

	memset(resp, 0, sizeof(*resp));
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		memset(&call, 0, sizeof(call));
		call.req = req;
		if (!match(routes[i].pattern, req->path, &call))
			continue;
		path_known = true;
		if (strcmp(routes[i].method, req->method) == 0)
			break;
	}
	if (i == sizeof(routes) / sizeof(routes[0])) {
		web_detail(resp, path_known ? 405 : 404, path_known ?
			   "method not allowed" : "not found");
		return;
	}
	if (!authenticate(ctx, req, &call, resp))
		return;
	if (call.role == ROLE_NONE && routes[i].role != ROLE_NONE &&
	    strncmp(req->path, "/api/", 5) != 0) {
		/* a page: a browser goes to the log-in form instead */
		resp->status = 303;
		resp->location = strdup("/login/");
		return;
	}
	if (call.role < routes[i].role) {
		resp->ask_basic = call.role == ROLE_NONE;
		web_detail(resp, call.role == ROLE_NONE ? 401 : 403,
			   call.role == ROLE_NONE ?
			   "authentication required" :
			   "the read-only role cannot change anything");
		return;
	}
	routes[i].handler(ctx, &call, resp);
}
