/*
 * pt_tls_conn.c - one PT-TLS connection (RFC 6876) over OpenSSL, both the
 * server side (the PDP accepting strongSwan's pt-tls-client) and a client
 * side that behaves like that client (see pt_tls_conn.h and
 * the PT-TLS spec note, shared/spec/pt-tls.md).
 *
 * Flow: TLS handshake -> Version Request/Response -> zero or more SASL
 * PLAIN rounds, always ended by an empty SASL Mechanisms message -> PB-TNC
 * Batch messages in both directions until one side closes.
 *
 * Bounds: the socket gets SO_RCVTIMEO/SO_SNDTIMEO = timeout_ms, so every
 * recv/send inside OpenSSL (handshake included) gives up after that long
 * without progress; every received message is checked against max_msg_len
 * before anything is allocated for it.
 *
 * Choices worth knowing:
 * - A header announcing fewer than 16 or more than max_msg_len bytes is
 *   answered with PT-TLS Error "Malformed Message" (the length field cannot
 *   describe a valid message for us), as pt_tls_header_decode documents.
 * - The peer identity of a certificate is its subject DN in strongSwan's
 *   one-line form, RDNs in certificate order: "C=CH, O=Org, CN=carol"
 *   (attribute names are OpenSSL's short names); when the subject is empty,
 *   the first dNSName or rfc822Name of the subjectAltName.
 * - The socket is written with plain send(); a process using this module
 *   must ignore SIGPIPE (a library must not change signal dispositions).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pt_tls_conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "buf.h"
#include "log.h"
#include "pt_tls.h"

/* RFC 6876 3.9: an Error carries a copy of at most 1024 bytes of the cause */
#define ERROR_COPY_MAX 1024
/* SASL rounds a client goes along with before it suspects a loop */
#define MAX_SASL_ROUNDS 4
/* RFC 4616: authzid, authcid and passwd are each at most 255 octets */
#define PLAIN_FIELD_MAX 255

struct pt_tls_conn {
	SSL *ssl;
	int fd;
	int timeout_ms;
	size_t max_msg_len;
	uint32_t next_id;	/* identifier of the next message we send */
	bool broken;		/* I/O failed: no close_notify on free */
	enum pt_tls_peer_auth peer_auth;
	char *peer_id;		/* NULL while the peer is anonymous */
	char peer_addr[INET6_ADDRSTRLEN];
	bool peer_ipv6;
	char tls_version[96];
	char io_error[160];	/* why the last I/O failed, for the log */
};

/* One received message; value (len bytes, never NULL) is owned. */
struct msg {
	uint8_t raw_hdr[PT_TLS_HEADER_LEN];
	struct pt_tls_header h;
	uint8_t *value;
	size_t len;
};

enum io_result { IO_OK, IO_EOF, IO_TIMEOUT, IO_FAILED };

static void msg_free(struct msg *m)
{
	free(m->value);
	m->value = NULL;
}

/* How the peer is named in log lines. */
static const char *peer_name(const struct pt_tls_conn *c)
{
	return c->peer_addr[0] ? c->peer_addr : "peer";
}

/* OpenSSL's text for an error code; system errors as strerror. */
static const char *ssl_reason(unsigned long e)
{
	const char *reason;

	if (e == 0)
		return NULL;
	if (ERR_SYSTEM_ERROR(e))
		return strerror(ERR_GET_REASON(e));
	reason = ERR_reason_error_string(e);
	return reason ? reason : "TLS error";
}

/* ------------------------------------------------------------------ */
/* TLS contexts                                                        */

/*
 * Puts "what 'file': reason" into err and returns NULL. The reason is the
 * first system error in the queue (e.g. a missing file) or else the last,
 * most specific OpenSSL error.
 */
static SSL_CTX *ctx_fail(SSL_CTX *ctx, char *err, size_t errlen,
			 const char *what, const char *file)
{
	unsigned long e, pick = 0;
	const char *reason;

	while ((e = ERR_get_error()) != 0)
		if (!pick || !ERR_SYSTEM_ERROR(pick))
			pick = e;
	reason = ssl_reason(pick);

	if (!reason)
		reason = "failed";
	if (file)
		snprintf(err, errlen, "%s '%s': %s", what, file, reason);
	else
		snprintf(err, errlen, "%s: %s", what, reason);
	ERR_clear_error();
	SSL_CTX_free(ctx);
	return NULL;
}

static int parse_min_version(const char *s)
{
	if (!s || strcmp(s, "1.2") == 0)
		return TLS1_2_VERSION;
	if (strcmp(s, "1.3") == 0)
		return TLS1_3_VERSION;
	return -1;
}

/* Settings common to both sides; NULL (ctx freed, err set) on failure. */
static SSL_CTX *ctx_new(const SSL_METHOD *method, const struct tls_config *cfg,
			char *err, size_t errlen)
{
	SSL_CTX *ctx;
	int min = parse_min_version(cfg->min_version);

	if (min < 0) {
		snprintf(err, errlen, "unsupported TLS min_version '%s'",
			 cfg->min_version);
		return NULL;
	}
	ctx = SSL_CTX_new(method);
	if (!ctx)
		return ctx_fail(NULL, err, errlen, "cannot create TLS context",
				NULL);
	if (SSL_CTX_set_min_proto_version(ctx, min) != 1)
		return ctx_fail(ctx, err, errlen, "cannot set TLS version",
				NULL);
	/*
	 * Every pt-tls-client run is a new process, so a session cache or
	 * tickets would never be used for resumption; skip the work.
	 */
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
	SSL_CTX_set_num_tickets(ctx, 0);

	if (cfg->cert_file) {
		const char *key = cfg->key_file ? cfg->key_file
						: cfg->cert_file;

		if (SSL_CTX_use_certificate_chain_file(ctx, cfg->cert_file) != 1)
			return ctx_fail(ctx, err, errlen,
					"cannot load certificate",
					cfg->cert_file);
		if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)
			return ctx_fail(ctx, err, errlen,
					"cannot load private key", key);
		if (SSL_CTX_check_private_key(ctx) != 1)
			return ctx_fail(ctx, err, errlen,
					"private key does not match certificate",
					cfg->cert_file);
	}
	if (cfg->ca_file &&
	    SSL_CTX_load_verify_locations(ctx, cfg->ca_file, NULL) != 1)
		return ctx_fail(ctx, err, errlen, "cannot load CA file",
				cfg->ca_file);
	return ctx;
}

SSL_CTX *tls_server_ctx_new(const struct tls_config *cfg,
			    enum pt_tls_auth auth, char *err, size_t errlen)
{
	static const unsigned char sid_ctx[] = "pt-tls";
	bool want_cert = auth == PT_TLS_AUTH_TLS ||
			 auth == PT_TLS_AUTH_TLS_OR_SASL ||
			 auth == PT_TLS_AUTH_TLS_AND_SASL;
	STACK_OF(X509_NAME) *names;
	SSL_CTX *ctx;

	if (!cfg->cert_file) {
		snprintf(err, errlen, "a PT-TLS server needs a certificate");
		return NULL;
	}
	if (want_cert && !cfg->ca_file) {
		snprintf(err, errlen,
			 "client certificate authentication needs a CA file");
		return NULL;
	}
	ctx = ctx_new(TLS_server_method(), cfg, err, errlen);
	if (!ctx || !want_cert)
		return ctx;

	/*
	 * strongSwan's client picks its certificate by the CA names in the
	 * CertificateRequest, so send them.
	 */
	names = SSL_load_client_CA_file(cfg->ca_file);
	if (!names)
		return ctx_fail(ctx, err, errlen, "no CA names in",
				cfg->ca_file);
	SSL_CTX_set_client_CA_list(ctx, names);
	SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof(sid_ctx) - 1);
	SSL_CTX_set_verify(ctx, auth == PT_TLS_AUTH_TLS_OR_SASL ?
			   SSL_VERIFY_PEER :
			   SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
			   NULL);
	return ctx;
}

SSL_CTX *tls_client_ctx_new(const struct tls_config *cfg, char *err,
			    size_t errlen)
{
	SSL_CTX *ctx;

	if (!cfg->cert_file != !cfg->key_file) {
		snprintf(err, errlen,
			 "a client certificate needs its key and vice versa");
		return NULL;
	}
	ctx = ctx_new(TLS_client_method(), cfg, err, errlen);
	if (!ctx)
		return NULL;
	if (!cfg->ca_file && SSL_CTX_set_default_verify_paths(ctx) != 1)
		return ctx_fail(ctx, err, errlen,
				"cannot load the system CA store", NULL);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	/*
	 * The reference PT-TLS server's TLS 1.2 ServerHello carries no
	 * renegotiation_info extension, which OpenSSL 3 refuses by default.
	 * Renegotiation is switched off on our side (ctx_new), so the attack
	 * that extension guards against cannot happen here.
	 */
	SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT);
	return ctx;
}

int pt_tls_auth_parse(const char *name, enum pt_tls_auth *mode)
{
	static const struct {
		const char *name;
		enum pt_tls_auth mode;
	} modes[] = {
		{ "none", PT_TLS_AUTH_NONE },
		{ "tls", PT_TLS_AUTH_TLS },
		{ "sasl", PT_TLS_AUTH_SASL },
		{ "tls_or_sasl", PT_TLS_AUTH_TLS_OR_SASL },
		{ "tls_and_sasl", PT_TLS_AUTH_TLS_AND_SASL },
	};
	size_t i;

	for (i = 0; name && i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(name, modes[i].name) == 0) {
			*mode = modes[i].mode;
			return 0;
		}
	}
	return -1;
}

/* ------------------------------------------------------------------ */
/* Socket and TLS I/O                                                  */

static void set_socket_timeouts(int fd, int timeout_ms)
{
	struct timeval tv = { 0, 0 };

	if (timeout_ms > 0) {
		tv.tv_sec = timeout_ms / 1000;
		tv.tv_usec = (timeout_ms % 1000) * 1000;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* Stores the peer's address as text; IPv4-mapped IPv6 counts as IPv4. */
static void record_peer_addr(struct pt_tls_conn *c)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	const struct sockaddr_in6 *sin6 = (const void *)&ss;
	const struct sockaddr_in *sin = (const void *)&ss;

	if (getpeername(c->fd, (struct sockaddr *)&ss, &len) < 0)
		return;
	if (ss.ss_family == AF_INET) {
		inet_ntop(AF_INET, &sin->sin_addr, c->peer_addr,
			  sizeof(c->peer_addr));
	} else if (ss.ss_family == AF_INET6 &&
		   IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
		inet_ntop(AF_INET, &sin6->sin6_addr.s6_addr[12], c->peer_addr,
			  sizeof(c->peer_addr));
	} else if (ss.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &sin6->sin6_addr, c->peer_addr,
			  sizeof(c->peer_addr));
		c->peer_ipv6 = true;
	}
}

/*
 * Classifies a failed SSL call (ret as it returned) and keeps a reason
 * for the log. The socket is blocking with a timeout, so "want read/write"
 * can only mean that recv/send timed out.
 */
static enum io_result io_failure(struct pt_tls_conn *c, int ret)
{
	int saved_errno = errno;
	int err = SSL_get_error(c->ssl, ret);
	unsigned long e = ERR_peek_last_error();
	enum io_result r = IO_FAILED;

	switch (err) {
	case SSL_ERROR_ZERO_RETURN:
		r = IO_EOF;
		break;
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		r = IO_TIMEOUT;
		break;
	case SSL_ERROR_SYSCALL:
		if (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK)
			r = IO_TIMEOUT;
		else if (e == 0 && saved_errno == 0)
			r = IO_EOF;
		else
			snprintf(c->io_error, sizeof(c->io_error), "%s",
				 e ? ssl_reason(e) : strerror(saved_errno));
		break;
	case SSL_ERROR_SSL:
		/* TCP closed without close_notify: OpenSSL 3 reports it here */
		if (ERR_GET_REASON(e) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
			r = IO_EOF;
			break;
		}
		/* fall through */
	default:
		snprintf(c->io_error, sizeof(c->io_error), "%s",
			 e ? ssl_reason(e) : "TLS error");
		break;
	}
	ERR_clear_error();
	/* only after the peer's close_notify may we still send ours */
	if (err != SSL_ERROR_ZERO_RETURN)
		c->broken = true;
	return r;
}

/*
 * Reads exactly n bytes; a message may span several TLS records. IO_EOF
 * only when the peer closed before the first byte; a close in the middle
 * is a failure.
 */
static enum io_result read_exact(struct pt_tls_conn *c, uint8_t *buf,
				 size_t n)
{
	size_t got = 0, done;
	enum io_result r;

	while (got < n) {
		ERR_clear_error();
		errno = 0;
		if (SSL_read_ex(c->ssl, buf + got, n - got, &done)) {
			got += done;
			continue;
		}
		r = io_failure(c, 0);
		if (r == IO_EOF && got > 0) {
			snprintf(c->io_error, sizeof(c->io_error),
				 "connection closed in the middle of a message");
			c->broken = true;
			return IO_FAILED;
		}
		return r;
	}
	return IO_OK;
}

/* Writes all n bytes; partial writes are off, but loop in case. */
static enum io_result write_all(struct pt_tls_conn *c, const uint8_t *buf,
				size_t n)
{
	size_t done;

	while (n > 0) {
		ERR_clear_error();
		errno = 0;
		if (!SSL_write_ex(c->ssl, buf, n, &done))
			return io_failure(c, 0);
		buf += done;
		n -= done;
	}
	return IO_OK;
}

/* Logs a failed read or write ("reading from", ...) and returns -1. */
static int io_log(struct pt_tls_conn *c, enum io_result r, const char *what)
{
	if (r == IO_TIMEOUT)
		log_tls(1, "timeout %s %s after %d ms", what, peer_name(c),
			c->timeout_ms);
	else if (r == IO_EOF)
		log_tls(1, "connection closed by %s while %s it", peer_name(c),
			what);
	else
		log_tls(1, "%s %s failed: %s", what, peer_name(c),
			c->io_error);
	return -1;
}

/* ------------------------------------------------------------------ */
/* PT-TLS messages                                                     */

/* Sends one IETF message with the next identifier; -1 (logged). */
static int send_msg(struct pt_tls_conn *c, uint32_t type, const void *value,
		    size_t len)
{
	struct writer w;
	enum io_result r;

	if (len > UINT32_MAX - PT_TLS_HEADER_LEN) {
		log_tls(1, "%s of %zu bytes is too large for PT-TLS",
			pt_tls_type_name(0, type), len);
		return -1;
	}
	writer_init(&w);
	pt_tls_write(&w, 0, type, c->next_id, value, len);
	if (!writer_ok(&w)) {
		writer_free(&w);
		log_tls(1, "out of memory building %s",
			pt_tls_type_name(0, type));
		return -1;
	}
	r = write_all(c, w.data, w.len);
	writer_free(&w);
	if (r != IO_OK)
		return io_log(c, r, "writing to");
	log_tls(2, "sent PT-TLS %s (%zu bytes, id %u)",
		pt_tls_type_name(0, type), len + PT_TLS_HEADER_LEN,
		(unsigned)c->next_id);
	c->next_id++;
	return 0;
}

/* Sends a PT-TLS Error quoting the offending message (header + value). */
static void send_error(struct pt_tls_conn *c, uint32_t code,
		       const uint8_t *hdr, const uint8_t *value,
		       size_t value_len)
{
	size_t quoted = value_len < ERROR_COPY_MAX - PT_TLS_HEADER_LEN
				? value_len
				: ERROR_COPY_MAX - PT_TLS_HEADER_LEN;
	struct writer copy, w;

	writer_init(&copy);
	writer_bytes(&copy, hdr, PT_TLS_HEADER_LEN);
	writer_bytes(&copy, value, quoted);
	writer_init(&w);
	pt_tls_error_encode(&w, code, copy.data, copy.len);
	if (writer_ok(&copy) && writer_ok(&w) &&
	    send_msg(c, PT_TLS_ERROR, w.data, w.len) == 0)
		log_tls(2, "sent PT-TLS Error '%s'", pt_tls_error_name(code));
	writer_free(&copy);
	writer_free(&w);
}

static void send_error_for(struct pt_tls_conn *c, uint32_t code,
			   const struct msg *m)
{
	send_error(c, code, m->raw_hdr, m->value, m->len);
}

/*
 * Reads one whole message. Returns 0, 1 when the peer closed cleanly
 * before a header started, -1 on failure (logged; a bad length is
 * answered with Malformed Message).
 */
static int read_msg(struct pt_tls_conn *c, struct msg *m)
{
	enum io_result r;

	memset(m, 0, sizeof(*m));
	r = read_exact(c, m->raw_hdr, sizeof(m->raw_hdr));
	if (r == IO_EOF) {
		log_tls(2, "connection closed by %s", peer_name(c));
		return 1;
	}
	if (r != IO_OK)
		return io_log(c, r, "reading from");

	if (pt_tls_header_decode(m->raw_hdr, c->max_msg_len, &m->h) < 0) {
		if (m->h.length < PT_TLS_HEADER_LEN)
			log_tls(1, "PT-TLS message length %u is below the "
				"header size", (unsigned)m->h.length);
		else
			log_tls(1, "PT-TLS message length %u exceeds the "
				"limit of %zu bytes", (unsigned)m->h.length,
				c->max_msg_len);
		send_error(c, PT_TLS_ERR_MALFORMED, m->raw_hdr, NULL, 0);
		return -1;
	}
	m->len = m->h.length - PT_TLS_HEADER_LEN;
	/* bounded by max_msg_len above; +1 keeps an empty value non-NULL */
	m->value = malloc(m->len + 1);
	if (!m->value) {
		log_tls(1, "out of memory for a %zu byte PT-TLS message",
			m->len);
		return -1;
	}
	r = read_exact(c, m->value, m->len);
	if (r != IO_OK) {
		msg_free(m);
		if (r == IO_EOF) {
			/* the header arrived, so this close is not clean */
			r = IO_FAILED;
			snprintf(c->io_error, sizeof(c->io_error),
				 "connection closed in the middle of a message");
		}
		return io_log(c, r, "reading from");
	}
	log_tls(2, "received PT-TLS %s (%u bytes, id %u)",
		pt_tls_type_name(m->h.vendor, m->h.type),
		(unsigned)m->h.length, (unsigned)m->h.id);
	return 0;
}

static void log_received_error(const struct msg *m)
{
	struct pt_tls_error e;

	if (pt_tls_error_decode(m->value, m->len, &e) < 0)
		log_tls(1, "received a malformed PT-TLS Error");
	else if (e.vendor == 0)
		log_tls(1, "received PT-TLS Error '%s' (code %u)",
			pt_tls_error_name(e.code), (unsigned)e.code);
	else
		log_tls(1, "received PT-TLS Error with vendor 0x%06x code %u",
			(unsigned)e.vendor, (unsigned)e.code);
}

/*
 * Ends the session because of a message the current phase does not
 * allow: a peer's Error is only logged; anything else gets Invalid Message
 * (a known IETF type in the wrong place) or Type Not Supported (unknown
 * IETF types and, before the data phase, any vendor type).
 */
static void reject_msg(struct pt_tls_conn *c, const struct msg *m,
		       const char *phase)
{
	uint32_t code = PT_TLS_ERR_TYPE_NOT_SUPPORTED;

	if (m->h.vendor == 0 && m->h.type == PT_TLS_ERROR) {
		log_received_error(m);
		return;
	}
	if (m->h.vendor == 0 && m->h.type <= PT_TLS_ERROR)
		code = PT_TLS_ERR_INVALID_MESSAGE;
	log_tls(1, "unexpected PT-TLS message '%s' (vendor 0x%06x, type %u) "
		"%s, sending '%s'", pt_tls_type_name(m->h.vendor, m->h.type),
		(unsigned)m->h.vendor, (unsigned)m->h.type, phase,
		pt_tls_error_name(code));
	send_error_for(c, code, m);
}

/* Reads the next message, which must be the given IETF type; -1 logged. */
static int expect_msg(struct pt_tls_conn *c, uint32_t type, struct msg *m)
{
	char phase[64];
	int r = read_msg(c, m);

	if (r == 1)
		log_tls(1, "connection closed by %s while waiting for %s",
			peer_name(c), pt_tls_type_name(0, type));
	if (r != 0)
		return -1;
	if (m->h.vendor == 0 && m->h.type == type)
		return 0;
	snprintf(phase, sizeof(phase), "instead of %s",
		 pt_tls_type_name(0, type));
	reject_msg(c, m, phase);
	msg_free(m);
	return -1;
}

/* Answers a message whose value does not parse; always returns -1. */
static int malformed(struct pt_tls_conn *c, struct msg *m)
{
	log_tls(1, "malformed PT-TLS %s received",
		pt_tls_type_name(m->h.vendor, m->h.type));
	send_error_for(c, PT_TLS_ERR_MALFORMED, m);
	msg_free(m);
	return -1;
}

static int send_mechs(struct pt_tls_conn *c, const char *const *names,
		      size_t count)
{
	struct writer w;
	int r = -1;

	writer_init(&w);
	pt_tls_mechs_encode(&w, names, count);
	if (writer_ok(&w))
		r = send_msg(c, PT_TLS_SASL_MECHS, w.data, w.len);
	writer_free(&w);
	return r;
}

/* ------------------------------------------------------------------ */
/* Connection setup shared by both sides                               */

static struct pt_tls_conn *conn_new(SSL_CTX *ctx, int fd, int timeout_ms,
				    size_t max_msg_len)
{
	struct pt_tls_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->fd = fd;
	c->timeout_ms = timeout_ms;
	c->max_msg_len = max_msg_len ? max_msg_len : PT_TLS_DEFAULT_MAX_MSG;
	record_peer_addr(c);
	set_socket_timeouts(fd, timeout_ms);
	/*
	 * PT-TLS sends small messages back to back (Version Response then
	 * SASL Mechanisms; Finished then Version Request): with Nagle each
	 * such pair waits for a delayed ACK, about 40 ms per session step.
	 */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int));
	c->ssl = SSL_new(ctx);
	if (!c->ssl || SSL_set_fd(c->ssl, fd) != 1) {
		SSL_free(c->ssl);
		free(c);
		return NULL;
	}
	return c;
}

/* Runs SSL_accept or SSL_connect; -1 logged. */
static int handshake(struct pt_tls_conn *c, bool server)
{
	enum io_result r;
	long verify;
	int ret;

	ERR_clear_error();
	errno = 0;
	ret = server ? SSL_accept(c->ssl) : SSL_connect(c->ssl);
	if (ret != 1) {
		r = io_failure(c, ret);
		verify = SSL_get_verify_result(c->ssl);
		c->broken = true;
		if (r == IO_TIMEOUT)
			log_tls(1, "timeout in TLS handshake with %s after "
				"%d ms", peer_name(c), c->timeout_ms);
		else if (r == IO_EOF)
			log_tls(1, "connection closed by %s during TLS "
				"handshake", peer_name(c));
		else
			log_tls(1, "TLS handshake with %s failed: %s%s%s%s",
				peer_name(c), c->io_error,
				verify == X509_V_OK ? "" : " (",
				verify == X509_V_OK
					? ""
					: X509_verify_cert_error_string(verify),
				verify == X509_V_OK ? "" : ")");
		return -1;
	}
	snprintf(c->tls_version, sizeof(c->tls_version), "%s (%s)",
		 SSL_get_version(c->ssl), SSL_get_cipher_name(c->ssl));
	log_tls(2, "TLS handshake with %s done: %s", peer_name(c),
		c->tls_version);
	return 0;
}

/*
 * The subject DN in strongSwan's one-line form, or the first DNS/email
 * SAN when the subject is empty; NULL if neither (caller frees).
 */
static char *cert_identity(X509 *cert)
{
	const unsigned long flags = XN_FLAG_SEP_CPLUS_SPC |
				    ASN1_STRFLGS_ESC_CTRL |
				    ASN1_STRFLGS_UTF8_CONVERT |
				    ASN1_STRFLGS_DUMP_UNKNOWN |
				    ASN1_STRFLGS_DUMP_DER;
	GENERAL_NAMES *sans;
	char *id = NULL, *data;
	BIO *bio;
	long n;
	int i;

	bio = BIO_new(BIO_s_mem());
	if (bio && X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0,
				      flags) > 0) {
		n = BIO_get_mem_data(bio, &data);
		if (n > 0)
			id = strndup(data, (size_t)n);
	}
	BIO_free(bio);
	if (id)
		return id;

	sans = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	for (i = 0; !id && i < sk_GENERAL_NAME_num(sans); i++) {
		const GENERAL_NAME *gn = sk_GENERAL_NAME_value(sans, i);

		if (gn->type == GEN_DNS || gn->type == GEN_EMAIL)
			id = strndup((const char *)ASN1_STRING_get0_data(
					     gn->d.ia5),
				     (size_t)ASN1_STRING_length(gn->d.ia5));
	}
	GENERAL_NAMES_free(sans);
	return id;
}

static void set_peer(struct pt_tls_conn *c, char *id,
		     enum pt_tls_peer_auth auth)
{
	free(c->peer_id);
	c->peer_id = id;
	c->peer_auth = id ? auth : PT_TLS_PEER_AUTH_NONE;
}

/* Takes the verified peer certificate's identity, if there is one. */
static bool take_cert_identity(struct pt_tls_conn *c)
{
	X509 *cert = SSL_get0_peer_certificate(c->ssl);

	if (!cert || SSL_get_verify_result(c->ssl) != X509_V_OK)
		return false;
	set_peer(c, cert_identity(cert), PT_TLS_PEER_AUTH_CERT);
	return c->peer_id != NULL;
}

/* ------------------------------------------------------------------ */
/* Server: version negotiation and SASL PLAIN                          */

static int server_negotiate_version(struct pt_tls_conn *c)
{
	uint8_t min, max, pref, resp[4];
	struct msg m;

	if (expect_msg(c, PT_TLS_VERSION_REQUEST, &m) < 0)
		return -1;
	if (pt_tls_version_request_decode(m.value, m.len, &min, &max,
					  &pref) < 0)
		return malformed(c, &m);
	if (min > PT_TLS_VERSION || max < PT_TLS_VERSION) {
		log_tls(1, "PT-TLS versions %u..%u of %s not supported",
			min, max, peer_name(c));
		send_error_for(c, PT_TLS_ERR_VERSION_NOT_SUPPORTED, &m);
		msg_free(&m);
		return -1;
	}
	msg_free(&m);
	pt_tls_version_response_encode(resp, PT_TLS_VERSION);
	if (send_msg(c, PT_TLS_VERSION_RESPONSE, resp, sizeof(resp)) < 0)
		return -1;
	log_tls(1, "PT-TLS version %u negotiated", PT_TLS_VERSION);
	return 0;
}

/*
 * Cuts the next blank-separated token off *s; a token in double quotes
 * may hold blanks. NULL when there is none or a quote is unterminated.
 */
static char *next_token(char **s)
{
	char *p = *s + strspn(*s, " \t\r\n");
	char *end;

	if (*p == '\0')
		return NULL;
	if (*p == '"') {
		end = strchr(++p, '"');
		if (!end)
			return NULL;
	} else {
		end = p + strcspn(p, " \t\r\n");
	}
	if (*end)
		*end++ = '\0';
	*s = end;
	return p;
}

/*
 * Whether identity/password is listed in the secrets file: lines of
 * "identity password" (either may be double-quoted), blank lines and '#'
 * comments ignored. The file is read on each login so that edits apply
 * without a restart. Returns 1 on a match, 0 otherwise, -1 if unreadable.
 */
static int secret_matches(const char *path, const char *identity,
			  const char *password)
{
	size_t cap = 0, pwlen = strlen(password);
	char *line = NULL, *s, *id, *pw;
	int lineno = 0, found = 0;
	FILE *f = fopen(path, "re");

	if (!f)
		return -1;
	while (!found && getline(&line, &cap, f) >= 0) {
		lineno++;
		s = line + strspn(line, " \t");
		if (*s == '#' || *s == '\n' || *s == '\r' || *s == '\0')
			continue;
		id = next_token(&s);
		pw = id ? next_token(&s) : NULL;
		if (!pw || next_token(&s)) {
			log_tls(1, "SASL secrets file '%s' line %d is "
				"malformed, ignored", path, lineno);
			continue;
		}
		if (strcmp(id, identity) != 0)
			continue;
		found = strlen(pw) == pwlen &&
			CRYPTO_memcmp(pw, password, pwlen) == 0;
	}
	if (line)
		OPENSSL_cleanse(line, cap);
	free(line);
	fclose(f);
	return found;
}

/*
 * One PLAIN field (RFC 4616) into out: up to a NUL, or for the last field
 * to the end with no NUL inside. Returns its length or -1.
 */
static int read_plain_field(struct reader *r, char *out, size_t size,
			    bool last)
{
	size_t n = 0;
	uint8_t ch;

	for (;;) {
		if (last && reader_left(r) == 0)
			break;
		ch = reader_u8(r);
		if (!reader_ok(r) || (ch == 0 && last))
			return -1;
		if (ch == 0)
			break;
		if (n + 1 >= size)
			return -1;
		out[n++] = (char)ch;
	}
	out[n] = '\0';
	return (int)n;
}

struct plain_creds {
	char authzid[PLAIN_FIELD_MAX + 1];
	char authcid[PLAIN_FIELD_MAX + 1];
	char passwd[PLAIN_FIELD_MAX + 1];
};

/* authzid NUL authcid NUL passwd; the authcid must be printable. */
static int parse_plain(const uint8_t *v, size_t len, struct plain_creds *cr)
{
	struct reader r;
	const char *p;

	reader_init(&r, v, len);
	if (read_plain_field(&r, cr->authzid, sizeof(cr->authzid), false) < 0 ||
	    read_plain_field(&r, cr->authcid, sizeof(cr->authcid), false) <= 0 ||
	    read_plain_field(&r, cr->passwd, sizeof(cr->passwd), true) < 0)
		return -1;
	/* it ends up in log lines and AR_IDENTITIES */
	for (p = cr->authcid; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return -1;
	return 0;
}

/*
 * Gets the PLAIN response: the initial response piggybacked on the
 * selection, or else (RFC 4422 section 5: a client-first mechanism without
 * initial response gets an empty challenge) one SASL Authentication Data
 * message after our empty challenge. *resp (value of *holder) stays valid
 * until holder is freed.
 */
static int get_plain_response(struct pt_tls_conn *c, struct msg *sel,
			      const uint8_t *initial, size_t initial_len,
			      struct msg *holder, const uint8_t **resp,
			      size_t *resp_len)
{
	if (initial_len > 0) {
		*holder = *sel;
		*resp = initial;
		*resp_len = initial_len;
		return 0;
	}
	msg_free(sel);
	if (send_msg(c, PT_TLS_SASL_AUTH_DATA, NULL, 0) < 0 ||
	    expect_msg(c, PT_TLS_SASL_AUTH_DATA, holder) < 0)
		return -1;
	*resp = holder->value;
	*resp_len = holder->len;
	return 0;
}

static int send_sasl_result(struct pt_tls_conn *c, uint8_t code)
{
	/* one octet, as the reference client parses it (spec section 5) */
	return send_msg(c, PT_TLS_SASL_RESULT, &code, 1);
}

/* Checks credentials; on failure sends Abort (spec section 6 rule 5). */
static int check_plain(struct pt_tls_conn *c, const char *secrets,
		       const uint8_t *resp, size_t resp_len)
{
	struct plain_creds cr;
	int ok = -1;

	if (parse_plain(resp, resp_len, &cr) < 0) {
		log_tls(1, "malformed SASL PLAIN response from %s",
			peer_name(c));
	} else if (!secrets) {
		log_tls(1, "SASL PLAIN authentication of '%s' failed: no "
			"secrets file configured", cr.authcid);
	} else {
		ok = secret_matches(secrets, cr.authcid, cr.passwd);
		if (ok < 0)
			log_tls(1, "cannot read SASL secrets file '%s'",
				secrets);
		else if (ok == 0)
			log_tls(1, "SASL PLAIN authentication of '%s' failed",
				cr.authcid);
	}
	if (ok == 1) {
		log_tls(1, "SASL PLAIN authentication of '%s' successful",
			cr.authcid);
		set_peer(c, strdup(cr.authcid), PT_TLS_PEER_AUTH_PASSWORD);
	}
	OPENSSL_cleanse(&cr, sizeof(cr));
	if (ok != 1) {
		send_sasl_result(c, PT_TLS_SASL_ABORT);
		return -1;
	}
	return send_sasl_result(c, PT_TLS_SASL_SUCCESS);
}

static int server_sasl_plain(struct pt_tls_conn *c, const char *secrets)
{
	static const char *const mechs[] = { "PLAIN" };
	char name[PT_TLS_SASL_NAME_MAX + 1];
	const uint8_t *initial, *resp;
	size_t initial_len, resp_len;
	struct msg sel, holder = { .value = NULL };
	int r;

	if (send_mechs(c, mechs, 1) < 0 ||
	    expect_msg(c, PT_TLS_SASL_MECH_SELECTION, &sel) < 0)
		return -1;
	if (pt_tls_selection_decode(sel.value, sel.len, name, &initial,
				    &initial_len) < 0)
		return malformed(c, &sel);
	if (strcmp(name, "PLAIN") != 0) {
		log_tls(1, "SASL mechanism '%s' selected by %s is not "
			"supported", name, peer_name(c));
		send_error_for(c, PT_TLS_ERR_SASL_MECH, &sel);
		msg_free(&sel);
		return -1;
	}
	if (get_plain_response(c, &sel, initial, initial_len, &holder, &resp,
			       &resp_len) < 0)
		return -1;
	r = check_plain(c, secrets, resp, resp_len);
	OPENSSL_cleanse(holder.value, holder.len);
	msg_free(&holder);
	return r;
}

/* Client authentication per mode, always ended by empty SASL Mechanisms. */
static int server_authenticate(struct pt_tls_conn *c,
			       const struct pt_tls_server_params *p)
{
	bool need_cert = p->auth == PT_TLS_AUTH_TLS ||
			 p->auth == PT_TLS_AUTH_TLS_AND_SASL;
	bool have_cert = false, need_sasl;

	if (p->auth != PT_TLS_AUTH_NONE && p->auth != PT_TLS_AUTH_SASL)
		have_cert = take_cert_identity(c);
	if (need_cert && !have_cert) {
		log_tls(1, "%s presented no valid TLS client certificate",
			peer_name(c));
		return -1;
	}
	if (have_cert)
		log_tls(1, "TLS client certificate '%s' of %s authenticated",
			c->peer_id, peer_name(c));
	need_sasl = p->auth == PT_TLS_AUTH_SASL ||
		    p->auth == PT_TLS_AUTH_TLS_AND_SASL ||
		    (p->auth == PT_TLS_AUTH_TLS_OR_SASL && !have_cert);
	/* with tls_and_sasl the SASL identity replaces the certificate's */
	if (need_sasl && server_sasl_plain(c, p->sasl_secrets_file) < 0)
		return -1;
	return send_mechs(c, NULL, 0);
}

struct pt_tls_conn *pt_tls_accept(SSL_CTX *ctx, int fd,
				  const struct pt_tls_server_params *p)
{
	struct pt_tls_conn *c = conn_new(ctx, fd, p->timeout_ms,
					 p->max_msg_len);

	if (!c) {
		log_tls(1, "cannot set up a TLS connection: out of memory");
		close(fd);
		return NULL;
	}
	if (handshake(c, true) < 0 || server_negotiate_version(c) < 0 ||
	    server_authenticate(c, p) < 0) {
		pt_tls_conn_free(c);
		return NULL;
	}
	return c;
}

/* ------------------------------------------------------------------ */
/* Client: as strongSwan's pt-tls-client                               */

/* Makes OpenSSL check server_name (DNS or IP SAN) and send it as SNI. */
static int set_server_name(struct pt_tls_conn *c, const char *name)
{
	X509_VERIFY_PARAM *vp = SSL_get0_param(c->ssl);
	unsigned char addr[sizeof(struct in6_addr)];

	if (!name || !*name) {
		log_tls(1, "no server name to check the certificate against");
		return -1;
	}
	if (inet_pton(AF_INET, name, addr) == 1 ||
	    inet_pton(AF_INET6, name, addr) == 1) {
		/* SNI is for host names only (RFC 6066 section 3) */
		if (X509_VERIFY_PARAM_set1_ip_asc(vp, name) == 1)
			return 0;
	} else {
		X509_VERIFY_PARAM_set_hostflags(
			vp, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
		if (X509_VERIFY_PARAM_set1_host(vp, name, 0) == 1 &&
		    SSL_set_tlsext_host_name(c->ssl, name) == 1)
			return 0;
	}
	log_tls(1, "cannot use server name '%s'", name);
	return -1;
}

static int client_negotiate_version(struct pt_tls_conn *c)
{
	uint8_t req[4], version;
	struct msg m;

	pt_tls_version_request_encode(req, PT_TLS_VERSION, PT_TLS_VERSION,
				      PT_TLS_VERSION);
	if (send_msg(c, PT_TLS_VERSION_REQUEST, req, sizeof(req)) < 0 ||
	    expect_msg(c, PT_TLS_VERSION_RESPONSE, &m) < 0)
		return -1;
	if (pt_tls_version_response_decode(m.value, m.len, &version) < 0)
		return malformed(c, &m);
	if (version != PT_TLS_VERSION) {
		log_tls(1, "server selected unsupported PT-TLS version %u",
			version);
		send_error_for(c, PT_TLS_ERR_VERSION_NOT_SUPPORTED, &m);
		msg_free(&m);
		return -1;
	}
	msg_free(&m);
	log_tls(1, "PT-TLS version %u negotiated", PT_TLS_VERSION);
	return 0;
}

static const char *sasl_result_name(uint8_t code)
{
	static const char *const names[] = { "Success", "Failure", "Abort",
					     "Mechanism Failure" };

	return code < sizeof(names) / sizeof(names[0]) ? names[code]
						       : "unknown";
}

/* One PLAIN round: Selection with initial response, then SASL Result. */
static int client_sasl_plain(struct pt_tls_conn *c,
			     const struct pt_tls_client_params *p)
{
	size_t idlen = strlen(p->sasl_identity);
	size_t pwlen = strlen(p->sasl_password);
	struct writer resp, w;
	struct msg m;
	uint8_t code;
	int r;

	if (idlen == 0 || idlen > PLAIN_FIELD_MAX || pwlen > PLAIN_FIELD_MAX) {
		log_tls(1, "SASL identity or password too long for PLAIN");
		return -1;
	}
	/* authzid is empty, as the reference sends it */
	writer_init(&resp);
	writer_u8(&resp, 0);
	writer_bytes(&resp, p->sasl_identity, idlen);
	writer_u8(&resp, 0);
	writer_bytes(&resp, p->sasl_password, pwlen);
	writer_init(&w);
	pt_tls_selection_encode(&w, "PLAIN", resp.data, resp.len);
	r = writer_ok(&resp) && writer_ok(&w)
		    ? send_msg(c, PT_TLS_SASL_MECH_SELECTION, w.data, w.len)
		    : -1;
	if (resp.data)
		OPENSSL_cleanse(resp.data, resp.len);
	if (w.data)
		OPENSSL_cleanse(w.data, w.len);
	writer_free(&resp);
	writer_free(&w);
	if (r < 0 || expect_msg(c, PT_TLS_SASL_RESULT, &m) < 0)
		return -1;
	if (pt_tls_sasl_result_decode(m.value, m.len, &code) < 0)
		return malformed(c, &m);
	msg_free(&m);
	if (code != PT_TLS_SASL_SUCCESS) {
		log_tls(1, "SASL PLAIN authentication of '%s' failed: %s",
			p->sasl_identity, sasl_result_name(code));
		return -1;
	}
	log_tls(1, "SASL PLAIN authentication of '%s' successful",
		p->sasl_identity);
	return 0;
}

static bool mech_offered(const struct pt_tls_mech_list *list,
			 const char *name)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		if (strcmp(list->names[i], name) == 0)
			return true;
	return false;
}

/* SASL Mechanisms rounds until the server sends an empty list. */
static int client_authenticate(struct pt_tls_conn *c,
			       const struct pt_tls_client_params *p)
{
	struct pt_tls_mech_list list;
	struct msg m;
	int round;

	for (round = 0; round < MAX_SASL_ROUNDS; round++) {
		if (expect_msg(c, PT_TLS_SASL_MECHS, &m) < 0)
			return -1;
		if (pt_tls_mechs_decode(m.value, m.len, &list) < 0)
			return malformed(c, &m);
		msg_free(&m);
		if (list.count == 0)
			return 0;
		if (!mech_offered(&list, "PLAIN")) {
			log_tls(1, "server offers no supported SASL mechanism "
				"(first: '%s')", list.names[0]);
			return -1;
		}
		if (!p->sasl_identity || !p->sasl_password) {
			log_tls(1, "server requires SASL PLAIN authentication, "
				"but no SASL identity and password are "
				"configured");
			return -1;
		}
		if (client_sasl_plain(c, p) < 0)
			return -1;
	}
	log_tls(1, "server keeps asking for SASL authentication, giving up");
	return -1;
}

struct pt_tls_conn *pt_tls_connect(SSL_CTX *ctx, int fd,
				   const struct pt_tls_client_params *p)
{
	struct pt_tls_conn *c = conn_new(ctx, fd, p->timeout_ms,
					 p->max_msg_len);

	if (!c) {
		log_tls(1, "cannot set up a TLS connection: out of memory");
		close(fd);
		return NULL;
	}
	if (set_server_name(c, p->server_name) < 0 || handshake(c, false) < 0)
		goto fail;
	if (!take_cert_identity(c)) {
		/* only reachable with a context that does not verify */
		log_tls(1, "server %s presented no verified certificate",
			peer_name(c));
		goto fail;
	}
	if (client_negotiate_version(c) < 0 || client_authenticate(c, p) < 0)
		goto fail;
	return c;
fail:
	pt_tls_conn_free(c);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Data transport                                                      */

int pt_tls_send_batch(struct pt_tls_conn *c, const uint8_t *batch,
		      size_t len)
{
	return send_msg(c, PT_TLS_PB_TNC_BATCH, batch, len);
}

int pt_tls_recv_batch(struct pt_tls_conn *c, uint8_t **batch, size_t *len)
{
	struct msg m;
	int r;

	for (;;) {
		r = read_msg(c, &m);
		if (r != 0)
			return r;
		if (m.h.vendor != 0) {
			/* spec section 5: ignored in the data phase */
			log_tls(2, "ignoring PT-TLS message with vendor "
				"0x%06x type %u", (unsigned)m.h.vendor,
				(unsigned)m.h.type);
			msg_free(&m);
			continue;
		}
		if (m.h.type == PT_TLS_PB_TNC_BATCH) {
			*batch = m.value;
			*len = m.len;
			return 0;
		}
		if (m.h.type == PT_TLS_EXPERIMENTAL)
			log_tls(1, "PT-TLS Experimental message received, "
				"closing");
		else
			reject_msg(c, &m, "in the data phase");
		msg_free(&m);
		return -1;
	}
}

/* ------------------------------------------------------------------ */
/* Accessors and teardown                                              */

const char *pt_tls_conn_peer_id(const struct pt_tls_conn *c)
{
	return c->peer_id ? c->peer_id : "%any";
}

enum pt_tls_peer_auth pt_tls_conn_peer_auth(const struct pt_tls_conn *c)
{
	return c->peer_auth;
}

const char *pt_tls_conn_peer_addr(const struct pt_tls_conn *c, bool *ipv6)
{
	if (ipv6)
		*ipv6 = c->peer_ipv6;
	return c->peer_addr;
}

const char *pt_tls_conn_tls_version(const struct pt_tls_conn *c)
{
	return c->tls_version;
}

void pt_tls_conn_free(struct pt_tls_conn *c)
{
	if (!c)
		return;
	/*
	 * One SSL_shutdown sends our close_notify without waiting for the
	 * peer's; skipped after an I/O failure, where OpenSSL forbids it.
	 */
	if (!c->broken && SSL_is_init_finished(c->ssl)) {
		ERR_clear_error();
		SSL_shutdown(c->ssl);
	}
	ERR_clear_error();
	SSL_free(c->ssl);
	close(c->fd);
	free(c->peer_id);
	free(c);
}
