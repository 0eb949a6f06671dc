/*
 * test_session_db.c - the database layer and the rows an IMV writes: a
 * database made from schema/tables.sql and data.sql, sessions created as
 * the IMVs create them, workitems read and finished, the final
 * recommendation stored. With TNC_SCHEMA_DIR set, the same on a database
 * made from the schema files there (e.g. the reference's).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db.h"
#include "log.h"
#include "schema_sql.h"
#include "session_db.h"
#include "workitem.h"

struct fixture {
	char dir[64];
	char path[128];
	char uri[160];
	sqlite3 *check;		/* a second connection to look at rows */
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	strcpy(fx->dir, "/tmp/tnc-db-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof(fx->path), "%s/config.db", fx->dir);
	snprintf(fx->uri, sizeof(fx->uri), "sqlite://%s", fx->path);
	assert_int_equal(sqlite3_open(fx->path, &fx->check), SQLITE_OK);
	schema_sql_load(fx->check, "tables.sql");
	schema_sql_load(fx->check, "data.sql");
	fx->db = db_open(fx->uri);
	assert_non_null(fx->db);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[128];

	db_close(fx->db);
	sqlite3_close(fx->check);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

/* One integer from a query on the checking connection. */
static int64_t query_int(struct fixture *fx, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(fx->check, sql, -1, &st, NULL),
			 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void exec(struct fixture *fx, const char *sql)
{
	assert_int_equal(sqlite3_exec(fx->check, sql, NULL, NULL, NULL),
			 SQLITE_OK);
}

#define IDENT(v, t, s) { (v), (t), (const uint8_t *)(s), sizeof(s) - 1 }

static const struct ar_identity identities[] = {
	IDENT(SESSION_DB_TCG_VENDOR, 5, "carol"),		/* user name */
	IDENT(0x00902A, 1, "10.0.0.1"),		/* other namespace: skipped */
	IDENT(SESSION_DB_TCG_VENDOR, 1, ""),		/* empty: skipped */
	IDENT(SESSION_DB_TCG_VENDOR, 1, "192.0.2.10"),	/* IPv4 */
	IDENT(SESSION_DB_TCG_VENDOR, 5, "carol"),		/* repeated */
};

static struct session_db_in session_in(const char *device)
{
	struct session_db_in in = {
		.product = "Debian 12 x86_64",
		.device = device,
		.connection = 7,
		.now = 1700000000,
		.identities = identities,
		.identity_count = sizeof(identities) / sizeof(identities[0]),
	};
	return in;
}

static void test_session_rows(void **state)
{
	struct fixture *fx = *state;
	struct session_db_in in = session_in("a1b2c3");
	struct session_db_ids ids, again;

	assert_true(session_db_create(fx->db, &in, &ids));
	assert_int_equal(ids.product, 104);	/* seeded product */
	assert_true(ids.device > 0);
	assert_true(ids.session > 0);
	assert_false(ids.trusted);

	assert_int_equal(query_int(fx, "SELECT COUNT(*) FROM devices WHERE "
			 "value = 'a1b2c3' AND product = 104 AND trusted = 0 "
			 "AND inactive = 0 AND description = '' AND "
			 "created IS NULL"), 1);
	assert_int_equal(query_int(fx, "SELECT COUNT(*) FROM sessions WHERE "
			 "time = 1700000000 AND connection = 7 AND "
			 "product = 104 AND rec = 3"), 1);
	/* two identities stored, as BLOBs, linked once each */
	assert_int_equal(query_int(fx, "SELECT COUNT(*) FROM identities"), 2);
	assert_int_equal(query_int(fx, "SELECT COUNT(*) FROM identities "
			 "WHERE typeof(value) = 'blob'"), 2);
	assert_int_equal(query_int(fx, "SELECT COUNT(*) FROM "
			 "sessions_identities"), 2);
	assert_int_equal(query_int(fx, "SELECT i.type FROM sessions AS s "
			 "JOIN identities AS i ON s.identity = i.id"), 5);

	/* the next session of the device reuses every row but its own */
	in.connection = 8;
	assert_true(session_db_create(fx->db, &in, &again));
	assert_int_equal(again.device, ids.device);
	assert_int_equal(again.product, ids.product);
	assert_int_not_equal(again.session, ids.session);
	assert_int_equal(query_int(fx, "SELECT COUNT(*) FROM identities"), 2);
	assert_int_equal(query_int(fx, "SELECT COUNT(*) FROM devices"), 1);
	assert_int_equal(query_int(fx, "SELECT COUNT(*) FROM "
			 "sessions_identities"), 4);
}

static void test_new_product_and_trusted_device(void **state)
{
	struct fixture *fx = *state;
	struct session_db_in in = session_in("unknown");
	struct session_db_ids ids;

	in.product = "Fedora 41 x86_64";
	in.identity_count = 0;
	assert_true(session_db_create(fx->db, &in, &ids));
	assert_int_equal(ids.product, query_int(fx, "SELECT id FROM products "
				"WHERE name = 'Fedora 41 x86_64'"));
	assert_int_equal(query_int(fx, "SELECT identity FROM sessions"), 0);

	exec(fx, "UPDATE devices SET trusted = 1");
	assert_true(session_db_create(fx->db, &in, &ids));
	assert_true(ids.trusted);
	assert_int_equal(query_int(fx, "SELECT COUNT(*) FROM products WHERE "
			 "name = 'Fedora 41 x86_64'"), 1);
}

static void test_workitems_read_and_finish(void **state)
{
	struct fixture *fx = *state;
	struct session_db_in in = session_in("dev");
	struct session_db_ids ids;
	struct workitem *items;
	size_t n;
	char sql[512];

	assert_true(session_db_create(fx->db, &in, &ids));
	snprintf(sql, sizeof(sql),
		 "INSERT INTO workitems (session, enforcement, type, arg_str, "
		 "arg_int, rec_fail, rec_noresult) VALUES "
		 "(%lld, 7, 11, '', 0, 1, 1), (%lld, 8, 13, '500 4500', 0, 1, 2),"
		 "(%lld, 3, 3, NULL, 0, 2, 2)",
		 (long long)ids.session, (long long)ids.session,
		 (long long)ids.session);
	exec(fx, sql);
	exec(fx, "INSERT INTO workitems (session, enforcement, type, "
		 "rec_fail, rec_noresult) VALUES (9999, 1, 1, 2, 2)");

	assert_true(session_db_workitems(fx->db, ids.session, &items, &n));
	assert_int_equal(n, 3);
	assert_int_equal(items[0].type, WORKITEM_TCPOP);
	assert_string_equal(items[0].arg_str, "");
	assert_int_equal(items[1].type, WORKITEM_UDPOP);
	assert_string_equal(items[1].arg_str, "500 4500");
	assert_int_equal(items[1].rec_fail, DB_REC_NO_ACCESS);
	assert_int_equal(items[1].rec_noresult, DB_REC_ISOLATE);
	assert_string_equal(items[2].arg_str, "");	/* NULL reads as "" */
	assert_int_equal(items[2].owner_imv, -1);
	assert_string_equal(workitem_type_name(items[0].type), "TCPOP");

	/* compliant allows; minor takes rec_fail; error rec_noresult */
	assert_int_equal(workitem_rec_for(&items[1], DB_EVAL_COMPLIANT),
			 DB_REC_ALLOW);
	assert_int_equal(workitem_rec_for(&items[1], DB_EVAL_MINOR),
			 DB_REC_NO_ACCESS);
	assert_int_equal(workitem_rec_for(&items[1], DB_EVAL_MAJOR),
			 DB_REC_NO_ACCESS);
	assert_int_equal(workitem_rec_for(&items[1], DB_EVAL_ERROR),
			 DB_REC_ISOLATE);
	assert_int_equal(workitem_rec_for(&items[1], DB_EVAL_DONT_KNOW),
			 DB_REC_ISOLATE);

	items[1].result = strdup("violating udp ports: 53");
	items[1].rec_final = workitem_rec_for(&items[1], DB_EVAL_MINOR);
	assert_true(session_db_finish_workitem(fx->db, &items[1]));
	snprintf(sql, sizeof(sql), "SELECT rec_final FROM workitems WHERE "
		 "id = %lld AND result = 'violating udp ports: 53'",
		 (long long)items[1].id);
	assert_int_equal(query_int(fx, sql), DB_REC_NO_ACCESS);
	assert_int_equal(query_int(fx, "SELECT COUNT(*) FROM workitems "
			 "WHERE result IS NOT NULL"), 1);
	workitem_list_free(items, n);

	assert_true(session_db_set_rec(fx->db, ids.session, DB_REC_ISOLATE));
	snprintf(sql, sizeof(sql), "SELECT rec FROM sessions WHERE id = %lld",
		 (long long)ids.session);
	assert_int_equal(query_int(fx, sql), DB_REC_ISOLATE);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(db_rec_name(DB_REC_ALLOW), "allow");
	assert_string_equal(db_rec_name(DB_REC_NO_ACCESS), "no access");
	assert_string_equal(db_rec_name(DB_REC_ISOLATE), "isolate");
	assert_string_equal(db_rec_name(DB_REC_NONE), "no recommendation");
	assert_string_equal(db_rec_name(9), "unknown recommendation");
	assert_string_equal(workitem_type_name(15), "SWIDT");
	assert_string_equal(workitem_type_name(17), "UNKNOWN");
	assert_int_equal(workitem_type_info(6)->arg, WORKITEM_ARG_FILE);
	assert_int_equal(workitem_type_info(9)->arg, WORKITEM_ARG_DIR);
	assert_int_equal(workitem_type_info(16)->owner,
			 WORKITEM_OWNER_ATTESTATION);
	assert_null(workitem_type_info(-1));
}

static void test_wal_mode(void **state)
{
	struct fixture *fx = *state;
	sqlite3_stmt *st;
	sqlite3 *conn;

	/* a new connection reads the mode db_open left in the file */
	assert_int_equal(sqlite3_open(fx->path, &conn), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(conn, "PRAGMA journal_mode",
					    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(conn);
}

static void test_open_errors(void **state)
{
	struct fixture *fx = *state;
	char uri[200];

	assert_null(db_open("mysql://localhost/db"));
	assert_null(db_open("sqlite://relative/path.db"));
	snprintf(uri, sizeof(uri), "sqlite://%s/missing.db", fx->dir);
	assert_null(db_open(uri));
	assert_int_equal(access(uri + 9, F_OK), -1);	/* not created */
}

static void test_statement_cache_and_nesting(void **state)
{
	struct fixture *fx = *state;
	const char *sql = "SELECT id FROM groups WHERE id <= ? ORDER BY id";
	struct db_stmt *outer, *inner;
	int rows = 0;

	outer = db_prepare(fx->db, sql);
	assert_non_null(outer);
	db_bind_int(outer, 1, 3);
	while (db_step(outer) == DB_ROW) {
		/* the same SQL while the cached one is busy */
		inner = db_prepare(fx->db, sql);
		assert_non_null(inner);
		assert_ptr_not_equal(inner, outer);
		db_bind_int(inner, 1, db_column_int(outer, 0));
		while (db_step(inner) == DB_ROW)
			rows++;
		db_done(inner);
	}
	db_done(outer);
	assert_int_equal(rows, 1 + 2 + 3);
	/* back in the cache, reset, no bindings */
	assert_ptr_equal(db_prepare(fx->db, sql), outer);
	db_done(outer);
	assert_null(db_prepare(fx->db, "SELECT nope FROM nothing"));
}

static void test_rollback_leaves_nothing(void **state)
{
	struct fixture *fx = *state;
	struct db_stmt *st;

	assert_true(db_begin(fx->db));
	st = db_prepare(fx->db, "INSERT INTO products (name) VALUES (?)");
	db_bind_text(st, 1, "Rolled Back 1.0");
	assert_true(db_run(st));
	db_rollback(fx->db);
	assert_int_equal(query_int(fx, "SELECT COUNT(*) FROM products WHERE "
			 "name = 'Rolled Back 1.0'"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_session_rows, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_new_product_and_trusted_device, setup, teardown),
		cmocka_unit_test_setup_teardown(test_workitems_read_and_finish,
						setup, teardown),
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_wal_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_statement_cache_and_nesting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing,
						setup, teardown),
	};

	log_set_level(-1, -1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
