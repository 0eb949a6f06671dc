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

/* A link of the navigation bar. */
struct nav_link {
	const char *path, *label;
};

static const struct nav_link nav_main[] = {
	{ "/", "Overview" },
	{ "/devices/", "Devices" },
	{ "/sessions/", "Sessions" },
	{ "/groups/", "Groups" },
	{ "/policies/", "Policies" },
	{ "/enforcements/", "Enforcements" },
	{ "/products/", "Products" },
	{ NULL, NULL }
};
static const struct nav_link nav_software[] = {
	{ "/packages/", "Packages" },
	{ "/versions/", "Versions" },
	{ "/swid-tags/", "SWID tags" },
	{ "/swid-entities/", "Registration IDs" },
	{ NULL, NULL }
};
static const struct nav_link nav_files[] = {
	{ "/directories/", "Directories" },
	{ "/files/", "Files" },
	{ "/file-hashes/", "File hashes" },
	{ NULL, NULL }
};
static const struct nav_link nav_reports[] = {
	{ "/statistics/", "Statistics" },
	{ "/vulnerabilities/", "Vulnerabilities" },
	{ "/search/", "Search" },
	{ NULL, NULL }
};

/*
 * The navigation bar in order: groups without a menu name are links in
 * the bar, the others a menu that opens on hover or keyboard focus (CSS
 * only), so the bar stays one line.
 */
static const struct {
	const char *menu;
	const struct nav_link *links;
} nav[] = {
	{ NULL, nav_main },
	{ "Software", nav_software },
	{ "Files", nav_files },
	{ NULL, nav_reports },
};

/* A UNIX time as the pages show it, one format everywhere. */
#define TIME_FORMAT "%Y-%m-%d %H:%M:%S UTC"
#define TIME_SQL(col) "strftime('" TIME_FORMAT "', " col ", 'unixepoch')"

/*
 * How the rows of a table are named. field: the column linked to the
 * row in lists (NULL: the id is); name: the SQL expression naming a row
 * in links from other rows (NULL: its id); title: the expression of the
 * title of its page (NULL: "Noun id"); subtitle: a column shown below
 * that title.
 */
static const struct {
	const char *table, *field, *name, *title, *subtitle;
} names[] = {
	{ "devices", "value", "value", "'Device ' || value", "description" },
	{ "groups", "name", "name", "'Group: ' || name", NULL },
	{ "policies", "name", "name", "'Policy: ' || name", NULL },
	{ "products", "name", "name", "'Product: ' || name", NULL },
	{ "packages", "name", "name", "'Package: ' || name", NULL },
	{ "directories", "path", "path", "'Directory: ' || path", NULL },
	{ "files", "name", "name", "'File: ' || IFNULL(rtrim((SELECT path "
	  "FROM directories d WHERE d.id = dir), '/') || '/', '') || name",
	  NULL },
	{ "algorithms", "name", "name", "'Algorithm: ' || name", NULL },
	{ "identities", "value", "CAST(value AS TEXT)",
	  "'Identity: ' || CAST(value AS TEXT)", NULL },
	{ "versions", "release", "IFNULL((SELECT name FROM packages p "
	  "WHERE p.id = package) || ' ', '') || IFNULL(release, '')",
	  "'Version: ' || IFNULL((SELECT name FROM packages p WHERE p.id = "
	  "package) || ' ', '') || IFNULL(release, '')", NULL },
	{ "swid_tags", "unique_id", "unique_id", "'SWID tag: ' || unique_id",
	  NULL },
	{ "swid_entities", "regid", "regid", "'Registration ID: ' || regid",
	  "name" },
	{ "swid_events", "timestamp", "timestamp", NULL, NULL },
	/* "Session 1 — carol on a1b2c3d4, 2023-11-14 22:15:00 UTC" */
	{ "sessions", "time", TIME_SQL("time"),
	  "'Session ' || id || IFNULL(' \u2014 ' || (SELECT CAST(value AS "
	  "TEXT) FROM identities i WHERE i.id = identity), '') || "
	  "IFNULL(' on ' || (SELECT value FROM devices d WHERE d.id = "
	  "device), '') || ', ' || " TIME_SQL("time"), NULL },
	{ "enforcements", NULL, "(SELECT name FROM policies p WHERE p.id = "
	  "policy) || ' in ' || (SELECT name FROM groups g WHERE g.id = "
	  "group_id)", "'Enforcement: ' || (SELECT name FROM policies p "
	  "WHERE p.id = policy) || ' in ' || (SELECT name FROM groups g "
	  "WHERE g.id = group_id)", NULL },
	{ "groups_members", NULL, NULL, "'Group membership: ' || (SELECT "
	  "value FROM devices d WHERE d.id = device_id) || ' in ' || "
	  "(SELECT name FROM groups g WHERE g.id = group_id)", NULL },
	{ "groups_product_defaults", NULL, NULL, "'Product default: ' || "
	  "(SELECT name FROM groups g WHERE g.id = group_id) || ' for ' || "
	  "(SELECT name FROM products p WHERE p.id = product_id)", NULL },
	{ "results", NULL, NULL, "'Policy result: ' || (SELECT name FROM "
	  "policies p WHERE p.id = policy) || ' in session ' || session",
	  NULL },
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
	{ "groups", "Default for products", "product-defaults", "group_id",
	  false },
	{ "policies", "Enforcements", "enforcements", "policy", false },
	{ "products", "Default groups", "product-defaults", "product_id",
	  false },
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
 * object's id as its one parameter, every column shown as text under
 * the headers of columns (as many as the query has).
 */
#define REPORT_COLUMNS 5
static const struct {
	const char *type, *title, *sql;
	const char *columns[REPORT_COLUMNS + 1];
} reports[] = {
	{ "devices", "Latest assessment",
	  "SELECT p.name, CASE r.rec WHEN 0 THEN 'allow' "
	  "WHEN 1 THEN 'no access' WHEN 2 THEN 'isolate' "
	  "ELSE 'no recommendation' END, r.result FROM results r "
	  "JOIN policies p ON p.id = r.policy WHERE r.session = "
	  "(SELECT MAX(id) FROM sessions WHERE device = ?1) ORDER BY r.id",
	  { "Policy", "Recommendation", "Result", NULL } },
	{ "devices", "Vulnerable packages",
	  "SELECT DISTINCT p.name, v.release FROM swid_tagstats s "
	  "JOIN swid_tags t ON t.id = s.tag_id "
	  "JOIN versions v ON v.id = t.version_id "
	  "JOIN packages p ON p.id = v.package WHERE s.device_id = ?1 "
	  "AND v.security = 1 AND IFNULL(s.last_deleted_id, 0) = 0",
	  { "Package", "Release", NULL } },
	{ "devices", "TPM evidence",
	  "SELECT c.label, h.seq_no, h.pcr, IFNULL(a.name, ''), "
	  "hex(h.hash) "
	  "FROM component_hashes h JOIN components c ON c.id = h.component "
	  "LEFT JOIN algorithms a ON a.id = h.algo WHERE h.key = ?1 "
	  "ORDER BY h.seq_no",
	  { "Component", "Sequence", "PCR", "Algorithm", "Hash", NULL } },
	{ "products", "Enforcements that apply",
	  "SELECT g.name, p.name, e.max_age FROM groups_product_defaults d "
	  "JOIN enforcements e ON e.group_id = d.group_id "
	  "JOIN groups g ON g.id = d.group_id "
	  "JOIN policies p ON p.id = e.policy WHERE d.product_id = ?1 "
	  "ORDER BY g.name, p.name",
	  { "Group", "Policy", "Max age (s)", NULL } },
};

/* The object counts on the overview, in one query. */
static const char *const overview_types[] = {
	"devices", "sessions", "groups", "policies", "enforcements",
	"products", "packages", "versions", "swid-tags", "files", NULL
};

/* The newest sessions on the overview, with what they name. */
#define LATEST_SESSIONS 10
static const char latest_sessions_sql[] =
	"SELECT s.id, s.time, i.id, CAST(i.value AS TEXT), d.id, d.value, "
	"p.id, p.name, s.rec FROM sessions s "
	"LEFT JOIN identities i ON i.id = s.identity "
	"LEFT JOIN devices d ON d.id = s.device "
	"LEFT JOIN products p ON p.id = s.product "
	"ORDER BY s.id DESC LIMIT ?1";

/* The types the global search looks through. */
static const char *const search_types[] = {
	"packages", "files", "directories", "devices", "swid-tags", NULL
};

static const char style_css[] =
	"body{font-family:sans-serif;margin:0;color:#222;line-height:1.35}"
	"nav{background:#234;display:flex;align-items:center;"
	"padding:0 .5em;font-size:15px}"
	"nav a,nav .menu>span{color:#fff;padding:.55em .6em;"
	"text-decoration:none;display:block;white-space:nowrap;"
	"cursor:pointer}"
	"nav a:hover,nav a:focus,nav a.current,nav .menu:hover>span{"
	"background:#456}"
	"nav .sep{width:1px;align-self:stretch;background:#567;"
	"margin:.4em .5em}"
	"nav .menu{position:relative}"
	"nav .menu>span::after{content:' \\25BE';font-size:.8em}"
	"nav .sub{display:none;position:absolute;left:0;top:100%;"
	"background:#234;min-width:12em;z-index:2;"
	"box-shadow:0 3px 8px rgba(0,0,0,.3)}"
	"nav .menu:hover .sub,nav .menu:focus-within .sub{display:block}"
	"nav form{margin:0 0 0 auto}"
	"main{padding:.5em 1.5em 2em;max-width:1200px}"
	"h1{font-size:1.6em;margin:.6em 0 .2em}"
	"h2{font-size:1.2em;margin:1.4em 0 .4em;padding-bottom:.15em;"
	"border-bottom:1px solid #ddd}"
	"p.subtitle{color:#555;margin:0 0 1em;font-size:1.1em}"
	"table{border-collapse:collapse;margin:.5em 0}"
	"td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;"
	"vertical-align:top}"
	"thead th{background:#eef1f4}"
	"table.object th{background:#f6f7f8;font-weight:normal;color:#444;"
	"min-width:9em}"
	"p.none{color:#666;font-style:italic}"
	".muted{color:#888}"
	".rec{padding:0 .4em;border-radius:3px;white-space:nowrap}"
	".rec-1{background:#fbe3e3;color:#900}"
	".rec-2{background:#fff0cc;color:#850}"
	".rec-3{background:#eee;color:#555}"
	"tr.flagged td{background:#fff6f6}"
	"tr.flagged td:first-child{box-shadow:inset 4px 0 #c33}"
	".error{color:#a00;font-weight:bold}"
	".ok{color:#070}"
	"form.edit{margin:.5em 0}"
	"form.edit label{display:grid;grid-template-columns:11em 22em;"
	"align-items:center;margin:.35em 0}"
	"form.edit button{margin-top:.5em}"
	"section.danger{margin-top:2em;padding:.2em 1em 1em;"
	"border:1px solid #e3b5b5;border-radius:4px;max-width:34em}"
	"section.danger h2{border:0;color:#900}"
	"button.danger{background:#b22;color:#fff;border:1px solid #900;"
	"padding:.3em .9em;border-radius:3px;cursor:pointer}"
	"ul.counts{display:flex;flex-wrap:wrap;gap:.6em;list-style:none;"
	"padding:0}"
	"ul.counts a{display:block;min-width:7em;padding:.5em .8em;"
	"border:1px solid #ccd;border-radius:4px;text-decoration:none;"
	"color:#234}"
	"ul.counts b{display:block;font-size:1.5em}";

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

/* Whether link is the page at path or the list above it. */
static bool nav_current(const char *link, const char *path)
{
	if (!path)
		return false;
	if (strcmp(link, "/") == 0)
		return strcmp(path, "/") == 0;
	return strncmp(path, link, strlen(link)) == 0;
}

static void nav_links(struct html *h, const struct nav_link *l,
		      const char *path)
{
	for (; l->path; l++)
		html_rawf(h, "<a href=\"%s\"%s>%s</a>", l->path,
			  nav_current(l->path, path) ? " class=\"current\"" :
			  "", l->label);
}

static void nav_bar(struct html *h, const struct web_call *call)
{
	const char *path = call ? call->req->path : NULL;
	size_t i;

	html_raw(h, "<nav>");
	for (i = 0; i < sizeof(nav) / sizeof(nav[0]); i++) {
		if (i)
			html_raw(h, "<span class=\"sep\"></span>");
		if (!nav[i].menu) {
			nav_links(h, nav[i].links, path);
			continue;
		}
		/* tabindex: a click or Tab focuses it, which opens it */
		html_rawf(h, "<div class=\"menu\"><span tabindex=\"0\">%s"
			  "</span><div class=\"sub\">", nav[i].menu);
		nav_links(h, nav[i].links, path);
		html_raw(h, "</div></div>");
	}
	if (call && call->via_session) {
		html_raw(h, "<form method=\"post\" action=\"/logout/\">"
			 "<input type=\"hidden\" name=\"csrf_token\" value=\"");
		html_text(h, call->csrf);
		html_rawf(h, "\"><button type=\"submit\">Log out (%s)</button>"
			  "</form>", auth_role_name(call->role));
	}
	html_raw(h, "</nav>");
}

static void page_begin(struct html *h, const struct web_call *call,
		       const char *title)
{
	html_raw(h, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
		 "<meta charset=\"utf-8\"><title>");
	html_text(h, title);
	html_raw(h, " - tnc-web</title><link rel=\"stylesheet\" "
		 "href=\"/static/style.css\"></head><body>");
	nav_bar(h, call);
	html_raw(h, "<main><h1>");
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

/* The naming of the rows of table, or -1 when it has none. */
static int name_of(const char *table)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].table, table) == 0)
			return (int)i;
	return -1;
}

/* The value of expr over row id of table (caller frees), or NULL. */
static char *row_expr(struct db *db, const char *table, const char *expr,
		      int64_t id)
{
	char sql[800];
	struct db_stmt *st;
	char *s = NULL;

	if (!expr)
		return NULL;
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE id = ?", expr,
		 table);
	st = db_prepare(db, sql);
	if (!st)
		return NULL;
	if (db_bind_int(st, 1, id) && db_step(st) == DB_ROW &&
	    db_column_text(st, 0))
		s = strdup(db_column_text(st, 0));
	db_done(st);
	return s;
}

/* The name of row id of table (caller frees), NULL when none. */
static char *row_label(struct db *db, const char *table, int64_t id)
{
	int i = name_of(table);

	return i < 0 ? NULL : row_expr(db, table, names[i].name, id);
}

/*
 * The title of the page of row id of t (caller frees): "Policy: No Open
 * TCP Ports", or the noun and id for a type without a title.
 */
static char *row_title(struct db *db, const struct obj_type *t, int64_t id)
{
	int i = name_of(t->table);
	char *s = i < 0 ? NULL : row_expr(db, t->table, names[i].title, id);
	size_t len = strlen(t->noun) + 24;

	if (!s) {
		s = malloc(len);
		if (!s)
			return NULL;
		snprintf(s, len, "%s %" PRId64, t->noun, id);
	}
	/* the nouns are lowercase for sentences */
	if (s[0] >= 'a' && s[0] <= 'z')
		s[0] = (char)(s[0] - 'a' + 'A');
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

/* Writes a UNIX time in the one format of the pages. */
static void time_text(struct html *h, int64_t n)
{
	time_t t = (time_t)n;
	struct tm tm;
	char buf[64];

	if (!gmtime_r(&t, &tm) ||
	    !strftime(buf, sizeof(buf), TIME_FORMAT, &tm)) {
		html_rawf(h, "%" PRId64, n);
		return;
	}
	html_text(h, buf);
}

/*
 * Writes text escaped; an ISO 8601 UTC time as SWIMA reports it
 * ("2023-11-14T22:16:40Z", RFC 3339) in the pages' format instead, so
 * the times of the SWID events read like every other time.
 */
static void show_text(struct html *h, const char *s)
{
	static const char iso[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	for (i = 0; s && iso[i]; i++) {
		if (iso[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != iso[i])
			break;
	}
	if (!s || iso[i] || s[i]) {
		html_text(h, s);
		return;
	}
	html_textn(h, s, 10);
	html_raw(h, " ");
	html_textn(h, s + 11, 8);
	html_raw(h, " UTC");
}

/* A recommendation, marked by its kind when it is not "allow". */
static void rec_badge(struct html *h, int64_t rec)
{
	if (rec < DB_REC_NO_ACCESS || rec > DB_REC_NONE) {
		html_text(h, db_rec_name(rec));
		return;
	}
	html_rawf(h, "<span class=\"rec rec-%" PRId64 "\">", rec);
	html_text(h, db_rec_name(rec));
	html_raw(h, "</span>");
}

/* A policy type by its name and mnemonic, as the type select offers it. */
static void ptype_text(struct html *h, int64_t type)
{
	const struct workitem_type_info *info = workitem_type_info(type);

	if (!info) {
		html_rawf(h, "unknown type %" PRId64, type);
		return;
	}
	html_text(h, info->label);
	html_rawf(h, " (%s)", info->mnemonic);
}

/* "None." for an empty section. */
static void none_line(struct html *h)
{
	html_raw(h, "<p class=\"none\">None.</p>\n");
}

/* The label of f as the pages show it. */
static const char *field_label(const struct obj_field *f)
{
	return f->label ? f->label : f->name;
}

/* Writes the value of f in row as the page shows it. */
static void cell(struct html *h, struct db *db, const struct obj_field *f,
		 const json_t *row)
{
	const json_t *v = json_object_get(row, f->name);
	const struct obj_type *rt;
	int64_t n = (int64_t)json_integer_value(v);
	char *label;

	if (json_is_string(v)) {
		show_text(h, json_string_value(v));
		return;
	}
	/* a null recommendation of an enforcement: the policy's applies */
	if (json_is_null(v) && f->kind == OBJ_REC &&
	    f->flags & OBJ_NULLABLE) {
		html_raw(h, "<span class=\"muted\">as policy</span>");
		return;
	}
	if (!json_is_integer(v))
		return;
	switch (f->kind) {
	case OBJ_REC:
		rec_badge(h, n);
		return;
	case OBJ_PTYPE:
		ptype_text(h, n);
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
			show_text(h, label);
		else
			html_rawf(h, "%" PRId64, n);
		html_raw(h, "</a>");
		free(label);
		return;
	default:
		break;
	}
	if (is_time(f)) {
		time_text(h, n);
		return;
	}
	html_rawf(h, "%" PRId64, n);
}

/* Whether f is the column that names rows of t (links to the row). */
static bool is_label(const struct obj_type *t, const struct obj_field *f)
{
	int i = name_of(t->table);

	return i >= 0 && names[i].field &&
	       strcmp(names[i].field, f->name) == 0;
}

/*
 * Whether a table of t shows f. skip is the column of a section that
 * names the object the page is about (the same in every row). The id
 * is left out when another column links to the row (its name), or in a
 * section, when another column links to what the row is about.
 */
static bool shown(const struct obj_type *t, const struct obj_field *f,
		  const char *skip)
{
	const struct obj_field *o;
	int i;

	if (skip && strcmp(f->name, skip) == 0)
		return false;
	if (f->kind != OBJ_ID)
		return true;
	i = name_of(t->table);
	if (i >= 0 && names[i].field)
		return false;
	for (o = t->fields; skip && o->name; o++)
		if (o->kind == OBJ_REF && strcmp(o->name, skip) != 0)
			return false;
	return true;
}

static void table_head(struct html *h, const struct obj_type *t,
		       const char *skip)
{
	const struct obj_field *f;

	html_raw(h, "<table><thead><tr>");
	for (f = t->fields; f->name; f++) {
		if (!shown(t, f, skip))
			continue;
		html_raw(h, "<th>");
		html_text(h, field_label(f));
		html_raw(h, "</th>");
	}
	html_raw(h, "</tr></thead><tbody>\n");
}

/* A row is flagged when its recommendation is not "allow". */
static bool flagged(const struct obj_type *t, const json_t *row)
{
	const struct obj_field *f;
	const json_t *v;

	/* rec and rec_final are outcomes; rec_fail and the like rules */
	for (f = t->fields; f->name; f++) {
		if (f->kind != OBJ_REC || (strcmp(f->name, "rec") != 0 &&
					   strcmp(f->name, "rec_final") != 0))
			continue;
		v = json_object_get(row, f->name);
		return json_is_integer(v) && json_integer_value(v) !=
					     DB_REC_ALLOW;
	}
	return false;
}

static void table_row(struct html *h, struct db *db, const struct obj_type *t,
		      const json_t *row, const char *skip)
{
	int64_t id = (int64_t)json_integer_value(json_object_get(row, "id"));
	const struct obj_field *f;

	html_raw(h, flagged(t, row) ? "<tr class=\"flagged\">" : "<tr>");
	for (f = t->fields; f->name; f++) {
		if (!shown(t, f, skip))
			continue;
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

/* A table of rows of t, or "None." when there are none. */
static void rows_table(struct html *h, struct db *db,
		       const struct obj_type *t, const json_t *rows,
		       const char *skip)
{
	const json_t *r;
	size_t i;

	if (!json_array_size(rows)) {
		none_line(h);
		return;
	}
	table_head(h, t, skip);
	json_array_foreach(rows, i, r)
		table_row(h, db, t, r, skip);
	html_raw(h, "</tbody></table>\n");
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

/*
 * The policy type code value holds: a stored code, or a refused form's
 * mnemonic or number; -1 for none.
 */
static int64_t ptype_value(const json_t *value)
{
	const char *s = json_string_value(value);
	char *end;
	int64_t n;
	int t;

	if (json_is_integer(value))
		return json_integer_value(value);
	if (!s || !*s)
		return -1;
	for (t = 0; t < WORKITEM_TYPE_COUNT; t++)
		if (strcmp(workitem_type_name(t), s) == 0)
			return t;
	n = strtoll(s, &end, 10);
	return *end ? -1 : n;
}

/*
 * A choice of the policy types of the type table (workitem.h), by
 * name; a stored code outside the table is kept as its own choice so
 * saving other fields does not change it.
 */
static void ptype_select(struct html *h, const struct obj_field *f,
			 const json_t *value)
{
	int64_t n = ptype_value(value);
	int t;

	html_rawf(h, "<select name=\"%s\">", f->name);
	if (n < 0)
		html_raw(h, "<option value=\"\" selected>(choose)</option>");
	for (t = 0; t < WORKITEM_TYPE_COUNT; t++) {
		html_rawf(h, "<option value=\"%s\"%s>", workitem_type_name(t),
			  n == t ? " selected" : "");
		ptype_text(h, t);
		html_raw(h, "</option>");
	}
	if (n >= WORKITEM_TYPE_COUNT) {
		html_rawf(h, "<option value=\"%" PRId64 "\" selected>", n);
		ptype_text(h, n);
		html_raw(h, "</option>");
	}
	html_raw(h, "</select></label>\n");
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
	    f->kind != OBJ_BLOB && *json_string_value(value))
		n = strtoll(json_string_value(value), NULL, 10);
	else if (!json_is_integer(value))
		n = -1;
	if (n >= 0)
		snprintf(num, sizeof(num), "%" PRId64, n);
	html_raw(h, "<label><span>");
	html_text(h, field_label(f));
	html_raw(h, "</span> ");
	if (f->kind == OBJ_PTYPE) {
		ptype_select(h, f, value);
		return;
	}
	if (f->kind == OBJ_REC || f->kind == OBJ_BOOL) {
		html_rawf(h, "<select name=\"%s\">", f->name);
		/* a null recommendation takes the policy's (enforcements) */
		if (f->flags & OBJ_NULLABLE)
			html_rawf(h, "<option value=\"\"%s>%s</option>",
				  n >= 0 ? "" : " selected", f->kind ==
				  OBJ_REC ? "as policy" : "(none)");
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
		html_rawf(h, "<select name=\"%s\"><option value=\"\">%s"
			  "</option>", f->name, f->flags & OBJ_REQUIRED ?
			  "(choose)" : "(none)");
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
	html_rawf(h, "<input type=\"text\" name=\"%s\" value=\"", f->name);
	if (json_is_string(value) && !*num)
		html_text(h, json_string_value(value));
	else
		html_text(h, num);
	html_raw(h, "\"></label>\n");
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
	json_t *rows = NULL;
	char lerr[160], action[64];

	/* the offset must not overflow */
	if (page < 0 || page > INT64_MAX / PAGE_ROWS)
		page = 0;
	page_begin(&h, call, t->title);
	error_line(&h, err);
	html_raw(&h, "<form method=\"get\"><input type=\"search\" name=\"q\" "
		 "placeholder=\"text or id\" value=\"");
	html_text(&h, q);
	html_raw(&h, "\"><button type=\"submit\">Filter</button></form>\n");
	if (strcmp(t->name, "groups") == 0)
		group_tree(&h, ctx->db);
	if (list_rows(ctx->db, t, call, page, &rows, &n, lerr,
		      sizeof(lerr)) != OBJ_OK) {
		error_line(&h, lerr);
	} else if (!n) {
		none_line(&h);
	} else {
		rows_table(&h, ctx->db, t, rows, NULL);
		html_rawf(&h, "<p>%zu of ", json_array_size(rows));
		html_count(&h, n, "row", "rows");
		html_rawf(&h, ", page %" PRId64 ". ", page + 1);
		if (page > 0)
			page_link(&h, call, page - 1, "previous");
		if ((page + 1) * PAGE_ROWS < n)
			page_link(&h, call, page + 1, "next");
		html_raw(&h, "</p>\n");
	}
	json_decref(rows);
	if (can_edit(call, t)) {
		html_raw(&h, "<h2>Add ");
		html_text(&h, t->noun);
		html_raw(&h, "</h2>\n");
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
	json_t *rows;
	char id[24], err[160];
	int64_t count;
	size_t i;

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
		rows_table(h, ctx->db, rt, rows, sections[i].column);
		if (count > PAGE_ROWS) {
			html_rawf(h, "<p>%zu of ", json_array_size(rows));
			html_count(h, count, "row", "rows");
			html_rawf(h, "%s. <a href=\"/%s/?%s=%s\">All %" PRId64
				  "</a></p>\n", q.newest_first ?
				  ", newest first" : "", rt->name,
				  sections[i].column, id, count);
		}
		json_decref(rows);
	}
}

/* The head of a table with the headers in columns (NULL ends them). */
static void report_head(struct html *h, const char *const *columns)
{
	html_raw(h, "<table><thead><tr>");
	for (; *columns; columns++)
		html_rawf(h, "<th>%s</th>", *columns);
	html_raw(h, "</tr></thead><tbody>\n");
}

/* The reports of call->type for row call->id. */
static void run_reports(struct html *h, struct web_ctx *ctx,
			const struct web_call *call)
{
	struct db_stmt *st;
	size_t i;
	int c, rows;

	for (i = 0; i < sizeof(reports) / sizeof(reports[0]); i++) {
		if (strcmp(reports[i].type, call->type->name) != 0)
			continue;
		html_rawf(h, "<h2>%s</h2>\n", reports[i].title);
		st = db_prepare(ctx->db, reports[i].sql);
		/* bound once: a statement that has stepped takes no new
		 * binding, so binding in the loop ended it after one row */
		if (st && !db_bind_int(st, 1, call->id)) {
			db_done(st);
			st = NULL;
		}
		for (rows = 0; st && db_step(st) == DB_ROW; rows++) {
			if (!rows)
				report_head(h, reports[i].columns);
			html_raw(h, "<tr>");
			/* a NULL column ends the row */
			for (c = 0; reports[i].columns[c] &&
				    db_column_text(st, c); c++) {
				html_raw(h, "<td>");
				show_text(h, db_column_text(st, c));
				html_raw(h, "</td>");
			}
			html_raw(h, "</tr>\n");
		}
		if (st)
			db_done(st);
		if (rows)
			html_raw(h, "</tbody></table>\n");
		else
			none_line(h);
	}
}

/* The device's sessions that reported SWID tags, newest first. */
static const char inventory_sessions_sql[] =
	"SELECT s.id, " TIME_SQL("s.time") " FROM sessions s "
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
		html_rawf(h, "<option value=\"%" PRId64 "\"%s>%" PRId64 ", ",
			  id, id == chosen ? " selected" : "", id);
		html_text(h, db_column_text(st, 1));
		html_raw(h, "</option>");
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
	st = db_prepare(db, inventory_sql);
	if (st && (!db_bind_int(st, 1, session) ||
		   !db_bind_int(st, 2, call->id) ||
		   !db_bind_int(st, 3, INVENTORY_ROWS))) {
		db_done(st);
		st = NULL;
	}
	while (st && db_step(st) == DB_ROW) {
		if (!rows)
			html_rawf(h, "<table class=\"inventory\" data-session="
				  "\"%" PRId64 "\"><thead><tr><th>SWID tag</th>"
				  "<th>Package</th><th>Version</th></tr>"
				  "</thead><tbody>\n", session);
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
	if (rows)
		html_raw(h, "</tbody></table>\n");
	html_raw(h, "<p>");
	html_count(h, rows, "tag", "tags");
	html_rawf(h, " in session <a href=\"/sessions/%" PRId64 "/\">%"
		  PRId64 "</a>%s.</p>\n", session, session,
		  rows == INVENTORY_ROWS ? " (the first ones only)" : "");
}

/* The device's inventory changes: SWID events, newest first. */
static void device_changes(struct html *h, struct db *db,
			   const struct web_call *call)
{
	struct db_stmt *st = db_prepare(db, changes_sql);
	int rows;

	html_raw(h, "<h2>Software change log</h2>\n");
	if (st && (!db_bind_int(st, 1, call->id) ||
		   !db_bind_int(st, 2, CHANGE_ROWS))) {
		db_done(st);
		st = NULL;
	}
	for (rows = 0; st && db_step(st) == DB_ROW; rows++) {
		if (!rows)
			html_raw(h, "<table class=\"changes\"><thead><tr>"
				 "<th>Event</th><th>Time</th><th>Epoch</th>"
				 "<th>Event ID</th><th>Action</th>"
				 "<th>SWID tag</th></tr></thead><tbody>\n");
		html_rawf(h, "<tr><td><a href=\"/swid-events/%" PRId64
			  "/\">%" PRId64 "</a></td><td>", db_column_int(st, 0),
			  db_column_int(st, 0));
		show_text(h, db_column_text(st, 1));
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
	if (!rows) {
		none_line(h);
		return;
	}
	html_raw(h, "</tbody></table>\n");
	if (rows == CHANGE_ROWS)
		html_rawf(h, "<p>The newest %d changes only.</p>\n",
			  CHANGE_ROWS);
}

/* The column of row shown below the title of its page, if any. */
static void subtitle(struct html *h, const struct obj_type *t,
		     const json_t *row)
{
	int i = name_of(t->table);
	const char *s;

	if (i < 0 || !names[i].subtitle)
		return;
	s = json_string_value(json_object_get(row, names[i].subtitle));
	if (!s || !*s)
		return;
	html_raw(h, "<p class=\"subtitle\">");
	html_text(h, s);
	html_raw(h, "</p>\n");
}

/*
 * The delete button, apart from the edit form. The browser asks first
 * when it runs scripts; without them the form posts as it is.
 */
static void delete_form(struct html *h, const struct web_call *call,
			const struct obj_type *t)
{
	html_raw(h, "<section class=\"danger\"><h2>Delete</h2>\n<p>Deleting"
		 " is refused while other rows still refer to this ");
	html_text(h, t->noun);
	html_rawf(h, ".</p>\n<form class=\"delete\" method=\"post\" "
		  "action=\"/%s/%" PRId64 "/delete/\" onsubmit=\"return "
		  "confirm(&#39;Delete this ", t->name, call->id);
	/* the noun is the type table's: no quote can end the string */
	html_text(h, t->noun);
	html_raw(h, "? This cannot be undone.&#39;)\">");
	csrf_field(h, call);
	html_raw(h, "<button type=\"submit\" class=\"danger\">Delete ");
	html_text(h, t->noun);
	html_raw(h, "</button></form></section>\n");
}

static void render_object(struct web_ctx *ctx, struct web_call *call,
			  const char *err, const json_t *refused,
			  unsigned status, struct web_response *resp)
{
	const struct obj_type *t = call->type;
	const struct obj_field *f;
	struct html h = { 0 };
	char action[96], lerr[160], *title;
	json_t *row = NULL;
	enum obj_status s;

	s = obj_get(ctx->db, t, call->id, &row, lerr, sizeof(lerr));
	if (s != OBJ_OK) {
		page_error(call, obj_http[s], lerr, resp);
		return;
	}
	title = row_title(ctx->db, t, call->id);
	page_begin(&h, call, title ? title : t->title);
	free(title);
	subtitle(&h, t, row);
	error_line(&h, err);
	html_raw(&h, "<table class=\"object\">");
	for (f = t->fields; f->name; f++) {
		html_raw(&h, "<tr><th>");
		html_text(&h, field_label(f));
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
		delete_form(&h, call, t);
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
	const struct obj_type *t;
	const char *key;

	html_raw(h, "<table><thead><tr><th>Objects</th><th>Count</th></tr>"
		 "</thead><tbody>\n");
	json_object_foreach(stats, key, v) {
		t = obj_type_find(key);
		html_raw(h, "<tr><td><a href=\"/");
		html_text(h, key);
		html_raw(h, "/\">");
		html_text(h, t ? t->title : key);
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

/* The counts of overview_types, in one query of subqueries. */
static void overview_counts(struct html *h, struct db *db)
{
	const struct obj_type *t;
	char sql[1024];
	struct db_stmt *st;
	size_t i, n = 0;

	n += snprintf(sql + n, sizeof(sql) - n, "SELECT ");
	for (i = 0; overview_types[i] && n < sizeof(sql); i++) {
		t = obj_type_find(overview_types[i]);
		n += snprintf(sql + n, sizeof(sql) - n, "%s(SELECT COUNT(*) "
			      "FROM %s)", i ? ", " : "", t->table);
	}
	st = n < sizeof(sql) ? db_prepare(db, sql) : NULL;
	if (!st || db_step(st) != DB_ROW) {
		if (st)
			db_done(st);
		error_line(h, "database error");
		return;
	}
	html_raw(h, "<ul class=\"counts\">");
	for (i = 0; overview_types[i]; i++) {
		t = obj_type_find(overview_types[i]);
		html_rawf(h, "<li><a href=\"/%s/\"><b>%" PRId64 "</b>",
			  t->name, db_column_int(st, (int)i));
		html_text(h, t->title);
		html_raw(h, "</a></li>");
	}
	html_raw(h, "</ul>\n");
	db_done(st);
}

/* Writes a link to /type/id/ named text, or nothing when id is 0. */
static void link_to(struct html *h, const char *type, int64_t id,
		    const char *text)
{
	if (!id)
		return;
	html_rawf(h, "<a href=\"/%s/%" PRId64 "/\">", type, id);
	html_text(h, text);
	html_raw(h, "</a>");
}

/* The newest sessions, those that did not end in "allow" flagged. */
static void latest_sessions(struct html *h, struct db *db)
{
	struct db_stmt *st = db_prepare(db, latest_sessions_sql);
	int64_t rec;
	int rows;

	html_raw(h, "<h2>Latest sessions</h2>\n");
	if (st && !db_bind_int(st, 1, LATEST_SESSIONS)) {
		db_done(st);
		st = NULL;
	}
	for (rows = 0; st && db_step(st) == DB_ROW; rows++) {
		rec = db_column_int(st, 8);
		if (!rows)
			html_raw(h, "<table class=\"sessions\"><thead><tr>"
				 "<th>Time</th><th>Identity</th><th>Device"
				 "</th><th>Product</th><th>Recommendation"
				 "</th></tr></thead><tbody>\n");
		html_rawf(h, "<tr%s><td><a href=\"/sessions/%" PRId64 "/\">",
			  rec != DB_REC_ALLOW ? " class=\"flagged\"" : "",
			  db_column_int(st, 0));
		time_text(h, db_column_int(st, 1));
		html_raw(h, "</a></td><td>");
		link_to(h, "identities", db_column_int(st, 2),
			db_column_text(st, 3));
		html_raw(h, "</td><td>");
		link_to(h, "devices", db_column_int(st, 4),
			db_column_text(st, 5));
		html_raw(h, "</td><td>");
		link_to(h, "products", db_column_int(st, 6),
			db_column_text(st, 7));
		html_raw(h, "</td><td>");
		rec_badge(h, rec);
		html_raw(h, "</td></tr>\n");
	}
	if (st)
		db_done(st);
	if (!rows) {
		none_line(h);
		return;
	}
	html_raw(h, "</tbody></table>\n<p><a href=\"/sessions/\">All sessions"
		 "</a></p>\n");
}

void page_overview(struct web_ctx *ctx, struct web_call *call,
		   struct web_response *resp)
{
	struct html h = { 0 };

	page_begin(&h, call, "Overview");
	html_raw(&h, "<form method=\"get\" action=\"/search/\"><input "
		 "type=\"search\" name=\"q\" size=\"40\" placeholder=\"search "
		 "packages, files, devices, tags\"><button type=\"submit\">"
		 "Search</button></form>\n");
	overview_counts(&h, ctx->db);
	latest_sessions(&h, ctx->db);
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
	int rows;

	page_begin(&h, call, "Vulnerabilities");
	if (!st) {
		error_line(&h, "database error");
		page_send(&h, 500, resp);
		return;
	}
	html_raw(&h, "<p>Devices with a package version installed that is "
		 "flagged as a security update.</p>\n");
	for (rows = 0; db_step(st) == DB_ROW; rows++) {
		if (!rows)
			html_raw(&h, "<table><thead><tr><th>Device</th>"
				 "<th>Package</th><th>Version</th></tr>"
				 "</thead><tbody>\n");
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
	if (rows)
		html_raw(&h, "</tbody></table>\n");
	else
		none_line(&h);
	page_send(&h, 200, resp);
}

void page_search(struct web_ctx *ctx, struct web_call *call,
		 struct web_response *resp)
{
	const char *q = arg(call, "q");
	struct obj_query match = { .limit = PAGE_ROWS, .match = q };
	const struct obj_type *t;
	struct html h = { 0 };
	json_t *rows;
	int64_t count;
	char err[160];
	size_t i, shown_rows;

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
		html_rawf(&h, "<h2>%s</h2>\n", t->title);
		rows_table(&h, ctx->db, t, rows, NULL);
		shown_rows = json_array_size(rows);
		json_decref(rows);
		if (!count)
			continue;
		html_rawf(&h, "<p>%zu of ", shown_rows);
		html_count(&h, count, "match", "matches");
		html_raw(&h, ". ");
		if (count > PAGE_ROWS) {
			html_rawf(&h, "<a href=\"/%s/?q=", t->name);
			html_url(&h, q);
			html_raw(&h, "\">All matches</a>");
		}
		html_raw(&h, "</p>\n");
	}
	page_send(&h, 200, resp);
}
