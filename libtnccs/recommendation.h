/*
 * recommendation.h - merging the IMVs' action recommendations and
 * evaluation results into the one the TNCS sends, by the policy an
 * operator configures ("default", "any", "all"), and their log names.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_RECOMMENDATION_H
#define TNC_RECOMMENDATION_H

#include <stddef.h>
#include <stdint.h>

enum rec_policy {
	REC_POLICY_DEFAULT,	/* the most restrictive wins */
	REC_POLICY_ANY,		/* the most permissive wins */
	REC_POLICY_ALL,		/* all must agree, else no recommendation */
};

int rec_policy_parse(const char *name, enum rec_policy *policy);
const char *rec_policy_name(enum rec_policy policy);

/* Merges n pairs; n == 0 gives no recommendation / don't know. */
void rec_merge(enum rec_policy policy, const uint32_t *recs,
	       const uint32_t *evals, size_t n, uint32_t *rec, uint32_t *eval);

const char *rec_name(uint32_t rec);	/* "allow", "no access", ... */
const char *eval_name(uint32_t eval);	/* "compliant", ... */

#endif /* TNC_RECOMMENDATION_H */
