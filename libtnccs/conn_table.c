/*
 * conn_table.c - open-addressing table of live connections (conn_table.h).
 * Removal uses backward-shift deletion so lookups need no tombstones.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "conn_table.h"

#include <stdlib.h>
#include <string.h>

void conn_table_init(struct conn_table *t)
{
	memset(t, 0, sizeof(*t));
	pthread_rwlock_init(&t->lock, NULL);
	t->next_id = 1;
}

void conn_table_destroy(struct conn_table *t)
{
	free(t->slots);
	pthread_rwlock_destroy(&t->lock);
}

static size_t home(const struct conn_table *t, uint32_t id)
{
	return (id * 2654435761u) & (t->cap - 1);
}

static void insert(struct conn_slot *slots, size_t cap, uint32_t id,
		   void *session)
{
	size_t i = (id * 2654435761u) & (cap - 1);

	while (slots[i].id)
		i = (i + 1) & (cap - 1);
	slots[i].id = id;
	slots[i].session = session;
}

static int grow(struct conn_table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64, i;
	struct conn_slot *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -1;
	for (i = 0; i < t->cap; i++)
		if (t->slots[i].id)
			insert(slots, cap, t->slots[i].id, t->slots[i].session);
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return 0;
}

static struct conn_slot *find(struct conn_table *t, uint32_t id)
{
	size_t i;

	if (!t->cap || !id)
		return NULL;
	for (i = home(t, id); t->slots[i].id; i = (i + 1) & (t->cap - 1))
		if (t->slots[i].id == id)
			return &t->slots[i];
	return NULL;
}

uint32_t conn_table_add(struct conn_table *t, void *session)
{
	uint32_t id = 0;

	pthread_rwlock_wrlock(&t->lock);
	if ((t->used + 1) * 2 > t->cap && grow(t) < 0)
		goto out;
	/* IDs are 32-bit on the wire of the ABI; skip 0 and ANY */
	do {
		id = t->next_id++;
		if (t->next_id == 0xffffffff)
			t->next_id = 1;
	} while (find(t, id));
	insert(t->slots, t->cap, id, session);
	t->used++;
out:
	pthread_rwlock_unlock(&t->lock);
	return id;
}

void conn_table_remove(struct conn_table *t, uint32_t id)
{
	struct conn_slot *s;
	size_t i, j, h;

	pthread_rwlock_wrlock(&t->lock);
	s = find(t, id);
	if (s) {
		i = s - t->slots;
		t->slots[i].id = 0;
		t->used--;
		/* Shift later members of the probe run back into the gap */
		for (j = (i + 1) & (t->cap - 1); t->slots[j].id;
		     j = (j + 1) & (t->cap - 1)) {
			h = home(t, t->slots[j].id);
			if (((j - h) & (t->cap - 1)) >= ((j - i) & (t->cap - 1))) {
				t->slots[i] = t->slots[j];
				t->slots[j].id = 0;
				i = j;
			}
		}
	}
	pthread_rwlock_unlock(&t->lock);
}

void *conn_table_acquire(struct conn_table *t, uint32_t id)
{
	struct conn_slot *s;

	pthread_rwlock_rdlock(&t->lock);
	s = find(t, id);
	return s ? s->session : NULL;
}

void conn_table_release(struct conn_table *t)
{
	pthread_rwlock_unlock(&t->lock);
}

void *conn_table_acquire_first(struct conn_table *t)
{
	size_t i;
	struct conn_slot *best = NULL;

	pthread_rwlock_rdlock(&t->lock);
	for (i = 0; i < t->cap; i++)
		if (t->slots[i].id && (!best || t->slots[i].id < best->id))
			best = &t->slots[i];
	return best ? best->session : NULL;
}
