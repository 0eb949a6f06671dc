/*
 * imc_scanner.c - the Scanner IMC (imc-scanner.so): reports the
 * endpoint's open server ports to the Scanner IMV in an IETF Port Filter
 * attribute, in the IETF Firewall message type (imv-os-scanner.md
 * sections 1 and 5).
 *
 * The Port Filter is sent when a handshake begins, flagged NOSKIP as the
 * reference does, and again whenever an IMV asks for it with an IETF
 * Attribute Request. The ports are read afresh each time, from the
 * socket tables under /proc/net (listening_ports.c).
 *
 * Environment:
 *   TNC_IMC_SCANNER_PUSH_INFO  "no" or "0": send nothing unasked (the
 *                              option imc-scanner.push_info, default yes)
 *   TNC_IMC_SCANNER_LOOPBACK   "yes" or "1": also report servers bound to
 *                              loopback addresses (default no, as the
 *                              reference does)
 *   TNC_IMC_SCANNER_PROC_NET   the directory of the socket tables
 *                              (default /proc/net), for tests
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "agent_imc.h"
#include "listening_ports.h"

#define DEFAULT_PROC_NET "/proc/net"

static const char *env(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

static bool env_yes(const char *name, bool def)
{
	const char *v = env(name, NULL);

	if (!v)
		return def;
	return strcmp(v, "yes") == 0 || strcmp(v, "1") == 0;
}

static void log_skipped(void *ctx, const char *file, unsigned line)
{
	agent_log(ctx, 1, "skipped malformed line %u of %s", line, file);
}

static bool add_port_filter(struct agent_conn *c, void *state,
			    struct agent_msg *m)
{
	const char *dir = env("TNC_IMC_SCANNER_PROC_NET", DEFAULT_PROC_NET);
	struct pa_attr a = {
		.flags = PA_ATTR_FLAG_NOSKIP,
		.vendor = PEN_IETF,
		.type = IETF_ATTR_PORT_FILTER,
	};
	bool added;
	int rc;

	/* loopback-only services are left out unless asked for */
	rc = listening_ports_read(dir,
				  env_yes("TNC_IMC_SCANNER_LOOPBACK", false),
				  &a.v.port_filter, log_skipped, c);
	if (rc < 0) {
		agent_log(c, 0, "out of memory reading the socket tables");
		return false;
	}
	if (rc == 0) {
		/* an empty list would claim that no port is open */
		agent_log(c, 0, "no socket table readable in %s", dir);
		return false;
	}
	agent_log(c, 2, "%zu open ports in %s", a.v.port_filter.count, dir);
	added = agent_msg_add(m, &a);
	ietf_port_filter_free(&a.v.port_filter);
	return added;
}

static void begin_handshake(struct agent_conn *c, void *state,
			    struct agent_msg *m)
{
	if (env_yes("TNC_IMC_SCANNER_PUSH_INFO", true))
		add_port_filter(c, state, m);
}

static const struct agent_imc_attr provides[] = {
	{ PEN_IETF, IETF_ATTR_PORT_FILTER, add_port_filter },
};

static const struct agent_msg_type types[] = {
	{ PEN_IETF, PA_SUBTYPE_IETF_FIREWALL },
};

static const struct agent_imc_desc imc_scanner = {
	.base = {
		.name = "Scanner",
		.types = types,
		.type_count = 1,
	},
	.provides = provides,
	.provide_count = sizeof(provides) / sizeof(provides[0]),
	.begin_handshake = begin_handshake,
};

AGENT_IMC_PLUGIN(imc_scanner)
