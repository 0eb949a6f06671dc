/*
 * pt-tls-client.c - the endpoint side: connects to a TNC server by PT-TLS
 * (RFC 6876), hosts the IMCs from tnc_config, runs the PB-TNC handshake
 * and exits with a status that tells the recommendation:
 *   0 access allowed, 2 access denied, 3 quarantined (isolate),
 *   1 no recommendation (connection, authentication or protocol failure).
 *
 * Options follow the reference client where one exists (--connect,
 * --port, --cert, --key, --client, --secret, --debug, --quiet).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "conf.h"
#include "imc_manager.h"
#include "log.h"
#include "pt_tls.h"
#include "pt_tls_conn.h"
#include "tnccs_client.h"

enum exit_code {
	EXIT_ALLOWED = 0,
	EXIT_FAILED = 1,
	EXIT_DENIED = 2,
	EXIT_ISOLATED = 3,
};

#define MAX_CERTS 8

struct client_config {
	const char *connect;
	long port;
	const char *certs[MAX_CERTS];	/* trusted; one may match the key */
	size_t cert_count;
	const char *key;
	const char *client;
	const char *secret;
	const char *tnc_config;
	const char *language;
	long timeout_ms;
};

static const char *const known_keys[] = {
	"connect", "port", "cert", "key", "client", "secret", "tnc_config",
	"language", "timeout", "log_level", NULL,
};
/* imc.<plugin>.<setting>: plugin settings (conf_export_env) */
static const char *const known_prefixes[] = { "imc", NULL };

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: pt-tls-client --connect HOST [--port PORT] --cert FILE...\n"
		"                     [--key FILE] [--client ID --secret PASSWORD]\n"
		"                     [--tnc-config FILE] [--config FILE]\n"
		"                     [--debug LEVEL] [--quiet]\n"
		"  --cert FILE   trusted certificate (CA or the server's own);\n"
		"                repeatable; the one matching --key is ours\n"
		"  --key FILE    private key for TLS client authentication\n"
		"  --client ID --secret PW   SASL PLAIN credentials\n"
		"Exit status: 0 allowed, 2 denied, 3 isolated, 1 failure.\n");
}

/* Applies the settings of a --config file where no option gave one. */
static int apply_config_file(const char *path, struct client_config *cfg)
{
	struct conf c;
	long level;
	int errors;

	if (conf_load(path, &c) < 0) {
		conf_free(&c);
		return -1;
	}
	errors = conf_check_keys(&c, known_keys, known_prefixes);
	errors += conf_export_env(&c, "imc", "TNC_IMC_");
	if (!cfg->connect)
		cfg->connect = conf_str(&c, "connect", NULL);
	if (!cfg->port)
		errors += conf_int(&c, "port", PT_TLS_DEFAULT_PORT, 1, 65535,
				   &cfg->port) < 0;
	if (!cfg->cert_count && conf_str(&c, "cert", NULL))
		cfg->certs[cfg->cert_count++] = strdup(conf_str(&c, "cert", ""));
	if (!cfg->key && conf_str(&c, "key", NULL))
		cfg->key = strdup(conf_str(&c, "key", ""));
	if (!cfg->client && conf_str(&c, "client", NULL))
		cfg->client = strdup(conf_str(&c, "client", ""));
	if (!cfg->secret && conf_str(&c, "secret", NULL))
		cfg->secret = strdup(conf_str(&c, "secret", ""));
	if (!cfg->tnc_config && conf_str(&c, "tnc_config", NULL))
		cfg->tnc_config = strdup(conf_str(&c, "tnc_config", ""));
	if (!cfg->language && conf_str(&c, "language", NULL))
		cfg->language = strdup(conf_str(&c, "language", ""));
	errors += conf_int(&c, "timeout", cfg->timeout_ms, 100, 3600000,
			   &cfg->timeout_ms) < 0;
	if (conf_str(&c, "log_level", NULL)) {
		errors += conf_int(&c, "log_level", 1, -1, 4, &level) < 0;
		log_set_level(-1, (int)level);
	}
	if (cfg->connect)
		cfg->connect = strdup(cfg->connect);
	conf_free(&c);
	return errors ? -1 : 0;
}

static int parse_args(int argc, char **argv, struct client_config *cfg)
{
	static const struct option opts[] = {
		{ "connect", required_argument, NULL, 'c' },
		{ "port", required_argument, NULL, 'p' },
		{ "cert", required_argument, NULL, 'x' },
		{ "key", required_argument, NULL, 'k' },
		{ "client", required_argument, NULL, 'i' },
		{ "secret", required_argument, NULL, 's' },
		{ "tnc-config", required_argument, NULL, 't' },
		{ "config", required_argument, NULL, 'f' },
		{ "language", required_argument, NULL, 'L' },
		{ "debug", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = NULL;
	int opt;

	while ((opt = getopt_long(argc, argv, "c:p:x:k:i:s:t:f:L:d:qh", opts,
				  NULL)) != -1) {
		switch (opt) {
		case 'c': cfg->connect = optarg; break;
		case 'p': cfg->port = strtol(optarg, NULL, 10); break;
		case 'x':
			if (cfg->cert_count == MAX_CERTS) {
				fprintf(stderr, "at most %d --cert\n", MAX_CERTS);
				return -1;
			}
			cfg->certs[cfg->cert_count++] = optarg;
			break;
		case 'k': cfg->key = optarg; break;
		case 'i': cfg->client = optarg; break;
		case 's': cfg->secret = optarg; break;
		case 't': cfg->tnc_config = optarg; break;
		case 'f': config = optarg; break;
		case 'L': cfg->language = optarg; break;
		case 'd': log_set_level(-1, atoi(optarg)); break;
		case 'q': log_set_level(-1, -1); break;
		case 'h': usage(stdout); exit(0);
		default: return -1;
		}
	}
	if (optind < argc)
		return -1;
	if (config && apply_config_file(config, cfg) < 0)
		return -1;
	if (!cfg->port)
		cfg->port = PT_TLS_DEFAULT_PORT;
	if (!cfg->tnc_config)
		cfg->tnc_config = "/etc/tnc_config";
	if (!cfg->connect || !cfg->cert_count || cfg->port < 1 ||
	    cfg->port > 65535) {
		fprintf(stderr, "--connect and at least one --cert are needed\n");
		return -1;
	}
	return 0;
}

/* Whether the certificate in file belongs to the private key in key. */
static bool cert_matches_key(const char *file, const char *key)
{
	FILE *cf = fopen(file, "r"), *kf = fopen(key, "r");
	X509 *x = cf ? PEM_read_X509(cf, NULL, NULL, NULL) : NULL;
	EVP_PKEY *k = kf ? PEM_read_PrivateKey(kf, NULL, NULL, NULL) : NULL;
	bool match = x && k && X509_check_private_key(x, k) == 1;

	if (cf)
		fclose(cf);
	if (kf)
		fclose(kf);
	X509_free(x);
	EVP_PKEY_free(k);
	return match;
}

/* Every --cert is trusted, as with the reference client. */
static int trust_certs(SSL_CTX *ctx, const struct client_config *cfg)
{
	X509_STORE *store = SSL_CTX_get_cert_store(ctx);
	size_t i;

	for (i = 0; i < cfg->cert_count; i++)
		if (X509_STORE_load_file(store, cfg->certs[i]) != 1) {
			log_tls(0, "cannot load certificate %s",
				cfg->certs[i]);
			return -1;
		}
	return 0;
}

static SSL_CTX *make_ctx(const struct client_config *cfg)
{
	struct tls_config tls = { 0 };
	SSL_CTX *ctx;
	char err[256];
	size_t i;

	tls.ca_file = cfg->certs[0];
	tls.min_version = "1.2";
	if (cfg->key) {
		for (i = 0; i < cfg->cert_count && !tls.cert_file; i++)
			if (cert_matches_key(cfg->certs[i], cfg->key))
				tls.cert_file = cfg->certs[i];
		if (!tls.cert_file) {
			log_tls(0, "no --cert matches the key %s", cfg->key);
			return NULL;
		}
		tls.key_file = cfg->key;
	}
	ctx = tls_client_ctx_new(&tls, err, sizeof(err));
	if (!ctx) {
		log_tls(0, "TLS setup failed: %s", err);
		return NULL;
	}
	if (trust_certs(ctx, cfg) < 0) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

static int connect_to(const char *host, long port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai, *p;
	char service[16];
	int fd = -1, rc;

	snprintf(service, sizeof(service), "%ld", port);
	rc = getaddrinfo(host, service, &hints, &ai);
	if (rc != 0) {
		log_tls(0, "cannot resolve %s: %s", host, gai_strerror(rc));
		return -1;
	}
	for (p = ai; p && fd < 0; p = p->ai_next) {
		fd = socket(p->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, p->ai_addr, p->ai_addrlen) < 0) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(ai);
	if (fd < 0)
		log_tls(0, "cannot connect to %s port %ld: %s", host, port,
			strerror(errno));
	return fd;
}

/* Runs the PB-TNC client session until it ends; returns the exit code. */
static enum exit_code run_session(struct imc_manager *imcs,
				  struct pt_tls_conn *conn,
				  const struct client_config *cfg)
{
	uint16_t access;

	if (!tnccs_client_run(imcs, cfg->language, conn, &access))
		return EXIT_FAILED;
	return access == PB_REC_ACCESS_ALLOWED ? EXIT_ALLOWED
	     : access == PB_REC_QUARANTINED ? EXIT_ISOLATED
	     : EXIT_DENIED;
}

int main(int argc, char **argv)
{
	struct client_config cfg = { .timeout_ms = 30000 };
	struct pt_tls_client_params p = { 0 };
	struct imc_manager *imcs;
	struct pt_tls_conn *conn;
	SSL_CTX *ctx;
	enum exit_code code = EXIT_FAILED;
	char level_env[16];
	int fd;

	if (parse_args(argc, argv, &cfg) < 0) {
		usage(stderr);
		return EXIT_FAILED;
	}
	signal(SIGPIPE, SIG_IGN);
	ctx = make_ctx(&cfg);
	if (!ctx)
		return EXIT_FAILED;
	imcs = imc_manager_new();
	if (!imcs) {
		SSL_CTX_free(ctx);
		return EXIT_FAILED;
	}
	/* Plugins built on libimcv log at the level of their subsystem here. */
	snprintf(level_env, sizeof(level_env), "%d", log_get_level(LOG_IMC));
	setenv("TNC_LOG_LEVEL", level_env, 0);
	imc_manager_load_config(imcs, cfg.tnc_config);
	fd = connect_to(cfg.connect, cfg.port);
	if (fd >= 0) {
		p.server_name = cfg.connect;
		p.sasl_identity = cfg.secret ? cfg.client : NULL;
		p.sasl_password = cfg.secret;
		p.timeout_ms = (int)cfg.timeout_ms;
		p.max_msg_len = PT_TLS_DEFAULT_MAX_MSG;
		conn = pt_tls_connect(ctx, fd, &p);
		if (conn) {
			code = run_session(imcs, conn, &cfg);
			pt_tls_conn_free(conn);
		}
	}
	imc_manager_free(imcs);
	SSL_CTX_free(ctx);
	return code;
}
