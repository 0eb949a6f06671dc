/*
 * api.c - the JSON handlers of tnc-web's REST API under /api/: log-in,
 * the generic object routes over objects.h and strongTNC's three SWID
 * endpoints over libimcv's SWID store (swima.md section 7), which the
 * SWIMA IMV in database mode uses as well.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "router.h"
#include "web_parse.h"

/* HTTP status of each object status. */
static const unsigned obj_http[] = {
	[OBJ_OK] = 200,
	[OBJ_NOT_FOUND] = 404,
	[OBJ_INVALID] = 400,
	[OBJ_CONFLICT] = 409,
	[OBJ_DB_ERROR] = 500,
};

void api_login(struct web_ctx *ctx, struct web_call *call,
	       struct web_response *resp)
{
	const struct web_request *req = call->req;
	char err[160], token[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1];
	char cookie[256];
	const char *user, *pass;
	enum auth_role role;
	enum auth_result r;
	json_t *doc;

	if (!web_json_object(req->body, req->body_len, &doc, err,
			     sizeof(err))) {
		web_detail(resp, 400, err);
		return;
	}
	user = json_string_value(json_object_get(doc, "username"));
	pass = json_string_value(json_object_get(doc, "password"));
	if (!user || !pass) {
		json_decref(doc);
		web_detail(resp, 400, "username and password are needed");
		return;
	}
	r = auth_check_password(ctx->auth, user, pass, req->remote,
				time(NULL), &role);
	if (r != AUTH_OK) {
		json_decref(doc);
		web_detail(resp, r == AUTH_LOCKED ? 429 :
			   r == AUTH_DENIED ? 401 : 500,
			   r == AUTH_LOCKED ? "too many failed log-ins, "
			   "try again later" : r == AUTH_DENIED ?
			   "invalid user name or password" :
			   "users database error");
		return;
	}
	if (!auth_session_new(ctx->auth, user, time(NULL), token, csrf)) {
		json_decref(doc);
		web_detail(resp, 500, "cannot create a session");
		return;
	}
	snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; HttpOnly; "
		 "SameSite=Strict%s", WEB_SESSION_COOKIE, token,
		 ctx->tls ? "; Secure" : "");
	resp->set_cookie = strdup(cookie);
	web_json(resp, 200, json_pack("{s:s,s:s,s:s}", "user", user,
				      "role", auth_role_name(role),
				      "csrfToken", csrf));
	json_decref(doc);
}

void api_logout(struct web_ctx *ctx, struct web_call *call,
		struct web_response *resp)
{
	char cookie[128];

	if (call->via_session)
		auth_session_end(ctx->auth, call->session_token);
	snprintf(cookie, sizeof(cookie), "%s=; Path=/; Max-Age=0; HttpOnly; "
		 "SameSite=Strict", WEB_SESSION_COOKIE);
	resp->set_cookie = strdup(cookie);
	web_detail(resp, 200, "logged out");
}

void api_me(struct web_ctx *ctx, struct web_call *call,
	    struct web_response *resp)
{
	(void)ctx;
	web_json(resp, 200, json_pack("{s:s}", "role",
				      auth_role_name(call->role)));
}

void api_statistics(struct web_ctx *ctx, struct web_call *call,
		    struct web_response *resp)
{
	(void)call;
	web_json(resp, 200, obj_statistics(ctx->db));
}

void api_list(struct web_ctx *ctx, struct web_call *call,
	      struct web_response *resp)
{
	const struct web_request *req = call->req;
	struct obj_query q;
	enum obj_status s;
	json_t *rows = NULL;
	char err[160];

	if (!web_query_parse(req->args, req->arg_count, &q, err,
			     sizeof(err))) {
		free((void *)q.filters);
		web_detail(resp, 400, err);
		return;
	}
	s = obj_list(ctx->db, call->type, &q, &rows, err, sizeof(err));
	free((void *)q.filters);
	if (s == OBJ_OK)
		web_json(resp, 200, rows);
	else
		web_detail(resp, obj_http[s], err);
}

void api_get(struct web_ctx *ctx, struct web_call *call,
	     struct web_response *resp)
{
	json_t *row = NULL;
	enum obj_status s;
	char err[160];

	s = obj_get(ctx->db, call->type, call->id, &row, err, sizeof(err));
	if (s == OBJ_OK)
		web_json(resp, 200, row);
	else
		web_detail(resp, obj_http[s], err);
}

/* The JSON object body of a write; false when resp holds the refusal. */
static bool write_body(struct web_call *call, struct web_response *resp,
		       json_t **doc)
{
	char err[160];

	if (!call->type->writable) {
		web_detail(resp, 405, "this collection is read only");
		return false;
	}
	if (!web_json_object(call->req->body, call->req->body_len, doc, err,
			     sizeof(err))) {
		web_detail(resp, 400, err);
		return false;
	}
	return true;
}

/* Answers with the row id of type, status on success. */
static void answer_row(struct web_ctx *ctx, const struct obj_type *t,
		       int64_t id, unsigned status,
		       struct web_response *resp)
{
	json_t *row = NULL;
	char err[160];

	if (obj_get(ctx->db, t, id, &row, err, sizeof(err)) == OBJ_OK)
		web_json(resp, status, row);
	else
		web_detail(resp, 500, err);
}

void api_create(struct web_ctx *ctx, struct web_call *call,
		struct web_response *resp)
{
	enum obj_status s;
	int64_t id = 0;
	char err[160];
	json_t *doc;

	if (!write_body(call, resp, &doc))
		return;
	s = obj_create(ctx->db, call->type, doc, &id, err, sizeof(err));
	json_decref(doc);
	if (s == OBJ_OK)
		answer_row(ctx, call->type, id, 201, resp);
	else
		web_detail(resp, obj_http[s], err);
}

void api_update(struct web_ctx *ctx, struct web_call *call,
		struct web_response *resp)
{
	enum obj_status s;
	char err[160];
	json_t *doc;

	if (!write_body(call, resp, &doc))
		return;
	s = obj_update(ctx->db, call->type, call->id, doc, err, sizeof(err));
	json_decref(doc);
	if (s == OBJ_OK)
		answer_row(ctx, call->type, call->id, 200, resp);
	else
		web_detail(resp, obj_http[s], err);
}

void api_delete(struct web_ctx *ctx, struct web_call *call,
		struct web_response *resp)
{
	enum obj_status s;
	char err[160];

	if (!call->type->writable) {
		web_detail(resp, 405, "this collection is read only");
		return;
	}
	s = obj_delete(ctx->db, call->type, call->id, err, sizeof(err));
	if (s == OBJ_OK)
		resp->status = 204;
	else
		web_detail(resp, obj_http[s], err);
}

void api_swid_add_tags(struct web_ctx *ctx, struct web_call *call,
		       struct web_response *resp)
{
	struct swid_answer ans = { 0 };
	struct swid_xml *tags = NULL;
	json_t *doc = NULL;
	size_t count;
	char msg[160];

	if (!web_swid_tags_parse(call->req->body, call->req->body_len, &doc,
				 &tags, &count, msg, sizeof(msg))) {
		web_detail(resp, 400, msg);
	} else if (swid_store_add_tags(ctx->db, 0, tags, count, true, &ans) !=
		   SWID_OK) {
		web_detail(resp, ans.invalid ? 400 : 500, ans.error);
	} else {
		snprintf(msg, sizeof(msg), "Added %zu SWID tags, replaced %zu "
			 "SWID tags.", ans.added, ans.replaced);
		web_detail(resp, 200, msg);
	}
	free(tags);
	json_decref(doc);
	swid_answer_free(&ans);
}

/* 200 [], 412 [missing ids...], 404 or 500, as strongTNC answers. */
static void swid_answer(enum swid_status s, const struct swid_answer *ans,
			struct web_response *resp)
{
	json_t *list;
	size_t i;

	switch (s) {
	case SWID_OK:
		web_json(resp, 200, json_array());
		break;
	case SWID_MISSING:
		list = json_array();
		for (i = 0; list && i < ans->missing.count; i++)
			json_array_append_new(list,
					      json_string(ans->missing.v[i]));
		web_json(resp, 412, list);
		break;
	case SWID_NOT_FOUND:
		web_detail(resp, 404, "Not found.");
		break;
	default:
		web_detail(resp, 500, ans->error);
		break;
	}
}

void api_swid_measurement(struct web_ctx *ctx, struct web_call *call,
			  struct web_response *resp)
{
	struct swid_answer ans = { 0 };
	struct swid_strs ids = { 0 };
	char err[160];

	if (!web_swid_ids_parse(call->req->body, call->req->body_len, &ids,
				err, sizeof(err)))
		web_detail(resp, 400, err);
	else
		swid_answer(swid_store_measurement(ctx->db, call->id, &ids,
						   &ans), &ans, resp);
	swid_strs_free(&ids);
	swid_answer_free(&ans);
}

void api_swid_events(struct web_ctx *ctx, struct web_call *call,
		     struct web_response *resp)
{
	struct swid_answer ans = { 0 };
	struct swid_events ev = { 0 };
	char err[160];

	if (!web_swid_events_parse(call->req->body, call->req->body_len, &ev,
				   err, sizeof(err)))
		web_detail(resp, 400, err);
	else
		swid_answer(swid_store_events(ctx->db, call->id, &ev, &ans),
			    &ans, resp);
	swid_events_free(&ev);
	swid_answer_free(&ans);
}
