/*
 * pa_queue.h - the PB-PA messages that IMVs (or IMCs) queued for the next
 * batch of one connection, and the send window: plugins may only send
 * while the host is inside their ReceiveMessage, BatchEnding or
 * BeginHandshake call for that connection, on the connection's thread.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_PA_QUEUE_H
#define TNC_PA_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include <tnc/tncif.h>

#include "buf.h"
#include "pb_tnc.h"

struct queued_pa {
	struct pb_pa pa;	/* pa.body points to body */
	uint8_t *body;		/* owned */
};

struct pa_queue {
	pthread_mutex_t lock;
	struct queued_pa *items;	/* owned */
	size_t len, cap, bytes;
	bool window_open;
	pthread_t window_thread;
};

void pa_queue_init(struct pa_queue *q);
void pa_queue_destroy(struct pa_queue *q);
void pa_queue_clear(struct pa_queue *q);
/* Opens or closes the send window for the calling thread. */
void pa_queue_window(struct pa_queue *q, bool open);
/*
 * Copies a message in (pa->body is the plugin's buffer, not kept).
 * ILLEGAL_OPERATION outside the window, EXCEEDED_MAX_MESSAGE_SIZE past
 * max_msg or the per-connection memory bound.
 */
TNC_Result pa_queue_add(struct pa_queue *q, const struct pb_pa *pa,
			size_t max_msg);
bool pa_queue_empty(struct pa_queue *q);
/*
 * Moves messages, oldest first, into the batch being written while
 * w->len stays within limit; returns whether the queue is now empty. A
 * message larger than max_batch can never be sent: it is dropped and
 * logged.
 */
bool pa_queue_write(struct pa_queue *q, struct writer *w, size_t limit,
		    size_t max_batch);

#endif /* TNC_PA_QUEUE_H */
