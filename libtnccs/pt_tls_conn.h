/*
 * pt_tls_conn.h - one PT-TLS connection over TLS (RFC 6876): the TLS
 * handshake by OpenSSL, version negotiation, SASL PLAIN client
 * authentication, then PB-TNC batches in both directions.
 *
 * Every read and write is bounded by a timeout and every message by a
 * maximum length, so that one slow or hostile peer only ever holds up its
 * own connection.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_PT_TLS_CONN_H
#define TNC_PT_TLS_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

/* How the server authenticates clients (names as in the configuration). */
enum pt_tls_auth {
	PT_TLS_AUTH_NONE,	  /* "none": no certificate asked, no SASL */
	PT_TLS_AUTH_TLS,	  /* "tls": client certificate required */
	PT_TLS_AUTH_SASL,	  /* "sasl": SASL PLAIN always */
	PT_TLS_AUTH_TLS_OR_SASL,  /* "tls_or_sasl": cert asked; else SASL */
	PT_TLS_AUTH_TLS_AND_SASL, /* "tls_and_sasl": both required */
};

/* Parses a mode name; returns -1 when unknown. */
int pt_tls_auth_parse(const char *name, enum pt_tls_auth *mode);

struct tls_config {
	const char *cert_file;	/* PEM; own certificate (server: required) */
	const char *key_file;	/* PEM; its private key */
	const char *ca_file;	/* PEM; CAs to verify the peer (optional) */
	const char *min_version; /* "1.2" (default) or "1.3" */
};

/* Creates an OpenSSL context; NULL with *err set (static text) on failure. */
SSL_CTX *tls_server_ctx_new(const struct tls_config *cfg,
			    enum pt_tls_auth auth, char *err, size_t errlen);
SSL_CTX *tls_client_ctx_new(const struct tls_config *cfg, char *err,
			    size_t errlen);

/* Server side parameters of one accepted connection. */
struct pt_tls_server_params {
	enum pt_tls_auth auth;
	/* SASL PLAIN credentials: "identity password" lines, '#' comments */
	const char *sasl_secrets_file;
	int timeout_ms;		/* each read/write; also the TLS handshake */
	size_t max_msg_len;	/* largest PT-TLS message accepted */
};

/* Client side parameters. */
struct pt_tls_client_params {
	const char *server_name; /* checked against the server certificate
				    (DNS or IP SAN); also sent as SNI */
	const char *sasl_identity; /* NULL: no SASL offered */
	const char *sasl_password;
	int timeout_ms;
	size_t max_msg_len;
};

/* Identity of the authenticated peer, as IMVs see it in AR_IDENTITIES. */
enum pt_tls_peer_auth {
	PT_TLS_PEER_AUTH_NONE = 0,	/* TNC_AUTH_UNKNOWN */
	PT_TLS_PEER_AUTH_CERT = 1,	/* TNC_AUTH_X509_CERT */
	PT_TLS_PEER_AUTH_PASSWORD = 2,	/* TNC_AUTH_PASSWORD */
};

struct pt_tls_conn;

/*
 * Takes over the connected socket fd (closed by pt_tls_conn_free, or here
 * on failure) and runs TLS, version negotiation and client authentication.
 * Returns NULL on failure, after logging why and, where the protocol has
 * one, sending the PT-TLS Error.
 */
struct pt_tls_conn *pt_tls_accept(SSL_CTX *ctx, int fd,
				  const struct pt_tls_server_params *p);
struct pt_tls_conn *pt_tls_connect(SSL_CTX *ctx, int fd,
				   const struct pt_tls_client_params *p);

/* Sends one PB-TNC batch. Returns 0 or -1. */
int pt_tls_send_batch(struct pt_tls_conn *c, const uint8_t *batch,
		      size_t len);
/*
 * Receives the next PB-TNC batch into *batch (caller frees). Returns 0, 1
 * when the peer closed the connection cleanly, -1 on error (timeout,
 * malformed message, PT-TLS Error received: logged, Error sent where due).
 */
int pt_tls_recv_batch(struct pt_tls_conn *c, uint8_t **batch, size_t *len);

/* The peer's identity: certificate subject (or SAN) or SASL authcid. */
const char *pt_tls_conn_peer_id(const struct pt_tls_conn *c);
enum pt_tls_peer_auth pt_tls_conn_peer_auth(const struct pt_tls_conn *c);
/* Peer IP address as text, and whether it is IPv6. */
const char *pt_tls_conn_peer_addr(const struct pt_tls_conn *c, bool *ipv6);
/* "TLSv1.3" etc. and the cipher name, for the log. */
const char *pt_tls_conn_tls_version(const struct pt_tls_conn *c);

/* Shuts TLS down, closes the socket and frees the connection. */
void pt_tls_conn_free(struct pt_tls_conn *c);

#endif /* TNC_PT_TLS_CONN_H */
