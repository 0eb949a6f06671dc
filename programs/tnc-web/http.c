/*
 * http.c - libmicrohttpd in front of the router (http.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "http.h"
#include "web_parse.h"

struct http_server {
	struct MHD_Daemon *daemon;
	struct web_ctx *ctx;
};

/* One request while its body arrives. */
struct pending {
	char *body;
	size_t len, cap;
	bool too_big;
};

struct args {
	struct obj_filter *v;
	size_t count, cap;
	bool failed;
};

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind,
			       const char *key, const char *value)
{
	struct args *a = cls;
	struct obj_filter *v;

	(void)kind;
	if (a->count == a->cap) {
		size_t n = a->cap ? a->cap * 2 : 8;

		v = realloc(a->v, n * sizeof(*v));
		if (!v) {
			a->failed = true;
			return MHD_NO;
		}
		a->v = v;
		a->cap = n;
	}
	a->v[a->count].field = key;
	a->v[a->count++].value = value ? value : "";
	return MHD_YES;
}

static bool append(struct pending *p, const char *data, size_t len)
{
	char *b;
	size_t n;

	if (p->too_big || len > WEB_MAX_BODY - p->len) {
		p->too_big = true;
		return true;
	}
	if (p->len + len + 1 > p->cap) {
		n = (p->len + len + 1) * 2;
		b = realloc(p->body, n);
		if (!b)
			return false;
		p->body = b;
		p->cap = n;
	}
	memcpy(p->body + p->len, data, len);
	p->len += len;
	p->body[p->len] = '\0';
	return true;
}

static void remote_of(struct MHD_Connection *c, char *buf, size_t len)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(buf, len, "unknown");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  buf, (socklen_t)len);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, buf,
			  (socklen_t)len);
}

static enum MHD_Result send_response(struct MHD_Connection *c,
				     const struct web_response *wr)
{
	const char *body = wr->body ? wr->body : "";
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(strlen(body), (void *)body,
					    MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	if (wr->content_type)
		MHD_add_response_header(r, "Content-Type", wr->content_type);
	if (wr->set_cookie)
		MHD_add_response_header(r, "Set-Cookie", wr->set_cookie);
	if (wr->location)
		MHD_add_response_header(r, "Location", wr->location);
	if (wr->ask_basic)
		MHD_add_response_header(r, "WWW-Authenticate",
					"Basic realm=\"tnc-web\"");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	ret = MHD_queue_response(c, wr->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
			      const char *url, const char *method,
			      const char *version, const char *upload,
			      size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct pending *p = *con_cls;
	struct web_response resp;
	struct web_request req;
	struct args args = { 0 };
	char remote[INET6_ADDRSTRLEN];
	enum MHD_Result ret;

	(void)version;
	if (!p) {
		p = calloc(1, sizeof(*p));
		*con_cls = p;
		return p ? MHD_YES : MHD_NO;
	}
	if (*upload_size) {
		if (!append(p, upload, *upload_size))
			return MHD_NO;
		*upload_size = 0;
		return MHD_YES;
	}
	memset(&resp, 0, sizeof(resp));
	if (p->too_big) {
		web_detail(&resp, 413, "request body too large");
		ret = send_response(c, &resp);
		web_response_free(&resp);
		return ret;
	}
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, &args);
	if (args.failed) {
		free(args.v);
		return MHD_NO;
	}
	remote_of(c, remote, sizeof(remote));
	memset(&req, 0, sizeof(req));
	req.method = method;
	req.path = url;
	req.remote = remote;
	req.body = p->body ? p->body : "";
	req.body_len = p->len;
	req.args = args.v;
	req.arg_count = args.count;
	req.authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							"Authorization");
	req.cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						 "Cookie");
	req.csrf = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
					       "X-CSRF-Token");
	web_dispatch(s->ctx, &req, &resp);
	ret = send_response(c, &resp);
	web_response_free(&resp);
	free(args.v);
	return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct pending *p = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (p) {
		free(p->body);
		free(p);
		*con_cls = NULL;
	}
}

struct http_server *http_start(const struct http_opts *opts,
			       struct web_ctx *ctx, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	struct http_server *s;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, opts->address, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons(opts->port);
	} else if (inet_pton(AF_INET6, opts->address, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons(opts->port);
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(err, errlen, "listen address %s is not a numeric "
			 "IP address", opts->address);
		return NULL;
	}
	if (opts->tls_cert)
		flags |= MHD_USE_TLS;
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->ctx = ctx;
	if (opts->tls_cert)
		s->daemon = MHD_start_daemon(flags, opts->port, NULL, NULL,
					     handle, s,
					     MHD_OPTION_SOCK_ADDR, &ss,
					     MHD_OPTION_NOTIFY_COMPLETED,
					     completed, NULL,
					     MHD_OPTION_HTTPS_MEM_CERT,
					     opts->tls_cert,
					     MHD_OPTION_HTTPS_MEM_KEY,
					     opts->tls_key,
					     MHD_OPTION_END);
	else
		s->daemon = MHD_start_daemon(flags, opts->port, NULL, NULL,
					     handle, s,
					     MHD_OPTION_SOCK_ADDR, &ss,
					     MHD_OPTION_NOTIFY_COMPLETED,
					     completed, NULL,
					     MHD_OPTION_END);
	if (!s->daemon) {
		snprintf(err, errlen, "cannot listen on %s port %u",
			 opts->address, opts->port);
		free(s);
		return NULL;
	}
	return s;
}

void http_stop(struct http_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->daemon);
	free(s);
}
