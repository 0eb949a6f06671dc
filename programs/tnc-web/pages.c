/*
 * pages.c - the server-rendered HTML pages of tnc-web: a list page per
 * object type with a filter box (?q=) and paging (?page=), a page per
 * object with its related rows, edit forms that POST back with the
 * session's CSRF token as a hidden field, the log-in form, overview,
 * statistics, vulnerabilities and a global search.
 *
 * The pages read and write only through objects.h, so a form is
 * validated exactly as the REST API and tnc-policy are, and a refused
 * change is shown in the page with the database left as it was. Every
 * value from the database or the request is written with html_text.
 * A read-only user gets the same pages without forms; the router
 * answers a POST of that role with 403 before any handler runs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "router.h"
#include "web_parse.h"
#include "workitem.h"

#define PAGE_ROWS 50
/* A reference with more rows than this is entered by id, not chosen. */
#define REF_OPTIONS 200
/* SWID tags of one session and tag changes shown on a device page. */
#define INVENTORY_ROWS 1000
#define CHANGE_ROWS 200

/* HTTP status of each object status (as api.c). */
static const unsigned obj_http[] = {
	[OBJ_OK] = 200,
	[OBJ_NOT_FOUND] = 404,
	[OBJ_INVALID] = 400,
	[OBJ_CONFLICT] = 409,
	[OBJ_DB_ERROR] = 500,
};

/* What the navigation bar links to, in order. */
static const struct {
	const char *path, *label;
} nav[] = {
	{ "/", "Overview" },
	{ "/groups/", "Groups" },
	{ "/policies/", "Policies" },
	{ "/enforcements/", "Enforcements" },
	{ "/devices/", "Devices" },
	{ "/sessions/", "Sessions" },
	{ "/products/", "Products" },
	{ "/packages/", "Packages" },
	{ "/versions/", "Versions" },
	{ "/directories/", "Directories" },
	{ "/files/", "Files" },
	{ "/file-hashes/", "File hashes" },
	{ "/swid-tags/", "SWID tags" },
	{ "/swid-entities/", "Registration IDs" },
	{ "/statistics/", "Statistics" },
	{ "/vulnerabilities/", "Vulnerabilities" },
	{ "/search/", "Search" },
};

/* The column naming a row of each table, for links to it. */
static const struct {
	const char *table, *label;
} labels[] = {
	{ "devices", "value" },
	{ "groups", "name" },
	{ "policies", "name" },
	{ "products", "name" },
	{ "packages", "name" },
	{ "directories", "path" },
	{ "files", "name" },
	{ "algorithms", "name" },
	{ "identities", "CAST(value AS TEXT)" },
	{ "versions", "release" },
	{ "swid_tags", "unique_id" },
	{ "sessions", "datetime(time, 'unixepoch')" },
};

/* Integer columns holding a UNIX time. */
static const char *const time_fields[] = { "time", "created", NULL };

/* Rows of another type shown on an object's page: related.column = id. */
static const struct {
	const char *type, *title, *related, *column;
	bool newest_first;
} sections[] = {
	{ "devices", "Sessions", "sessions", "device", true },
	{ "devices", "Groups", "group-members", "device_id", false },
	{ "devices", "Software events", "swid-events", "device", true },
	{ "devices", "Software inventory", "swid-stats", "device_id", false },
	{ "devices", "File hashes", "file-hashes", "device", false },
	{ "sessions", "Policy results", "results", "session", false },
	{ "sessions", "Pending workitems", "workitems", "session", false },
	{ "groups", "Subgroups", "groups", "parent", false },
	{ "groups", "Members", "group-members", "group_id", false },
	{ "groups", "Enforcements", "enforcements", "group_id", false },
	{ "groups", "Default for products", "product-defaults", "group_id", false },
	{ "policies", "Enforcements", "enforcements", "policy", false },
	{ "products", "Default groups", "product-defaults", "product_id", false },
	{ "products", "Devices", "devices", "product", false },
	{ "products", "Package versions", "versions", "product", false },
	{ "packages", "Versions", "versions", "package", false },
	{ "versions", "SWID tags", "swid-tags", "version_id", false },
	{ "versions", "File hashes", "file-hashes", "version", false },
	{ "directories", "Files", "files", "dir", false },
	{ "files", "Hashes", "file-hashes", "file", false },
	{ "swid-tags", "Installed on", "swid-stats", "tag_id", false },
};

/*
 * Reports over several tables on an object's page: a query with the
 * object's id as its one parameter, every column shown as text.
 */
static const struct {
	const char *type, *title, *sql;
} reports[] = {
	{ "devices", "Latest assessment",
	  "SELECT p.name, CASE r.rec WHEN 0 THEN 'allow' "
	  "WHEN 1 THEN 'no access' WHEN 2 THEN 'isolate' "
	  "ELSE 'no recommendation' END, r.result FROM results r "
	  "JOIN policies p ON p.id = r.policy WHERE r.session = "
	  "(SELECT MAX(id) FROM sessions WHERE device = ?1) ORDER BY r.id" },
	{ "devices", "Vulnerable packages",
	  "SELECT DISTINCT p.name, v.release, '' FROM swid_tagstats s "
	  "JOIN swid_tags t ON t.id = s.tag_id "
	  "JOIN versions v ON v.id = t.version_id "
	  "JOIN packages p ON p.id = v.package WHERE s.device_id = ?1 "
	  "AND v.security = 1 AND IFNULL(s.last_deleted_id, 0) = 0" },
	{ "devices", "TPM evidence",
	  "SELECT c.label, h.seq_no, h.pcr, IFNULL(a.name, ''), "
	  "hex(h.hash) "
	  "FROM component_hashes h JOIN components c ON c.id = h.component "
	  "LEFT JOIN algorithms a ON a.id = h.algo WHERE h.key = ?1 "
	  "ORDER BY h.seq_no" },
	{ "products", "Enforcements that apply",
	  "SELECT g.name, p.name, e.max_age FROM groups_product_defaults d "
	  "JOIN enforcements e ON e.group_id = d.group_id "
	  "JOIN groups g ON g.id = d.group_id "
	  "JOIN policies p ON p.id = e.policy WHERE d.product_id = ?1 "
	  "ORDER BY g.name, p.name" },
};

/* The types the global search looks through. */
static const char *const search_types[] = {
	"packages", "files", "directories", "devices", "swid-tags", NULL
};

static const char style_css[] =
	"body{font-family:sans-serif;margin:0;color:#222}"
	"nav{background:#234;padding:.4em}"
	"nav a{color:#fff;margin-right:.8em;text-decoration:none}"
	"nav form{display:inline;float:right}"
	"main{padding:1em}"
	"table{border-collapse:collapse;margin:.5em 0}"
	"td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left}"
	".error{color:#a00;font-weight:bold}"
	".ok{color:#070}"
	"form.edit label{display:block;margin:.3em 0}";

/* The value of query argument name, or NULL. */
static const char *arg(const struct web_call *call, const char *name)
{
	size_t i;

	for (i = 0; i < call->req->arg_count; i++)
		if (strcmp(call->req->args[i].field, name) == 0)
			return call->req->args[i].value;
	return NULL;
}

static const struct obj_type *type_of_table(const char *table)
{
	const struct obj_type *t;

	for (t = obj_types; t->name; t++)
		if (strcmp(t->table, table) == 0)
			return t;
	return NULL;
}

static bool can_edit(const struct web_call *call, const struct obj_type *t)
{
	return call->role >= ROLE_ADMIN && call->via_session && t->writable;
}

static void page_begin(struct html *h, const struct web_call *call,
		       const char *title)
{
	size_t i;

	html_raw(h, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
		 "<meta charset=\"utf-8\"><title>");
	html_text(h, title);
	html_raw(h, " - tnc-web</title><link rel=\"stylesheet\" "
		 "href=\"/static/style.css\"></head><body><nav>");
	for (i = 0; i < sizeof(nav) / sizeof(nav[0]); i++)
		html_rawf(h, "<a href=\"%s\">%s</a>", nav[i].path,
			  nav[i].label);
	if (call && call->via_session) {
		html_raw(h, "<form method=\"post\" action=\"/logout/\">"
			 "<input type=\"hidden\" name=\"csrf_token\" value=\"");
		html_text(h, call->csrf);
		html_rawf(h, "\"><button type=\"submit\">Log out (%s)</button>"
			  "</form>", auth_role_name(call->role));
	}
	html_raw(h, "</nav><main><h1>");
	html_text(h, title);
	html_raw(h, "</h1>\n");
}

/* Ends the page and hands it to resp with status. */
static void page_send(struct html *h, unsigned status,
		      struct web_response *resp)
{
	html_raw(h, "</main></body></html>\n");
	free(resp->body);
	resp->body = html_take(h);
	resp->status = resp->body ? status : 500;
	resp->content_type = "text/html; charset=utf-8";
}

static void redirect(struct web_response *resp, const char *fmt,
		     const char *type, int64_t id)
{
	char where[128];

	snprintf(where, sizeof(where), fmt, type, id);
	resp->status = 303;
	resp->location = strdup(where);
}

static void page_error(struct web_call *call, unsigned status,
		       const char *msg, struct web_response *resp)
{
	struct html h = { 0 };

	page_begin(&h, call, "Error");
	html_raw(&h, "<p class=\"error\" role=\"alert\">");
	html_text(&h, msg);
	html_raw(&h, "</p>");
	page_send(&h, status, resp);
}

static void error_line(struct html *h, const char *err)
{
	if (!err)
		return;
	html_raw(h, "<p class=\"error\" role=\"alert\">");
	html_text(h, err);
	html_raw(h, "</p>\n");
}

static void csrf_field(struct html *h, const struct web_call *call)
{
	html_raw(h, "<input type=\"hidden\" name=\"csrf_token\" value=\"");
	html_text(h, call->csrf);
	html_raw(h, "\">");
}

/* The label of row id of table (caller frees), NULL when none. */
static char *row_label(struct db *db, const char *table, int64_t id)
{
	char sql[160];
	struct db_stmt *st;
	char *s = NULL;
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i].table, table) == 0)
			break;
	if (i == sizeof(labels) / sizeof(labels[0]))
		return NULL;
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE id = ?",
		 labels[i].label, table);
	st = db_prepare(db, sql);
	if (!st)
		return NULL;
	if (db_bind_int(st, 1, id) && db_step(st) == DB_ROW &&
	    db_column_text(st, 0))
		s = strdup(db_column_text(st, 0));
	db_done(st);
	return s;
}

static bool is_time(const struct obj_field *f)
{
	size_t i;

	for (i = 0; time_fields[i]; i++)
		if (strcmp(f->name, time_fields[i]) == 0)
			return f->kind == OBJ_INT;
	return false;
}

/* Writes the value of f in row as the page shows it. */
static void cell(struct html *h, struct db *db, const struct obj_field *f,
		 const json_t *row)
{
	const json_t *v = json_object_get(row, f->name);
	const struct obj_type *rt;
	int64_t n = (int64_t)json_integer_value(v);
	char buf[64], *label;
	time_t t;

	if (json_is_string(v)) {
		html_text(h, json_string_value(v));
		return;
	}
	if (!json_is_integer(v))
		return;
	switch (f->kind) {
	case OBJ_REC:
		html_text(h, db_rec_name(n));
		return;
	case OBJ_PTYPE:
		html_text(h, workitem_type_name(n));
		return;
	case OBJ_BOOL:
		html_raw(h, n ? "yes" : "no");
		return;
	case OBJ_REF:
		rt = type_of_table(f->ref);
		if (!n)
			return;
		if (!rt)
			break;
		label = row_label(db, f->ref, n);
		html_rawf(h, "<a href=\"/%s/%" PRId64 "/\">", rt->name, n);
		if (label)
			html_text(h, label);
		else
			html_rawf(h, "%" PRId64, n);
		html_raw(h, "</a>");
		free(label);
		return;
	default:
		break;
	}
	if (is_time(f)) {
		t = (time_t)n;
		strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S UTC",
			 gmtime(&t));
		html_text(h, buf);
		return;
	}
	html_rawf(h, "%" PRId64, n);
}

static void table_head(struct html *h, const struct obj_type *t)
{
	const struct obj_field *f;

	html_raw(h, "<table><thead><tr>");
	for (f = t->fields; f->name; f++) {
		html_raw(h, "<th>");
		html_text(h, f->name);
		html_raw(h, "</th>");
	}
	html_raw(h, "</tr></thead><tbody>\n");
}

/* Whether f is the column that names rows of t (links to the row). */
static bool is_label(const struct obj_type *t, const struct obj_field *f)
{
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i].table, t->table) == 0)
			return strcmp(labels[i].label, f->name) == 0;
	return false;
}

static void table_row(struct html *h, struct db *db, const struct obj_type *t,
		      const json_t *row)
{
	int64_t id = (int64_t)json_integer_value(json_object_get(row, "id"));
	const struct obj_field *f;

	html_raw(h, "<tr>");
	for (f = t->fields; f->name; f++) {
		html_raw(h, "<td>");
		if (f->kind == OBJ_ID) {
			html_rawf(h, "<a href=\"/%s/%" PRId64 "/\">%" PRId64
				  "</a>", t->name, id, id);
		} else if (is_label(t, f)) {
			html_rawf(h, "<a href=\"/%s/%" PRId64 "/\">",
				  t->name, id);
			cell(h, db, f, row);
			html_raw(h, "</a>");
		} else {
			cell(h, db, f, row);
		}
		html_raw(h, "</td>");
	}
	html_raw(h, "</tr>\n");
}

/*
 * The page'th page of rows of t matching the request: its exact filters
 * (every argument but q and page) and q, text anywhere in a text column
 * or the id. The rows in *rows (caller frees), how many match in *count.
 */
static enum obj_status list_rows(struct db *db, const struct obj_type *t,
				 const struct web_call *call, int64_t page,
				 json_t **rows, int64_t *count, char *err,
				 size_t errlen)
{
	const struct web_request *req = call->req;
	struct obj_filter *filters;
	struct obj_query q = { .limit = PAGE_ROWS };
	enum obj_status s;
	size_t i;

	filters = calloc(req->arg_count + 1, sizeof(*filters));
	if (!filters)
		return OBJ_DB_ERROR;
	for (i = 0; i < req->arg_count; i++)
		if (strcmp(req->args[i].field, "q") != 0 &&
		    strcmp(req->args[i].field, "page") != 0)
			filters[q.filter_count++] = req->args[i];
	q.filters = filters;
	q.match = arg(call, "q");
	q.offset = page * PAGE_ROWS;
	s = obj_count(db, t, &q, count, err, errlen);
	if (s == OBJ_OK)
		s = obj_list(db, t, &q, rows, err, errlen);
	free(filters);
	return s;
}

/* A link to page of the list, with the request's other arguments. */
static void page_link(struct html *h, const struct web_call *call,
		      int64_t page, const char *text)
{
	const struct web_request *req = call->req;
	size_t i;

	html_raw(h, "<a href=\"?");
	for (i = 0; i < req->arg_count; i++) {
		if (strcmp(req->args[i].field, "page") == 0)
			continue;
		html_url(h, req->args[i].field);
		html_raw(h, "=");
		html_url(h, req->args[i].value);
		html_raw(h, "&amp;");
	}
	html_rawf(h, "page=%" PRId64 "\">%s</a> ", page, text);
}

/* One input of an edit form, holding value. */
static void form_input(struct html *h, struct db *db,
		       const struct obj_field *f, const json_t *value)
{
	const struct obj_type *rt;
	json_t *rows = NULL, *r;
	/* one more than shown, to tell a table too long for a list */
	struct obj_query q = { .limit = REF_OPTIONS + 1 };
	char err[80], num[24] = "", *label;
	int64_t n = (int64_t)json_integer_value(value);
	size_t i;
	int t;

	/* a refused form's values come back as text */
	if (json_is_string(value) && f->kind != OBJ_TEXT &&
	    f->kind != OBJ_BLOB && f->kind != OBJ_PTYPE &&
	    *json_string_value(value))
		n = strtoll(json_string_value(value), NULL, 10);
	else if (!json_is_integer(value))
		n = -1;
	if (n >= 0 && f->kind != OBJ_PTYPE)
		snprintf(num, sizeof(num), "%" PRId64, n);
	html_raw(h, "<label>");
	html_text(h, f->name);
	html_raw(h, " ");
	if (f->kind == OBJ_REC || f->kind == OBJ_BOOL) {
		html_rawf(h, "<select name=\"%s\">", f->name);
		if (f->flags & OBJ_NULLABLE)
			html_rawf(h, "<option value=\"\"%s>(none)</option>",
				  n >= 0 ? "" : " selected");
		for (t = 0; t <= (f->kind == OBJ_REC ? DB_REC_NONE : 1); t++)
			html_rawf(h, "<option value=\"%d\"%s>%s</option>", t,
				  n == t ? " selected" : "",
				  f->kind == OBJ_REC ? db_rec_name(t) :
				  t ? "yes" : "no");
		html_raw(h, "</select></label>\n");
		return;
	}
	if (f->kind == OBJ_REF && (rt = type_of_table(f->ref)) &&
	    obj_list(db, rt, &q, &rows, err, sizeof(err)) == OBJ_OK &&
	    json_array_size(rows) <= REF_OPTIONS) {
		html_rawf(h, "<select name=\"%s\"><option value=\"\">(none)"
			  "</option>", f->name);
		json_array_foreach(rows, i, r) {
			int64_t id = (int64_t)json_integer_value(
				json_object_get(r, "id"));

			label = row_label(db, f->ref, id);
			html_rawf(h, "<option value=\"%" PRId64 "\"%s>", id,
				  id == n ? " selected" : "");
			html_text(h, label ? label : "");
			html_rawf(h, " (%" PRId64 ")</option>", id);
			free(label);
		}
		json_decref(rows);
		html_raw(h, "</select></label>\n");
		return;
	}
	/* a long table's row is entered by id */
	json_decref(rows);
	html_rawf(h, "<input type=\"text\" name=\"%s\"%s value=\"", f->name,
		  f->kind == OBJ_PTYPE ? " list=\"ptypes\"" : "");
	if (f->kind == OBJ_PTYPE && json_is_integer(value))
		html_text(h, workitem_type_name(n));
	else if (json_is_string(value) && !*num)
		html_text(h, json_string_value(value));
	else
		html_text(h, num);
	html_raw(h, "\"></label>\n");
	if (f->kind == OBJ_PTYPE) {
		html_raw(h, "<datalist id=\"ptypes\">");
		for (t = 0; t < WORKITEM_TYPE_COUNT; t++) {
			html_raw(h, "<option value=\"");
			html_text(h, workitem_type_name(t));
			html_raw(h, "\">");
		}
		html_raw(h, "</datalist>\n");
	}
}

/*
 * An edit form of t posting to action, the fields of row (the values
 * just refused, when there are any, else the stored ones).
 */
static void edit_form(struct html *h, struct web_ctx *ctx,
		      const struct web_call *call, const struct obj_type *t,
		      const char *action, const json_t *row,
		      const char *button)
{
	const struct obj_field *f;

	html_raw(h, "<form class=\"edit\" method=\"post\" action=\"");
	html_text(h, action);
	html_raw(h, "\">");
	csrf_field(h, call);
	for (f = t->fields; f->name; f++)
		if (!(f->flags & OBJ_READONLY))
			form_input(h, ctx->db, f, json_object_get(row,
								  f->name));
	html_rawf(h, "<button type=\"submit\">%s</button></form>\n", button);
}

/* The form's fields of t as the JSON an object call takes (caller frees). */
static json_t *form_object(const struct obj_type *t, const json_t *form)
{
	const struct obj_field *f;
	json_t *o = json_object();
	const char *v;

	for (f = t->fields; o && f->name; f++) {
		if (f->flags & OBJ_READONLY)
			continue;
		v = json_string_value(json_object_get(form, f->name));
		if (!v)
			continue;
		/* an empty number is "none": null, or 0 for a reference */
		if (!*v && f->kind != OBJ_TEXT && f->kind != OBJ_BLOB)
			json_object_set_new(o, f->name, json_null());
		else
			json_object_set_new(o, f->name, json_string(v));
	}
	return o;
}

/* One group of the tree, read from the groups table. */
struct tree_group {
	int64_t id, parent;
	char *name;
	bool shown;
};

/* The list of the children of parent, and theirs below each. */
static void tree_children(struct html *h, struct tree_group *g, size_t n,
			  int64_t parent)
{
	bool open = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (g[i].shown || g[i].parent != parent)
			continue;
		/* shown once: a cycle of parent links ends here */
		g[i].shown = true;
		if (!open)
			html_raw(h, "<ul>");
		open = true;
		html_rawf(h, "<li><a href=\"/groups/%" PRId64 "/\">",
			  g[i].id);
		html_text(h, g[i].name);
		html_raw(h, "</a>");
		tree_children(h, g, n, g[i].id);
		html_raw(h, "</li>");
	}
	if (open)
		html_raw(h, "</ul>");
}

/*
 * The groups as a nested list from their parent links. A group whose
 * parent is none or missing is a root; groups left over in a cycle of
 * parent links are shown as roots too, so none is hidden.
 */
static void group_tree(struct html *h, struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT g.id, IFNULL(p.id, 0), "
					"g.name FROM groups g LEFT JOIN "
					"groups p ON p.id = g.parent "
					"ORDER BY g.name, g.id");
	struct tree_group *g = NULL, *more;
	size_t n = 0, cap = 0, i;

	while (st && db_step(st) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			more = realloc(g, cap * sizeof(*g));
			if (!more)
				break;
			g = more;
		}
		g[n].id = db_column_int(st, 0);
		g[n].parent = db_column_int(st, 1);
		g[n].name = strdup(db_column_text(st, 2) ?
				   db_column_text(st, 2) : "");
		g[n].shown = false;
		n++;
	}
	if (st)
		db_done(st);
	html_raw(h, "<h2>Group tree</h2>\n<div class=\"tree\">");
	tree_children(h, g, n, 0);
	for (i = 0; i < n; i++) {
		if (g[i].shown)
			continue;
		g[i].parent = 0;
		tree_children(h, g, n, 0);
	}
	html_raw(h, "</div>\n<h2>All groups</h2>\n");
	for (i = 0; i < n; i++)
		free(g[i].name);
	free(g);
}

static void render_list(struct web_ctx *ctx, struct web_call *call,
			const char *err, const json_t *refused,
			unsigned status, struct web_response *resp)
{
	const struct obj_type *t = call->type;
	const char *q = arg(call, "q"), *ps = arg(call, "page");
	int64_t page = ps ? strtoll(ps, NULL, 10) : 0, n = 0;
	struct html h = { 0 };
	json_t *rows = NULL, *r;
	char lerr[160], action[64];
	size_t i;

	/* the offset must not overflow */
	if (page < 0 || page > INT64_MAX / PAGE_ROWS)
		page = 0;
	page_begin(&h, call, t->name);
	error_line(&h, err);
	html_raw(&h, "<form method=\"get\"><input type=\"search\" name=\"q\" "
		 "placeholder=\"filter\" value=\"");
	html_text(&h, q);
	html_raw(&h, "\"><button type=\"submit\">Filter</button></form>\n");
	if (strcmp(t->name, "groups") == 0)
		group_tree(&h, ctx->db);
	if (list_rows(ctx->db, t, call, page, &rows, &n, lerr,
		      sizeof(lerr)) != OBJ_OK) {
		error_line(&h, lerr);
	} else {
		table_head(&h, t);
		json_array_foreach(rows, i, r)
			table_row(&h, ctx->db, t, r);
		html_raw(&h, "</tbody></table>\n");
		html_rawf(&h, "<p>%zu of %" PRId64 " rows, page %" PRId64
			  ". ", json_array_size(rows), n, page + 1);
		if (page > 0)
			page_link(&h, call, page - 1, "previous");
		if ((page + 1) * PAGE_ROWS < n)
			page_link(&h, call, page + 1, "next");
		html_raw(&h, "</p>\n");
	}
	json_decref(rows);
	if (can_edit(call, t)) {
		html_raw(&h, "<h2>Add</h2>\n");
		snprintf(action, sizeof(action), "/%s/", t->name);
		edit_form(&h, ctx, call, t, action, refused, "Add");
	}
	page_send(&h, status, resp);
}

void page_list(struct web_ctx *ctx, struct web_call *call,
	       struct web_response *resp)
{
	render_list(ctx, call, NULL, NULL, 200, resp);
}

/*
 * The rows of the sections of call->type that name row id: the first
 * page of each, and a link to the list page holding all of them.
 */
static void related(struct html *h, struct web_ctx *ctx,
		    const struct web_call *call)
{
	struct obj_filter filter;
	struct obj_query q = { &filter, 1, PAGE_ROWS, 0, NULL, false };
	const struct obj_type *rt;
	json_t *rows, *r;
	char id[24], err[160];
	int64_t count;
	size_t i, j;

	snprintf(id, sizeof(id), "%" PRId64, call->id);
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		if (strcmp(sections[i].type, call->type->name) != 0)
			continue;
		rt = obj_type_find(sections[i].related);
		filter.field = sections[i].column;
		filter.value = id;
		q.newest_first = sections[i].newest_first;
		rows = NULL;
		html_rawf(h, "<h2>%s</h2>\n", sections[i].title);
		if (!rt || obj_count(ctx->db, rt, &q, &count, err,
				     sizeof(err)) != OBJ_OK ||
		    obj_list(ctx->db, rt, &q, &rows, err,
			     sizeof(err)) != OBJ_OK) {
			error_line(h, "cannot read these rows");
			continue;
		}
		table_head(h, rt);
		json_array_foreach(rows, j, r)
			table_row(h, ctx->db, rt, r);
		html_raw(h, "</tbody></table>\n");
		if (count > PAGE_ROWS)
			html_rawf(h, "<p>%zu of %" PRId64 " rows%s. <a href="
				  "\"/%s/?%s=%s\">All %" PRId64 "</a></p>\n",
				  json_array_size(rows), count,
				  q.newest_first ? ", newest first" : "",
				  rt->name, sections[i].column, id, count);
		json_decref(rows);
	}
}

/* The reports of call->type for row call->id. */
static void run_reports(struct html *h, struct web_ctx *ctx,
			const struct web_call *call)
{
	struct db_stmt *st;
	size_t i;
	int c;

	for (i = 0; i < sizeof(reports) / sizeof(reports[0]); i++) {
		if (strcmp(reports[i].type, call->type->name) != 0)
			continue;
		html_rawf(h, "<h2>%s</h2>\n<table><tbody>\n",
			  reports[i].title);
		st = db_prepare(ctx->db, reports[i].sql);
		/* bound once: a statement that has stepped takes no new
		 * binding, so binding in the loop ended it after one row */
		if (st && !db_bind_int(st, 1, call->id)) {
			db_done(st);
			st = NULL;
		}
		while (st && db_step(st) == DB_ROW) {
			html_raw(h, "<tr>");
			/* 8 columns at most; a NULL column ends the row */
			for (c = 0; c < 8 && db_column_text(st, c); c++) {
				html_raw(h, "<td>");
				html_text(h, db_column_text(st, c));
				html_raw(h, "</td>");
			}
			html_raw(h, "</tr>\n");
		}
		if (st)
			db_done(st);
		html_raw(h, "</tbody></table>\n");
	}
}

/* The device's sessions that reported SWID tags, newest first. */
static const char inventory_sessions_sql[] =
	"SELECT s.id, datetime(s.time, 'unixepoch') FROM sessions s "
	"WHERE s.device = ?1 AND EXISTS (SELECT 1 FROM swid_tags_sessions x "
	"WHERE x.session_id = s.id) ORDER BY s.id DESC LIMIT 100";

/* The tags one session reported; ?2 the device it must belong to. */
static const char inventory_sql[] =
	"SELECT t.id, t.unique_id, t.package_name, t.version_str "
	"FROM swid_tags_sessions x JOIN sessions s ON s.id = x.session_id "
	"JOIN swid_tags t ON t.id = x.tag_id WHERE x.session_id = ?1 "
	"AND s.device = ?2 ORDER BY t.unique_id LIMIT ?3";

/* The device's SWID events with their tag changes, newest first. */
static const char changes_sql[] =
	"SELECT e.id, e.timestamp, e.epoch, e.eid, c.action, t.id, "
	"t.unique_id FROM swid_events e "
	"JOIN swid_tags_events c ON c.event_id = e.id "
	"JOIN swid_tags t ON t.id = c.tag_id WHERE e.device = ?1 "
	"ORDER BY e.id DESC, c.id LIMIT ?2";

/* ISO/IEC 19770-2 inventory change actions (TCG SWIMA 5.16). */
static const char *const change_actions[] = {
	[1] = "added", [2] = "removed", [3] = "changed",
};

static const char *change_action(int64_t action)
{
	if (action < 1 || action > 3)
		return "unknown";
	return change_actions[action];
}

/*
 * A choice of the device's sessions that reported SWID tags and the
 * tags of the chosen one (?session=, else the newest). Returns the
 * chosen session id, 0 when there is none.
 */
static int64_t inventory_choice(struct html *h, struct db *db,
				const struct web_call *call)
{
	struct db_stmt *st = db_prepare(db, inventory_sessions_sql);
	const char *want = arg(call, "session");
	int64_t chosen = want ? strtoll(want, NULL, 10) : 0, id, first = 0;
	bool found = false;

	html_raw(h, "<h2>Software inventory by session</h2>\n"
		 "<form method=\"get\"><label>Session <select "
		 "name=\"session\">");
	/* bound once: a statement that has stepped takes no new binding */
	if (st && !db_bind_int(st, 1, call->id)) {
		db_done(st);
		st = NULL;
	}
	while (st && db_step(st) == DB_ROW) {
		id = db_column_int(st, 0);
		if (!first)
			first = id;
		found |= id == chosen;
		html_rawf(h, "<option value=\"%" PRId64 "\"%s>%" PRId64 " (",
			  id, id == chosen ? " selected" : "", id);
		html_text(h, db_column_text(st, 1));
		html_raw(h, ")</option>");
	}
	if (st)
		db_done(st);
	html_raw(h, "</select></label><button type=\"submit\">Show"
		 "</button></form>\n");
	/* an older session than the hundred listed may still be asked for */
	return want && chosen > 0 ? chosen : found ? chosen : first;
}

/* The SWID tags reported in the chosen session of the device. */
static void device_inventory(struct html *h, struct db *db,
			     const struct web_call *call)
{
	int64_t session = inventory_choice(h, db, call), rows = 0;
	struct db_stmt *st;

	if (!session) {
		html_raw(h, "<p>No session of this device reported SWID tags."
			 "</p>\n");
		return;
	}
	html_rawf(h, "<table class=\"inventory\" data-session=\"%" PRId64
		  "\"><thead><tr><th>tag</th><th>package</th><th>version"
		  "</th></tr></thead><tbody>\n", session);
	st = db_prepare(db, inventory_sql);
	if (st && (!db_bind_int(st, 1, session) ||
		   !db_bind_int(st, 2, call->id) ||
		   !db_bind_int(st, 3, INVENTORY_ROWS))) {
		db_done(st);
		st = NULL;
	}
	while (st && db_step(st) == DB_ROW) {
		html_rawf(h, "<tr><td><a href=\"/swid-tags/%" PRId64 "/\">",
			  db_column_int(st, 0));
		html_text(h, db_column_text(st, 1));
		html_raw(h, "</a></td><td>");
		html_text(h, db_column_text(st, 2));
		html_raw(h, "</td><td>");
		html_text(h, db_column_text(st, 3));
		html_raw(h, "</td></tr>\n");
		rows++;
	}
	if (st)
		db_done(st);
	html_rawf(h, "</tbody></table>\n<p>%" PRId64 " tags in session "
		  "<a href=\"/sessions/%" PRId64 "/\">%" PRId64 "</a>%s.</p>\n",
		  rows, session, session, rows == INVENTORY_ROWS ?
		  " (the first ones only)" : "");
}

/* The device's inventory changes: SWID events, newest first. */
static void device_changes(struct html *h, struct db *db,
			   const struct web_call *call)
{
	struct db_stmt *st = db_prepare(db, changes_sql);

	html_raw(h, "<h2>Software change log</h2>\n<table class=\"changes\">"
		 "<thead><tr><th>event</th><th>time</th><th>epoch</th>"
		 "<th>event id</th><th>action</th><th>tag</th></tr></thead>"
		 "<tbody>\n");
	if (st && (!db_bind_int(st, 1, call->id) ||
		   !db_bind_int(st, 2, CHANGE_ROWS))) {
		db_done(st);
		st = NULL;
	}
	while (st && db_step(st) == DB_ROW) {
		html_rawf(h, "<tr><td>%" PRId64 "</td><td>",
			  db_column_int(st, 0));
		html_text(h, db_column_text(st, 1));
		html_rawf(h, "</td><td>%" PRId64 "</td><td>%" PRId64 "</td>"
			  "<td>%s</td><td><a href=\"/swid-tags/%" PRId64
			  "/\">", db_column_int(st, 2), db_column_int(st, 3),
			  change_action(db_column_int(st, 4)),
			  db_column_int(st, 5));
		html_text(h, db_column_text(st, 6));
		html_raw(h, "</a></td></tr>\n");
	}
	if (st)
		db_done(st);
	html_rawf(h, "</tbody></table>\n<p>The newest %d changes at most."
		  "</p>\n", CHANGE_ROWS);
}

static void render_object(struct web_ctx *ctx, struct web_call *call,
			  const char *err, const json_t *refused,
			  unsigned status, struct web_response *resp)
{
	const struct obj_type *t = call->type;
	const struct obj_field *f;
	struct html h = { 0 };
	char title[96], action[96], lerr[160];
	json_t *row = NULL;
	enum obj_status s;

	s = obj_get(ctx->db, t, call->id, &row, lerr, sizeof(lerr));
	if (s != OBJ_OK) {
		page_error(call, obj_http[s], lerr, resp);
		return;
	}
	snprintf(title, sizeof(title), "%s %" PRId64, t->name, call->id);
	page_begin(&h, call, title);
	error_line(&h, err);
	html_raw(&h, "<table class=\"object\">");
	for (f = t->fields; f->name; f++) {
		html_raw(&h, "<tr><th>");
		html_text(&h, f->name);
		html_raw(&h, "</th><td>");
		cell(&h, ctx->db, f, row);
		html_raw(&h, "</td></tr>\n");
	}
	html_raw(&h, "</table>\n");
	if (can_edit(call, t)) {
		html_raw(&h, "<h2>Edit</h2>\n");
		snprintf(action, sizeof(action), "/%s/%" PRId64 "/", t->name,
			 call->id);
		edit_form(&h, ctx, call, t, action, refused ? refused : row,
			  "Save");
		snprintf(action, sizeof(action), "/%s/%" PRId64 "/delete/",
			 t->name, call->id);
		html_raw(&h, "<form method=\"post\" action=\"");
		html_text(&h, action);
		html_raw(&h, "\">");
		csrf_field(&h, call);
		html_raw(&h, "<button type=\"submit\">Delete</button>"
			 "</form>\n");
	}
	run_reports(&h, ctx, call);
	if (strcmp(t->name, "devices") == 0) {
		device_inventory(&h, ctx->db, call);
		device_changes(&h, ctx->db, call);
	}
	related(&h, ctx, call);
	json_decref(row);
	page_send(&h, status, resp);
}

void page_object(struct web_ctx *ctx, struct web_call *call,
		 struct web_response *resp)
{
	render_object(ctx, call, NULL, NULL, 200, resp);
}

/* The posted form as an object of call->type; NULL when resp is set. */
static json_t *posted(struct web_call *call, struct web_response *resp)
{
	json_t *form, *o;
	char err[160];

	if (!call->type->writable) {
		page_error(call, 405, "this collection is read only", resp);
		return NULL;
	}
	if (!web_form_parse(call->req->body, call->req->body_len, &form, err,
			    sizeof(err))) {
		page_error(call, 400, err, resp);
		return NULL;
	}
	o = form_object(call->type, form);
	json_decref(form);
	if (!o)
		page_error(call, 500, "out of memory", resp);
	return o;
}

void page_create(struct web_ctx *ctx, struct web_call *call,
		 struct web_response *resp)
{
	enum obj_status s;
	int64_t id = 0;
	char err[160];
	json_t *o = posted(call, resp);

	if (!o)
		return;
	s = obj_create(ctx->db, call->type, o, &id, err, sizeof(err));
	if (s == OBJ_OK)
		redirect(resp, "/%s/%" PRId64 "/", call->type->name, id);
	else
		render_list(ctx, call, err, o, obj_http[s], resp);
	json_decref(o);
}

void page_update(struct web_ctx *ctx, struct web_call *call,
		 struct web_response *resp)
{
	enum obj_status s;
	char err[160];
	json_t *o = posted(call, resp);

	if (!o)
		return;
	s = obj_update(ctx->db, call->type, call->id, o, err, sizeof(err));
	if (s == OBJ_OK)
		redirect(resp, "/%s/%" PRId64 "/", call->type->name,
			 call->id);
	else
		render_object(ctx, call, err, o, obj_http[s], resp);
	json_decref(o);
}

void page_delete(struct web_ctx *ctx, struct web_call *call,
		 struct web_response *resp)
{
	enum obj_status s;
	char err[160];

	if (!call->type->writable) {
		page_error(call, 405, "this collection is read only", resp);
		return;
	}
	s = obj_delete(ctx->db, call->type, call->id, err, sizeof(err));
	if (s == OBJ_OK)
		redirect(resp, "/%s/", call->type->name, 0);
	else
		render_object(ctx, call, err, NULL, obj_http[s], resp);
}

void page_style(struct web_ctx *ctx, struct web_call *call,
		struct web_response *resp)
{
	(void)ctx;
	(void)call;
	resp->body = strdup(style_css);
	resp->status = resp->body ? 200 : 500;
	resp->content_type = "text/css";
}

static void login_form(struct web_call *call, const char *err,
		       unsigned status, struct web_response *resp)
{
	struct html h = { 0 };

	page_begin(&h, NULL, "Log in");
	error_line(&h, err);
	html_raw(&h, "<form class=\"edit\" method=\"post\" action=\"/login/\">"
		 "<label>User <input type=\"text\" name=\"username\" "
		 "autocomplete=\"username\"></label>"
		 "<label>Password <input type=\"password\" name=\"password\" "
		 "autocomplete=\"current-password\"></label>"
		 "<button type=\"submit\">Log in</button></form>\n");
	(void)call;
	page_send(&h, status, resp);
}

void page_login_form(struct web_ctx *ctx, struct web_call *call,
		     struct web_response *resp)
{
	(void)ctx;
	login_form(call, NULL, 200, resp);
}

void page_login(struct web_ctx *ctx, struct web_call *call,
		struct web_response *resp)
{
	char err[160], token[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1];
	char cookie[256];
	const char *user, *pass;
	enum auth_role role;
	enum auth_result r;
	json_t *form;

	if (!web_form_parse(call->req->body, call->req->body_len, &form, err,
			    sizeof(err))) {
		login_form(call, err, 400, resp);
		return;
	}
	user = json_string_value(json_object_get(form, "username"));
	pass = json_string_value(json_object_get(form, "password"));
	r = user && pass ? auth_check_password(ctx->auth, user, pass,
					       call->req->remote, time(NULL),
					       &role) : AUTH_DENIED;
	if (r != AUTH_OK) {
		login_form(call, r == AUTH_LOCKED ? "too many failed log-ins, "
			   "try again later" : r == AUTH_DENIED ?
			   "invalid user name or password" :
			   "users database error", r == AUTH_LOCKED ? 429 :
			   r == AUTH_DENIED ? 401 : 500, resp);
	} else if (!auth_session_new(ctx->auth, user, time(NULL), token,
				     csrf)) {
		login_form(call, "cannot create a session", 500, resp);
	} else {
		snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; HttpOnly; "
			 "SameSite=Strict%s", WEB_SESSION_COOKIE, token,
			 ctx->tls ? "; Secure" : "");
		resp->set_cookie = strdup(cookie);
		resp->status = 303;
		resp->location = strdup("/");
	}
	json_decref(form);
}

void page_logout(struct web_ctx *ctx, struct web_call *call,
		 struct web_response *resp)
{
	char cookie[128];

	if (call->via_session)
		auth_session_end(ctx->auth, call->session_token);
	snprintf(cookie, sizeof(cookie), "%s=; Path=/; Max-Age=0; HttpOnly; "
		 "SameSite=Strict", WEB_SESSION_COOKIE);
	resp->set_cookie = strdup(cookie);
	resp->status = 303;
	resp->location = strdup("/login/");
}

static void statistics_table(struct html *h, struct db *db)
{
	json_t *stats = obj_statistics(db), *v;
	const char *key;

	html_raw(h, "<table><thead><tr><th>objects</th><th>count</th></tr>"
		 "</thead><tbody>\n");
	json_object_foreach(stats, key, v) {
		html_raw(h, "<tr><td><a href=\"/");
		html_text(h, key);
		html_raw(h, "/\">");
		html_text(h, key);
		html_rawf(h, "</a></td><td>%" PRId64 "</td></tr>\n",
			  (int64_t)json_integer_value(v));
	}
	html_raw(h, "</tbody></table>\n");
	json_decref(stats);
}

void page_statistics(struct web_ctx *ctx, struct web_call *call,
		     struct web_response *resp)
{
	struct html h = { 0 };

	page_begin(&h, call, "Statistics");
	statistics_table(&h, ctx->db);
	page_send(&h, 200, resp);
}

void page_overview(struct web_ctx *ctx, struct web_call *call,
		   struct web_response *resp)
{
	struct html h = { 0 };

	page_begin(&h, call, "Overview");
	html_raw(&h, "<form method=\"get\" action=\"/search/\"><input "
		 "type=\"search\" name=\"q\" placeholder=\"search packages, "
		 "files, devices, tags\"><button type=\"submit\">Search"
		 "</button></form>\n");
	statistics_table(&h, ctx->db);
	page_send(&h, 200, resp);
}

/* Devices with a security-flagged package version installed. */
static const char vulnerable_sql[] =
	"SELECT DISTINCT d.id, d.value, p.id, p.name, v.id, v.release "
	"FROM swid_tagstats s JOIN swid_tags t ON t.id = s.tag_id "
	"JOIN versions v ON v.id = t.version_id "
	"JOIN packages p ON p.id = v.package "
	"JOIN devices d ON d.id = s.device_id "
	"WHERE v.security = 1 AND IFNULL(s.last_deleted_id, 0) = 0 "
	"ORDER BY d.id, p.name";

void page_vulnerabilities(struct web_ctx *ctx, struct web_call *call,
			  struct web_response *resp)
{
	struct db_stmt *st = db_prepare(ctx->db, vulnerable_sql);
	struct html h = { 0 };

	page_begin(&h, call, "Vulnerabilities");
	if (!st) {
		error_line(&h, "database error");
		page_send(&h, 500, resp);
		return;
	}
	html_raw(&h, "<table><thead><tr><th>device</th><th>package</th>"
		 "<th>version</th></tr></thead><tbody>\n");
	while (db_step(st) == DB_ROW) {
		html_rawf(&h, "<tr><td><a href=\"/devices/%" PRId64 "/\">",
			  db_column_int(st, 0));
		html_text(&h, db_column_text(st, 1));
		html_rawf(&h, "</a></td><td><a href=\"/packages/%" PRId64
			  "/\">", db_column_int(st, 2));
		html_text(&h, db_column_text(st, 3));
		html_rawf(&h, "</a></td><td><a href=\"/versions/%" PRId64
			  "/\">", db_column_int(st, 4));
		html_text(&h, db_column_text(st, 5));
		html_raw(&h, "</a></td></tr>\n");
	}
	db_done(st);
	html_raw(&h, "</tbody></table>\n");
	page_send(&h, 200, resp);
}

void page_search(struct web_ctx *ctx, struct web_call *call,
		 struct web_response *resp)
{
	const char *q = arg(call, "q");
	struct obj_query match = { .limit = PAGE_ROWS, .match = q };
	const struct obj_type *t;
	struct html h = { 0 };
	json_t *rows, *r;
	int64_t count;
	char err[160];
	size_t i, j;

	page_begin(&h, call, "Search");
	html_raw(&h, "<form method=\"get\"><input type=\"search\" name=\"q\" "
		 "value=\"");
	html_text(&h, q);
	html_raw(&h, "\"><button type=\"submit\">Search</button></form>\n");
	for (i = 0; q && *q && search_types[i]; i++) {
		t = obj_type_find(search_types[i]);
		rows = NULL;
		if (!t || obj_count(ctx->db, t, &match, &count, err,
				    sizeof(err)) != OBJ_OK ||
		    obj_list(ctx->db, t, &match, &rows, err,
			     sizeof(err)) != OBJ_OK)
			continue;
		html_rawf(&h, "<h2>%s</h2>\n", t->name);
		table_head(&h, t);
		json_array_foreach(rows, j, r)
			table_row(&h, ctx->db, t, r);
		html_raw(&h, "</tbody></table>\n");
		html_rawf(&h, "<p>%zu of %" PRId64 " matches. ",
			  json_array_size(rows), count);
		if (count > PAGE_ROWS) {
			html_rawf(&h, "<a href=\"/%s/?q=", t->name);
			html_url(&h, q);
			html_raw(&h, "\">All matches</a>");
		}
		html_raw(&h, "</p>\n");
		json_decref(rows);
	}
	page_send(&h, 200, resp);
}
