/*
 * policy_manager.h - what imv_policy_manager does at the start and at the
 * end of a TNC session (policy-manager spec §3).
 *
 * start: find the groups of the session's device (placing a new device in
 * its product's default group, or in Default), walk each group and its
 * ancestors, and create one workitem per enforcement, except those whose
 * policy passed on this device more recently than the enforcement's
 * max_age. stop: archive the evaluated workitems into results, delete the
 * session's workitems and run the operator's allow or block command with
 * the endpoint's address.
 *
 * Each run is one transaction: a failure leaves the database as it was.
 * Report lines for the operator go to out; the IMV that runs the manager
 * logs each one as "policy: <line>".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_POLICY_MANAGER_H
#define IMCV_POLICY_MANAGER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"

struct policy_hooks {
	/* printf-like with %s for the endpoint's IP address; NULL: none */
	const char *command_allow;
	const char *command_block;
};

bool policy_start(struct db *db, int64_t session, int64_t now, FILE *out);
bool policy_stop(struct db *db, int64_t session,
		 const struct policy_hooks *hooks, FILE *out);

/*
 * The hook command for one endpoint: each "%s" of fmt becomes ip, "%%"
 * becomes "%". NULL when ip is not a plain IPv4/IPv6 address (it goes to
 * a shell) or the result is too long. Caller frees.
 */
char *policy_hook_command(const char *fmt, const char *ip);

#endif /* IMCV_POLICY_MANAGER_H */
