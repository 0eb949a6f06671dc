/*
 * package_check.h - the OS IMV's installed-package check
 * (imv-os-scanner.md 4.2): each reported (name, version) looked up in the
 * policy database's packages and versions of the session's product, the
 * counters of the PCKGS result text, and the names the remediation
 * instructions list.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMV_PACKAGE_CHECK_H
#define IMV_PACKAGE_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tnc/tncifimv.h>

#include "db.h"

/* What one package was found to be. */
enum package_verdict {
	PACKAGE_UNKNOWN,	/* not in the database, or no release matches */
	PACKAGE_OK,
	PACKAGE_VULNERABLE,	/* security: to be updated */
	PACKAGE_BLACKLISTED,	/* to be removed */
};

/* The counters accumulate over all Installed Packages of a connection. */
struct package_check {
	unsigned count;
	unsigned vulnerable;
	unsigned blacklisted;
	unsigned ok;
	char **update;		/* names of vulnerable packages, owned */
	size_t update_count;
	char **remove;		/* names of blacklisted packages, owned */
	size_t remove_count;
};

/*
 * The products.id of product; 0 when there is none, -1 when the database
 * failed.
 */
int64_t package_check_product(struct db *db, const char *product);

/*
 * Checks one package of product (a products.id; 0 counts every package
 * unknown) and counts it in pc. false when the database failed or out of
 * memory; the package is then not counted.
 */
bool package_check_one(struct db *db, int64_t product, const char *name,
		       const char *version, struct package_check *pc,
		       enum package_verdict *verdict);

/* The PCKGS result text of policy-manager.md section 9. */
void package_check_result(const struct package_check *pc, char *buf,
			  size_t len);

/* Non-compliant minor when anything is vulnerable or blacklisted. */
TNC_IMV_Evaluation_Result package_check_eval(const struct package_check *pc);

void package_check_free(struct package_check *pc);

#endif /* IMV_PACKAGE_CHECK_H */
