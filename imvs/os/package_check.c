/*
 * package_check.c - the installed-package check (package_check.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "package_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A versions row matching every installed version of its package. */
#define ANY_RELEASE "*"

int64_t package_check_product(struct db *db, const char *product)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id FROM products WHERE name = ?");
	enum db_step r;
	int64_t id = 0;

	if (!st)
		return -1;
	if (!db_bind_text(st, 1, product)) {
		db_done(st);
		return -1;
	}
	r = db_step(st);
	if (r == DB_ROW)
		id = db_column_int(st, 0);
	db_done(st);
	return r == DB_ERROR ? -1 : id;
}

/* packages.id of name: 0 when unknown, -1 on failure. */
static int64_t package_id(struct db *db, const char *name)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id FROM packages WHERE name = ? ORDER BY id");
	enum db_step r;
	int64_t id = 0;

	if (!st)
		return -1;
	if (!db_bind_text(st, 1, name)) {
		db_done(st);
		return -1;
	}
	r = db_step(st);
	if (r == DB_ROW)
		id = db_column_int(st, 0);
	db_done(st);
	return r == DB_ERROR ? -1 : id;
}

/*
 * The verdict of the first versions row of (product, package) whose
 * release is version or "*" (4.2 step 3); false on failure.
 */
static bool match_release(struct db *db, int64_t product, int64_t package,
			  const char *version, enum package_verdict *v)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT release, security, blacklist FROM versions "
		"WHERE product = ? AND package = ? ORDER BY id");
	const char *release;
	enum db_step r;

	*v = PACKAGE_UNKNOWN;
	if (!st)
		return false;
	if (!db_bind_int(st, 1, product) || !db_bind_int(st, 2, package)) {
		db_done(st);
		return false;
	}
	while ((r = db_step(st)) == DB_ROW) {
		release = db_column_text(st, 0);
		if (!release || (strcmp(release, version) != 0 &&
				 strcmp(release, ANY_RELEASE) != 0))
			continue;
		if (db_column_int(st, 2))
			*v = PACKAGE_BLACKLISTED;
		else if (db_column_int(st, 1))
			*v = PACKAGE_VULNERABLE;
		else
			*v = PACKAGE_OK;
		break;
	}
	db_done(st);
	return r != DB_ERROR;
}

static bool add_name(char ***list, size_t *count, const char *name)
{
	char **grown = realloc(*list, (*count + 1) * sizeof(*grown));
	char *copy = strdup(name);

	if (grown)
		*list = grown;
	if (!grown || !copy) {
		free(copy);
		return false;
	}
	(*list)[(*count)++] = copy;
	return true;
}

bool package_check_one(struct db *db, int64_t product, const char *name,
		       const char *version, struct package_check *pc,
		       enum package_verdict *verdict)
{
	enum package_verdict v = PACKAGE_UNKNOWN;
	int64_t package = 0;

	if (product > 0) {
		package = package_id(db, name);
		if (package < 0)
			return false;
	}
	if (package > 0 && !match_release(db, product, package, version, &v))
		return false;
	switch (v) {
	case PACKAGE_BLACKLISTED:
		if (!add_name(&pc->remove, &pc->remove_count, name))
			return false;
		pc->blacklisted++;
		break;
	case PACKAGE_VULNERABLE:
		if (!add_name(&pc->update, &pc->update_count, name))
			return false;
		pc->vulnerable++;
		break;
	case PACKAGE_OK:
		pc->ok++;
		break;
	case PACKAGE_UNKNOWN:
		break;
	}
	pc->count++;
	if (verdict)
		*verdict = v;
	return true;
}

void package_check_result(const struct package_check *pc, char *buf,
			  size_t len)
{
	snprintf(buf, len, "processed %u packages: %u vulnerable, "
		 "%u blacklisted, %u ok, %u unknown", pc->count,
		 pc->vulnerable, pc->blacklisted, pc->ok,
		 pc->count - pc->vulnerable - pc->blacklisted - pc->ok);
}

TNC_IMV_Evaluation_Result package_check_eval(const struct package_check *pc)
{
	return pc->vulnerable + pc->blacklisted > 0 ?
	       TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR :
	       TNC_IMV_EVALUATION_RESULT_COMPLIANT;
}

void package_check_free(struct package_check *pc)
{
	size_t i;

	for (i = 0; i < pc->update_count; i++)
		free(pc->update[i]);
	for (i = 0; i < pc->remove_count; i++)
		free(pc->remove[i]);
	free(pc->update);
	free(pc->remove);
	memset(pc, 0, sizeof(*pc));
}
