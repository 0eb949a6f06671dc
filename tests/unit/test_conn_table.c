/*
 * test_conn_table.c - unit tests of the connection ID table
 * (libtnccs/conn_table.c): ID assignment, lookup, removal with
 * backward-shift deletion under heavy churn, ID wrap-around, and lookups
 * from other threads while the table changes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <pthread.h>

#include <cmocka.h>

#include "conn_table.h"

#define MANY 10000

/* Each session is identified by a distinct pointer into this array. */
static char sessions[MANY + 1];

/* A small deterministic generator, so failures reproduce. */
static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static void *lookup(struct conn_table *t, uint32_t id)
{
	void *s = conn_table_acquire(t, id);

	conn_table_release(t);
	return s;
}

static void test_basic(void **state)
{
	struct conn_table t;
	uint32_t a, b, c;

	conn_table_init(&t);
	assert_null(lookup(&t, 1));
	assert_null(lookup(&t, 0));
	assert_null(conn_table_acquire_first(&t));
	conn_table_release(&t);
	conn_table_remove(&t, 5);	/* absent: no effect */

	a = conn_table_add(&t, &sessions[1]);
	b = conn_table_add(&t, &sessions[2]);
	c = conn_table_add(&t, &sessions[3]);
	assert_int_equal(a, 1);
	assert_int_equal(b, 2);
	assert_int_equal(c, 3);
	assert_int_equal(t.used, 3);
	assert_ptr_equal(lookup(&t, a), &sessions[1]);
	assert_ptr_equal(lookup(&t, b), &sessions[2]);
	assert_ptr_equal(lookup(&t, c), &sessions[3]);
	assert_null(lookup(&t, 4));
	assert_null(lookup(&t, 0));
	assert_null(lookup(&t, 0xffffffff));

	assert_ptr_equal(conn_table_acquire_first(&t), &sessions[1]);
	conn_table_release(&t);

	conn_table_remove(&t, a);
	assert_null(lookup(&t, a));
	assert_ptr_equal(lookup(&t, b), &sessions[2]);
	assert_ptr_equal(conn_table_acquire_first(&t), &sessions[2]);
	conn_table_release(&t);
	conn_table_remove(&t, a);	/* twice: no effect */
	assert_int_equal(t.used, 2);

	/* IDs are not reused */
	assert_int_equal(conn_table_add(&t, &sessions[4]), 4);
	conn_table_remove(&t, b);
	conn_table_remove(&t, c);
	conn_table_remove(&t, 4);
	assert_int_equal(t.used, 0);
	assert_null(conn_table_acquire_first(&t));
	conn_table_release(&t);
	conn_table_destroy(&t);
}

/* Checks every ID against the shadow copy. */
static void check_all(struct conn_table *t, void *const *shadow,
		      uint32_t max_id)
{
	uint32_t id;
	size_t present = 0;

	for (id = 1; id <= max_id + 1; id++) {
		void *s = lookup(t, id);

		if (s != shadow[id])
			fail_msg("id %u: got %p, want %p", id, s, shadow[id]);
		present += s != NULL;
	}
	assert_int_equal(t->used, present);
}

/*
 * 10,000 adds and removes in mixed order. Every lookup is checked after
 * every 250 operations, and the touched ID after each one.
 */
static void test_many_mixed(void **state)
{
	void **shadow = calloc(MANY + 2, sizeof(*shadow));
	uint32_t *live = calloc(MANY, sizeof(*live));
	uint32_t seed = 1, max_id = 0, id, adds = 0, removes = 0;
	size_t nlive = 0, i, ops = 0;
	struct conn_table t;

	assert_non_null(shadow);
	assert_non_null(live);
	conn_table_init(&t);
	while (adds < MANY || nlive > 0) {
		/* Add with probability 2/3 while IDs remain, else remove */
		if (adds < MANY && (nlive == 0 || rnd(&seed) % 3 != 0)) {
			id = conn_table_add(&t, &sessions[adds + 1]);
			adds++;
			assert_int_equal(id, adds);
			shadow[id] = &sessions[adds];
			live[nlive++] = id;
			max_id = id;
			assert_ptr_equal(lookup(&t, id), shadow[id]);
		} else {
			i = rnd(&seed) % nlive;
			id = live[i];
			live[i] = live[--nlive];
			conn_table_remove(&t, id);
			shadow[id] = NULL;
			removes++;
			assert_null(lookup(&t, id));
		}
		if (++ops % 250 == 0)
			check_all(&t, shadow, max_id);
		if (nlive > 0 && ops % 97 == 0) {
			uint32_t low = 0;

			for (i = 0; i < nlive; i++)
				if (!low || live[i] < low)
					low = live[i];
			assert_ptr_equal(conn_table_acquire_first(&t),
					 shadow[low]);
			conn_table_release(&t);
		}
	}
	check_all(&t, shadow, max_id);
	assert_int_equal(adds, MANY);
	assert_int_equal(removes, MANY);
	assert_int_equal(t.used, 0);
	conn_table_destroy(&t);
	free(shadow);
	free(live);
}

/* Removal in the reverse and in the same order as insertion. */
static void test_ordered_removal(void **state)
{
	struct conn_table t;
	uint32_t id;

	conn_table_init(&t);
	for (id = 1; id <= 1000; id++)
		assert_int_equal(conn_table_add(&t, &sessions[id]), id);
	for (id = 1000; id >= 501; id--) {
		conn_table_remove(&t, id);
		assert_null(lookup(&t, id));
		assert_ptr_equal(lookup(&t, id - 1), &sessions[id - 1]);
	}
	for (id = 1; id <= 500; id++) {
		conn_table_remove(&t, id);
		if (id < 500)
			assert_ptr_equal(lookup(&t, 500), &sessions[500]);
	}
	assert_int_equal(t.used, 0);
	conn_table_destroy(&t);
}

/* IDs skip 0 and 0xffffffff (ANY) and those still in use. */
static void test_id_wrap(void **state)
{
	struct conn_table t;
	uint32_t id;

	conn_table_init(&t);
	assert_int_equal(conn_table_add(&t, &sessions[1]), 1);
	t.next_id = 0xfffffffe;
	id = conn_table_add(&t, &sessions[2]);
	assert_int_equal(id, 0xfffffffe);
	id = conn_table_add(&t, &sessions[3]);
	assert_int_equal(id, 2);	/* 1 is still in use */
	assert_ptr_equal(lookup(&t, 1), &sessions[1]);
	assert_ptr_equal(lookup(&t, 0xfffffffe), &sessions[2]);
	assert_ptr_equal(lookup(&t, 2), &sessions[3]);
	assert_null(lookup(&t, 0xffffffff));
	conn_table_destroy(&t);
}

struct shared {
	struct conn_table t;
	volatile bool stop;
	unsigned found;
};

/* Looks random IDs up; a found session must be the one of its ID. */
static void *reader(void *arg)
{
	struct shared *sh = arg;
	uint32_t seed = (uint32_t)(uintptr_t)&seed, id;
	char *s;

	while (!sh->stop) {
		id = rnd(&seed) % (MANY + 1);
		s = conn_table_acquire(&sh->t, id);
		if (s && s != &sessions[id])
			abort();
		if (s)
			__atomic_add_fetch(&sh->found, 1, __ATOMIC_RELAXED);
		conn_table_release(&sh->t);
	}
	return NULL;
}

static void test_concurrent_lookups(void **state)
{
	struct shared sh = { .stop = false };
	pthread_t th[2];
	uint32_t id, seed = 7;
	int i;

	conn_table_init(&sh.t);
	for (i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, reader, &sh), 0);
	for (id = 1; id <= MANY / 2; id++) {
		assert_int_equal(conn_table_add(&sh.t, &sessions[id]), id);
		if (rnd(&seed) % 2)
			conn_table_remove(&sh.t, 1 + rnd(&seed) % id);
	}
	sh.stop = true;
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	conn_table_destroy(&sh.t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_many_mixed),
		cmocka_unit_test(test_ordered_removal),
		cmocka_unit_test(test_id_wrap),
		cmocka_unit_test(test_concurrent_lookups),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
