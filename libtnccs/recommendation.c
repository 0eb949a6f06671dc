/*
 * recommendation.c - recommendation merging policies (recommendation.h).
 *
 * Each policy is a ranking: the merged value is the one with the highest
 * rank. "default" ranks by restrictiveness with "no recommendation" and
 * "don't know" lowest, so that any real verdict replaces them; "any" ranks
 * by permissiveness.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "recommendation.h"

#include <string.h>

#include <tnc/tncifimv.h>

#define NREC 4
#define NEVAL 5

static const char *const rec_names[NREC] = {
	"allow", "no access", "isolate", "no recommendation",
};

static const char *const eval_names[NEVAL] = {
	"compliant", "non-compliant minor", "non-compliant major", "error",
	"don't know",
};

static const char *const policy_names[] = { "default", "any", "all" };

/* Rank of each recommendation and evaluation per policy (higher wins). */
static const int rec_rank[2][NREC] = {
	/* allow, no access, isolate, no recommendation */
	[REC_POLICY_DEFAULT] = { 1, 3, 2, 0 },
	[REC_POLICY_ANY]     = { 3, 1, 2, 0 },
};

static const int eval_rank[2][NEVAL] = {
	/* compliant, minor, major, error, don't know */
	[REC_POLICY_DEFAULT] = { 1, 2, 3, 4, 0 },
	[REC_POLICY_ANY]     = { 4, 3, 2, 1, 0 },
};

int rec_policy_parse(const char *name, enum rec_policy *policy)
{
	size_t i;

	for (i = 0; i < sizeof(policy_names) / sizeof(policy_names[0]); i++)
		if (strcmp(name, policy_names[i]) == 0) {
			*policy = (enum rec_policy)i;
			return 0;
		}
	return -1;
}

const char *rec_policy_name(enum rec_policy policy)
{
	return policy_names[policy];
}

const char *rec_name(uint32_t rec)
{
	return rec < NREC ? rec_names[rec] : "unknown";
}

const char *eval_name(uint32_t eval)
{
	return eval < NEVAL ? eval_names[eval] : "unknown";
}

/* Out-of-range values from a plugin count as no verdict. */
static uint32_t clamp_rec(uint32_t r)
{
	return r < NREC ? r : TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION;
}

static uint32_t clamp_eval(uint32_t e)
{
	return e < NEVAL ? e : TNC_IMV_EVALUATION_RESULT_DONT_KNOW;
}

void rec_merge(enum rec_policy policy, const uint32_t *recs,
	       const uint32_t *evals, size_t n, uint32_t *rec, uint32_t *eval)
{
	size_t i;
	uint32_t r, e;

	*rec = TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION;
	*eval = TNC_IMV_EVALUATION_RESULT_DONT_KNOW;
	if (n == 0)
		return;
	*rec = clamp_rec(recs[0]);
	*eval = clamp_eval(evals[0]);
	for (i = 1; i < n; i++) {
		r = clamp_rec(recs[i]);
		e = clamp_eval(evals[i]);
		if (policy == REC_POLICY_ALL) {
			if (r != *rec || e != *eval) {
				*rec = TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION;
				*eval = TNC_IMV_EVALUATION_RESULT_DONT_KNOW;
				return;
			}
			continue;
		}
		if (rec_rank[policy][r] > rec_rank[policy][*rec])
			*rec = r;
		if (eval_rank[policy][e] > eval_rank[policy][*eval])
			*eval = e;
	}
}
