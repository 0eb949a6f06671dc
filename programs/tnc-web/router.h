/*
 * router.h - tnc-web's request model and routing table: each route is
 * (method, path pattern, least role, handler). The router authenticates
 * the caller (HTTP Basic, or the session cookie plus, for every request
 * that changes state, the X-CSRF-Token header), checks the role and
 * calls the handler; the handlers never see an unauthorised request.
 * Pages of a later increment are more rows of the same table.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_WEB_ROUTER_H
#define TNC_WEB_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "auth.h"
#include "db.h"
#include "objects.h"

#define WEB_SESSION_COOKIE "tncweb_session"

/* A request as the HTTP layer hands it over (all borrowed). */
struct web_request {
	const char *method;
	const char *path;
	const char *remote;		/* client address, for rate limits */
	const char *body;
	size_t body_len;
	const struct obj_filter *args;	/* decoded query arguments */
	size_t arg_count;
	const char *authorization;	/* headers, NULL when absent */
	const char *cookie;
	const char *csrf;
};

struct web_response {
	unsigned status;
	char *body;			/* owned */
	const char *content_type;
	char *set_cookie;		/* owned, NULL: none */
	char *location;			/* owned, NULL: no redirect */
	bool ask_basic;			/* WWW-Authenticate: Basic */
};

/* What the server shares with every handler. */
struct web_ctx {
	struct db *db;
	struct auth *auth;
	bool tls;			/* cookies get Secure */
};

/* One routed request: the caller and the pattern's values. */
struct web_call {
	const struct web_request *req;
	enum auth_role role;
	bool via_session;
	char session_token[AUTH_TOKEN_LEN + 1];
	char csrf[AUTH_TOKEN_LEN + 1];	/* the session's, for forms */
	const struct obj_type *type;	/* {type} */
	int64_t id;			/* {id} */
};

typedef void (*web_handler)(struct web_ctx *ctx, struct web_call *call,
			    struct web_response *resp);

struct web_route {
	const char *method;
	const char *pattern;	/* "/api/{type}/{id}/": segments */
	enum auth_role role;	/* least role; ROLE_NONE: anyone */
	web_handler handler;
};

/* Routes, answers or refuses req into resp (freed with web_response_free). */
void web_dispatch(struct web_ctx *ctx, const struct web_request *req,
		  struct web_response *resp);
void web_response_free(struct web_response *resp);

/* Sets resp to status with doc (reference taken) as its JSON body. */
void web_json(struct web_response *resp, unsigned status, json_t *doc);
/* Sets resp to status with body {"detail": detail}. */
void web_detail(struct web_response *resp, unsigned status,
		const char *detail);

/* The API handlers (api.c), used by the route table. */
void api_login(struct web_ctx *, struct web_call *, struct web_response *);
void api_logout(struct web_ctx *, struct web_call *, struct web_response *);
void api_me(struct web_ctx *, struct web_call *, struct web_response *);
void api_statistics(struct web_ctx *, struct web_call *,
		    struct web_response *);
void api_list(struct web_ctx *, struct web_call *, struct web_response *);
void api_get(struct web_ctx *, struct web_call *, struct web_response *);
void api_create(struct web_ctx *, struct web_call *, struct web_response *);
void api_update(struct web_ctx *, struct web_call *, struct web_response *);
void api_delete(struct web_ctx *, struct web_call *, struct web_response *);
void api_swid_add_tags(struct web_ctx *, struct web_call *,
		       struct web_response *);
void api_swid_measurement(struct web_ctx *, struct web_call *,
			  struct web_response *);
void api_swid_events(struct web_ctx *, struct web_call *,
		     struct web_response *);

/* The HTML pages (pages.c), used by the route table. */
void page_style(struct web_ctx *, struct web_call *, struct web_response *);
void page_login_form(struct web_ctx *, struct web_call *,
		     struct web_response *);
void page_login(struct web_ctx *, struct web_call *, struct web_response *);
void page_logout(struct web_ctx *, struct web_call *, struct web_response *);
void page_overview(struct web_ctx *, struct web_call *,
		   struct web_response *);
void page_statistics(struct web_ctx *, struct web_call *,
		     struct web_response *);
void page_vulnerabilities(struct web_ctx *, struct web_call *,
			  struct web_response *);
void page_search(struct web_ctx *, struct web_call *, struct web_response *);
void page_list(struct web_ctx *, struct web_call *, struct web_response *);
void page_object(struct web_ctx *, struct web_call *, struct web_response *);
void page_create(struct web_ctx *, struct web_call *, struct web_response *);
void page_update(struct web_ctx *, struct web_call *, struct web_response *);
void page_delete(struct web_ctx *, struct web_call *, struct web_response *);

#endif /* TNC_WEB_ROUTER_H */
