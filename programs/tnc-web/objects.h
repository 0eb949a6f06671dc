/*
 * objects.h - the policy database objects an administrator edits
 * (devices, groups, policies, enforcements, products, packages, ...),
 * described by one table each, and the one place that validates and
 * writes them. The REST API of tnc-web and the tnc-policy command line
 * are two front ends over these calls, so both accept and refuse the same
 * things with the same messages.
 *
 * Objects travel as JSON objects whose keys are the column names of the
 * policy schema (database.md section 1), so the schema stays the one
 * strongTNC reads. Every change runs in one transaction and a refused
 * change leaves the database as it was.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_WEB_OBJECTS_H
#define TNC_WEB_OBJECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "db.h"

enum obj_kind {
	OBJ_ID,		/* the row id */
	OBJ_INT,
	OBJ_TEXT,
	OBJ_BLOB,	/* stored as BLOB, shown as text (identities.value) */
	OBJ_BOOL,	/* 0 or 1 */
	OBJ_REC,	/* recommendation 0..3 (database.md 2.2) */
	OBJ_PTYPE,	/* policy type: code or mnemonic (workitem.h) */
	OBJ_REF,	/* id of a row of ref; 0 or null is "none" */
};

enum obj_flags {
	OBJ_REQUIRED = 1,	/* create needs it */
	OBJ_READONLY = 2,	/* written by the TNC server, never by hand */
	OBJ_NULLABLE = 4,	/* may be null (else a default applies) */
};

struct obj_field {
	const char *name;	/* column and JSON key */
	enum obj_kind kind;
	unsigned flags;
	const char *ref;	/* OBJ_REF: the referenced table */
	const char *label;	/* "On failure": what the pages call it */
};

/* A column of another table that holds this object's id. */
struct obj_use {
	const char *table;
	const char *column;
	const char *what;	/* "enforcement(s)", for messages */
};

struct obj_type {
	const char *name;	/* "policies", as in /api/policies/ */
	const char *table;
	const struct obj_field *fields;	/* ends with name NULL */
	const struct obj_use *used_by;	/* ends with table NULL */
	bool writable;
	/* cross-field checks of a complete row; false with err set */
	bool (*check)(struct db *db, const json_t *row, char *err,
		      size_t errlen);
	/* presentation only: "Policies" as a page title, "policy" as a
	 * noun in the pages' sentences */
	const char *title;
	const char *noun;
};

enum obj_status {
	OBJ_OK,
	OBJ_NOT_FOUND,		/* no such row (404) */
	OBJ_INVALID,		/* refused input, err says why (400) */
	OBJ_CONFLICT,		/* still referenced, or not unique (409) */
	OBJ_DB_ERROR,		/* (500) */
};

/* The object type called name, or NULL. */
const struct obj_type *obj_type_find(const char *name);
/* The field of t named name, NULL when it has none. */
const struct obj_field *obj_field_find(const struct obj_type *t,
				      const char *name);
/* Every type, ending with name NULL (for statistics and help). */
extern const struct obj_type obj_types[];

/* One field = value filter of a list. */
struct obj_filter {
	const char *field;
	const char *value;
};

struct obj_query {
	const struct obj_filter *filters;
	size_t filter_count;
	int64_t limit;		/* <= 0: no limit */
	int64_t offset;
	/* text anywhere in a text column (any ASCII case), or the id */
	const char *match;
	bool newest_first;	/* by id descending */
};

/* Rows matching q, as a new JSON array in *out (caller frees). */
enum obj_status obj_list(struct db *db, const struct obj_type *t,
			 const struct obj_query *q, json_t **out,
			 char *err, size_t errlen);
/* The number of rows matching q (its limit and offset ignored). */
enum obj_status obj_count(struct db *db, const struct obj_type *t,
			  const struct obj_query *q, int64_t *count,
			  char *err, size_t errlen);
/* Row id as a new JSON object in *out (caller frees). */
enum obj_status obj_get(struct db *db, const struct obj_type *t, int64_t id,
			json_t **out, char *err, size_t errlen);
/* Inserts the object in; its new id in *id. */
enum obj_status obj_create(struct db *db, const struct obj_type *t,
			   const json_t *in, int64_t *id, char *err,
			   size_t errlen);
/* Changes the fields in names (others are kept). */
enum obj_status obj_update(struct db *db, const struct obj_type *t,
			   int64_t id, const json_t *in, char *err,
			   size_t errlen);
/* Deletes row id unless another row still refers to it (OBJ_CONFLICT). */
enum obj_status obj_delete(struct db *db, const struct obj_type *t,
			   int64_t id, char *err, size_t errlen);

/* Row counts of every table, as a new JSON object (caller frees). */
json_t *obj_statistics(struct db *db);

#endif /* TNC_WEB_OBJECTS_H */
