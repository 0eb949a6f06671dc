/*
 * tnc-bench.c - load generator for tnc-server: K client threads each run
 * M complete PT-TLS sessions one after another (TCP connect, a full TLS
 * handshake, PT-TLS version negotiation and authentication, the PB-TNC
 * handshake with the IMCs from tnc_config until RESULT and CLOSE) and the
 * figures are printed: sessions/s and the p50/p99/max session latency.
 *
 * A session counts as good only when it ends with Access Allowed. The
 * program measures and prints; it asserts nothing about the figures.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "imc_manager.h"
#include "log.h"
#include "pt_tls.h"
#include "pt_tls_conn.h"
#include "tnccs_client.h"

struct bench_config {
	const char *connect;
	long port;
	const char *ca;
	const char *tnc_config;
	long clients;
	long sessions;
	long rounds;		/* informational: TNC_IMV_TEST_ROUNDS of the server */
	long timeout_ms;
	bool nodelay;		/* TCP_NODELAY on the client sockets */
};

/* Everything the client threads share; read-only once they run. */
struct bench {
	struct bench_config cfg;
	struct sockaddr_storage addr;
	socklen_t addrlen;
	SSL_CTX *ctx;
	struct imc_manager *imcs;
	pthread_barrier_t start;
	atomic_int tls_reported;
};

/* Why a session failed; counted separately. */
enum outcome { OK, FAIL_CONNECT, FAIL_PT_TLS, FAIL_PB_TNC, NOT_ALLOWED,
	       OUTCOMES };
static const char *const outcome_names[OUTCOMES] = {
	"ok", "tcp connect", "tls/pt-tls setup", "pb-tnc", "not allowed",
};

struct worker {
	struct bench *b;
	pthread_t tid;
	double *lat_ms;		/* total latency of each good session */
	double *setup_ms;	/* connect + TLS + PT-TLS part of it */
	long done;		/* good sessions */
	long fails[OUTCOMES];
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int open_socket(const struct bench *b)
{
	int one = 1;
	int fd = socket(b->addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (b->cfg.nodelay)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (const struct sockaddr *)&b->addr, b->addrlen) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* PB-TNC exchange as pt-tls-client runs it; OK only for Access Allowed. */
static enum outcome pb_tnc(struct bench *b, struct pt_tls_conn *conn)
{
	uint16_t access;

	if (!tnccs_client_run(b->imcs, NULL, conn, &access))
		return FAIL_PB_TNC;
	return access == PB_REC_ACCESS_ALLOWED ? OK : NOT_ALLOWED;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct bench *b = w->b;
	struct pt_tls_client_params p = {
		.server_name = b->cfg.connect,
		.timeout_ms = (int)b->cfg.timeout_ms,
		.max_msg_len = PT_TLS_DEFAULT_MAX_MSG,
	};
	struct pt_tls_conn *conn;
	enum outcome r;
	double t0, t1;
	long i;
	int fd;

	pthread_barrier_wait(&b->start);
	for (i = 0; i < b->cfg.sessions; i++) {
		t0 = now_ms();
		t1 = t0;
		conn = NULL;
		fd = open_socket(b);
		if (fd < 0) {
			r = FAIL_CONNECT;
		} else if (!(conn = pt_tls_connect(b->ctx, fd, &p))) {
			r = FAIL_PT_TLS;
		} else {
			t1 = now_ms();
			if (atomic_exchange(&b->tls_reported, 1) == 0)
				printf("tls:       %s\n",
				       pt_tls_conn_tls_version(conn));
			r = pb_tnc(b, conn);
			pt_tls_conn_free(conn);
		}
		if (r == OK) {
			w->lat_ms[w->done] = now_ms() - t0;
			w->setup_ms[w->done] = t1 - t0;
			w->done++;
		} else {
			w->fails[r]++;
		}
	}
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted v[0..n). */
static double percentile(const double *v, size_t n, double pct)
{
	size_t rank;

	if (n == 0)
		return 0;
	rank = (size_t)(pct / 100.0 * (double)n + 0.999999);
	if (rank < 1)
		rank = 1;
	return v[(rank > n ? n : rank) - 1];
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: tnc-bench --connect ADDR --port PORT --cert CA\n"
		"                 --tnc-config FILE [--clients K] [--sessions M]\n"
		"                 [--rounds N] [--timeout MS] [--nodelay]\n"
		"                 [--debug LEVEL]\n"
		"  K client threads (default 32) each run M sessions (default\n"
		"  50) with a fresh TCP connection and full TLS handshake.\n"
		"  --rounds is only printed (the server's TNC_IMV_TEST_ROUNDS);\n"
		"  --nodelay sets TCP_NODELAY on the client sockets.\n"
		"Exit status: 0 when every session ended with Access Allowed,\n"
		"1 when any failed, 2 on bad usage.\n");
}

static int parse_args(int argc, char **argv, struct bench_config *cfg)
{
	static const struct option opts[] = {
		{ "connect", required_argument, NULL, 'c' },
		{ "port", required_argument, NULL, 'p' },
		{ "cert", required_argument, NULL, 'x' },
		{ "tnc-config", required_argument, NULL, 't' },
		{ "clients", required_argument, NULL, 'k' },
		{ "sessions", required_argument, NULL, 'm' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "nodelay", no_argument, NULL, 'n' },
		{ "debug", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "c:p:x:t:k:m:r:T:nd:h", opts,
				  NULL)) != -1) {
		switch (opt) {
		case 'c': cfg->connect = optarg; break;
		case 'p': cfg->port = strtol(optarg, NULL, 10); break;
		case 'x': cfg->ca = optarg; break;
		case 't': cfg->tnc_config = optarg; break;
		case 'k': cfg->clients = strtol(optarg, NULL, 10); break;
		case 'm': cfg->sessions = strtol(optarg, NULL, 10); break;
		case 'r': cfg->rounds = strtol(optarg, NULL, 10); break;
		case 'T': cfg->timeout_ms = strtol(optarg, NULL, 10); break;
		case 'n': cfg->nodelay = true; break;
		case 'd': log_set_level(-1, atoi(optarg)); break;
		case 'h': usage(stdout); exit(0);
		default: return -1;
		}
	}
	if (optind < argc || !cfg->connect || !cfg->ca || !cfg->tnc_config ||
	    cfg->port < 1 || cfg->port > 65535 || cfg->clients < 1 ||
	    cfg->clients > 4096 || cfg->sessions < 1 ||
	    cfg->sessions > 10000000 || cfg->timeout_ms < 100) {
		fprintf(stderr, "tnc-bench: --connect, --port, --cert and "
			"--tnc-config are needed; K, M >= 1\n");
		return -1;
	}
	return 0;
}

static int resolve(struct bench *b)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	char service[16];
	int rc;

	snprintf(service, sizeof(service), "%ld", b->cfg.port);
	rc = getaddrinfo(b->cfg.connect, service, &hints, &ai);
	if (rc != 0) {
		fprintf(stderr, "tnc-bench: cannot resolve %s: %s\n",
			b->cfg.connect, gai_strerror(rc));
		return -1;
	}
	memcpy(&b->addr, ai->ai_addr, ai->ai_addrlen);
	b->addrlen = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

static SSL_CTX *make_ctx(const char *ca)
{
	struct tls_config tls = { .ca_file = ca, .min_version = "1.2" };
	char err[256];
	SSL_CTX *ctx = tls_client_ctx_new(&tls, err, sizeof(err));

	if (!ctx) {
		fprintf(stderr, "tnc-bench: TLS setup failed: %s\n", err);
		return NULL;
	}
	/* a full handshake every session: no cache, no tickets */
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
	return ctx;
}

/* Prints the figures; returns the number of failed sessions. */
static long report(const struct bench *b, struct worker *w, double secs)
{
	long n = b->cfg.clients, i, j, good = 0, fails[OUTCOMES] = { 0 };
	long total = b->cfg.clients * b->cfg.sessions, failed = 0;
	double *lat = malloc(total * sizeof(*lat));
	double *setup = malloc(total * sizeof(*setup));

	if (!lat || !setup) {
		fprintf(stderr, "tnc-bench: out of memory\n");
		exit(1);
	}
	for (i = 0; i < n; i++) {
		memcpy(lat + good, w[i].lat_ms, w[i].done * sizeof(*lat));
		memcpy(setup + good, w[i].setup_ms, w[i].done * sizeof(*lat));
		good += w[i].done;
		for (j = 1; j < OUTCOMES; j++) {
			fails[j] += w[i].fails[j];
			failed += w[i].fails[j];
		}
	}
	qsort(lat, good, sizeof(*lat), cmp_double);
	qsort(setup, good, sizeof(*setup), cmp_double);

	printf("clients:   %ld\n", b->cfg.clients);
	printf("sessions:  %ld (%ld per client)\n", total, b->cfg.sessions);
	if (b->cfg.rounds >= 0)
		printf("rounds:    %ld (server TNC_IMV_TEST_ROUNDS)\n",
		       b->cfg.rounds);
	printf("nodelay:   %s (client side)\n", b->cfg.nodelay ? "yes" : "no");
	printf("completed: %ld\n", good);
	printf("failures:  %ld", failed);
	for (j = 1; j < OUTCOMES; j++)
		if (fails[j])
			printf(" [%s: %ld]", outcome_names[j], fails[j]);
	printf("\n");
	printf("seconds:   %.3f\n", secs);
	printf("sessions/s: %.1f\n", secs > 0 ? good / secs : 0.0);
	printf("latency ms: p50 %.2f  p99 %.2f  max %.2f\n",
	       percentile(lat, good, 50), percentile(lat, good, 99),
	       good ? lat[good - 1] : 0.0);
	printf("  of which tcp+tls+pt-tls setup ms: p50 %.2f  p99 %.2f\n",
	       percentile(setup, good, 50), percentile(setup, good, 99));
	free(lat);
	free(setup);
	return failed;
}

int main(int argc, char **argv)
{
	struct bench b = { .cfg = { .clients = 32, .sessions = 50,
				    .rounds = -1, .timeout_ms = 10000 } };
	struct worker *w;
	double t0, secs;
	long i, started, failed;
	size_t imcs;

	log_set_level(-1, -1);
	if (parse_args(argc, argv, &b.cfg) < 0) {
		usage(stderr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if (resolve(&b) < 0)
		return 1;
	b.ctx = make_ctx(b.cfg.ca);
	if (!b.ctx)
		return 1;
	b.imcs = imc_manager_new();
	if (!b.imcs)
		return 1;
	imcs = imc_manager_load_config(b.imcs, b.cfg.tnc_config);
	if (imcs == 0) {
		fprintf(stderr, "tnc-bench: no IMC loaded from %s\n",
			b.cfg.tnc_config);
		return 1;
	}
	printf("imcs:      %zu loaded from %s\n", imcs, b.cfg.tnc_config);

	w = calloc(b.cfg.clients, sizeof(*w));
	if (!w)
		return 1;
	pthread_barrier_init(&b.start, NULL, (unsigned)b.cfg.clients + 1);
	for (i = 0; i < b.cfg.clients; i++) {
		w[i].b = &b;
		w[i].lat_ms = calloc(b.cfg.sessions, sizeof(double));
		w[i].setup_ms = calloc(b.cfg.sessions, sizeof(double));
		if (!w[i].lat_ms || !w[i].setup_ms ||
		    pthread_create(&w[i].tid, NULL, worker_main, &w[i]) != 0) {
			/* the barrier can no longer open: give up at once */
			fprintf(stderr, "tnc-bench: cannot start client %ld\n",
				i);
			_exit(1);
		}
	}
	started = b.cfg.clients;
	t0 = now_ms();
	pthread_barrier_wait(&b.start);
	for (i = 0; i < started; i++)
		pthread_join(w[i].tid, NULL);
	secs = (now_ms() - t0) / 1e3;

	failed = report(&b, w, secs);
	fflush(stdout);
	for (i = 0; i < b.cfg.clients; i++) {
		free(w[i].lat_ms);
		free(w[i].setup_ms);
	}
	free(w);
	pthread_barrier_destroy(&b.start);
	imc_manager_free(b.imcs);
	SSL_CTX_free(b.ctx);
	/* a failed session is an error; the figures are never judged */
	return failed ? 1 : 0;
}
