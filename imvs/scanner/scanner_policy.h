/*
 * scanner_policy.h - the Scanner IMV's verdict on one workitem: a pure
 * function of the policy type, its argument and the Port Filter the IMC
 * reported (imv-os-scanner.md section 6, result texts of
 * policy-manager.md section 9).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMV_SCANNER_POLICY_H
#define IMV_SCANNER_POLICY_H

#include <tnc/tncifimv.h>

#include "pa_attr.h"

/* The reference's result buffer: ports that do not fit are dropped. */
#define SCANNER_RESULT_MAX 512

struct scanner_verdict {
	TNC_IMV_Evaluation_Result eval;
	char result[SCANNER_RESULT_MAX];	/* workitems.result */
};

/*
 * Evaluates a TCPOP, TCPBL, UDPOP or UDPBL workitem (workitem.h codes)
 * with argument arg against ports:
 *  - "open" types (TCPOP, UDPOP): each open port of the protocol outside
 *    every listed range violates;
 *  - "blocked" types (TCPBL, UDPBL): each open port inside a listed range
 *    violates.
 * Violations give NONCOMPLIANT_MINOR and "violating tcp ports: 22 8080"
 * (ports in attribute order), none COMPLIANT and "no violating tcp
 * ports". An argument that does not parse, or another type, gives ERROR
 * with a text that says why.
 */
void scanner_evaluate(int64_t type, const char *arg,
		      const struct ietf_port_filter *ports,
		      struct scanner_verdict *out);

#endif /* IMV_SCANNER_POLICY_H */
