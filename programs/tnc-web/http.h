/*
 * http.h - the libmicrohttpd glue of tnc-web: listens on one address,
 * collects each request (headers, query arguments, body up to
 * WEB_MAX_BODY) into a struct web_request, hands it to the router and
 * sends the response back. One internal thread serves all connections,
 * so the handlers use the database connection one at a time.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_WEB_HTTP_H
#define TNC_WEB_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "router.h"

struct http_opts {
	const char *address;	/* numeric IPv4 or IPv6 */
	uint16_t port;
	const char *tls_cert;	/* PEM text, both or neither */
	const char *tls_key;
};

struct http_server;

/* Starts serving ctx (borrowed); NULL with err set. */
struct http_server *http_start(const struct http_opts *opts,
			       struct web_ctx *ctx, char *err, size_t errlen);
void http_stop(struct http_server *s);

#endif /* TNC_WEB_HTTP_H */
