/*
 * workitem.c - the policy type table and the recommendation rules of a
 * workitem (database spec §2.1-2.3).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "workitem.h"

#include <stdlib.h>

static const struct workitem_type_info types[WORKITEM_TYPE_COUNT] = {
	{ WORKITEM_RESVD, "RESVD", "Deny", WORKITEM_ARG_NONE,
	  WORKITEM_OWNER_NONE },
	{ WORKITEM_PCKGS, "PCKGS", "Installed Packages", WORKITEM_ARG_NONE,
	  WORKITEM_OWNER_OS },
	{ WORKITEM_UNSRC, "UNSRC", "Unknown Source", WORKITEM_ARG_NONE,
	  WORKITEM_OWNER_OS },
	{ WORKITEM_FWDEN, "FWDEN", "Forwarding Enabled", WORKITEM_ARG_NONE,
	  WORKITEM_OWNER_OS },
	{ WORKITEM_PWDEN, "PWDEN", "Default Password Enabled",
	  WORKITEM_ARG_NONE, WORKITEM_OWNER_OS },
	{ WORKITEM_FREFM, "FREFM", "File Reference Measurement",
	  WORKITEM_ARG_FILE, WORKITEM_OWNER_ATTESTATION },
	{ WORKITEM_FMEAS, "FMEAS", "File Measurement", WORKITEM_ARG_FILE,
	  WORKITEM_OWNER_ATTESTATION },
	{ WORKITEM_FMETA, "FMETA", "File Metadata", WORKITEM_ARG_FILE,
	  WORKITEM_OWNER_ATTESTATION },
	{ WORKITEM_DREFM, "DREFM", "Directory Reference Measurement",
	  WORKITEM_ARG_DIR, WORKITEM_OWNER_ATTESTATION },
	{ WORKITEM_DMEAS, "DMEAS", "Directory Measurement", WORKITEM_ARG_DIR,
	  WORKITEM_OWNER_ATTESTATION },
	{ WORKITEM_DMETA, "DMETA", "Directory Metadata", WORKITEM_ARG_DIR,
	  WORKITEM_OWNER_ATTESTATION },
	{ WORKITEM_TCPOP, "TCPOP", "Open TCP Listening Ports",
	  WORKITEM_ARG_NONE, WORKITEM_OWNER_SCANNER },
	{ WORKITEM_TCPBL, "TCPBL", "Blocked TCP Listening Ports",
	  WORKITEM_ARG_NONE, WORKITEM_OWNER_SCANNER },
	{ WORKITEM_UDPOP, "UDPOP", "Open UDP Listening Ports",
	  WORKITEM_ARG_NONE, WORKITEM_OWNER_SCANNER },
	{ WORKITEM_UDPBL, "UDPBL", "Blocked UDP Listening Ports",
	  WORKITEM_ARG_NONE, WORKITEM_OWNER_SCANNER },
	{ WORKITEM_SWIDT, "SWIDT", "SWID Tag Inventory",
	  WORKITEM_ARG_SWID_EID, WORKITEM_OWNER_SWIMA },
	{ WORKITEM_TPMRA, "TPMRA", "TPM Remote Attestation",
	  WORKITEM_ARG_NONE, WORKITEM_OWNER_ATTESTATION },
};

const struct workitem_type_info *workitem_type_info(int64_t type)
{
	if (type < 0 || type >= WORKITEM_TYPE_COUNT)
		return NULL;
	return &types[type];
}

const char *workitem_type_name(int64_t type)
{
	const struct workitem_type_info *info = workitem_type_info(type);

	return info ? info->mnemonic : "UNKNOWN";
}

static const char *const rec_names[] = {
	[DB_REC_ALLOW] = "allow",
	[DB_REC_NO_ACCESS] = "no access",
	[DB_REC_ISOLATE] = "isolate",
	[DB_REC_NONE] = "no recommendation",
};

const char *db_rec_name(int64_t rec)
{
	if (rec < 0 || rec > DB_REC_NONE)
		return "unknown recommendation";
	return rec_names[rec];
}

int64_t workitem_rec_for(const struct workitem *w, enum db_eval eval)
{
	switch (eval) {
	case DB_EVAL_COMPLIANT:
		return DB_REC_ALLOW;
	case DB_EVAL_MINOR:
	case DB_EVAL_MAJOR:
		return w->rec_fail;
	default:
		return w->rec_noresult;
	}
}

void workitem_list_free(struct workitem *items, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(items[i].arg_str);
		free(items[i].result);
	}
	free(items);
}
