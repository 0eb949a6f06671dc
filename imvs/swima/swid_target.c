/*
 * swid_target.c - the lists the SWIMA IMV collects and hands to a SWID
 * target (swid_target.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "swid_target.h"

/* Room for one more element in *v of *cap, doubling. */
static bool grow(void **v, size_t count, size_t *cap, size_t size)
{
	size_t n = *cap ? *cap * 2 : 16;
	void *p;

	if (count < *cap)
		return true;
	p = realloc(*v, n * size);
	if (!p)
		return false;
	*v = p;
	*cap = n;
	return true;
}

/* A string of the len bytes at p, which may be NULL when len is 0. */
static char *dup_bytes(const void *p, size_t len)
{
	return len ? strndup(p, len) : strdup("");
}

bool swid_strs_add(struct swid_strs *l, const char *s, size_t len)
{
	char *copy;

	if (!grow((void **)&l->v, l->count, &l->cap, sizeof(*l->v)))
		return false;
	copy = dup_bytes(s, len);
	if (!copy)
		return false;
	l->v[l->count++] = copy;
	return true;
}

void swid_strs_free(struct swid_strs *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

bool swid_events_add(struct swid_events *l, const struct ietf_sw_record *r)
{
	struct swid_event *e;
	size_t n = r->timestamp.len < 20 ? r->timestamp.len : 20;

	if (!grow((void **)&l->v, l->count, &l->cap, sizeof(*l->v)))
		return false;
	e = &l->v[l->count];
	memset(e, 0, sizeof(*e));
	e->sw_id = dup_bytes(r->sw_id.ptr, r->sw_id.len);
	if (!e->sw_id)
		return false;
	e->eid = r->eid;
	if (n)
		memcpy(e->timestamp, r->timestamp.ptr, n);
	e->record_id = r->record_id;
	e->source_id = r->source_id;
	e->action = r->action;
	l->count++;
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void swid_strs_sort_unique(struct swid_strs *l)
{
	size_t i, n = 0;

	if (!l->count)
		return;
	qsort(l->v, l->count, sizeof(*l->v), cmp_str);
	for (i = 1; i < l->count; i++) {
		if (strcmp(l->v[i], l->v[n]) == 0)
			free(l->v[i]);
		else
			l->v[++n] = l->v[i];
	}
	l->count = n + 1;
}

void swid_events_free(struct swid_events *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		free(l->v[i].sw_id);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void swid_answer_free(struct swid_answer *ans)
{
	swid_strs_free(&ans->missing);
}
