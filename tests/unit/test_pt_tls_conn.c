/*
 * test_pt_tls_conn.c - PT-TLS connections (libtnccs/pt_tls_conn.c) over
 * loopback TCP with real TLS: pt_tls_accept runs in a thread, the client
 * side is either pt_tls_connect or a "raw" TLS client that writes PT-TLS
 * bytes by hand to provoke the server's error handling.
 *
 * Certificates come from scripts/make-certs.sh, found through the
 * TNC_SOURCE_ROOT environment variable or the define of the same name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "buf.h"
#include "log.h"
#include "pt_tls.h"
#include "pt_tls_conn.h"

#ifndef TNC_SOURCE_ROOT
#define TNC_SOURCE_ROOT "."
#endif

#define TIMEOUT_MS 300
#define MAX_MSG (64 * 1024)

static char dir[64];
static char path_ca[128], path_server_cert[128], path_server_key[128];
static char path_client_cert[128], path_client_key[128], path_secrets[128];

/* ------------------------------------------------------------------ */
/* Fixture: certificates, secrets, sockets, a server thread            */

static int group_setup(void **state)
{
	const char *root = getenv("TNC_SOURCE_ROOT");
	char cmd[512];
	FILE *f;

	signal(SIGPIPE, SIG_IGN);
	snprintf(dir, sizeof(dir), "/tmp/test-pt-tls-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(cmd, sizeof(cmd), "sh '%s/scripts/make-certs.sh' '%s'",
		 root ? root : TNC_SOURCE_ROOT, dir);
	if (system(cmd) != 0)
		return -1;
	snprintf(path_ca, sizeof(path_ca), "%s/ca.pem", dir);
	snprintf(path_server_cert, sizeof(path_server_cert), "%s/server.pem",
		 dir);
	snprintf(path_server_key, sizeof(path_server_key), "%s/server.key",
		 dir);
	snprintf(path_client_cert, sizeof(path_client_cert), "%s/client.pem",
		 dir);
	snprintf(path_client_key, sizeof(path_client_key), "%s/client.key",
		 dir);
	snprintf(path_secrets, sizeof(path_secrets), "%s/secrets", dir);
	f = fopen(path_secrets, "w");
	if (!f)
		return -1;
	fputs("# SASL PLAIN test secrets\n"
	      "\n"
	      "carol Ar3etTnp\n"
	      "   # indented comment\n"
	      "this line is malformed\n"
	      "\"dave@example.org\" \"pass word\"\n", f);
	fclose(f);
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A connected loopback TCP pair. */
static void tcp_pair(int *client, int *server)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int lfd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(lfd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 1), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sa, &len), 0);
	*client = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(*client >= 0);
	assert_int_equal(connect(*client, (struct sockaddr *)&sa, sizeof(sa)),
			 0);
	*server = accept(lfd, NULL, NULL);
	assert_true(*server >= 0);
	close(lfd);
}

static SSL_CTX *server_ctx(enum pt_tls_auth auth, const char *min_version)
{
	struct tls_config cfg = {
		.cert_file = path_server_cert,
		.key_file = path_server_key,
		.ca_file = path_ca,
		.min_version = min_version,
	};
	char err[256] = "";
	SSL_CTX *ctx = tls_server_ctx_new(&cfg, auth, err, sizeof(err));

	if (!ctx)
		fail_msg("server context: %s", err);
	return ctx;
}

static SSL_CTX *client_ctx(bool with_cert)
{
	struct tls_config cfg = {
		.cert_file = with_cert ? path_client_cert : NULL,
		.key_file = with_cert ? path_client_key : NULL,
		.ca_file = path_ca,
	};
	char err[256] = "";
	SSL_CTX *ctx = tls_client_ctx_new(&cfg, err, sizeof(err));

	if (!ctx)
		fail_msg("client context: %s", err);
	return ctx;
}

/* pt_tls_accept in a thread, then optionally a few pt_tls_recv_batch. */
struct server_job {
	SSL_CTX *ctx;
	int fd;
	struct pt_tls_server_params params;
	int recv_count;
	struct pt_tls_conn *conn;
	int rc[4];
	uint8_t *batch[4];
	size_t len[4];
	pthread_t thread;
	bool joined;
};

static void *server_main(void *arg)
{
	struct server_job *job = arg;
	int i;

	job->conn = pt_tls_accept(job->ctx, job->fd, &job->params);
	for (i = 0; job->conn && i < job->recv_count; i++) {
		job->rc[i] = pt_tls_recv_batch(job->conn, &job->batch[i],
					       &job->len[i]);
		if (job->rc[i] != 0)
			break;
	}
	return NULL;
}

static void server_start(struct server_job *job, enum pt_tls_auth auth,
			 int fd, int recv_count)
{
	memset(job, 0, sizeof(*job));
	job->ctx = server_ctx(auth, NULL);
	job->fd = fd;
	job->params.auth = auth;
	job->params.sasl_secrets_file = path_secrets;
	job->params.timeout_ms = TIMEOUT_MS;
	job->params.max_msg_len = MAX_MSG;
	job->recv_count = recv_count;
	assert_int_equal(pthread_create(&job->thread, NULL, server_main, job),
			 0);
}

static void server_join(struct server_job *job)
{
	if (!job->joined)
		pthread_join(job->thread, NULL);
	job->joined = true;
}

static void server_finish(struct server_job *job)
{
	int i;

	server_join(job);
	pt_tls_conn_free(job->conn);
	for (i = 0; i < 4; i++)
		free(job->batch[i]);
	SSL_CTX_free(job->ctx);
}

/* A whole session: server thread plus pt_tls_connect; client returned. */
static struct pt_tls_conn *session(struct server_job *job,
				   enum pt_tls_auth auth, SSL_CTX *cctx,
				   const char *server_name, const char *id,
				   const char *password)
{
	struct pt_tls_client_params cp = {
		.server_name = server_name,
		.sasl_identity = id,
		.sasl_password = password,
		.timeout_ms = 2000,
		.max_msg_len = MAX_MSG,
	};
	struct pt_tls_conn *client;
	int cfd, sfd;

	tcp_pair(&cfd, &sfd);
	server_start(job, auth, sfd, 0);
	client = pt_tls_connect(cctx, cfd, &cp);
	server_join(job);
	return client;
}

/* ------------------------------------------------------------------ */
/* Sessions through pt_tls_connect                                     */

/* Receives one batch in a thread, for batches larger than socket buffers */
struct recv_job {
	struct pt_tls_conn *conn;
	uint8_t *batch;
	size_t len;
	int rc;
};

static void *recv_main(void *arg)
{
	struct recv_job *job = arg;

	job->rc = pt_tls_recv_batch(job->conn, &job->batch, &job->len);
	return NULL;
}

static void test_auth_none_and_batches(void **state)
{
	static const uint8_t small[] = { 0x02, 0x00, 0x00, 0x01, 0, 0, 0, 8 };
	SSL_CTX *cctx = client_ctx(false);
	struct server_job job;
	struct recv_job rj = { 0 };
	struct pt_tls_conn *client;
	uint8_t *batch = NULL, *big;
	pthread_t t;
	size_t len = 0, i, big_len = 40000;
	bool v6 = true;

	client = session(&job, PT_TLS_AUTH_NONE, cctx, "localhost", NULL, NULL);
	assert_non_null(client);
	assert_non_null(job.conn);

	assert_int_equal(pt_tls_conn_peer_auth(job.conn), PT_TLS_PEER_AUTH_NONE);
	assert_string_equal(pt_tls_conn_peer_id(job.conn), "%any");
	assert_string_equal(pt_tls_conn_peer_addr(job.conn, &v6), "127.0.0.1");
	assert_false(v6);
	assert_int_equal(pt_tls_conn_peer_auth(client), PT_TLS_PEER_AUTH_CERT);
	assert_string_equal(pt_tls_conn_peer_id(client),
			    "O=TNC Test, CN=localhost");
	assert_non_null(strstr(pt_tls_conn_tls_version(client), "TLSv1."));

	/* client to server, small */
	assert_int_equal(pt_tls_send_batch(client, small, sizeof(small)), 0);
	assert_int_equal(pt_tls_recv_batch(job.conn, &batch, &len), 0);
	assert_int_equal(len, sizeof(small));
	assert_memory_equal(batch, small, sizeof(small));
	free(batch);

	/* server to client, spanning several TLS records */
	big = malloc(big_len);
	assert_non_null(big);
	for (i = 0; i < big_len; i++)
		big[i] = (uint8_t)(i * 7 + 3);
	rj.conn = client;
	assert_int_equal(pthread_create(&t, NULL, recv_main, &rj), 0);
	assert_int_equal(pt_tls_send_batch(job.conn, big, big_len), 0);
	pthread_join(t, NULL);
	assert_int_equal(rj.rc, 0);
	assert_int_equal(rj.len, big_len);
	assert_memory_equal(rj.batch, big, big_len);
	free(rj.batch);
	free(big);

	/* an empty batch value still arrives as a (non-NULL) buffer */
	assert_int_equal(pt_tls_send_batch(client, NULL, 0), 0);
	batch = NULL;
	assert_int_equal(pt_tls_recv_batch(job.conn, &batch, &len), 0);
	assert_int_equal(len, 0);
	assert_non_null(batch);
	free(batch);

	/* the client goes away: a clean end for the server */
	pt_tls_conn_free(client);
	batch = NULL;
	assert_int_equal(pt_tls_recv_batch(job.conn, &batch, &len), 1);
	assert_null(batch);

	server_finish(&job);
	SSL_CTX_free(cctx);
}

static void session_done(struct server_job *job, struct pt_tls_conn *client,
			 SSL_CTX *cctx)
{
	pt_tls_conn_free(client);
	server_finish(job);
	SSL_CTX_free(cctx);
}

static void test_sasl_right_password(void **state)
{
	SSL_CTX *cctx = client_ctx(false);
	struct server_job job;
	struct pt_tls_conn *client;

	client = session(&job, PT_TLS_AUTH_SASL, cctx, "127.0.0.1", "carol",
			 "Ar3etTnp");
	assert_non_null(client);
	assert_non_null(job.conn);
	assert_int_equal(pt_tls_conn_peer_auth(job.conn),
			 PT_TLS_PEER_AUTH_PASSWORD);
	assert_string_equal(pt_tls_conn_peer_id(job.conn), "carol");
	session_done(&job, client, cctx);
}

static void test_sasl_quoted_secret(void **state)
{
	SSL_CTX *cctx = client_ctx(false);
	struct server_job job;
	struct pt_tls_conn *client;

	client = session(&job, PT_TLS_AUTH_SASL, cctx, "localhost",
			 "dave@example.org", "pass word");
	assert_non_null(client);
	assert_non_null(job.conn);
	assert_string_equal(pt_tls_conn_peer_id(job.conn), "dave@example.org");
	session_done(&job, client, cctx);
}

static void test_sasl_wrong_password(void **state)
{
	SSL_CTX *cctx = client_ctx(false);
	struct server_job job;
	struct pt_tls_conn *client;

	client = session(&job, PT_TLS_AUTH_SASL, cctx, "localhost", "carol",
			 "Ar3etTnq");
	assert_null(client);
	assert_null(job.conn);
	session_done(&job, client, cctx);

	cctx = client_ctx(false);
	client = session(&job, PT_TLS_AUTH_SASL, cctx, "localhost", "mallory",
			 "Ar3etTnp");
	assert_null(client);
	assert_null(job.conn);
	session_done(&job, client, cctx);
}

static void test_sasl_without_credentials(void **state)
{
	SSL_CTX *cctx = client_ctx(false);
	struct server_job job;
	struct pt_tls_conn *client;

	client = session(&job, PT_TLS_AUTH_SASL, cctx, "localhost", NULL, NULL);
	assert_null(client);
	assert_null(job.conn);
	session_done(&job, client, cctx);
}

static void test_tls_client_cert(void **state)
{
	SSL_CTX *cctx = client_ctx(true);
	struct server_job job;
	struct pt_tls_conn *client;

	client = session(&job, PT_TLS_AUTH_TLS, cctx, "127.0.0.1", NULL, NULL);
	assert_non_null(client);
	assert_non_null(job.conn);
	assert_int_equal(pt_tls_conn_peer_auth(job.conn),
			 PT_TLS_PEER_AUTH_CERT);
	assert_string_equal(pt_tls_conn_peer_id(job.conn),
			    "O=TNC Test, CN=client.example");
	session_done(&job, client, cctx);
}

static void test_tls_requires_cert(void **state)
{
	SSL_CTX *cctx = client_ctx(false);
	struct server_job job;
	struct pt_tls_conn *client;

	client = session(&job, PT_TLS_AUTH_TLS, cctx, "localhost", "carol",
			 "Ar3etTnp");
	assert_null(client);
	assert_null(job.conn);
	session_done(&job, client, cctx);
}

static void test_tls_or_sasl(void **state)
{
	SSL_CTX *cctx = client_ctx(true);
	struct server_job job;
	struct pt_tls_conn *client;

	/* a certificate: no SASL round, even though credentials exist */
	client = session(&job, PT_TLS_AUTH_TLS_OR_SASL, cctx, "localhost",
			 "carol", "wrong");
	assert_non_null(client);
	assert_non_null(job.conn);
	assert_int_equal(pt_tls_conn_peer_auth(job.conn),
			 PT_TLS_PEER_AUTH_CERT);
	session_done(&job, client, cctx);

	/* no certificate: SASL */
	cctx = client_ctx(false);
	client = session(&job, PT_TLS_AUTH_TLS_OR_SASL, cctx, "localhost",
			 "carol", "Ar3etTnp");
	assert_non_null(client);
	assert_non_null(job.conn);
	assert_int_equal(pt_tls_conn_peer_auth(job.conn),
			 PT_TLS_PEER_AUTH_PASSWORD);
	assert_string_equal(pt_tls_conn_peer_id(job.conn), "carol");
	session_done(&job, client, cctx);
}

static void test_tls_and_sasl(void **state)
{
	SSL_CTX *cctx = client_ctx(true);
	struct server_job job;
	struct pt_tls_conn *client;

	client = session(&job, PT_TLS_AUTH_TLS_AND_SASL, cctx, "localhost",
			 "carol", "Ar3etTnp");
	assert_non_null(client);
	assert_non_null(job.conn);
	assert_int_equal(pt_tls_conn_peer_auth(job.conn),
			 PT_TLS_PEER_AUTH_PASSWORD);
	assert_string_equal(pt_tls_conn_peer_id(job.conn), "carol");
	session_done(&job, client, cctx);
}

/* strongSwan's client speaks TLS 1.2 only by default (spec section 2) */
static void test_tls12_client(void **state)
{
	SSL_CTX *cctx = client_ctx(false);
	struct server_job job;
	struct pt_tls_conn *client;

	SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION);
	SSL_CTX_set_cipher_list(cctx, "ECDHE-ECDSA-AES128-GCM-SHA256");
	client = session(&job, PT_TLS_AUTH_NONE, cctx, "localhost", NULL, NULL);
	assert_non_null(client);
	assert_non_null(job.conn);
	assert_string_equal(pt_tls_conn_tls_version(job.conn),
			    "TLSv1.2 (ECDHE-ECDSA-AES128-GCM-SHA256)");
	session_done(&job, client, cctx);
}

static void test_wrong_server_name(void **state)
{
	SSL_CTX *cctx = client_ctx(false);
	struct server_job job;
	struct pt_tls_conn *client;

	client = session(&job, PT_TLS_AUTH_NONE, cctx, "pdp.example", NULL,
			 NULL);
	assert_null(client);
	assert_null(job.conn);
	session_done(&job, client, cctx);

	cctx = client_ctx(false);
	client = session(&job, PT_TLS_AUTH_NONE, cctx, "127.0.0.2", NULL, NULL);
	assert_null(client);
	session_done(&job, client, cctx);
}

/* ------------------------------------------------------------------ */
/* A raw TLS client writing PT-TLS by hand                             */

static SSL *raw_connect(SSL_CTX *ctx, int fd)
{
	struct timeval tv = { 5, 0 };
	SSL *ssl = SSL_new(ctx);

	/* never hang the test on a server that does not answer */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	assert_non_null(ssl);
	SSL_set_fd(ssl, fd);
	assert_int_equal(SSL_connect(ssl), 1);
	return ssl;
}

/* Writes a header with the given length field, then the value. */
static void raw_send(SSL *ssl, uint32_t vendor, uint32_t type,
		     uint32_t length, const void *value, size_t len)
{
	struct writer w;

	writer_init(&w);
	writer_u8(&w, 0);
	writer_u24(&w, vendor);
	writer_u32(&w, type);
	writer_u32(&w, length);
	writer_u32(&w, 0);
	writer_bytes(&w, value, len);
	assert_true(writer_ok(&w));
	assert_int_equal(SSL_write(ssl, w.data, (int)w.len), (int)w.len);
	writer_free(&w);
}

static bool read_all(SSL *ssl, uint8_t *buf, size_t n)
{
	size_t got = 0, done;

	while (got < n) {
		if (!SSL_read_ex(ssl, buf + got, n - got, &done))
			return false;
		got += done;
	}
	return true;
}

/* Reads one message; value into buf (cap bytes). Returns its type. */
static uint32_t raw_recv(SSL *ssl, uint8_t *buf, size_t cap, size_t *len)
{
	uint8_t hdr[PT_TLS_HEADER_LEN];
	struct pt_tls_header h;

	assert_true(read_all(ssl, hdr, sizeof(hdr)));
	assert_int_equal(pt_tls_header_decode(hdr, PT_TLS_HEADER_LEN + cap,
					      &h), 0);
	assert_int_equal(h.vendor, 0);
	*len = h.length - PT_TLS_HEADER_LEN;
	assert_true(read_all(ssl, buf, *len));
	return h.type;
}

/* Reads the server's PT-TLS Error and returns its code. */
static uint32_t raw_recv_error(SSL *ssl)
{
	uint8_t buf[2048];
	struct pt_tls_error e;
	size_t len;

	assert_int_equal(raw_recv(ssl, buf, sizeof(buf), &len), PT_TLS_ERROR);
	assert_int_equal(pt_tls_error_decode(buf, len, &e), 0);
	assert_int_equal(e.vendor, 0);
	assert_true(e.copy_len >= PT_TLS_HEADER_LEN);
	return e.code;
}

/* A raw client, the server thread and its peer's SSL. */
struct raw {
	SSL_CTX *cctx;
	SSL *ssl;
	int fd;
	struct server_job job;
};

static void raw_start(struct raw *r, enum pt_tls_auth auth, int recv_count)
{
	int sfd;

	tcp_pair(&r->fd, &sfd);
	r->cctx = client_ctx(false);
	server_start(&r->job, auth, sfd, recv_count);
	r->ssl = raw_connect(r->cctx, r->fd);
}

static void raw_join(struct raw *r)
{
	server_join(&r->job);
}

static void raw_finish(struct raw *r)
{
	server_finish(&r->job);
	SSL_free(r->ssl);
	close(r->fd);
	SSL_CTX_free(r->cctx);
}

/* Version Request, Version Response, empty SASL Mechanisms. */
static void raw_negotiate(SSL *ssl)
{
	static const uint8_t req[] = { 0, 1, 1, 1 };
	uint8_t buf[64];
	size_t len;

	raw_send(ssl, 0, PT_TLS_VERSION_REQUEST, 20, req, sizeof(req));
	assert_int_equal(raw_recv(ssl, buf, sizeof(buf), &len),
			 PT_TLS_VERSION_RESPONSE);
	assert_int_equal(len, 4);
	assert_int_equal(buf[3], 1);
	assert_int_equal(raw_recv(ssl, buf, sizeof(buf), &len),
			 PT_TLS_SASL_MECHS);
	assert_int_equal(len, 0);
}

static void test_length_too_short(void **state)
{
	struct raw r;

	raw_start(&r, PT_TLS_AUTH_NONE, 0);
	raw_send(r.ssl, 0, PT_TLS_VERSION_REQUEST, 10, NULL, 0);
	assert_int_equal(raw_recv_error(r.ssl), PT_TLS_ERR_MALFORMED);
	raw_join(&r);
	assert_null(r.job.conn);
	raw_finish(&r);
}

static void test_length_too_long(void **state)
{
	struct raw r;

	raw_start(&r, PT_TLS_AUTH_NONE, 0);
	raw_send(r.ssl, 0, PT_TLS_VERSION_REQUEST, 0xfffffff0u, NULL, 0);
	assert_int_equal(raw_recv_error(r.ssl), PT_TLS_ERR_MALFORMED);
	raw_join(&r);
	assert_null(r.job.conn);
	raw_finish(&r);

	/* in the data phase too: just above max_msg_len */
	raw_start(&r, PT_TLS_AUTH_NONE, 1);
	raw_negotiate(r.ssl);
	raw_send(r.ssl, 0, PT_TLS_PB_TNC_BATCH, MAX_MSG + 1, NULL, 0);
	assert_int_equal(raw_recv_error(r.ssl), PT_TLS_ERR_MALFORMED);
	raw_join(&r);
	assert_non_null(r.job.conn);
	assert_int_equal(r.job.rc[0], -1);
	raw_finish(&r);
}

static void test_version_errors(void **state)
{
	static const uint8_t v2[] = { 0, 2, 2, 2 };
	static const uint8_t batch[] = { 2, 0, 0, 1, 0, 0, 0, 8 };
	struct raw r;

	raw_start(&r, PT_TLS_AUTH_NONE, 0);
	raw_send(r.ssl, 0, PT_TLS_VERSION_REQUEST, 20, v2, sizeof(v2));
	assert_int_equal(raw_recv_error(r.ssl),
			 PT_TLS_ERR_VERSION_NOT_SUPPORTED);
	raw_join(&r);
	assert_null(r.job.conn);
	raw_finish(&r);

	/* a batch before negotiation */
	raw_start(&r, PT_TLS_AUTH_NONE, 0);
	raw_send(r.ssl, 0, PT_TLS_PB_TNC_BATCH, 24, batch, sizeof(batch));
	assert_int_equal(raw_recv_error(r.ssl), PT_TLS_ERR_INVALID_MESSAGE);
	raw_join(&r);
	assert_null(r.job.conn);
	raw_finish(&r);
}

static void test_sasl_mechanism_error(void **state)
{
	static const uint8_t req[] = { 0, 1, 1, 1 };
	static const uint8_t sel[] = { 4, 'X', 'Y', 'Z', 'W' };
	uint8_t buf[64];
	size_t len;
	struct raw r;

	raw_start(&r, PT_TLS_AUTH_SASL, 0);
	raw_send(r.ssl, 0, PT_TLS_VERSION_REQUEST, 20, req, sizeof(req));
	assert_int_equal(raw_recv(r.ssl, buf, sizeof(buf), &len),
			 PT_TLS_VERSION_RESPONSE);
	assert_int_equal(raw_recv(r.ssl, buf, sizeof(buf), &len),
			 PT_TLS_SASL_MECHS);
	assert_int_equal(len, 6);
	assert_memory_equal(buf, "\x05PLAIN", 6);
	raw_send(r.ssl, 0, PT_TLS_SASL_MECH_SELECTION, 16 + sizeof(sel), sel,
		 sizeof(sel));
	assert_int_equal(raw_recv_error(r.ssl), PT_TLS_ERR_SASL_MECH);
	raw_join(&r);
	assert_null(r.job.conn);
	raw_finish(&r);
}

/* PLAIN without initial response: empty challenge, then the response. */
static void test_sasl_plain_separate_response(void **state)
{
	static const uint8_t req[] = { 0, 1, 1, 1 };
	static const uint8_t sel[] = { 5, 'P', 'L', 'A', 'I', 'N' };
	static const uint8_t resp[] = "\0carol\0Ar3etTnp";
	uint8_t buf[64];
	size_t len;
	struct raw r;

	raw_start(&r, PT_TLS_AUTH_SASL, 0);
	raw_send(r.ssl, 0, PT_TLS_VERSION_REQUEST, 20, req, sizeof(req));
	assert_int_equal(raw_recv(r.ssl, buf, sizeof(buf), &len),
			 PT_TLS_VERSION_RESPONSE);
	assert_int_equal(raw_recv(r.ssl, buf, sizeof(buf), &len),
			 PT_TLS_SASL_MECHS);
	raw_send(r.ssl, 0, PT_TLS_SASL_MECH_SELECTION, 16 + sizeof(sel), sel,
		 sizeof(sel));
	assert_int_equal(raw_recv(r.ssl, buf, sizeof(buf), &len),
			 PT_TLS_SASL_AUTH_DATA);
	assert_int_equal(len, 0);
	raw_send(r.ssl, 0, PT_TLS_SASL_AUTH_DATA, 16 + sizeof(resp) - 1, resp,
		 sizeof(resp) - 1);
	assert_int_equal(raw_recv(r.ssl, buf, sizeof(buf), &len),
			 PT_TLS_SASL_RESULT);
	assert_int_equal(len, 1);	/* one octet, as the reference */
	assert_int_equal(buf[0], PT_TLS_SASL_SUCCESS);
	assert_int_equal(raw_recv(r.ssl, buf, sizeof(buf), &len),
			 PT_TLS_SASL_MECHS);
	assert_int_equal(len, 0);
	raw_join(&r);
	assert_non_null(r.job.conn);
	assert_string_equal(pt_tls_conn_peer_id(r.job.conn), "carol");
	raw_finish(&r);
}

static void test_data_phase_rules(void **state)
{
	static const uint8_t batch[] = { 2, 0, 0, 1, 0, 0, 0, 8 };
	static const uint8_t junk[] = { 1, 2, 3 };
	struct raw r;

	/* a vendor message is skipped, the batch after it delivered */
	raw_start(&r, PT_TLS_AUTH_NONE, 2);
	raw_negotiate(r.ssl);
	raw_send(r.ssl, 0x00902a, 1, 19, junk, sizeof(junk));
	raw_send(r.ssl, 0, PT_TLS_PB_TNC_BATCH, 24, batch, sizeof(batch));
	/* then a negotiation message: Invalid Message */
	raw_send(r.ssl, 0, PT_TLS_VERSION_REQUEST, 19, junk, sizeof(junk));
	assert_int_equal(raw_recv_error(r.ssl), PT_TLS_ERR_INVALID_MESSAGE);
	raw_join(&r);
	assert_int_equal(r.job.rc[0], 0);
	assert_int_equal(r.job.len[0], sizeof(batch));
	assert_memory_equal(r.job.batch[0], batch, sizeof(batch));
	assert_int_equal(r.job.rc[1], -1);
	raw_finish(&r);

	/* an unknown IETF type: Type Not Supported */
	raw_start(&r, PT_TLS_AUTH_NONE, 1);
	raw_negotiate(r.ssl);
	raw_send(r.ssl, 0, 42, 19, junk, sizeof(junk));
	assert_int_equal(raw_recv_error(r.ssl), PT_TLS_ERR_TYPE_NOT_SUPPORTED);
	raw_join(&r);
	assert_int_equal(r.job.rc[0], -1);
	raw_finish(&r);

	/* a PT-TLS Error from the peer ends the session quietly */
	raw_start(&r, PT_TLS_AUTH_NONE, 1);
	raw_negotiate(r.ssl);
	raw_send(r.ssl, 0, PT_TLS_ERROR, 24,
		 "\x00\x00\x00\x00\x00\x00\x00\x04", 8);
	raw_join(&r);
	assert_int_equal(r.job.rc[0], -1);
	raw_finish(&r);

	/* the peer goes silent: timeout */
	raw_start(&r, PT_TLS_AUTH_NONE, 1);
	raw_negotiate(r.ssl);
	raw_join(&r);
	assert_int_equal(r.job.rc[0], -1);
	raw_finish(&r);
}

/* A client that connects TCP and never starts TLS. */
static void test_handshake_timeout(void **state)
{
	struct server_job job;
	struct timespec t0, t1;
	int cfd, sfd;
	long ms;

	tcp_pair(&cfd, &sfd);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	server_start(&job, PT_TLS_AUTH_NONE, sfd, 0);
	server_join(&job);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_null(job.conn);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	/* loose: it returned, and not after an eternity */
	assert_true(ms < 10000);
	server_finish(&job);
	close(cfd);
}

static void test_ctx_and_mode_parsing(void **state)
{
	struct tls_config cfg = { .cert_file = path_server_cert,
				  .key_file = path_server_key };
	enum pt_tls_auth mode = PT_TLS_AUTH_NONE;
	char err[256];
	SSL_CTX *ctx;

	assert_int_equal(pt_tls_auth_parse("tls_or_sasl", &mode), 0);
	assert_int_equal(mode, PT_TLS_AUTH_TLS_OR_SASL);
	assert_int_equal(pt_tls_auth_parse("tls_and_sasl", &mode), 0);
	assert_int_equal(mode, PT_TLS_AUTH_TLS_AND_SASL);
	assert_int_equal(pt_tls_auth_parse("none", &mode), 0);
	assert_int_equal(mode, PT_TLS_AUTH_NONE);
	assert_int_equal(pt_tls_auth_parse("TLS", &mode), -1);
	assert_int_equal(pt_tls_auth_parse("", &mode), -1);

	/* client certificates need a CA to check them against */
	assert_null(tls_server_ctx_new(&cfg, PT_TLS_AUTH_TLS, err,
				       sizeof(err)));
	cfg.min_version = "1.1";
	assert_null(tls_server_ctx_new(&cfg, PT_TLS_AUTH_NONE, err,
				       sizeof(err)));
	cfg.min_version = "1.3";
	ctx = tls_server_ctx_new(&cfg, PT_TLS_AUTH_NONE, err, sizeof(err));
	assert_non_null(ctx);
	assert_int_equal(SSL_CTX_get_min_proto_version(ctx), TLS1_3_VERSION);
	SSL_CTX_free(ctx);
	cfg.key_file = path_client_key;
	assert_null(tls_server_ctx_new(&cfg, PT_TLS_AUTH_NONE, err,
				       sizeof(err)));
	assert_non_null(strstr(err, "mismatch"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ctx_and_mode_parsing),
		cmocka_unit_test(test_auth_none_and_batches),
		cmocka_unit_test(test_sasl_right_password),
		cmocka_unit_test(test_sasl_quoted_secret),
		cmocka_unit_test(test_sasl_wrong_password),
		cmocka_unit_test(test_sasl_without_credentials),
		cmocka_unit_test(test_tls_client_cert),
		cmocka_unit_test(test_tls_requires_cert),
		cmocka_unit_test(test_tls_or_sasl),
		cmocka_unit_test(test_tls_and_sasl),
		cmocka_unit_test(test_tls12_client),
		cmocka_unit_test(test_wrong_server_name),
		cmocka_unit_test(test_length_too_short),
		cmocka_unit_test(test_length_too_long),
		cmocka_unit_test(test_version_errors),
		cmocka_unit_test(test_sasl_mechanism_error),
		cmocka_unit_test(test_sasl_plain_separate_response),
		cmocka_unit_test(test_data_phase_rules),
		cmocka_unit_test(test_handshake_timeout),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
