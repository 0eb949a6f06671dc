/*
 * test_web.c - unit tests of tnc-web's request parsers (web_parse.c), its
 * object validation on a policy database made from the schema files
 * (objects.c) and its users, sessions and log-in rate limit (auth.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "auth.h"
#include "html.h"
#include "objects.h"
#include "router.h"
#include "schema_sql.h"
#include "web_parse.h"

static char err[160];

/* --- headers ------------------------------------------------------- */

static void test_basic(void **state)
{
	char user[16], pass[16];

	(void)state;
	/* "tnc:secret" */
	assert_true(web_basic_decode("Basic dG5jOnNlY3JldA==", user,
				     sizeof(user), pass, sizeof(pass)));
	assert_string_equal(user, "tnc");
	assert_string_equal(pass, "secret");
	/* "a:" : empty password, one padding byte */
	assert_true(web_basic_decode("basic YTo=", user, sizeof(user), pass,
				     sizeof(pass)));
	assert_string_equal(user, "a");
	assert_string_equal(pass, "");
	/* "a:b:c": the password may hold colons */
	assert_true(web_basic_decode("Basic YTpiOmM=", user, sizeof(user),
				     pass, sizeof(pass)));
	assert_string_equal(pass, "b:c");
	/* malformed: scheme, length, alphabet, no colon, NUL, too long */
	assert_false(web_basic_decode("Bearer dG5jOnNlY3JldA==", user,
				      sizeof(user), pass, sizeof(pass)));
	assert_false(web_basic_decode("Basic dG5jOnNlY3JldA=", user,
				      sizeof(user), pass, sizeof(pass)));
	assert_false(web_basic_decode("Basic !!!!", user, sizeof(user), pass,
				      sizeof(pass)));
	assert_false(web_basic_decode("Basic dG5j", user, sizeof(user), pass,
				      sizeof(pass)));
	assert_false(web_basic_decode("Basic YQA6Yg==", user, sizeof(user),
				      pass, sizeof(pass)));
	assert_false(web_basic_decode("Basic ", user, sizeof(user), pass,
				      sizeof(pass)));
	/* "averyveryverylonguser:x" does not fit 16 bytes */
	assert_false(web_basic_decode("Basic YXZlcnl2ZXJ5dmVyeWxvbmd1c2VyOng=",
				      user, sizeof(user), pass, sizeof(pass)));
}

static void test_cookie(void **state)
{
	char out[8];

	(void)state;
	assert_true(web_cookie_get("a=1; s=abc; b=2", "s", out, sizeof(out)));
	assert_string_equal(out, "abc");
	assert_true(web_cookie_get("s=", "s", out, sizeof(out)));
	assert_string_equal(out, "");
	/* a longer name with the same start is another cookie */
	assert_false(web_cookie_get("ss=1;xs=2", "s", out, sizeof(out)));
	assert_false(web_cookie_get("", "s", out, sizeof(out)));
	assert_false(web_cookie_get("s", "s", out, sizeof(out)));
	/* a value that does not fit is refused, not cut */
	assert_false(web_cookie_get("s=12345678", "s", out, sizeof(out)));
}

static void test_query(void **state)
{
	const struct obj_filter args[] = {
		{ "parent", "2" }, { "limit", "5" }, { "offset", "10" },
		{ "name", "x" },
	};
	const struct obj_filter bad_limit[] = { { "limit", "10001" } };
	const struct obj_filter neg[] = { { "offset", "-1" } };
	const struct obj_filter junk[] = { { "limit", "5x" } };
	struct obj_query q;

	(void)state;
	assert_true(web_query_parse(args, 4, &q, err, sizeof(err)));
	assert_int_equal(q.filter_count, 2);
	assert_string_equal(q.filters[0].field, "parent");
	assert_string_equal(q.filters[1].value, "x");
	assert_int_equal(q.limit, 5);
	assert_int_equal(q.offset, 10);
	free((void *)q.filters);
	assert_false(web_query_parse(bad_limit, 1, &q, err, sizeof(err)));
	assert_string_equal(err, "limit must be a number 0..10000");
	free((void *)q.filters);
	assert_false(web_query_parse(neg, 1, &q, err, sizeof(err)));
	assert_string_equal(err, "offset must be a number >= 0");
	free((void *)q.filters);
	assert_false(web_query_parse(junk, 1, &q, err, sizeof(err)));
	free((void *)q.filters);
}

/* --- SWID bodies ------------------------------------------------------ */

static bool ids(const char *body, struct swid_strs *l)
{
	return web_swid_ids_parse(body, strlen(body), l, err, sizeof(err));
}

static void test_swid_ids(void **state)
{
	struct swid_strs l = { 0 };

	(void)state;
	assert_true(ids("{\"data\": [\"a__b\", \"c__d\"]}", &l));
	assert_int_equal(l.count, 2);
	assert_string_equal(l.v[1], "c__d");
	swid_strs_free(&l);
	assert_false(ids("{\"data\": []}", &l));
	assert_string_equal(err, "data must be a non-empty list");
	assert_false(ids("{\"data\": [\"a\", 1]}", &l));
	assert_string_equal(err, "data[1] must be a non-empty string");
	assert_false(ids("{\"data\": [\"\"]}", &l));
	assert_false(ids("[\"a\"]", &l));
	assert_string_equal(err, "the body must be a JSON object");
	/* truncated, and a repeated key */
	assert_false(ids("{\"data\": [\"a\"", &l));
	assert_memory_equal(err, "malformed JSON: ", 16);
	assert_false(ids("{\"data\": [\"a\"], \"data\": [\"b\"]}", &l));
	swid_strs_free(&l);
}

static bool events(const char *body, struct swid_events *ev)
{
	return web_swid_events_parse(body, strlen(body), ev, err, sizeof(err));
}

#define EV(x) "{\"epoch\": 7, \"lastEid\": 9, \"events\": [{\"eid\": 9, " \
	"\"timestamp\": \"2024-01-01T00:00:00Z\", \"recordId\": 4, " \
	"\"sourceId\": 2, \"action\": 2, \"softwareId\": \"a__b\"" x "}]}"

static void test_swid_events(void **state)
{
	struct swid_events ev = { 0 };

	(void)state;
	assert_true(events(EV(""), &ev));
	assert_int_equal(ev.epoch, 7);
	assert_int_equal(ev.last_eid, 9);
	assert_int_equal(ev.count, 1);
	assert_int_equal(ev.v[0].eid, 9);
	assert_string_equal(ev.v[0].timestamp, "2024-01-01T00:00:00Z");
	assert_int_equal(ev.v[0].record_id, 4);
	assert_int_equal(ev.v[0].source_id, 2);
	assert_int_equal(ev.v[0].action, 2);
	assert_string_equal(ev.v[0].sw_id, "a__b");
	swid_events_free(&ev);
	/* a later key of the same name is refused (duplicate) */
	assert_false(events(EV(", \"action\": 1"), &ev));
	swid_events_free(&ev);
	assert_false(events("{\"epoch\": 7, \"lastEid\": 9, \"events\": "
			    "[{\"eid\": 1}]}", &ev));
	assert_string_equal(err, "events[0].recordId must be a number");
	assert_false(events("{\"epoch\": 4294967296, \"lastEid\": 0, "
			    "\"events\": []}", &ev));
	assert_string_equal(err, "epoch out of range");
	assert_false(events("{\"epoch\": 1, \"lastEid\": 0, \"events\": {}}",
			    &ev));
	assert_string_equal(err, "events must be a list");
	assert_false(events("{\"epoch\": 1, \"lastEid\": 0, \"events\": [{"
			    "\"eid\": 1, \"timestamp\": \"2024-01-01T00:00:00Z"
			    "+\", \"recordId\": 1, \"sourceId\": 1, \"action\":"
			    " 1, \"softwareId\": \"x\"}]}", &ev));
	assert_string_equal(err, "events[0].timestamp must be a string of at "
			    "most 20 characters");
	assert_false(events("{\"epoch\": 1, \"lastEid\": 0, \"events\": [{"
			    "\"eid\": 1, \"timestamp\": \"\", \"recordId\": 1, "
			    "\"sourceId\": 256, \"action\": 1, \"softwareId\":"
			    " \"x\"}]}", &ev));
	assert_string_equal(err, "events[0].sourceId out of range");
	assert_false(events("{\"epoch\": 1, \"lastEid\": 0, \"events\": [{"
			    "\"eid\": 1, \"timestamp\": \"\", \"recordId\": 1, "
			    "\"sourceId\": 1, \"action\": 0, \"softwareId\":"
			    " \"x\"}]}", &ev));
	assert_string_equal(err, "events[0].action must be 1 or 2");
	swid_events_free(&ev);
}

static void test_swid_tags(void **state)
{
	const char body[] = "{\"data\": [\"<a/>\", \"<b x=\\\"1\\\"/>\"]}";
	struct swid_xml *tags;
	json_t *doc;
	size_t n;

	(void)state;
	assert_true(web_swid_tags_parse(body, strlen(body), &doc, &tags, &n,
					err, sizeof(err)));
	assert_int_equal(n, 2);
	assert_int_equal(tags[1].len, 10);
	assert_memory_equal(tags[1].ptr, "<b x=\"1\"/>", 10);
	free(tags);
	json_decref(doc);
	assert_false(web_swid_tags_parse("{}", 2, &doc, &tags, &n, err,
					 sizeof(err)));
	assert_string_equal(err, "data must be a non-empty list");
	free(tags);
	json_decref(doc);
}

/* --- objects on a policy database ------------------------------------ */

struct fixture {
	char dir[64];
	char path[128];
	sqlite3 *check;
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char uri[160];

	strcpy(fx->dir, "/tmp/tnc-web-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof(fx->path), "%s/config.db", fx->dir);
	snprintf(uri, sizeof(uri), "sqlite://%s", fx->path);
	assert_int_equal(sqlite3_open(fx->path, &fx->check), SQLITE_OK);
	schema_sql_load(fx->check, "tables.sql");
	schema_sql_load(fx->check, "data.sql");
	fx->db = db_open(uri);
	assert_non_null(fx->db);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char path[160];

	db_close(fx->db);
	sqlite3_close(fx->check);
	unlink(fx->path);
	snprintf(path, sizeof(path), "%s-wal", fx->path);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", fx->path);
	unlink(path);
	snprintf(path, sizeof(path), "%s/users.db", fx->dir);
	unlink(path);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static int64_t count(struct fixture *fx, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n;

	assert_int_equal(sqlite3_prepare_v2(fx->check, sql, -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static enum obj_status create(struct fixture *fx, const char *type,
			      const char *json, int64_t *id)
{
	json_t *in = json_loads(json, 0, NULL);
	enum obj_status s;

	assert_non_null(in);
	s = obj_create(fx->db, obj_type_find(type), in, id, err, sizeof(err));
	json_decref(in);
	return s;
}

static void test_policy_validation(void **state)
{
	struct fixture *fx = *state;
	int64_t id = 0, before = count(fx, "SELECT COUNT(*) FROM policies");

	assert_int_equal(create(fx, "policies", "{\"name\": \"p\", \"type\": "
				"\"UDPBL\", \"argument\": \"1-2 3\", "
				"\"rec_fail\": 1, \"rec_noresult\": 2}", &id),
			 OBJ_OK);
	assert_int_equal(id, 25);
	assert_int_equal(count(fx, "SELECT type FROM policies WHERE id = 25"),
			 14);
	assert_int_equal(create(fx, "policies", "{\"name\": \"q\", \"type\": "
				"\"UDPBL\", \"argument\": \"1-\", "
				"\"rec_fail\": 1, \"rec_noresult\": 2}", &id),
			 OBJ_INVALID);
	assert_memory_equal(err, "argument: bad port range: ", 26);
	assert_int_equal(create(fx, "policies", "{\"name\": \"q\", \"type\": "
				"\"DMEAS\", \"dir\": 12, \"rec_fail\": 1, "
				"\"rec_noresult\": 2}", &id), OBJ_OK);
	assert_int_equal(create(fx, "policies", "{\"name\": \"q\", \"type\": "
				"1, \"rec_fail\": 1, \"rec_noresult\": 2}",
				&id), OBJ_CONFLICT);
	assert_string_equal(err, "name \"q\" exists already");
	assert_int_equal(create(fx, "policies", "{\"name\": \"r\", \"type\": "
				"1, \"rec_fail\": -1, \"rec_noresult\": 2}",
				&id), OBJ_INVALID);
	assert_int_equal(create(fx, "policies", "{\"name\": \"r\", \"type\": "
				"true, \"rec_fail\": 0, \"rec_noresult\": 2}",
				&id), OBJ_OK);
	assert_int_equal(count(fx, "SELECT COUNT(*) FROM policies"),
			 before + 3);
	assert_int_equal(create(fx, "sessions", "{}", &id), OBJ_INVALID);
	assert_string_equal(err, "sessions are read only");
}

static void test_delete_referenced(void **state)
{
	struct fixture *fx = *state;
	const struct obj_type *t = obj_type_find("products");

	assert_int_equal(obj_delete(fx->db, t, 28, err, sizeof(err)),
			 OBJ_CONFLICT);
	assert_string_equal(err, "products 28 is still used by 4 versions");
	assert_int_equal(obj_delete(fx->db, t, 1000, err, sizeof(err)),
			 OBJ_NOT_FOUND);
	assert_string_equal(err, "products 1000 does not exist");
	assert_int_equal(count(fx, "SELECT COUNT(*) FROM products"), 105);
}

static void test_update_and_list(void **state)
{
	struct fixture *fx = *state;
	const struct obj_type *t = obj_type_find("groups");
	const struct obj_filter f[] = { { "parent", "8" } };
	struct obj_query q = { .filters = f, .filter_count = 1, .limit = 1,
			       .offset = 1 };
	json_t *in = json_pack("{s:s}", "name", "Refs"), *rows;

	assert_int_equal(obj_update(fx->db, t, 8, in, err, sizeof(err)),
			 OBJ_OK);
	json_decref(in);
	assert_int_equal(count(fx, "SELECT COUNT(*) FROM groups WHERE name = "
			       "'Refs' AND id = 8"), 1);
	assert_int_equal(obj_list(fx->db, t, &q, &rows, err, sizeof(err)),
			 OBJ_OK);
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(rows, 0), "id")), 10);
	json_decref(rows);
}

/* --- pages ------------------------------------------------------------ */

static void test_html_escape(void **state)
{
	struct html h = { 0 };
	char *s;

	(void)state;
	html_raw(&h, "<p>");
	html_text(&h, "a<b>&\"c\"'d'");
	html_textn(&h, "x\0<", 3);
	html_rawf(&h, "</p>%d", 7);
	s = html_take(&h);
	assert_string_equal(s, "<p>a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;"
			    "x&lt;</p>7");
	free(s);
	html_text(&h, NULL);
	s = html_take(&h);
	assert_string_equal(s, "");
	free(s);
}

static void test_form_parse(void **state)
{
	json_t *doc;

	(void)state;
	assert_true(web_form_parse("a=1+2&b=%3Cx%3e&c&a=3&&d=", 25, &doc, err,
				   sizeof(err)));
	assert_string_equal(json_string_value(json_object_get(doc, "a")),
			    "3");
	assert_string_equal(json_string_value(json_object_get(doc, "b")),
			    "<x>");
	assert_string_equal(json_string_value(json_object_get(doc, "c")), "");
	assert_string_equal(json_string_value(json_object_get(doc, "d")), "");
	assert_int_equal(json_object_size(doc), 4);
	json_decref(doc);
	assert_true(web_form_parse("", 0, &doc, err, sizeof(err)));
	assert_int_equal(json_object_size(doc), 0);
	json_decref(doc);
	/* truncated and bad escapes, NUL, not UTF-8 */
	assert_false(web_form_parse("a=%4", 4, &doc, err, sizeof(err)));
	assert_string_equal(err, "form: bad %-escape at byte 0");
	assert_false(web_form_parse("a=%zz", 5, &doc, err, sizeof(err)));
	assert_false(web_form_parse("a=%00", 5, &doc, err, sizeof(err)));
	assert_string_equal(err, "form: NUL byte at 2");
	assert_false(web_form_parse("a=%ff", 5, &doc, err, sizeof(err)));
	assert_string_equal(err, "form: field is not UTF-8 text");
	/* the length is what counts, not a NUL */
	assert_true(web_form_parse("a=1&b=2", 3, &doc, err, sizeof(err)));
	assert_int_equal(json_object_size(doc), 1);
	json_decref(doc);
}

/* Runs handler on a session call of role to /type/id/ with body. */
static void page_call(struct fixture *fx, web_handler handler,
		      enum auth_role role, const char *type, int64_t id,
		      const char *body, struct web_response *resp)
{
	struct web_request req = { .method = body ? "POST" : "GET",
				   .path = "/", .remote = "127.0.0.1",
				   .body = body ? body : "",
				   .body_len = body ? strlen(body) : 0 };
	struct web_call call = { .req = &req, .role = role,
				 .via_session = true, .id = id,
				 .type = obj_type_find(type) };
	struct web_ctx ctx = { .db = fx->db };

	strcpy(call.csrf, "c5");
	memset(resp, 0, sizeof(*resp));
	handler(&ctx, &call, resp);
}

static void test_page_escapes(void **state)
{
	struct fixture *fx = *state;
	struct web_response resp;
	int64_t id = 0;

	assert_int_equal(create(fx, "devices", "{\"value\": \"d<1>\", "
				"\"description\": \"<script>alert(1)"
				"</script>\", \"product\": 1}", &id),
			 OBJ_OK);
	page_call(fx, page_object, ROLE_READONLY, "devices", id, NULL, &resp);
	assert_int_equal(resp.status, 200);
	assert_string_equal(resp.content_type, "text/html; charset=utf-8");
	assert_non_null(strstr(resp.body, "<td>&lt;script&gt;alert(1)"
			       "&lt;/script&gt;</td>"));
	assert_non_null(strstr(resp.body, "<td>d&lt;1&gt;</td>"));
	assert_null(strstr(resp.body, "<script>"));
	/* read-only: no form at all but the log-out button */
	assert_null(strstr(resp.body, "class=\"edit\""));
	web_response_free(&resp);
	/* the list page too, and the filter echoed back escaped */
	page_call(fx, page_list, ROLE_ADMIN, "devices", 0, NULL, &resp);
	assert_non_null(strstr(resp.body, "&lt;script&gt;"));
	assert_null(strstr(resp.body, "<script>"));
	assert_non_null(strstr(resp.body, "<form class=\"edit\" method=\"post"
			       "\" action=\"/devices/\"><input type=\"hidden\" "
			       "name=\"csrf_token\" value=\"c5\">"));
	web_response_free(&resp);
}

/* Runs a GET of page handler with query arguments args (count n). */
static void page_get(struct fixture *fx, web_handler handler,
		     const char *type, int64_t id,
		     const struct obj_filter *args, size_t n,
		     struct web_response *resp)
{
	struct web_request req = { .method = "GET", .path = "/",
				   .remote = "127.0.0.1", .body = "",
				   .args = args, .arg_count = n };
	struct web_call call = { .req = &req, .role = ROLE_READONLY,
				 .via_session = true, .id = id,
				 .type = obj_type_find(type) };
	struct web_ctx ctx = { .db = fx->db };

	strcpy(call.csrf, "c5");
	memset(resp, 0, sizeof(*resp));
	handler(&ctx, &call, resp);
	assert_int_equal(resp->status, 200);
}

static void exec(struct fixture *fx, const char *sql)
{
	assert_int_equal(sqlite3_exec(fx->check, sql, NULL, NULL, NULL),
			 SQLITE_OK);
}

static void test_list_match_and_count(void **state)
{
	struct fixture *fx = *state;
	const struct obj_type *t = obj_type_find("packages");
	struct obj_query q = { .match = "a%b" };
	json_t *rows = NULL;
	int64_t n = -1;

	exec(fx, "INSERT INTO packages (id, name) VALUES (9001, 'a%b'), "
	     "(9002, 'A_B'), (9003, 'axb'), (9004, 'xa\\bx')");
	/* LIKE's wildcards in the text match only themselves */
	assert_int_equal(obj_count(fx->db, t, &q, &n, err, sizeof(err)),
			 OBJ_OK);
	assert_int_equal(n, 1);
	assert_int_equal(obj_list(fx->db, t, &q, &rows, err, sizeof(err)),
			 OBJ_OK);
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(rows, 0), "id")), 9001);
	json_decref(rows);
	q.match = "a_b";	/* any ASCII case */
	assert_int_equal(obj_count(fx->db, t, &q, &n, err, sizeof(err)),
			 OBJ_OK);
	assert_int_equal(n, 1);
	q.match = "a\\b";
	assert_int_equal(obj_count(fx->db, t, &q, &n, err, sizeof(err)),
			 OBJ_OK);
	assert_int_equal(n, 1);
	/* an id matches its row, whatever its text */
	q.match = "9003";
	assert_int_equal(obj_count(fx->db, t, &q, &n, err, sizeof(err)),
			 OBJ_OK);
	assert_int_equal(n, 1);
	/* limit, offset and newest first over the matches */
	q.match = "b";
	q.limit = 2;
	q.offset = 1;
	q.newest_first = true;
	assert_int_equal(obj_list(fx->db, t, &q, &rows, err, sizeof(err)),
			 OBJ_OK);
	assert_int_equal(json_array_size(rows), 2);
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(rows, 0), "id")), 9003);
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(rows, 1), "id")), 9002);
	json_decref(rows);
	/* the count ignores limit and offset */
	assert_int_equal(obj_count(fx->db, t, &q, &n, err, sizeof(err)),
			 OBJ_OK);
	assert_int_equal(n, count(fx, "SELECT COUNT(*) FROM packages WHERE "
				  "name LIKE '%b%'"));
	assert_true(n >= 4);
}

/*
 * Filters that fill the statement up to just short of its 2048 bytes,
 * then a search text: the statement is refused as too long, without
 * writing past it (found by fuzz_web_objects; needs ASan to fail).
 */
static void test_list_long_query(void **state)
{
	struct fixture *fx = *state;
	const struct obj_type *t = obj_type_find("groups");
	struct obj_filter f[160];
	struct obj_query q = { .filters = f, .match = "x" };
	json_t *rows = NULL;
	int64_t n = -1;
	size_t i;

	(void)fx;
	for (i = 0; i < 160; i++)
		f[i] = (struct obj_filter){ "name", "a" };
	/* "SELECT id, name, parent FROM groups" and 154 "name = ?" are
	 * 2038 bytes, the search's "AND (id = ?" would end at 2050 */
	q.filter_count = 154;
	assert_int_equal(obj_list(fx->db, t, &q, &rows, err, sizeof(err)),
			 OBJ_INVALID);
	assert_string_equal(err, "query too long");
	assert_null(rows);
	q.filter_count = 155;
	assert_int_equal(obj_list(fx->db, t, &q, &rows, err, sizeof(err)),
			 OBJ_INVALID);
	assert_string_equal(err, "too many filters");
	for (i = 140; i <= 160; i++) {
		q.filter_count = i;
		assert_in_range(obj_count(fx->db, t, &q, &n, err,
					  sizeof(err)), OBJ_OK, OBJ_INVALID);
	}
}

/* UNIQUE column pairs are conflicts, not failing INSERTs (fuzzed). */
static void test_unique_pairs(void **state)
{
	struct fixture *fx = *state;
	const struct obj_type *t = obj_type_find("group-members");
	int64_t dev = 0, id = 0, m;
	char json[80];
	json_t *in;

	assert_int_equal(create(fx, "devices", "{\"value\": \"d1\", "
				"\"product\": 1}", &dev), OBJ_OK);
	snprintf(json, sizeof(json), "{\"group_id\": 1, \"device_id\": "
		 "%" PRId64 "}", dev);
	assert_int_equal(create(fx, "group-members", json, &m), OBJ_OK);
	assert_int_equal(create(fx, "group-members", json, &id),
			 OBJ_CONFLICT);
	snprintf(json, sizeof(json), "group_id 1 with device_id %" PRId64
		 " exists already", dev);
	assert_string_equal(err, json);
	assert_int_equal(count(fx, "SELECT COUNT(*) FROM groups_members"), 1);
	/* saved unchanged, a membership is no conflict with itself */
	in = json_pack("{s:i}", "group_id", 1);
	assert_int_equal(obj_update(fx->db, t, m, in, err, sizeof(err)),
			 OBJ_OK);
	json_decref(in);
	assert_int_equal(create(fx, "product-defaults", "{\"group_id\": 4, "
				"\"product_id\": 1}", &id), OBJ_CONFLICT);
	assert_string_equal(err, "group_id 4 with product_id 1 exists "
			    "already");
	assert_int_equal(create(fx, "product-defaults", "{\"group_id\": 5, "
				"\"product_id\": 1}", &id), OBJ_OK);
	in = json_pack("{s:i}", "group_id", 4);
	assert_int_equal(obj_update(fx->db, obj_type_find("product-defaults"),
				    id, in, err, sizeof(err)), OBJ_CONFLICT);
	json_decref(in);
	assert_int_equal(count(fx, "SELECT COUNT(*) FROM "
			       "groups_product_defaults WHERE product_id = 1"),
			 2);
}

static void test_page_paging(void **state)
{
	struct fixture *fx = *state;
	const struct obj_filter args[] = { { "device", "1" },
					   { "page", "1" } };
	struct web_response resp;
	char sql[200];
	int i;

	exec(fx, "INSERT INTO devices (id, value, product) VALUES "
	     "(1, 'd1', 1), (2, 'd2', 1)");
	for (i = 1; i <= 120; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO sessions (id, time, "
			 "connection, device) VALUES (%d, %d, %d, %d)", i, i,
			 i, i % 10 ? 1 : 2);
		exec(fx, sql);
	}
	/* device 1 has 108 sessions: page 2 of the list is rows 51..100 */
	page_get(fx, page_list, "sessions", 0, args, 2, &resp);
	assert_non_null(strstr(resp.body, "<p>50 of 108 rows, page 2. "
			       "<a href=\"?device=1&amp;page=0\">previous</a> "
			       "<a href=\"?device=1&amp;page=2\">next</a> "
			       "</p>"));
	assert_non_null(strstr(resp.body, "href=\"/sessions/56/\""));
	assert_null(strstr(resp.body, "href=\"/sessions/55/\""));
	web_response_free(&resp);
	/* the device page shows its newest 50 and links to all */
	page_get(fx, page_object, "devices", 1, NULL, 0, &resp);
	assert_non_null(strstr(resp.body, "<p>50 of 108 rows, newest first. "
			       "<a href=\"/sessions/?device=1\">All 108</a>"
			       "</p>"));
	assert_non_null(strstr(resp.body, "href=\"/sessions/119/\""));
	assert_null(strstr(resp.body, "href=\"/sessions/62/\""));
	web_response_free(&resp);
}

static void test_page_group_tree(void **state)
{
	struct fixture *fx = *state;
	struct web_response resp;

	/* two groups in a cycle of parent links, one with a lost parent */
	exec(fx, "INSERT INTO groups (id, name, parent) VALUES "
	     "(50, 'Loop A', 51), (51, 'Loop B', 50), (52, 'Orphan', 999)");
	page_get(fx, page_list, "groups", 0, NULL, 0, &resp);
	assert_non_null(strstr(resp.body, "<li><a href=\"/groups/2/\">Linux"
			       "</a><ul><li><a href=\"/groups/14/\">Debian "
			       "armv6l</a></li>"));
	assert_non_null(strstr(resp.body, "<li><a href=\"/groups/8/\">"
			       "Reference</a><ul><li><a href=\"/groups/9/\">"
			       "Ref. Android</a></li><li><a href=\"/groups/"
			       "10/\">Ref. Linux</a></li></ul></li>"));
	assert_non_null(strstr(resp.body, "<li><a href=\"/groups/52/\">"
			       "Orphan</a></li>"));
	assert_non_null(strstr(resp.body, "<ul><li><a href=\"/groups/50/\">"
			       "Loop A</a><ul><li><a href=\"/groups/51/\">"
			       "Loop B</a></li></ul></li></ul>"));
	web_response_free(&resp);
}

static void test_page_inventory(void **state)
{
	struct fixture *fx = *state;
	const struct obj_filter older[] = { { "session", "11" } };
	const struct obj_filter other[] = { { "session", "13" } };
	struct web_response resp;

	exec(fx, "INSERT INTO devices (id, value, product) VALUES "
	     "(1, 'd1', 1), (2, 'd2', 1);"
	     "INSERT INTO sessions (id, time, connection, device) VALUES "
	     "(11, 100, 1, 1), (12, 200, 2, 1), (13, 300, 3, 2);"
	     "INSERT INTO swid_tags (id, package_name, version_str, "
	     "unique_id, swid_xml, software_id) VALUES "
	     "(1, 'p', '1', 'p-1', '', 's1'), (2, 'q', '2', 'q-2', '', 's2'),"
	     "(3, 'r<', '3', 'r-3', '', 's3');"
	     "INSERT INTO swid_tags_sessions (tag_id, session_id) VALUES "
	     "(1, 11), (2, 11), (2, 12), (3, 12), (1, 13);"
	     "INSERT INTO swid_events (id, device, epoch, eid, timestamp) "
	     "VALUES (5, 1, 7, 1, '2026-01-01T00:00:00Z'), "
	     "(6, 1, 7, 2, '2026-01-02T00:00:00Z');"
	     "INSERT INTO swid_tags_events (tag_id, event_id, action) VALUES "
	     "(1, 5, 1), (2, 5, 1), (3, 6, 1), (1, 6, 2)");
	/* the newest session by default */
	page_get(fx, page_object, "devices", 1, NULL, 0, &resp);
	assert_non_null(strstr(resp.body, "<option value=\"12\">12, "
			       "1970-01-01 00:03:20 UTC</option><option "
			       "value=\"11\">11, 1970-01-01 00:01:40 UTC"
			       "</option></select>"));
	assert_non_null(strstr(resp.body, "data-session=\"12\"><thead><tr>"
			       "<th>SWID tag</th><th>Package</th><th>Version"
			       "</th></tr></thead><tbody>\n"
			       "<tr><td><a href=\"/swid-tags/2/\">q-2</a></td>"
			       "<td>q</td><td>2</td></tr>\n"
			       "<tr><td><a href=\"/swid-tags/3/\">r-3</a></td>"
			       "<td>r&lt;</td><td>3</td></tr>\n</tbody>"));
	assert_non_null(strstr(resp.body, "<p>2 tags in session <a href=\""
			       "/sessions/12/\">12</a>.</p>"));
	/* the change log, newest event first, its times as all others */
	assert_non_null(strstr(resp.body, "<tbody>\n<tr><td><a href=\""
			       "/swid-events/6/\">6</a></td><td>2026-01-02 "
			       "00:00:00 UTC</td><td>7</td><td>2</td>"
			       "<td>added</td><td><a href=\"/swid-tags/3/\">"
			       "r-3</a></td></tr>\n<tr><td><a href=\""
			       "/swid-events/6/\">6</a></td><td>2026-01-02 "
			       "00:00:00 UTC</td><td>7</td><td>2</td>"
			       "<td>removed</td><td><a href=\"/swid-tags/1/\">"
			       "p-1</a></td></tr>\n<tr><td><a href=\""
			       "/swid-events/5/\">5</a></td>"));
	assert_null(strstr(resp.body, "2026-01-02T00:00:00Z"));
	web_response_free(&resp);
	/* a chosen older session */
	page_get(fx, page_object, "devices", 1, older, 1, &resp);
	assert_non_null(strstr(resp.body, "<option value=\"11\" selected>"));
	assert_non_null(strstr(resp.body, "<p>2 tags in session <a href=\""
			       "/sessions/11/\">11</a>.</p>"));
	assert_non_null(strstr(resp.body, ">p-1</a></td><td>p</td>"));
	web_response_free(&resp);
	/* another device's session shows none of its tags */
	page_get(fx, page_object, "devices", 1, other, 1, &resp);
	assert_non_null(strstr(resp.body, "<p>0 tags in session"));
	assert_null(strstr(resp.body, "table class=\"inventory\""));
	web_response_free(&resp);
	/* one tag: singular */
	exec(fx, "DELETE FROM swid_tags_sessions WHERE session_id = 12 "
	     "AND tag_id = 3");
	page_get(fx, page_object, "devices", 1, NULL, 0, &resp);
	assert_non_null(strstr(resp.body, "<p>1 tag in session <a href=\""
			       "/sessions/12/\">12</a>.</p>"));
	web_response_free(&resp);
	/* a device without tags */
	exec(fx, "DELETE FROM swid_tags_sessions WHERE session_id = 13");
	page_get(fx, page_object, "devices", 2, NULL, 0, &resp);
	assert_non_null(strstr(resp.body, "<p>No session of this device "
			       "reported SWID tags.</p>"));
	web_response_free(&resp);
}

static void test_page_search(void **state)
{
	struct fixture *fx = *state;
	const struct obj_filter q[] = { { "q", "zz%" } };
	struct web_response resp;
	char sql[200];
	int i;

	exec(fx, "INSERT INTO packages (id, name) VALUES (9001, 'zz%1'), "
	     "(9002, 'zzz')");
	page_get(fx, page_search, "packages", 0, q, 1, &resp);
	assert_non_null(strstr(resp.body, "href=\"/packages/9001/\""));
	assert_null(strstr(resp.body, "href=\"/packages/9002/\""));
	assert_non_null(strstr(resp.body, "<h2>Packages</h2>"));
	assert_non_null(strstr(resp.body, "<p>1 of 1 match. </p>"));
	/* a type without matches says so instead of an empty table */
	assert_non_null(strstr(resp.body, "<h2>Devices</h2>\n<p class=\""
			       "none\">None.</p>"));
	web_response_free(&resp);
	/* more than a page: the first 50 and a link to the list */
	for (i = 0; i < 60; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO packages (name) "
			 "VALUES ('zz%%many%d')", i);
		exec(fx, sql);
	}
	page_get(fx, page_search, "packages", 0, q, 1, &resp);
	assert_non_null(strstr(resp.body, "<p>50 of 61 matches. <a href=\""
			       "/packages/?q=zz%25\">All matches</a></p>"));
	web_response_free(&resp);
}

static void test_html_count(void **state)
{
	struct html h = { 0 };
	char *s;

	(void)state;
	html_count(&h, 0, "tag", "tags");
	html_raw(&h, ",");
	html_count(&h, 1, "tag", "tags");
	html_raw(&h, ",");
	html_count(&h, 2, "match", "<matches>");
	html_raw(&h, ",");
	html_count(&h, -1, "row", "rows");
	s = html_take(&h);
	assert_string_equal(s, "0 tags,1 tag,2 &lt;matches&gt;,-1 rows");
	free(s);
}

/* The titles, labels and empty sections of object pages. */
static void test_page_titles(void **state)
{
	struct fixture *fx = *state;
	struct web_response resp;

	exec(fx, "INSERT INTO devices (id, value, description, product) "
	     "VALUES (1, 'a1b2', 'carol''s <laptop>', 1), (2, 'd2', '', 1);"
	     "INSERT INTO identities (id, type, value) VALUES "
	     "(1, 1, CAST('carol' AS BLOB));"
	     "INSERT INTO sessions (id, time, connection, identity, device, "
	     "product, rec) VALUES (1, 1700000100, 1, 1, 1, 1, 1);"
	     "INSERT INTO groups_members (group_id, device_id) VALUES (1, 1)");
	page_get(fx, page_object, "devices", 1, NULL, 0, &resp);
	assert_non_null(strstr(resp.body, "<title>Device a1b2 - tnc-web"
			       "</title>"));
	assert_non_null(strstr(resp.body, "<h1>Device a1b2</h1>\n<p class=\""
			       "subtitle\">carol&#39;s &lt;laptop&gt;</p>"));
	assert_non_null(strstr(resp.body, "<tr><th>Identifier</th><td>a1b2"
			       "</td></tr>"));
	/* the group by name, without the membership or device id */
	assert_non_null(strstr(resp.body, "<h2>Groups</h2>\n<table><thead>"
			       "<tr><th>Group</th></tr></thead><tbody>\n<tr>"
			       "<td><a href=\"/groups/1/\">Default</a></td>"
			       "</tr>\n</tbody></table>"));
	assert_non_null(strstr(resp.body, "<h2>File hashes</h2>\n<p class=\""
			       "none\">None.</p>"));
	assert_non_null(strstr(resp.body, "<h2>TPM evidence</h2>\n<p class="
			       "\"none\">None.</p>"));
	assert_null(strstr(resp.body, "<th>device_id</th>"));
	/* the non-allow session is flagged */
	assert_non_null(strstr(resp.body, "<tr class=\"flagged\"><td><a "
			       "href=\"/sessions/1/\">2023-11-14 22:15:00 UTC"
			       "</a></td>"));
	web_response_free(&resp);
	/* no description: no subtitle */
	page_get(fx, page_object, "devices", 2, NULL, 0, &resp);
	assert_non_null(strstr(resp.body, "<h1>Device d2</h1>\n<table"));
	web_response_free(&resp);
	page_get(fx, page_object, "sessions", 1, NULL, 0, &resp);
	assert_non_null(strstr(resp.body, "<h1>Session 1 \xe2\x80\x94 carol on "
			       "a1b2, 2023-11-14 22:15:00 UTC</h1>"));
	assert_non_null(strstr(resp.body, "<tr><th>Recommendation</th><td>"
			       "<span class=\"rec rec-1\">no access</span>"));
	assert_non_null(strstr(resp.body, "<h2>Pending workitems</h2>\n"
			       "<p class=\"none\">None.</p>"));
	web_response_free(&resp);
	page_get(fx, page_object, "policies", 8, NULL, 0, &resp);
	assert_non_null(strstr(resp.body, "<h1>Policy: No Open TCP Ports"
			       "</h1>"));
	assert_non_null(strstr(resp.body, "<tr><th>On failure</th>"));
	assert_non_null(strstr(resp.body, "<tr><th>Type</th><td>Open TCP "
			       "Listening Ports (TCPOP)</td></tr>"));
	web_response_free(&resp);
	page_get(fx, page_object, "groups", 1, NULL, 0, &resp);
	assert_non_null(strstr(resp.body, "<h1>Group: Default</h1>"));
	web_response_free(&resp);
	/* a type without a name: its noun and id */
	page_get(fx, page_object, "group-members", 1, NULL, 0, &resp);
	assert_non_null(strstr(resp.body, "<h1>Group membership: a1b2 in "
			       "Default</h1>"));
	web_response_free(&resp);
	page_get(fx, page_list, "swid-stats", 0, NULL, 0, &resp);
	assert_non_null(strstr(resp.body, "<h1>Software inventory</h1>"));
	assert_non_null(strstr(resp.body, "<p class=\"none\">None.</p>"));
	web_response_free(&resp);
}

/* The policy form: the type as a choice by name, Delete apart. */
static void test_page_policy_form(void **state)
{
	struct fixture *fx = *state;
	struct web_response resp;

	page_call(fx, page_object, ROLE_ADMIN, "policies", 8, NULL, &resp);
	assert_int_equal(resp.status, 200);
	assert_non_null(strstr(resp.body, "<label><span>Type</span> <select "
			       "name=\"type\"><option value=\"RESVD\">Deny "
			       "(RESVD)</option>"));
	assert_non_null(strstr(resp.body, "<option value=\"TCPOP\" selected>"
			       "Open TCP Listening Ports (TCPOP)</option>"));
	assert_null(strstr(resp.body, "<input type=\"text\" name=\"type\""));
	assert_non_null(strstr(resp.body, "<label><span>On failure</span> "
			       "<select name=\"rec_fail\">"));
	assert_non_null(strstr(resp.body, "<form class=\"delete\" method=\""
			       "post\" action=\"/policies/8/delete/\" onsubmit="
			       "\"return confirm(&#39;Delete this policy? This "
			       "cannot be undone.&#39;)\"><input type=\""
			       "hidden\" name=\"csrf_token\" value=\"c5\">"
			       "<button "
			       "type=\"submit\" class=\"danger\">Delete policy"
			       "</button></form></section>"));
	web_response_free(&resp);
	/* a refused type is chosen again */
	page_call(fx, page_update, ROLE_ADMIN, "policies", 8,
		  "csrf_token=c5&type=FREFM", &resp);
	assert_int_equal(resp.status, 400);
	assert_non_null(strstr(resp.body, "policy type FREFM needs a file"));
	assert_non_null(strstr(resp.body, "<option value=\"FREFM\" selected>"
			       ));
	web_response_free(&resp);
}

/* The overview: counts by name and the latest sessions, one query each. */
static void test_page_overview(void **state)
{
	struct fixture *fx = *state;
	struct web_response resp;
	char sql[200];
	int i;

	exec(fx, "INSERT INTO devices (id, value, product) VALUES "
	     "(1, 'd<1>', 1)");
	for (i = 1; i <= 12; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO sessions (id, time, "
			 "connection, device, product, rec) VALUES (%d, %d, "
			 "%d, 1, 1, %d)", i, 1700000000 + i, i,
			 i == 11 ? 1 : 0);
		exec(fx, sql);
	}
	page_get(fx, page_overview, "devices", 0, NULL, 0, &resp);
	assert_non_null(strstr(resp.body, "<li><a href=\"/devices/\"><b>1</b>"
			       "Devices</a></li><li><a href=\"/sessions/\">"
			       "<b>12</b>Sessions</a></li>"));
	assert_non_null(strstr(resp.body, "<li><a href=\"/swid-tags/\"><b>0"
			       "</b>SWID tags</a></li>"));
	/* no table slugs shown as text */
	assert_null(strstr(resp.body, ">file-hashes<"));
	assert_null(strstr(resp.body, ">swid-stats<"));
	/* newest first, ten of them, the no access one flagged */
	assert_non_null(strstr(resp.body, "<tbody>\n<tr><td><a href=\""
			       "/sessions/12/\">2023-11-14 22:13:32 UTC</a>"
			       "</td><td></td><td><a href=\"/devices/1/\">"
			       "d&lt;1&gt;</a></td><td><a href=\"/products/"
			       "1/\">"));
	assert_non_null(strstr(resp.body, "<tr class=\"flagged\"><td><a "
			       "href=\"/sessions/11/\">"));
	assert_non_null(strstr(resp.body, "<span class=\"rec rec-1\">no "
			       "access</span></td></tr>\n<tr><td><a href=\""
			       "/sessions/10/\">"));
	assert_non_null(strstr(resp.body, "href=\"/sessions/3/\""));
	assert_null(strstr(resp.body, "href=\"/sessions/2/\""));
	web_response_free(&resp);
	/* no sessions at all */
	exec(fx, "DELETE FROM sessions");
	page_get(fx, page_overview, "devices", 0, NULL, 0, &resp);
	assert_non_null(strstr(resp.body, "<h2>Latest sessions</h2>\n"
			       "<p class=\"none\">None.</p>"));
	web_response_free(&resp);
}

static void test_page_refused_edit(void **state)
{
	struct fixture *fx = *state;
	struct web_response resp;

	page_call(fx, page_update, ROLE_ADMIN, "policies", 8,
		  "csrf_token=c5&argument=80-70000%3Cb%3E", &resp);
	assert_int_equal(resp.status, 400);
	assert_non_null(strstr(resp.body, "<p class=\"error\" role=\"alert\">"
			       "argument: bad port range: "));
	/* the refused value is shown again, escaped */
	assert_non_null(strstr(resp.body, "value=\"80-70000&lt;b&gt;\""));
	assert_null(resp.location);
	web_response_free(&resp);
	assert_int_equal(count(fx, "SELECT COUNT(*) FROM policies WHERE "
			       "id = 8 AND argument = ''"), 1);
	page_call(fx, page_update, ROLE_ADMIN, "policies", 8,
		  "csrf_token=c5&type=NOPE", &resp);
	assert_int_equal(resp.status, 400);
	assert_non_null(strstr(resp.body, "unknown policy type &quot;NOPE"
			       "&quot;"));
	web_response_free(&resp);
	/* a referenced object cannot be deleted */
	page_call(fx, page_delete, ROLE_ADMIN, "policies", 8, "csrf_token=c5",
		  &resp);
	assert_int_equal(resp.status, 409);
	web_response_free(&resp);
	assert_int_equal(count(fx, "SELECT COUNT(*) FROM policies WHERE "
			       "id = 8"), 1);
	/* a good one is saved and answered with a redirect */
	page_call(fx, page_update, ROLE_ADMIN, "policies", 8,
		  "csrf_token=c5&argument=22+80-81", &resp);
	assert_int_equal(resp.status, 303);
	assert_string_equal(resp.location, "/policies/8/");
	web_response_free(&resp);
	assert_int_equal(count(fx, "SELECT COUNT(*) FROM policies WHERE "
			       "id = 8 AND argument = '22 80-81'"), 1);
}

/* --- users, sessions, rate limit -------------------------------------- */

static void test_auth(void **state)
{
	struct fixture *fx = *state;
	char path[160], token[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1];
	struct auth_session s;
	enum auth_role role;
	struct auth *a;
	int i;

	snprintf(path, sizeof(path), "%s/users.db", fx->dir);
	a = auth_open(path, 100, err, sizeof(err));
	assert_non_null(a);
	assert_false(auth_set_password(a, "u", ROLE_ADMIN, "short", err,
				       sizeof(err)));
	assert_true(auth_set_password(a, "u", ROLE_READONLY, "long enough",
				      err, sizeof(err)));
	assert_int_equal(auth_check_password(a, "u", "long enough", "h1",
					     1000, &role), AUTH_OK);
	assert_int_equal(role, ROLE_READONLY);
	/* four failures are free, the fifth locks for 30 s, the sixth 60 s */
	for (i = 0; i < 5; i++)
		assert_int_equal(auth_check_password(a, "u", "wrong", "h1",
						     1000, &role),
				 AUTH_DENIED);
	assert_int_equal(auth_check_password(a, "u", "long enough", "h2",
					     1000, &role), AUTH_LOCKED);
	assert_int_equal(auth_check_password(a, "v", "x", "h1", 1000, &role),
			 AUTH_LOCKED);
	assert_int_equal(auth_check_password(a, "u", "long enough", "h2",
					     1029, &role), AUTH_LOCKED);
	assert_int_equal(auth_check_password(a, "u", "wrong", "h2", 1030,
					     &role), AUTH_DENIED);
	assert_int_equal(auth_check_password(a, "u", "long enough", "h2",
					     1089, &role), AUTH_LOCKED);
	assert_int_equal(auth_check_password(a, "u", "long enough", "h2",
					     1090, &role), AUTH_OK);
	/* sessions expire */
	assert_true(auth_session_new(a, "u", 2000, token, csrf));
	assert_int_equal(strlen(token), AUTH_TOKEN_LEN);
	assert_true(auth_session_find(a, token, 2099, &s));
	assert_string_equal(s.user, "u");
	assert_string_equal(s.csrf, csrf);
	assert_int_equal(s.role, ROLE_READONLY);
	assert_false(auth_session_find(a, token, 2100, &s));
	assert_false(auth_session_find(a, csrf, 2000, &s));
	auth_session_end(a, token);
	assert_false(auth_session_find(a, token, 2001, &s));
	auth_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_cookie),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_swid_ids),
		cmocka_unit_test(test_swid_events),
		cmocka_unit_test(test_swid_tags),
		cmocka_unit_test_setup_teardown(test_policy_validation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_delete_referenced, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_update_and_list, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_auth, setup, teardown),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_form_parse),
		cmocka_unit_test_setup_teardown(test_page_escapes, setup,
						teardown),
		cmocka_unit_test(test_html_count),
		cmocka_unit_test_setup_teardown(test_page_titles, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_page_policy_form, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_page_overview, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_page_refused_edit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_list_match_and_count,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_long_query, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unique_pairs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_page_paging, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_page_group_tree, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_page_inventory, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_page_search, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
