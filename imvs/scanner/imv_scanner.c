/*
 * imv_scanner.c - the Scanner IMV (imv-scanner.so): evaluates the
 * endpoint's open server ports, as the Scanner IMC reports them in an
 * IETF Port Filter (IETF Firewall message type), against the TCPOP,
 * TCPBL, UDPOP and UDPBL workitems of the session (imv-os-scanner.md
 * section 6).
 *
 * It does not start the policy: the agent finds the session that the OS
 * IMV created in the database and offers this IMV its workitems. Each is
 * evaluated at once when the Port Filter is there (the IMC pushes it at
 * the start of the handshake); otherwise it waits, and the Port Filter
 * is asked for once with an IETF Attribute Request. Without a database
 * the agent allows with DON'T KNOW (policy-manager.md section 7).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "agent_imv.h"
#include "scanner_policy.h"

struct scanner_state {
	struct ietf_port_filter ports;	/* latest received; ports owned */
	bool have_ports;
	bool requested;			/* the Attribute Request went out */
	struct workitem **waiting;	/* owned array, items the agent's */
	size_t waiting_count;
};

static void *state_new(struct agent_conn *c)
{
	return calloc(1, sizeof(struct scanner_state));
}

static void state_free(void *state)
{
	struct scanner_state *st = state;

	ietf_port_filter_free(&st->ports);
	free(st->waiting);
	free(st);
}

static void evaluate(struct agent_conn *c, struct scanner_state *st,
		     struct workitem *w)
{
	struct scanner_verdict v;

	scanner_evaluate(w->type, w->arg_str, &st->ports, &v);
	/* the reason the endpoint is told (imv-os-scanner.md 6) */
	if (v.eval == TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR)
		agent_imv_set_reason(c, "Open server ports were detected");
	agent_imv_workitem_done(c, w, v.eval, v.result);
}

static void request_ports(struct agent_conn *c, struct scanner_state *st)
{
	static const struct pa_attr_type port_filter[] = {
		{ PEN_IETF, IETF_ATTR_PORT_FILTER },
	};
	struct agent_msg *m;

	if (st->requested)
		return;
	m = agent_msg_new(c, agent_conn_peer(c));
	if (!m)
		return;
	agent_msg_add_request(m, port_filter, 1);
	agent_msg_send(m);
	st->requested = true;
}

static void workitem_start(struct agent_conn *c, void *state,
			   struct workitem *w)
{
	struct scanner_state *st = state;
	struct workitem **grown;

	if (st->have_ports) {
		evaluate(c, st, w);
		return;
	}
	grown = realloc(st->waiting,
			(st->waiting_count + 1) * sizeof(*grown));
	if (!grown) {
		agent_imv_workitem_done(c, w, TNC_IMV_EVALUATION_RESULT_ERROR,
					"out of memory");
		return;
	}
	st->waiting = grown;
	st->waiting[st->waiting_count++] = w;
	request_ports(c, st);
}

/* Section 6: the latest Port Filter wins. */
static void on_port_filter(struct agent_conn *c, void *state,
			   const struct agent_attr *a, struct agent_msg *reply)
{
	const struct ietf_port_filter *pf = &a->v->port_filter;
	struct scanner_state *st = state;
	struct ietf_port_entry *copy = NULL;
	size_t i;

	if (pf->count) {
		copy = malloc(pf->count * sizeof(*copy));
		if (!copy) {
			agent_log(c, 0, "out of memory keeping the Port Filter");
			return;
		}
		memcpy(copy, pf->ports, pf->count * sizeof(*copy));
	}
	ietf_port_filter_free(&st->ports);
	st->ports.ports = copy;
	st->ports.count = pf->count;
	st->have_ports = true;
	agent_log(c, 2, "received Port Filter with %zu entries", pf->count);
	for (i = 0; i < st->waiting_count; i++)
		evaluate(c, st, st->waiting[i]);
	free(st->waiting);
	st->waiting = NULL;
	st->waiting_count = 0;
}

static const struct agent_attr_handler attrs[] = {
	{ PEN_IETF, IETF_ATTR_PORT_FILTER, on_port_filter },
};

static const struct agent_msg_type types[] = {
	{ PEN_IETF, PA_SUBTYPE_IETF_FIREWALL },
};

static const struct agent_imv_desc imv_scanner = {
	.base = {
		.name = "Scanner",
		.types = types,
		.type_count = 1,
		.attrs = attrs,
		.attr_count = sizeof(attrs) / sizeof(attrs[0]),
		.conn_new = state_new,
		.conn_free = state_free,
	},
	.owner = WORKITEM_OWNER_SCANNER,
	.starts_policy = false,
	.workitem_start = workitem_start,
};

AGENT_IMV_PLUGIN(imv_scanner)
