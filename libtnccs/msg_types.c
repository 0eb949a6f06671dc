/*
 * msg_types.c - subscription lists and their matching rule (msg_types.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "msg_types.h"

#include <stdlib.h>

#define VENDOR_ANY 0xffffff
#define SUBTYPE_ANY 0xff
/* A sane bound on one plugin's subscription list */
#define MAX_TYPES 4096

static TNC_Result alloc_list(struct msg_type_list *l, TNC_UInt32 count,
			     struct msg_type **types)
{
	*types = NULL;
	if (count > MAX_TYPES)
		return TNC_RESULT_INVALID_PARAMETER;
	if (count && !(*types = calloc(count, sizeof(**types))))
		return TNC_RESULT_FATAL;
	return TNC_RESULT_SUCCESS;
}

static void replace(struct msg_type_list *l, struct msg_type *types,
		    size_t count)
{
	free(l->types);
	l->types = types;
	l->count = types ? count : 0;
}

TNC_Result msg_types_set_short(struct msg_type_list *l,
			       const TNC_MessageType *types, TNC_UInt32 count)
{
	struct msg_type *t;
	TNC_Result rc;
	TNC_UInt32 i;

	if (!types)
		count = 0;
	rc = alloc_list(l, count, &t);
	if (rc != TNC_RESULT_SUCCESS)
		return rc;
	/* Short form: vendor in bits 8..31, subtype in bits 0..7 */
	for (i = 0; i < count; i++) {
		t[i].vendor = (types[i] >> 8) & 0xffffff;
		t[i].subtype = types[i] & 0xff;
	}
	replace(l, t, count);
	return TNC_RESULT_SUCCESS;
}

TNC_Result msg_types_set_long(struct msg_type_list *l,
			      const TNC_VendorID *vendors,
			      const TNC_MessageSubtype *subtypes,
			      TNC_UInt32 count)
{
	struct msg_type *t;
	TNC_Result rc;
	TNC_UInt32 i;

	if (!vendors || !subtypes)
		count = 0;
	rc = alloc_list(l, count, &t);
	if (rc != TNC_RESULT_SUCCESS)
		return rc;
	for (i = 0; i < count; i++) {
		t[i].vendor = vendors[i] & 0xffffff;
		t[i].subtype = (uint32_t)subtypes[i];
	}
	replace(l, t, count);
	return TNC_RESULT_SUCCESS;
}

/*
 * The wildcard subtype is 0xff in both forms: a long-form 0xffffffff is
 * not a wildcard, as the reference delivers.
 */
bool msg_types_match(const struct msg_type_list *l, uint32_t vendor,
		     uint32_t subtype)
{
	size_t i;
	const struct msg_type *t;

	for (i = 0; i < l->count; i++) {
		t = &l->types[i];
		if (t->vendor == VENDOR_ANY && t->subtype == SUBTYPE_ANY)
			return true;
		if (t->vendor == vendor &&
		    (t->subtype == SUBTYPE_ANY || t->subtype == subtype))
			return true;
	}
	return false;
}

void msg_types_free(struct msg_type_list *l)
{
	replace(l, NULL, 0);
}
