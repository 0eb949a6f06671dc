/*
 * tnc-server.c - the TNC server: a PT-TLS listener (RFC 6876) whose
 * connections each run a PB-TNC server session with the IMVs from
 * tnc_config, and end with a recommendation for the endpoint.
 *
 * One thread per connection: an IMV may block (a database query, a policy
 * script) without stalling other endpoints, and the socket timeouts bound
 * how long any one endpoint can hold its thread. A thread whose connection
 * ended waits a while for the next one instead of exiting, so a busy
 * server does not pay for a thread per session. SIGTERM/SIGINT stop the
 * listener, wake every connection and wait for them before unloading IMVs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "conf.h"
#include "imv_manager.h"
#include "log.h"
#include "pt_tls.h"
#include "pt_tls_conn.h"
#include "tnccs_server.h"

#define DEFAULT_CONFIG "/etc/tnc/tnc-server.conf"

struct server_config {
	const char *listen;
	long port;
	struct tls_config tls;
	enum pt_tls_auth auth;
	const char *sasl_secrets;
	const char *tnc_config;
	const char *database;
	const char *policy_script;
	enum rec_policy policy;
	long max_connections;
	long timeout_ms;
	long max_message;
	long shutdown_grace_ms;
};

/* What every connection thread shares; owned by main. */
struct server {
	struct server_config cfg;
	SSL_CTX *ctx;
	struct imv_manager *imvs;
	struct tnccs_limits limits;
	pthread_mutex_t lock;
	pthread_cond_t idle;
	int *fds;		/* open connection sockets, -1 = free slot */
	long active;
	bool stopping;
	/* connections accepted and not yet taken by a thread */
	struct conn_job *jobs;
	pthread_cond_t job_ready;
	long threads;		/* connection threads alive */
	long idle_threads;	/* of those, waiting for a job */
	long queued_jobs;
};

struct conn_job {
	struct conn_job *next;
	int fd;
	long slot;
};

/* How long a thread without a connection waits for one before exiting. */
#define IDLE_THREAD_SECONDS 30

static const char *const known_keys[] = {
	"listen", "port", "cert", "key", "ca", "tls_min_version",
	"client_auth", "sasl_secrets", "tnc_config", "database", "policy_script",
	"recommendation_policy", "max_connections", "timeout",
	"max_message_size", "log_level", "shutdown_grace", NULL,
};
static const char *const known_prefixes[] = { "log_level", "imv", NULL };

static void set_subsys_level(const char *suffix, const char *value,
			     void *arg)
{
	int subsys = log_subsys_by_name(suffix);
	int *errors = arg;
	char *end;
	long level = strtol(value, &end, 10);

	if (subsys < 0 || *end || end == value || level < -1 || level > 4) {
		log_cfg(0, "log_level.%s = %s: %s", suffix, value, subsys < 0 ?
			"unknown log subsystem" : "level must be -1 to 4");
		(*errors)++;
		return;
	}
	log_set_level(subsys, (int)level);
}

/* Reads the configuration; every problem is logged, then -1. */
static int load_config(const char *path, bool must_exist,
		       struct server_config *cfg, struct conf *c)
{
	long level;
	int errors = 0;

	memset(c, 0, sizeof(*c));
	if (access(path, R_OK) == 0 || must_exist) {
		if (conf_load(path, c) < 0)
			return -1;
	}
	errors += conf_check_keys(c, known_keys, known_prefixes);
	cfg->listen = conf_str(c, "listen", "127.0.0.1");
	errors += conf_int(c, "port", PT_TLS_DEFAULT_PORT, 1, 65535,
			   &cfg->port) < 0;
	cfg->tls.cert_file = conf_str(c, "cert", "/etc/tnc/server.pem");
	cfg->tls.key_file = conf_str(c, "key", "/etc/tnc/server.key");
	cfg->tls.ca_file = conf_str(c, "ca", NULL);
	cfg->tls.min_version = conf_str(c, "tls_min_version", "1.2");
	if (pt_tls_auth_parse(conf_str(c, "client_auth", "tls_or_sasl"),
			      &cfg->auth) < 0) {
		log_cfg(0, "%s: client_auth must be none, tls, sasl, "
			"tls_or_sasl or tls_and_sasl", path);
		errors++;
	}
	cfg->sasl_secrets = conf_str(c, "sasl_secrets", NULL);
	cfg->tnc_config = conf_str(c, "tnc_config", "/etc/tnc_config");
	cfg->database = conf_str(c, "database", NULL);
	cfg->policy_script = conf_str(c, "policy_script", POLICY_MANAGER_PATH);
	if (rec_policy_parse(conf_str(c, "recommendation_policy", "default"),
			     &cfg->policy) < 0) {
		log_cfg(0, "%s: recommendation_policy must be default, any or "
			"all", path);
		errors++;
	}
	errors += conf_int(c, "max_connections", 256, 1, 65536,
			   &cfg->max_connections) < 0;
	errors += conf_int(c, "timeout", 30000, 100, 3600000,
			   &cfg->timeout_ms) < 0;
	errors += conf_int(c, "max_message_size", PT_TLS_DEFAULT_MAX_MSG,
			   4096, PT_TLS_DEFAULT_MAX_MSG, &cfg->max_message) < 0;
	errors += conf_int(c, "shutdown_grace", 5000, 0, 600000,
			   &cfg->shutdown_grace_ms) < 0;
	errors += conf_int(c, "log_level", 1, -1, 4, &level) < 0;
	log_set_level(-1, (int)level);
	conf_each_with_prefix(c, "log_level", set_subsys_level, &errors);
	errors += conf_export_env(c, "imv", "TNC_IMV_");
	return errors ? -1 : 0;
}

static int listen_on(const char *addr, long port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE | AI_NUMERICHOST };
	struct addrinfo *ai;
	char service[16];
	int fd, one = 1, rc;

	snprintf(service, sizeof(service), "%ld", port);
	rc = getaddrinfo(addr, service, &hints, &ai);
	if (rc != 0) {
		log_tnc(0, "cannot listen on %s: %s", addr, gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 512) < 0) {
		log_tnc(0, "cannot listen on %s port %ld: %s", addr, port,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

/* Runs the PB-TNC session of one authenticated PT-TLS connection. */
static void run_session(struct server *srv, struct pt_tls_conn *conn)
{
	struct tnccs_peer peer = { 0 };
	struct tnccs_server *s;
	struct writer reply;
	enum tnccs_status st = TNCCS_CONTINUE;
	uint8_t *batch;
	size_t len;
	uint32_t rec, eval;
	int rc;

	peer.identity = pt_tls_conn_peer_id(conn);
	peer.auth = pt_tls_conn_peer_auth(conn);
	peer.address = pt_tls_conn_peer_addr(conn, &peer.ipv6);
	s = tnccs_server_new(srv->imvs, &peer, &srv->limits);
	if (!s)
		return;
	writer_init(&reply);
	while (st == TNCCS_CONTINUE) {
		rc = pt_tls_recv_batch(conn, &batch, &len);
		if (rc != 0) {
			if (rc > 0)
				log_tnc(1, "conn %lu: client hung up before "
					"closing the session",
					tnccs_server_conn_id(s));
			break;
		}
		st = tnccs_server_receive(s, batch, len, &reply);
		free(batch);
		if (reply.len && pt_tls_send_batch(conn, reply.data,
						   reply.len) < 0)
			break;
	}
	if (tnccs_server_result(s, &rec, &eval))
		log_tnc(1, "conn %lu: session with %s ended: '%s'",
			tnccs_server_conn_id(s),
			peer.address ? peer.address : "client", rec_name(rec));
	writer_free(&reply);
	tnccs_server_free(s);
}

static void release_slot(struct server *srv, long slot)
{
	pthread_mutex_lock(&srv->lock);
	srv->fds[slot] = -1;
	srv->active--;
	pthread_cond_broadcast(&srv->idle);
	pthread_mutex_unlock(&srv->lock);
}

static void run_connection(struct server *srv, const struct conn_job *job)
{
	struct pt_tls_server_params p = {
		.auth = srv->cfg.auth,
		.sasl_secrets_file = srv->cfg.sasl_secrets,
		.timeout_ms = (int)srv->cfg.timeout_ms,
		.max_msg_len = (size_t)srv->cfg.max_message,
	};
	struct pt_tls_conn *conn;

	/* pt_tls_accept owns the socket from here on */
	conn = pt_tls_accept(srv->ctx, job->fd, &p);
	if (conn) {
		run_session(srv, conn);
		pt_tls_conn_free(conn);
	}
	release_slot(srv, job->slot);
}

/* The next job, or NULL after waiting IDLE_THREAD_SECONDS or at stop. */
static struct conn_job *next_job(struct server *srv)
{
	struct conn_job *job;
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += IDLE_THREAD_SECONDS;
	pthread_mutex_lock(&srv->lock);
	srv->idle_threads++;
	while (!srv->jobs && !srv->stopping)
		if (pthread_cond_timedwait(&srv->job_ready, &srv->lock,
					   &until))
			break;
	srv->idle_threads--;
	job = srv->jobs;
	if (job) {
		srv->jobs = job->next;
		srv->queued_jobs--;
	}
	pthread_mutex_unlock(&srv->lock);
	return job;
}

static void *connection_thread(void *arg)
{
	struct server *srv = arg;
	struct conn_job *job;

	while ((job = next_job(srv))) {
		run_connection(srv, job);
		free(job);
	}
	/* Frees this thread's OpenSSL state now: at exit it would only go
	 * after the count below let main return. */
	OPENSSL_thread_stop();
	/* The server outlives its threads: stop_connections waits for this. */
	pthread_mutex_lock(&srv->lock);
	srv->threads--;
	pthread_cond_broadcast(&srv->idle);
	pthread_mutex_unlock(&srv->lock);
	return NULL;
}

/* Takes a free slot for a new connection; -1 at the limit. */
static long take_slot(struct server *srv, int fd)
{
	long i, slot = -1;

	pthread_mutex_lock(&srv->lock);
	for (i = 0; i < srv->cfg.max_connections && slot < 0; i++)
		if (srv->fds[i] < 0)
			slot = i;
	if (slot >= 0) {
		srv->fds[slot] = fd;
		srv->active++;
	}
	pthread_mutex_unlock(&srv->lock);
	return slot;
}

static bool start_thread(struct server *srv)
{
	pthread_attr_t attr;
	pthread_t tid;
	bool ok;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	pthread_mutex_lock(&srv->lock);
	ok = pthread_create(&tid, &attr, connection_thread, srv) == 0;
	if (ok)
		srv->threads++;
	pthread_mutex_unlock(&srv->lock);
	pthread_attr_destroy(&attr);
	return ok;
}

/*
 * Queues the connection for an idle thread, or starts a thread when every
 * idle one already has a job waiting for it.
 */
static void start_connection(struct server *srv, int fd)
{
	long slot = take_slot(srv, fd);
	struct conn_job *job, **tail;
	bool need_thread;

	if (slot < 0) {
		log_tnc(0, "connection refused: %ld connections already open",
			srv->cfg.max_connections);
		close(fd);
		return;
	}
	job = malloc(sizeof(*job));
	if (!job) {
		log_tnc(0, "out of memory for a new connection");
		close(fd);
		release_slot(srv, slot);
		return;
	}
	*job = (struct conn_job){ NULL, fd, slot };
	pthread_mutex_lock(&srv->lock);
	for (tail = &srv->jobs; *tail; tail = &(*tail)->next)
		;
	*tail = job;
	srv->queued_jobs++;
	need_thread = srv->queued_jobs > srv->idle_threads;
	pthread_cond_signal(&srv->job_ready);
	pthread_mutex_unlock(&srv->lock);
	if (need_thread && !start_thread(srv)) {
		/* Another thread picks the job up when its connection ends;
		 * until then the endpoint waits (its timeout still holds). */
		log_tnc(0, "cannot start a thread for a new connection");
	}
}

/* Wakes every connection and waits for them, at most the grace time. */
static void stop_connections(struct server *srv)
{
	struct timespec until;
	long i;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += srv->cfg.shutdown_grace_ms / 1000;
	until.tv_nsec += (srv->cfg.shutdown_grace_ms % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&srv->lock);
	srv->stopping = true;
	pthread_cond_broadcast(&srv->job_ready);
	for (i = 0; i < srv->cfg.max_connections; i++)
		if (srv->fds[i] >= 0)
			shutdown(srv->fds[i], SHUT_RDWR);
	while (srv->active > 0 || srv->threads > 0)
		if (pthread_cond_timedwait(&srv->idle, &srv->lock, &until))
			break;
	if (srv->active > 0)
		log_tnc(0, "%ld connection(s) still busy at shutdown",
			srv->active);
	pthread_mutex_unlock(&srv->lock);
}

static int serve(struct server *srv, int lfd, int sigfd)
{
	struct pollfd pfd[2] = { { lfd, POLLIN, 0 }, { sigfd, POLLIN, 0 } };
	struct signalfd_siginfo si;
	int fd;

	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_tnc(0, "poll failed: %s", strerror(errno));
			return -1;
		}
		if (pfd[1].revents & POLLIN) {
			if (read(sigfd, &si, sizeof(si)) == sizeof(si))
				log_tnc(0, "received signal %u, shutting down",
					si.ssi_signo);
			return 0;
		}
		if (!(pfd[0].revents & POLLIN))
			continue;
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EINTR && errno != EAGAIN &&
			    errno != ECONNABORTED)
				log_tnc(0, "accept failed: %s", strerror(errno));
			continue;
		}
		start_connection(srv, fd);
	}
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: tnc-server [--config FILE] [--listen ADDR] [--port PORT]\n"
		"                  [--tnc-config FILE] [--debug LEVEL]\n"
		"Measures endpoints connecting by PT-TLS with the IMVs listed in\n"
		"tnc_config. Settings come from FILE (default %s);\n"
		"the options override them.\n", DEFAULT_CONFIG);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "listen", required_argument, NULL, 'l' },
		{ "port", required_argument, NULL, 'p' },
		{ "tnc-config", required_argument, NULL, 't' },
		{ "debug", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = DEFAULT_CONFIG, *listen_addr = NULL;
	const char *tnc_config = NULL;
	char level_env[16];
	long port = 0;
	int debug = -2, opt, lfd, sigfd, rc = 1;
	bool config_given = false;
	struct server srv = { 0 };
	struct conf conf;
	sigset_t mask;
	char err[256];

	while ((opt = getopt_long(argc, argv, "c:l:p:t:d:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': config = optarg; config_given = true; break;
		case 'l': listen_addr = optarg; break;
		case 'p': port = strtol(optarg, NULL, 10); break;
		case 't': tnc_config = optarg; break;
		case 'd': debug = atoi(optarg); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 1;
		}
	}
	if (optind < argc || port < 0 || port > 65535) {
		usage(stderr);
		return 1;
	}
	if (load_config(config, config_given, &srv.cfg, &conf) < 0) {
		log_tnc(0, "configuration %s has errors, not started", config);
		conf_free(&conf);
		return 1;
	}
	if (debug > -2)
		log_set_level(-1, debug);
	if (listen_addr)
		srv.cfg.listen = listen_addr;
	if (port)
		srv.cfg.port = port;
	if (tnc_config)
		srv.cfg.tnc_config = tnc_config;

	/* Signals arrive through a descriptor, never in a handler */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	pthread_sigmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigfd = signalfd(-1, &mask, SFD_CLOEXEC);

	srv.ctx = tls_server_ctx_new(&srv.cfg.tls, srv.cfg.auth, err,
				     sizeof(err));
	if (!srv.ctx) {
		log_tls(0, "TLS setup failed: %s", err);
		goto out;
	}
	srv.imvs = imv_manager_new(srv.cfg.policy);
	srv.fds = malloc(srv.cfg.max_connections * sizeof(*srv.fds));
	if (!srv.imvs || !srv.fds)
		goto out;
	memset(srv.fds, 0xff, srv.cfg.max_connections * sizeof(*srv.fds));
	pthread_mutex_init(&srv.lock, NULL);
	pthread_cond_init(&srv.idle, NULL);
	pthread_cond_init(&srv.job_ready, NULL);
	srv.limits.max_batch = (size_t)srv.cfg.max_message - PT_TLS_HEADER_LEN;
	srv.limits.max_msg = srv.limits.max_batch - 8 - 12 - 12;
	/* IF-IMV has no configuration channel: the IMVs (and the policy
	 * manager they run) read these from the environment. */
	if (srv.cfg.database) {
		setenv("TNC_DATABASE", srv.cfg.database, 0);
		setenv("TNC_POLICY_SCRIPT", srv.cfg.policy_script, 0);
	}
	/* Plugins built on libimcv log at the level of their subsystem here. */
	snprintf(level_env, sizeof(level_env), "%d", log_get_level(LOG_IMV));
	setenv("TNC_LOG_LEVEL", level_env, 0);
	imv_manager_load_config(srv.imvs, srv.cfg.tnc_config);
	lfd = listen_on(srv.cfg.listen, srv.cfg.port);
	if (lfd < 0)
		goto out;
	log_tnc(0, "TNC server listening on %s port %ld (%zu IMV(s), "
		"recommendation policy '%s')", srv.cfg.listen, srv.cfg.port,
		imv_manager_count(srv.imvs), rec_policy_name(srv.cfg.policy));
	rc = serve(&srv, lfd, sigfd) < 0;
	close(lfd);
	stop_connections(&srv);
	log_tnc(0, "TNC server stopped");
out:
	/* A thread still busy after the grace time uses all of this until
	 * the process exits: leave it to the exit. */
	if (srv.threads == 0) {
		if (srv.imvs)
			imv_manager_free(srv.imvs);
		if (srv.ctx)
			SSL_CTX_free(srv.ctx);
		free(srv.fds);
		conf_free(&conf);
	}
	close(sigfd);
	return rc;
}
