/*
 * objects.c - descriptor tables of the policy database objects and the
 * generic list/get/create/update/delete over them (objects.h).
 *
 * Validation happens once, on the way in: a value is normalised to the
 * column's kind (number, text, flag, recommendation, policy type,
 * reference), references must name an existing row, and a type's check
 * function sees the complete row (a policy's argument against its type).
 * Deleting a row that another row still names is refused, never
 * cascaded: the reference database has no foreign key enforcement
 * (database.md section 1), so this is where dangling ids are prevented.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objects.h"
#include "port_range.h"
#include "workitem.h"

#define ID		{ "id", OBJ_ID, OBJ_READONLY, NULL, "ID" }
#define REF(n, t, f, l)	{ n, OBJ_REF, f, t, l }
#define END		{ NULL, 0, 0, NULL, NULL }

static bool check_group(struct db *db, const json_t *row, char *err,
			size_t errlen);
static bool check_policy(struct db *db, const json_t *row, char *err,
			 size_t errlen);
static bool check_enforcement(struct db *db, const json_t *row, char *err,
			      size_t errlen);
static bool check_file_hash(struct db *db, const json_t *row, char *err,
			    size_t errlen);

static const struct obj_field device_fields[] = {
	ID,
	{ "value", OBJ_TEXT, OBJ_REQUIRED, NULL, "Identifier" },
	{ "description", OBJ_TEXT, 0, NULL, "Description" },
	REF("product", "products", OBJ_REQUIRED, "Product"),
	{ "trusted", OBJ_BOOL, 0, NULL, "Trusted" },
	{ "inactive", OBJ_BOOL, 0, NULL, "Inactive" },
	{ "created", OBJ_INT, OBJ_READONLY | OBJ_NULLABLE, NULL, "Created" },
	END
};
static const struct obj_use device_uses[] = {
	{ "sessions", "device", "sessions" },
	{ "groups_members", "device_id", "group memberships" },
	{ "component_hashes", "key", "component hashes" },
	{ "file_hashes", "device", "file hashes" },
	{ "swid_events", "device", "SWID events" },
	{ "swid_tagstats", "device_id", "SWID tag statistics" },
	{ NULL, NULL, NULL }
};

static const struct obj_field group_fields[] = {
	ID,
	{ "name", OBJ_TEXT, OBJ_REQUIRED, NULL, "Name" },
	REF("parent", "groups", OBJ_NULLABLE, "Parent group"),
	END
};
static const struct obj_use group_uses[] = {
	{ "groups", "parent", "subgroups" },
	{ "enforcements", "group_id", "enforcements" },
	{ "groups_members", "group_id", "group memberships" },
	{ "groups_product_defaults", "group_id", "product defaults" },
	{ NULL, NULL, NULL }
};

static const struct obj_field policy_fields[] = {
	ID,
	{ "type", OBJ_PTYPE, OBJ_REQUIRED, NULL, "Type" },
	{ "name", OBJ_TEXT, OBJ_REQUIRED, NULL, "Name" },
	{ "argument", OBJ_TEXT, 0, NULL, "Argument" },
	{ "rec_fail", OBJ_REC, OBJ_REQUIRED, NULL, "On failure" },
	{ "rec_noresult", OBJ_REC, OBJ_REQUIRED, NULL, "On no result" },
	REF("file", "files", 0, "File"),
	REF("dir", "directories", 0, "Directory"),
	END
};
static const struct obj_use policy_uses[] = {
	{ "enforcements", "policy", "enforcements" },
	{ "results", "policy", "results" },
	{ NULL, NULL, NULL }
};

static const struct obj_field enforcement_fields[] = {
	ID,
	REF("policy", "policies", OBJ_REQUIRED, "Policy"),
	REF("group_id", "groups", OBJ_REQUIRED, "Group"),
	{ "rec_fail", OBJ_REC, OBJ_NULLABLE, NULL, "On failure" },
	{ "rec_noresult", OBJ_REC, OBJ_NULLABLE, NULL, "On no result" },
	{ "max_age", OBJ_INT, OBJ_REQUIRED, NULL, "Max age (s)" },
	END
};
static const struct obj_use enforcement_uses[] = {
	{ "workitems", "enforcement", "pending workitems" },
	{ NULL, NULL, NULL }
};

static const struct obj_field product_fields[] = {
	ID,
	{ "name", OBJ_TEXT, OBJ_REQUIRED, NULL, "Name" },
	END
};
static const struct obj_use product_uses[] = {
	{ "devices", "product", "devices" },
	{ "versions", "product", "versions" },
	{ "sessions", "product", "sessions" },
	{ "groups_product_defaults", "product_id", "product defaults" },
	{ NULL, NULL, NULL }
};

static const struct obj_field package_fields[] = {
	ID,
	{ "name", OBJ_TEXT, OBJ_REQUIRED, NULL, "Name" },
	{ "blacklist", OBJ_BOOL, 0, NULL, "Blacklisted" },
	END
};
static const struct obj_use package_uses[] = {
	{ "versions", "package", "versions" },
	{ NULL, NULL, NULL }
};

static const struct obj_field version_fields[] = {
	ID,
	REF("package", "packages", OBJ_REQUIRED, "Package"),
	REF("product", "products", OBJ_REQUIRED, "Product"),
	{ "release", OBJ_TEXT, OBJ_NULLABLE, NULL, "Release" },
	{ "security", OBJ_BOOL, 0, NULL, "Security update" },
	{ "blacklist", OBJ_BOOL, 0, NULL, "Blacklisted" },
	{ "time", OBJ_INT, 0, NULL, "Registered" },
	END
};
static const struct obj_use version_uses[] = {
	{ "file_hashes", "version", "file hashes" },
	{ "swid_tags", "version_id", "SWID tags" },
	{ NULL, NULL, NULL }
};

static const struct obj_field directory_fields[] = {
	ID,
	{ "path", OBJ_TEXT, OBJ_REQUIRED, NULL, "Path" },
	END
};
static const struct obj_use directory_uses[] = {
	{ "files", "dir", "files" },
	{ "policies", "dir", "policies" },
	{ NULL, NULL, NULL }
};

static const struct obj_field file_fields[] = {
	ID,
	REF("dir", "directories", 0, "Directory"),
	{ "name", OBJ_TEXT, OBJ_REQUIRED, NULL, "Name" },
	END
};
static const struct obj_use file_uses[] = {
	{ "policies", "file", "policies" },
	{ "file_hashes", "file", "file hashes" },
	{ "swid_tags_files", "file_id", "SWID tags" },
	{ NULL, NULL, NULL }
};

static const struct obj_field file_hash_fields[] = {
	ID,
	REF("file", "files", OBJ_REQUIRED, "File"),
	REF("version", "versions", OBJ_NULLABLE, "Version"),
	REF("device", "devices", OBJ_NULLABLE, "Device"),
	{ "size", OBJ_INT, OBJ_NULLABLE, NULL, "Size (bytes)" },
	REF("algo", "algorithms", OBJ_REQUIRED, "Algorithm"),
	{ "hash", OBJ_TEXT, OBJ_REQUIRED, NULL, "Hash" },
	{ "mutable", OBJ_BOOL, 0, NULL, "Mutable" },
	END
};

static const struct obj_field member_fields[] = {
	ID,
	REF("group_id", "groups", OBJ_REQUIRED, "Group"),
	REF("device_id", "devices", OBJ_REQUIRED, "Device"),
	END
};

static const struct obj_field product_default_fields[] = {
	ID,
	REF("group_id", "groups", OBJ_REQUIRED, "Group"),
	REF("product_id", "products", OBJ_REQUIRED, "Product"),
	END
};

/* Written by the TNC server and the SWID endpoints: read only here. */
static const struct obj_field algorithm_fields[] = {
	ID, { "name", OBJ_TEXT, 0, NULL, "Name" }, END
};
static const struct obj_field identity_fields[] = {
	ID,
	{ "type", OBJ_INT, 0, NULL, "Type" },
	{ "value", OBJ_BLOB, 0, NULL, "Value" },
	END
};
static const struct obj_field session_fields[] = {
	ID,
	{ "time", OBJ_INT, 0, NULL, "Time" },
	{ "connection", OBJ_INT, 0, NULL, "Connection" },
	REF("identity", "identities", 0, "Identity"),
	REF("device", "devices", 0, "Device"),
	REF("product", "products", 0, "Product"),
	{ "rec", OBJ_REC, 0, NULL, "Recommendation" },
	END
};
static const struct obj_field result_fields[] = {
	ID,
	REF("session", "sessions", 0, "Session"),
	REF("policy", "policies", 0, "Policy"),
	{ "rec", OBJ_REC, 0, NULL, "Recommendation" },
	{ "result", OBJ_TEXT, 0, NULL, "Result" },
	END
};
static const struct obj_field workitem_fields[] = {
	ID,
	REF("session", "sessions", 0, "Session"),
	REF("enforcement", "enforcements", 0, "Enforcement"),
	{ "type", OBJ_PTYPE, 0, NULL, "Type" },
	{ "arg_str", OBJ_TEXT, 0, NULL, "Argument" },
	{ "arg_int", OBJ_INT, 0, NULL, "Argument (number)" },
	{ "rec_fail", OBJ_REC, 0, NULL, "On failure" },
	{ "rec_noresult", OBJ_REC, 0, NULL, "On no result" },
	{ "rec_final", OBJ_REC, 0, NULL, "Recommendation" },
	{ "result", OBJ_TEXT, 0, NULL, "Result" },
	END
};
static const struct obj_field swid_tag_fields[] = {
	ID,
	REF("version_id", "versions", 0, "Version"),
	{ "package_name", OBJ_TEXT, 0, NULL, "Package" },
	{ "version_str", OBJ_TEXT, 0, NULL, "Version string" },
	{ "unique_id", OBJ_TEXT, 0, NULL, "Unique ID" },
	{ "software_id", OBJ_TEXT, 0, NULL, "Software ID" },
	{ "swid_xml", OBJ_TEXT, 0, NULL, "SWID XML" },
	END
};
static const struct obj_field swid_entity_fields[] = {
	ID,
	{ "name", OBJ_TEXT, 0, NULL, "Name" },
	{ "regid", OBJ_TEXT, 0, NULL, "Registration ID" },
	END
};
static const struct obj_field swid_event_fields[] = {
	ID,
	REF("device", "devices", 0, "Device"),
	{ "epoch", OBJ_INT, 0, NULL, "Epoch" },
	{ "eid", OBJ_INT, 0, NULL, "Event ID" },
	{ "timestamp", OBJ_TEXT, 0, NULL, "Time" },
	END
};
static const struct obj_field swid_stat_fields[] = {
	ID,
	REF("tag_id", "swid_tags", 0, "SWID tag"),
	REF("device_id", "devices", 0, "Device"),
	REF("first_seen_id", "sessions", 0, "First seen (session)"),
	REF("last_seen_id", "sessions", 0, "Last seen (session)"),
	REF("first_installed_id", "swid_events", 0, "First installed (event)"),
	REF("last_deleted_id", "swid_events", 0, "Last deleted (event)"),
	END
};

static const struct obj_use no_uses[] = { { NULL, NULL, NULL } };

/* The titles are what the pages call a type (presentation only). */
const struct obj_type obj_types[] = {
	{ "devices", "devices", device_fields, device_uses, true, NULL,
	  "Devices", "device" },
	{ "groups", "groups", group_fields, group_uses, true, check_group,
	  "Groups", "group" },
	{ "policies", "policies", policy_fields, policy_uses, true,
	  check_policy, "Policies", "policy" },
	{ "enforcements", "enforcements", enforcement_fields,
	  enforcement_uses, true, check_enforcement, "Enforcements",
	  "enforcement" },
	{ "products", "products", product_fields, product_uses, true, NULL,
	  "Products", "product" },
	{ "packages", "packages", package_fields, package_uses, true, NULL,
	  "Packages", "package" },
	{ "versions", "versions", version_fields, version_uses, true, NULL,
	  "Versions", "version" },
	{ "directories", "directories", directory_fields, directory_uses,
	  true, NULL, "Directories", "directory" },
	{ "files", "files", file_fields, file_uses, true, NULL, "Files",
	  "file" },
	{ "file-hashes", "file_hashes", file_hash_fields, no_uses, true,
	  check_file_hash, "File hashes", "file hash" },
	{ "group-members", "groups_members", member_fields, no_uses, true,
	  NULL, "Group memberships", "group membership" },
	{ "product-defaults", "groups_product_defaults",
	  product_default_fields, no_uses, true, NULL, "Product defaults",
	  "product default" },
	{ "algorithms", "algorithms", algorithm_fields, no_uses, false, NULL,
	  "Algorithms", "algorithm" },
	{ "identities", "identities", identity_fields, no_uses, false, NULL,
	  "Identities", "identity" },
	{ "sessions", "sessions", session_fields, no_uses, false, NULL,
	  "Sessions", "session" },
	{ "results", "results", result_fields, no_uses, false, NULL,
	  "Policy results", "policy result" },
	{ "workitems", "workitems", workitem_fields, no_uses, false, NULL,
	  "Workitems", "workitem" },
	{ "swid-tags", "swid_tags", swid_tag_fields, no_uses, false, NULL,
	  "SWID tags", "SWID tag" },
	{ "swid-entities", "swid_entities", swid_entity_fields, no_uses,
	  false, NULL, "Registration IDs", "registration ID" },
	{ "swid-events", "swid_events", swid_event_fields, no_uses, false,
	  NULL, "Software events", "software event" },
	{ "swid-stats", "swid_tagstats", swid_stat_fields, no_uses, false,
	  NULL, "Software inventory", "inventory entry" },
	{ NULL, NULL, NULL, NULL, false, NULL, NULL, NULL }
};

/*
 * Columns, or pairs of columns, that must stay unique (UNIQUE in
 * tables.sql): checked before the write, so a duplicate is a conflict
 * and not a failing INSERT. enforcements (policy, group_id) is
 * check_enforcement's.
 */
static const struct {
	const char *table, *column, *column2;
} unique_columns[] = {
	{ "groups", "name", NULL },
	{ "policies", "name", NULL },
	{ "groups_members", "group_id", "device_id" },
	{ "groups_product_defaults", "group_id", "product_id" },
};

static bool fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return false;
}

const struct obj_type *obj_type_find(const char *name)
{
	const struct obj_type *t;

	for (t = obj_types; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

const struct obj_field *obj_field_find(const struct obj_type *t,
				      const char *name)
{
	const struct obj_field *f;

	for (f = t->fields; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static bool is_numeric(enum obj_kind k)
{
	return k != OBJ_TEXT && k != OBJ_BLOB;
}

/* A whole decimal number (as the command line and query strings give). */
static bool parse_int(const char *s, int64_t *v)
{
	char *end;

	if (!*s)
		return false;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return !errno && !*end;
}

/* An integer from a JSON number or a decimal string. */
static bool json_int(const json_t *v, int64_t *out)
{
	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return true;
	}
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return true;
	}
	return json_is_string(v) && parse_int(json_string_value(v), out);
}

static int64_t row_int(const json_t *row, const char *key)
{
	const json_t *v = json_object_get(row, key);

	return json_is_integer(v) ? json_integer_value(v) : 0;
}

static const char *row_text(const json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));

	return s ? s : "";
}

/*
 * Converts the input value of f into its stored form in *out (new
 * reference): numbers, flags, recommendations and policy types as JSON
 * integers, text as strings, null where allowed.
 */
static bool normalise(const struct obj_field *f, const json_t *v,
		      json_t **out, char *err, size_t errlen)
{
	const struct workitem_type_info *info;
	int64_t n;
	int t;

	if (json_is_null(v)) {
		if (f->flags & OBJ_NULLABLE) {
			*out = json_null();
			return true;
		}
		if (f->kind == OBJ_REF && !(f->flags & OBJ_REQUIRED)) {
			*out = json_integer(0);
			return true;
		}
		return fail(err, errlen, "field %s must not be null", f->name);
	}
	if (!is_numeric(f->kind)) {
		if (!json_is_string(v))
			return fail(err, errlen, "field %s must be a string",
				    f->name);
		if (f->flags & OBJ_REQUIRED && !*json_string_value(v))
			return fail(err, errlen, "field %s must not be empty",
				    f->name);
		*out = json_string(json_string_value(v));
		return *out != NULL;
	}
	if (f->kind == OBJ_PTYPE && json_is_string(v) &&
	    !parse_int(json_string_value(v), &n)) {
		for (t = 0; t < WORKITEM_TYPE_COUNT; t++)
			if (strcmp(workitem_type_name(t),
				   json_string_value(v)) == 0)
				break;
		if (t == WORKITEM_TYPE_COUNT)
			return fail(err, errlen, "unknown policy type \"%s\"",
				    json_string_value(v));
		*out = json_integer(t);
		return *out != NULL;
	}
	if (!json_int(v, &n))
		return fail(err, errlen, "field %s must be a number", f->name);
	switch (f->kind) {
	case OBJ_BOOL:
		if (n != 0 && n != 1)
			return fail(err, errlen, "field %s must be 0 or 1",
				    f->name);
		break;
	case OBJ_REC:
		if (n < DB_REC_ALLOW || n > DB_REC_NONE)
			return fail(err, errlen, "field %s must be a "
				    "recommendation 0..3", f->name);
		break;
	case OBJ_PTYPE:
		info = workitem_type_info(n);
		if (!info)
			return fail(err, errlen, "unknown policy type %" PRId64,
				    n);
		break;
	case OBJ_REF:
	case OBJ_ID:
		if (n < 0)
			return fail(err, errlen, "field %s must be an id",
				    f->name);
		break;
	default:
		break;
	}
	*out = json_integer(n);
	return *out != NULL;
}

/* count rows of table where column = v, into *n. */
static bool count_where(struct db *db, const char *table, const char *column,
			int64_t v, int64_t *n)
{
	char sql[200];
	struct db_stmt *st;
	enum db_step r;

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s WHERE %s = ?",
		 table, column);
	st = db_prepare(db, sql);
	if (!st || !db_bind_int(st, 1, v)) {
		if (st)
			db_done(st);
		return false;
	}
	r = db_step(st);
	*n = r == DB_ROW ? db_column_int(st, 0) : 0;
	db_done(st);
	return r == DB_ROW;
}

/* A referenced id must exist; 0 means none unless the field is required. */
static enum obj_status check_ref(struct db *db, const struct obj_field *f,
				 const json_t *v, char *err, size_t errlen)
{
	int64_t id = json_is_integer(v) ? json_integer_value(v) : 0, n;

	if (!id) {
		if (f->flags & OBJ_REQUIRED) {
			fail(err, errlen, "field %s must name a row of %s",
			     f->name, f->ref);
			return OBJ_INVALID;
		}
		return OBJ_OK;
	}
	if (!count_where(db, f->ref, "id", id, &n)) {
		fail(err, errlen, "database error");
		return OBJ_DB_ERROR;
	}
	if (!n) {
		fail(err, errlen, "%s: %s %" PRId64 " does not exist", f->name,
		     f->ref, id);
		return OBJ_INVALID;
	}
	return OBJ_OK;
}

static bool bind_value(struct db_stmt *st, int idx, const json_t *v)
{
	if (json_is_integer(v))
		return db_bind_int(st, idx, json_integer_value(v));
	if (json_is_string(v))
		return db_bind_text(st, idx, json_string_value(v));
	return db_bind_null(st, idx);
}

static enum obj_status check_unique(struct db *db, const struct obj_type *t,
				    const json_t *row, int64_t self,
				    char *err, size_t errlen)
{
	char sql[200];
	struct db_stmt *st;
	enum db_step r;
	size_t i;

	for (i = 0; i < sizeof(unique_columns) / sizeof(unique_columns[0]);
	     i++) {
		const char *col = unique_columns[i].column;
		const char *col2 = unique_columns[i].column2;
		const json_t *v = json_object_get(row, col);
		const json_t *v2 = col2 ? json_object_get(row, col2) : NULL;

		if (strcmp(unique_columns[i].table, t->table) != 0 ||
		    !(json_is_string(v) || json_is_integer(v)) ||
		    (col2 && !json_is_integer(v2)))
			continue;
		snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE %s = ? "
			 "AND id != ?%s%s%s", t->table, col, col2 ? " AND " :
			 "", col2 ? col2 : "", col2 ? " = ?" : "");
		st = db_prepare(db, sql);
		if (!st)
			return OBJ_DB_ERROR;
		if (!bind_value(st, 1, v) || !db_bind_int(st, 2, self) ||
		    (col2 && !bind_value(st, 3, v2))) {
			db_done(st);
			return OBJ_DB_ERROR;
		}
		r = db_step(st);
		db_done(st);
		if (r == DB_ERROR)
			return OBJ_DB_ERROR;
		if (r == DB_ROW && col2) {
			fail(err, errlen, "%s %" PRId64 " with %s %" PRId64
			     " exists already", col,
			     (int64_t)json_integer_value(v), col2,
			     (int64_t)json_integer_value(v2));
			return OBJ_CONFLICT;
		}
		if (r == DB_ROW) {
			fail(err, errlen, "%s \"%s\" exists already", col,
			     row_text(row, col));
			return OBJ_CONFLICT;
		}
	}
	return OBJ_OK;
}

/* A group may not become its own ancestor. */
static bool check_group(struct db *db, const json_t *row, char *err,
			size_t errlen)
{
	int64_t self = row_int(row, "id"), g = row_int(row, "parent");
	struct db_stmt *st;
	int depth;

	for (depth = 0; g && depth < 1000; depth++) {
		if (g == self)
			return fail(err, errlen, "parent: group %" PRId64
				    " would be its own ancestor", self);
		st = db_prepare(db, "SELECT parent FROM groups WHERE id = ?");
		if (!st || !db_bind_int(st, 1, g))
			return fail(err, errlen, "database error");
		g = db_step(st) == DB_ROW ? db_column_int(st, 0) : 0;
		db_done(st);
	}
	return true;
}

/* Only these letters are flags of SWIDT and TPMRA (database.md 2.1). */
static bool letters_only(const char *s, const char *allowed)
{
	return strspn(s, allowed) == strlen(s);
}

/* The argument and target a policy type takes (database.md 2.1). */
static bool check_policy(struct db *db, const json_t *row, char *err,
			 size_t errlen)
{
	const struct workitem_type_info *info =
		workitem_type_info(row_int(row, "type"));
	const char *arg = row_text(row, "argument");
	struct port_range_list ports = { 0 };
	char why[128];
	bool ok;

	(void)db;
	if (!info)
		return fail(err, errlen, "unknown policy type %" PRId64,
			    row_int(row, "type"));
	if (info->arg == WORKITEM_ARG_FILE && !row_int(row, "file"))
		return fail(err, errlen, "policy type %s needs a file",
			    info->mnemonic);
	if (info->arg == WORKITEM_ARG_DIR && !row_int(row, "dir"))
		return fail(err, errlen, "policy type %s needs a dir",
			    info->mnemonic);
	if (info->owner == WORKITEM_OWNER_SCANNER) {
		ok = port_range_parse(arg, &ports, why, sizeof(why)) ==
		     PORT_RANGE_OK;
		port_range_list_free(&ports);
		return ok || fail(err, errlen, "argument: bad port range: %s",
				  why);
	}
	if (info->type == WORKITEM_SWIDT)
		return letters_only(arg, "RSC") ||
		       fail(err, errlen, "argument: SWIDT flags are R, S, C");
	if (info->type == WORKITEM_TPMRA)
		return letters_only(arg, "BIT") ||
		       fail(err, errlen, "argument: TPMRA flags are B, I, T");
	return !*arg || fail(err, errlen, "policy type %s takes no argument",
			     info->mnemonic);
}

static bool check_enforcement(struct db *db, const json_t *row, char *err,
			      size_t errlen)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM enforcements "
					"WHERE policy = ? AND group_id = ? "
					"AND id != ?");
	enum db_step r;

	if (row_int(row, "max_age") < 0)
		return fail(err, errlen, "max_age must not be negative");
	if (!st || !db_bind_int(st, 1, row_int(row, "policy")) ||
	    !db_bind_int(st, 2, row_int(row, "group_id")) ||
	    !db_bind_int(st, 3, row_int(row, "id"))) {
		if (st)
			db_done(st);
		return fail(err, errlen, "database error");
	}
	r = db_step(st);
	db_done(st);
	return r == DB_DONE ||
	       fail(err, errlen, "policy %" PRId64 " is already enforced in "
		    "group %" PRId64, row_int(row, "policy"),
		    row_int(row, "group_id"));
}

/* file_hashes.hash is lowercase hex text (database.md 1). */
static bool check_file_hash(struct db *db, const json_t *row, char *err,
			    size_t errlen)
{
	const char *h = row_text(row, "hash");

	(void)db;
	return (letters_only(h, "0123456789abcdef") && strlen(h) % 2 == 0) ||
	       fail(err, errlen, "hash must be lowercase hex");
}

/* The SELECT list of t's columns. */
static void select_list(const struct obj_type *t, char *buf, size_t len)
{
	const struct obj_field *f;
	size_t n = 0;

	buf[0] = '\0';
	for (f = t->fields; f->name && n < len; f++)
		n += snprintf(buf + n, len - n, "%s%s",
			      f == t->fields ? "" : ", ", f->name);
}

/* The current row of st as a new JSON object. */
static json_t *row_json(const struct obj_type *t, struct db_stmt *st)
{
	const struct obj_field *f;
	json_t *o = json_object(), *v;
	const void *blob;
	size_t len;
	int col = 0;

	for (f = t->fields; o && f->name; f++, col++) {
		if (db_column_is_null(st, col)) {
			v = json_null();
		} else if (f->kind == OBJ_TEXT) {
			v = json_string(db_column_text(st, col));
		} else if (f->kind == OBJ_BLOB) {
			blob = db_column_blob(st, col, &len);
			v = json_stringn(blob ? blob : "", len);
		} else {
			v = json_integer(db_column_int(st, col));
		}
		/* text that is not UTF-8 cannot be JSON: shown as null */
		json_object_set_new(o, f->name, v ? v : json_null());
	}
	return o;
}

/* Binds a filter's text value as the column's kind. */
static bool bind_filter(struct db_stmt *st, int idx,
			const struct obj_field *f, const char *value)
{
	int64_t n;

	if (f->kind == OBJ_BLOB)
		return db_bind_blob(st, idx, value, strlen(value));
	if (!is_numeric(f->kind))
		return db_bind_text(st, idx, value);
	return parse_int(value, &n) && db_bind_int(st, idx, n);
}

/* Writes the LIKE pattern matching text anywhere in a column. */
static void like_pattern(const char *text, char *buf, size_t len)
{
	size_t n = 0;

	if (len < 3)
		return;
	buf[n++] = '%';
	for (; *text && n + 3 < len; text++) {
		/* LIKE's wildcards and the escape match themselves */
		if (*text == '%' || *text == '_' || *text == '\\')
			buf[n++] = '\\';
		buf[n++] = *text;
	}
	buf[n++] = '%';
	buf[n] = '\0';
}

/*
 * Appends the WHERE clause of q to sql (length *n) and prepares it with
 * tail appended; the statement's next free parameter in *next.
 */
static enum obj_status prepare_where(struct db *db, const struct obj_type *t,
				     const struct obj_query *q, char *sql,
				     size_t len, size_t n, const char *tail,
				     struct db_stmt **out, int *next,
				     char *err, size_t errlen)
{
	const struct obj_field *f;
	char pattern[256];
	struct db_stmt *st;
	bool any = false;
	int64_t id;
	int idx = 1;
	size_t i;

	for (i = 0; i < q->filter_count; i++) {
		f = obj_field_find(t, q->filters[i].field);
		if (!f) {
			fail(err, errlen, "unknown filter field %s",
			     q->filters[i].field);
			return OBJ_INVALID;
		}
		n += snprintf(sql + n, len - n, "%s%s = ?",
			      i ? " AND " : " WHERE ", f->name);
		if (n >= len)
			return fail(err, errlen, "too many filters"),
			       OBJ_INVALID;
	}
	if (q->match && *q->match) {
		n += snprintf(sql + n, len - n, "%s(id = ?",
			      q->filter_count ? " AND " : " WHERE ");
		for (f = t->fields; f->name && n < len; f++)
			if (f->kind == OBJ_TEXT || f->kind == OBJ_BLOB)
				n += snprintf(sql + n, len - n, " OR CAST(%s "
					      "AS TEXT) LIKE ? ESCAPE '\\'",
					      f->name);
		/* n may be past len now: snprintf counts what it cut */
		if (n < len)
			n += snprintf(sql + n, len - n, ")");
	}
	if (n < len)
		n += snprintf(sql + n, len - n, "%s", tail);
	if (n >= len) {
		fail(err, errlen, "query too long");
		return OBJ_INVALID;
	}
	st = db_prepare(db, sql);
	if (!st) {
		fail(err, errlen, "database error");
		return OBJ_DB_ERROR;
	}
	for (i = 0; i < q->filter_count; i++) {
		f = obj_field_find(t, q->filters[i].field);
		if (!bind_filter(st, idx++, f, q->filters[i].value)) {
			db_done(st);
			fail(err, errlen, "filter %s needs a number", f->name);
			return OBJ_INVALID;
		}
	}
	if (q->match && *q->match) {
		/* text that is no id matches no row by id */
		any = db_bind_int(st, idx++, parse_int(q->match, &id) ? id :
				  -1);
		like_pattern(q->match, pattern, sizeof(pattern));
		for (f = t->fields; any && f->name; f++)
			if (f->kind == OBJ_TEXT || f->kind == OBJ_BLOB)
				any = db_bind_text(st, idx++, pattern);
		if (!any) {
			db_done(st);
			return fail(err, errlen, "database error"),
			       OBJ_DB_ERROR;
		}
	}
	*out = st;
	*next = idx;
	return OBJ_OK;
}

enum obj_status obj_list(struct db *db, const struct obj_type *t,
			 const struct obj_query *q, json_t **out,
			 char *err, size_t errlen)
{
	char cols[512], sql[2048];
	struct db_stmt *st;
	enum obj_status s;
	enum db_step r;
	json_t *a;
	size_t n;
	int idx;

	select_list(t, cols, sizeof(cols));
	n = snprintf(sql, sizeof(sql), "SELECT %s FROM %s", cols, t->table);
	s = prepare_where(db, t, q, sql, sizeof(sql), n, q->newest_first ?
			  " ORDER BY id DESC LIMIT ? OFFSET ?" :
			  " ORDER BY id LIMIT ? OFFSET ?", &st, &idx, err,
			  errlen);
	if (s != OBJ_OK)
		return s;
	db_bind_int(st, idx, q->limit > 0 ? q->limit : -1);
	db_bind_int(st, idx + 1, q->offset > 0 ? q->offset : 0);
	a = json_array();
	while (a && (r = db_step(st)) == DB_ROW)
		json_array_append_new(a, row_json(t, st));
	db_done(st);
	if (!a || r == DB_ERROR) {
		json_decref(a);
		fail(err, errlen, "database error");
		return OBJ_DB_ERROR;
	}
	*out = a;
	return OBJ_OK;
}

enum obj_status obj_count(struct db *db, const struct obj_type *t,
			  const struct obj_query *q, int64_t *count,
			  char *err, size_t errlen)
{
	char sql[2048];
	struct db_stmt *st;
	enum obj_status s;
	size_t n;
	int idx;

	n = snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", t->table);
	s = prepare_where(db, t, q, sql, sizeof(sql), n, "", &st, &idx, err,
			  errlen);
	if (s != OBJ_OK)
		return s;
	if (db_step(st) != DB_ROW) {
		db_done(st);
		fail(err, errlen, "database error");
		return OBJ_DB_ERROR;
	}
	*count = db_column_int(st, 0);
	db_done(st);
	return OBJ_OK;
}

enum obj_status obj_get(struct db *db, const struct obj_type *t, int64_t id,
			json_t **out, char *err, size_t errlen)
{
	char cols[512], sql[800];
	struct db_stmt *st;
	enum db_step r;

	select_list(t, cols, sizeof(cols));
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE id = ?", cols,
		 t->table);
	st = db_prepare(db, sql);
	if (!st || !db_bind_int(st, 1, id)) {
		if (st)
			db_done(st);
		fail(err, errlen, "database error");
		return OBJ_DB_ERROR;
	}
	r = db_step(st);
	*out = r == DB_ROW ? row_json(t, st) : NULL;
	db_done(st);
	if (r == DB_ERROR) {
		fail(err, errlen, "database error");
		return OBJ_DB_ERROR;
	}
	if (r == DB_DONE) {
		fail(err, errlen, "%s %" PRId64 " does not exist", t->name, id);
		return OBJ_NOT_FOUND;
	}
	return OBJ_OK;
}

/*
 * Applies the fields of in to row, normalised and with their references
 * checked; in's unknown and read-only fields are refused.
 */
static enum obj_status apply(struct db *db, const struct obj_type *t,
			     const json_t *in, json_t *row, char *err,
			     size_t errlen)
{
	const struct obj_field *f;
	enum obj_status s;
	const char *key;
	json_t *v, *norm = NULL;

	if (!json_is_object(in)) {
		fail(err, errlen, "the body must be a JSON object");
		return OBJ_INVALID;
	}
	json_object_foreach((json_t *)in, key, v) {
		f = obj_field_find(t, key);
		if (!f) {
			fail(err, errlen, "unknown field %s", key);
			return OBJ_INVALID;
		}
		if (f->flags & OBJ_READONLY) {
			fail(err, errlen, "field %s cannot be set", key);
			return OBJ_INVALID;
		}
		if (!normalise(f, v, &norm, err, errlen))
			return OBJ_INVALID;
		json_object_set_new(row, key, norm);
		if (f->kind == OBJ_REF) {
			s = check_ref(db, f, norm, err, errlen);
			if (s != OBJ_OK)
				return s;
		}
	}
	return OBJ_OK;
}

static enum obj_status validate(struct db *db, const struct obj_type *t,
				const json_t *row, int64_t self, char *err,
				size_t errlen)
{
	enum obj_status s = check_unique(db, t, row, self, err, errlen);

	if (s != OBJ_OK)
		return s;
	if (t->check && !t->check(db, row, err, errlen))
		return OBJ_INVALID;
	return OBJ_OK;
}

/*
 * INSERT (id 0) or UPDATE of the writable fields present in row, in the
 * order of the descriptor.
 */
static bool write_row(struct db *db, const struct obj_type *t,
		      const json_t *row, int64_t id)
{
	const struct obj_field *f;
	char sql[1024], vals[256];
	size_t n, m = 0;
	struct db_stmt *st;
	int idx = 1;
	bool ok = true;

	if (id)
		n = snprintf(sql, sizeof(sql), "UPDATE %s SET ", t->table);
	else
		n = snprintf(sql, sizeof(sql), "INSERT INTO %s (", t->table);
	for (f = t->fields; f->name; f++) {
		if (f->flags & OBJ_READONLY || !json_object_get(row, f->name))
			continue;
		n += snprintf(sql + n, sizeof(sql) - n, "%s%s%s",
			      idx > 1 ? ", " : "", f->name, id ? " = ?" : "");
		m += snprintf(vals + m, sizeof(vals) - m, "%s?",
			      idx > 1 ? ", " : "");
		idx++;
	}
	if (id)
		snprintf(sql + n, sizeof(sql) - n, " WHERE id = ?");
	else if (idx == 1)
		snprintf(sql + n - 2, sizeof(sql) - n + 2,
			 " DEFAULT VALUES");
	else
		snprintf(sql + n, sizeof(sql) - n, ") VALUES (%s)", vals);
	st = db_prepare(db, sql);
	if (!st)
		return false;
	idx = 1;
	for (f = t->fields; ok && f->name; f++) {
		if (f->flags & OBJ_READONLY || !json_object_get(row, f->name))
			continue;
		ok = bind_value(st, idx++, json_object_get(row, f->name));
	}
	if (ok && id)
		ok = db_bind_int(st, idx, id);
	if (!ok) {
		db_done(st);
		return false;
	}
	return db_run(st);
}

static enum obj_status not_writable(const struct obj_type *t, char *err,
				    size_t errlen)
{
	fail(err, errlen, "%s are read only", t->name);
	return OBJ_INVALID;
}

/* Ends a change: commit when s is OBJ_OK, else roll back. */
static enum obj_status finish(struct db *db, enum obj_status s, char *err,
			      size_t errlen)
{
	if (s != OBJ_OK) {
		db_rollback(db);
		return s;
	}
	if (!db_commit(db)) {
		fail(err, errlen, "database error");
		return OBJ_DB_ERROR;
	}
	return OBJ_OK;
}

enum obj_status obj_create(struct db *db, const struct obj_type *t,
			   const json_t *in, int64_t *id, char *err,
			   size_t errlen)
{
	const struct obj_field *f;
	enum obj_status s;
	json_t *row;

	if (!t->writable)
		return not_writable(t, err, errlen);
	row = json_object();
	if (!row || !db_begin(db)) {
		json_decref(row);
		fail(err, errlen, "database error");
		return OBJ_DB_ERROR;
	}
	s = apply(db, t, in, row, err, errlen);
	for (f = t->fields; s == OBJ_OK && f->name; f++)
		if (f->flags & OBJ_REQUIRED && !json_object_get(row, f->name)) {
			fail(err, errlen, "field %s is missing", f->name);
			s = OBJ_INVALID;
		}
	if (s == OBJ_OK)
		s = validate(db, t, row, 0, err, errlen);
	if (s == OBJ_OK && !write_row(db, t, row, 0)) {
		fail(err, errlen, "database error");
		s = OBJ_DB_ERROR;
	}
	*id = s == OBJ_OK ? db_last_id(db) : 0;
	json_decref(row);
	return finish(db, s, err, errlen);
}

enum obj_status obj_update(struct db *db, const struct obj_type *t,
			   int64_t id, const json_t *in, char *err,
			   size_t errlen)
{
	enum obj_status s;
	json_t *row = NULL;

	if (!t->writable)
		return not_writable(t, err, errlen);
	if (!db_begin(db)) {
		fail(err, errlen, "database error");
		return OBJ_DB_ERROR;
	}
	s = obj_get(db, t, id, &row, err, errlen);
	if (s == OBJ_OK)
		s = apply(db, t, in, row, err, errlen);
	if (s == OBJ_OK)
		s = validate(db, t, row, id, err, errlen);
	if (s == OBJ_OK && !write_row(db, t, row, id)) {
		fail(err, errlen, "database error");
		s = OBJ_DB_ERROR;
	}
	json_decref(row);
	return finish(db, s, err, errlen);
}

enum obj_status obj_delete(struct db *db, const struct obj_type *t,
			   int64_t id, char *err, size_t errlen)
{
	const struct obj_use *u;
	enum obj_status s;
	json_t *row = NULL;
	int64_t n;

	if (!t->writable)
		return not_writable(t, err, errlen);
	if (!db_begin(db)) {
		fail(err, errlen, "database error");
		return OBJ_DB_ERROR;
	}
	s = obj_get(db, t, id, &row, err, errlen);
	json_decref(row);
	for (u = t->used_by; s == OBJ_OK && u->table; u++) {
		if (!count_where(db, u->table, u->column, id, &n)) {
			fail(err, errlen, "database error");
			s = OBJ_DB_ERROR;
		} else if (n) {
			fail(err, errlen, "%s %" PRId64 " is still used by %"
			     PRId64 " %s", t->name, id, n, u->what);
			s = OBJ_CONFLICT;
		}
	}
	if (s == OBJ_OK && !count_where(db, t->table, "id", id, &n))
		s = OBJ_DB_ERROR;
	if (s == OBJ_OK) {
		char sql[128];
		struct db_stmt *st;

		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id = ?",
			 t->table);
		st = db_prepare(db, sql);
		if (st && !db_bind_int(st, 1, id)) {
			db_done(st);
			st = NULL;
		}
		if (!st || !db_run(st)) {
			fail(err, errlen, "database error");
			s = OBJ_DB_ERROR;
		}
	}
	return finish(db, s, err, errlen);
}

json_t *obj_statistics(struct db *db)
{
	const struct obj_type *t;
	json_t *o = json_object();
	struct db_stmt *st;
	char sql[128];

	for (t = obj_types; o && t->name; t++) {
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", t->table);
		st = db_prepare(db, sql);
		if (!st)
			continue;
		if (db_step(st) == DB_ROW)
			json_object_set_new(o, t->name,
					    json_integer(db_column_int(st, 0)));
		db_done(st);
	}
	return o;
}
