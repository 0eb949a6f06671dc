/*
 * conn_table.h - connection ID -> session lookup for the ABI callbacks.
 *
 * IMVs and IMCs name a connection only by its ID, possibly from threads of
 * their own. A caller holds the table's read lock while it uses a session
 * it looked up, so a session is never freed under a callback: removal
 * takes the write lock.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_CONN_TABLE_H
#define TNC_CONN_TABLE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

struct conn_slot {
	uint32_t id;	/* 0 = free */
	void *session;
};

struct conn_table {
	pthread_rwlock_t lock;
	struct conn_slot *slots;	/* owned; open addressing */
	size_t cap;
	size_t used;
	uint32_t next_id;
};

void conn_table_init(struct conn_table *t);
void conn_table_destroy(struct conn_table *t);
/* Assigns the next connection ID to session; 0 when out of memory. */
uint32_t conn_table_add(struct conn_table *t, void *session);
void conn_table_remove(struct conn_table *t, uint32_t id);
/*
 * Takes the read lock and returns the session of id, or NULL. Always pair
 * with conn_table_release, found or not.
 */
void *conn_table_acquire(struct conn_table *t, uint32_t id);
void conn_table_release(struct conn_table *t);
/* The session with the lowest ID, under the read lock like acquire. */
void *conn_table_acquire_first(struct conn_table *t);

#endif /* TNC_CONN_TABLE_H */
