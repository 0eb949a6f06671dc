/*
 * pa_queue.c - queued PB-PA messages and the send window (pa_queue.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_queue.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

/* What plugins may queue on one connection (memory bound). */
#define MAX_QUEUED_BYTES (64u * 1024 * 1024)

void pa_queue_init(struct pa_queue *q)
{
	memset(q, 0, sizeof(*q));
	pthread_mutex_init(&q->lock, NULL);
}

static void clear_locked(struct pa_queue *q)
{
	size_t i;

	for (i = 0; i < q->len; i++)
		free(q->items[i].body);
	q->len = 0;
	q->bytes = 0;
}

void pa_queue_destroy(struct pa_queue *q)
{
	clear_locked(q);
	free(q->items);
	pthread_mutex_destroy(&q->lock);
}

void pa_queue_clear(struct pa_queue *q)
{
	pthread_mutex_lock(&q->lock);
	clear_locked(q);
	pthread_mutex_unlock(&q->lock);
}

void pa_queue_window(struct pa_queue *q, bool open)
{
	pthread_mutex_lock(&q->lock);
	q->window_open = open;
	q->window_thread = pthread_self();
	pthread_mutex_unlock(&q->lock);
}

static int grow(struct pa_queue *q)
{
	size_t cap = q->cap ? q->cap * 2 : 8;
	struct queued_pa *items = realloc(q->items, cap * sizeof(*items));

	if (!items)
		return -1;
	q->items = items;
	q->cap = cap;
	return 0;
}

TNC_Result pa_queue_add(struct pa_queue *q, const struct pb_pa *pa,
			size_t max_msg)
{
	struct queued_pa *item;
	TNC_Result rc = TNC_RESULT_SUCCESS;

	if (pa->body_len > max_msg)
		return TNC_RESULT_EXCEEDED_MAX_MESSAGE_SIZE;
	pthread_mutex_lock(&q->lock);
	if (!q->window_open ||
	    !pthread_equal(q->window_thread, pthread_self())) {
		rc = TNC_RESULT_ILLEGAL_OPERATION;
	} else if (q->bytes + pa->body_len > MAX_QUEUED_BYTES) {
		rc = TNC_RESULT_EXCEEDED_MAX_MESSAGE_SIZE;
	} else if (q->len == q->cap && grow(q) < 0) {
		rc = TNC_RESULT_FATAL;
	} else {
		item = &q->items[q->len];
		item->body = malloc(pa->body_len ? pa->body_len : 1);
		if (!item->body) {
			rc = TNC_RESULT_FATAL;
		} else {
			memcpy(item->body, pa->body, pa->body_len);
			item->pa = *pa;
			item->pa.body = item->body;
			q->len++;
			q->bytes += pa->body_len;
		}
	}
	pthread_mutex_unlock(&q->lock);
	return rc;
}

bool pa_queue_empty(struct pa_queue *q)
{
	bool empty;

	pthread_mutex_lock(&q->lock);
	empty = q->len == 0;
	pthread_mutex_unlock(&q->lock);
	return empty;
}

bool pa_queue_write(struct pa_queue *q, struct writer *w, size_t limit,
		    size_t max_batch)
{
	size_t i, done = 0, size;
	bool empty;

	pthread_mutex_lock(&q->lock);
	for (i = 0; i < q->len; i++) {
		size = pb_pa_size(q->items[i].pa.body_len);
		if (size > max_batch - PB_BATCH_HEADER_LEN) {
			log_tnc(0, "PB-PA message of %zu bytes exceeds the "
				"batch size of %zu, dropped", size, max_batch);
		} else if (w->len + size > limit) {
			break;
		} else {
			pb_write_pa(w, &q->items[i].pa);
		}
		free(q->items[i].body);
		q->bytes -= q->items[i].pa.body_len;
		done++;
	}
	if (done)	/* items is NULL while nothing was ever queued */
		memmove(q->items, q->items + done,
			(q->len - done) * sizeof(*q->items));
	q->len -= done;
	empty = q->len == 0;
	pthread_mutex_unlock(&q->lock);
	return empty;
}
