/*
 * workitem.h - policy types, recommendations and evaluations as stored in
 * the policy database (codes of the reference database, see the database
 * spec §2), and the workitem an IMV works on during a session.
 *
 * The policy type table is the one place that knows each type's mnemonic
 * (as logged: "IMV 1 handles TCPOP workitem 3"), what its argument means
 * and which IMV owns it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_WORKITEM_H
#define IMCV_WORKITEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum workitem_type {
	WORKITEM_RESVD = 0,
	WORKITEM_PCKGS = 1,
	WORKITEM_UNSRC = 2,
	WORKITEM_FWDEN = 3,
	WORKITEM_PWDEN = 4,
	WORKITEM_FREFM = 5,
	WORKITEM_FMEAS = 6,
	WORKITEM_FMETA = 7,
	WORKITEM_DREFM = 8,
	WORKITEM_DMEAS = 9,
	WORKITEM_DMETA = 10,
	WORKITEM_TCPOP = 11,
	WORKITEM_TCPBL = 12,
	WORKITEM_UDPOP = 13,
	WORKITEM_UDPBL = 14,
	WORKITEM_SWIDT = 15,
	WORKITEM_TPMRA = 16,
	WORKITEM_TYPE_COUNT
};

/* Where a workitem's arg_int comes from when the policy manager creates it. */
enum workitem_arg {
	WORKITEM_ARG_NONE,	/* 0 */
	WORKITEM_ARG_FILE,	/* policies.file */
	WORKITEM_ARG_DIR,	/* policies.dir */
	WORKITEM_ARG_SWID_EID,	/* next SWIMA event id of the device ('R') */
};

/* The IMV that claims workitems of a type. */
enum workitem_owner {
	WORKITEM_OWNER_NONE,
	WORKITEM_OWNER_OS,
	WORKITEM_OWNER_SCANNER,
	WORKITEM_OWNER_ATTESTATION,
	WORKITEM_OWNER_SWIMA,
};

struct workitem_type_info {
	enum workitem_type type;
	const char *mnemonic;	/* "TCPOP" */
	const char *label;	/* "Open TCP Listening Ports" */
	enum workitem_arg arg;
	enum workitem_owner owner;
};

/* NULL for a code outside the table (a newer database, a typo). */
const struct workitem_type_info *workitem_type_info(int64_t type);
/* The mnemonic, or "UNKNOWN" for a code outside the table. */
const char *workitem_type_name(int64_t type);

/* TNC action recommendation codes as stored in the rec* columns. */
enum db_rec {
	DB_REC_ALLOW = 0,
	DB_REC_NO_ACCESS = 1,
	DB_REC_ISOLATE = 2,
	DB_REC_NONE = 3,
};

/* IF-IMV evaluation results. */
enum db_eval {
	DB_EVAL_COMPLIANT = 0,
	DB_EVAL_MINOR = 1,
	DB_EVAL_MAJOR = 2,
	DB_EVAL_ERROR = 3,
	DB_EVAL_DONT_KNOW = 4,
};

/* "allow", "no access", "isolate", "no recommendation" as logged. */
const char *db_rec_name(int64_t rec);

/* One workitem of a session; arg_str and result are owned by it. */
struct workitem {
	int64_t id;
	int64_t type;
	char *arg_str;
	int64_t arg_int;
	int64_t rec_fail;
	int64_t rec_noresult;
	/* filled in by the IMV that finishes it */
	int owner_imv;		/* -1: not claimed yet */
	int64_t rec_final;
	char *result;
};

/*
 * The recommendation a finished workitem gets from its evaluation:
 * compliant allows, minor or major take rec_fail, anything else
 * rec_noresult.
 */
int64_t workitem_rec_for(const struct workitem *w, enum db_eval eval);

void workitem_list_free(struct workitem *items, size_t count);

#endif /* IMCV_WORKITEM_H */
