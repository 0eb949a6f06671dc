/*
 * scanner_policy.c - evaluates the Scanner IMV's port policies
 * (scanner_policy.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "scanner_policy.h"

#include <stdio.h>
#include <string.h>

#include "port_range.h"
#include "workitem.h"

#define PROTO_TCP 6
#define PROTO_UDP 17

/* What each of the four policy types checks. */
static const struct port_policy {
	int64_t type;
	uint8_t protocol;
	const char *name;		/* in the result text */
	bool only_listed_open;		/* else: listed ports must be closed */
} policies[] = {
	{ WORKITEM_TCPOP, PROTO_TCP, "tcp", true },
	{ WORKITEM_TCPBL, PROTO_TCP, "tcp", false },
	{ WORKITEM_UDPOP, PROTO_UDP, "udp", true },
	{ WORKITEM_UDPBL, PROTO_UDP, "udp", false },
};

static const struct port_policy *policy_for(int64_t type)
{
	size_t i;

	for (i = 0; i < sizeof(policies) / sizeof(policies[0]); i++)
		if (policies[i].type == type)
			return &policies[i];
	return NULL;
}

void scanner_evaluate(int64_t type, const char *arg,
		      const struct ietf_port_filter *ports,
		      struct scanner_verdict *out)
{
	const struct port_policy *pp = policy_for(type);
	struct port_range_list ranges;
	enum port_range_status rc;
	const struct ietf_port_entry *e;
	size_t i, len, violations = 0;
	char item[8];
	bool found;
	int n;

	out->eval = TNC_IMV_EVALUATION_RESULT_ERROR;
	if (!pp) {
		snprintf(out->result, sizeof(out->result),
			 "workitem type %lld is not a port policy",
			 (long long)type);
		return;
	}
	rc = port_range_parse(arg, &ranges, out->result, sizeof(out->result));
	if (rc == PORT_RANGE_NOMEM)
		snprintf(out->result, sizeof(out->result),
			 "out of memory parsing the port ranges");
	if (rc != PORT_RANGE_OK) {
		port_range_list_free(&ranges);
		return;
	}
	len = (size_t)snprintf(out->result, sizeof(out->result),
			       "violating %s ports:", pp->name);
	for (i = 0; i < ports->count; i++) {
		e = &ports->ports[i];
		if (e->blocked || e->protocol != pp->protocol)
			continue;
		found = port_range_contains(&ranges, e->port);
		if (found == pp->only_listed_open)
			continue;
		violations++;
		n = snprintf(item, sizeof(item), " %u", (unsigned)e->port);
		/* section 6: what does not fit the buffer is dropped */
		if (len + (size_t)n < sizeof(out->result)) {
			memcpy(out->result + len, item, (size_t)n + 1);
			len += (size_t)n;
		}
	}
	port_range_list_free(&ranges);
	if (violations) {
		out->eval = TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR;
		return;
	}
	out->eval = TNC_IMV_EVALUATION_RESULT_COMPLIANT;
	snprintf(out->result, sizeof(out->result), "no violating %s ports",
		 pp->name);
}
