/*
 * schema_sql.h - unit tests and fuzz targets that need a policy
 * database load the schema files into it with this.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TEST_SCHEMA_SQL_H
#define TEST_SCHEMA_SQL_H

#include <sqlite3.h>

/*
 * Runs the schema file name ("tables.sql", "data.sql") on conn; aborts
 * with the reason when it cannot. The files come from the source tree's
 * schema/, or from $TNC_SCHEMA_DIR when set (e.g. the reference's files).
 */
void schema_sql_load(sqlite3 *conn, const char *name);

#endif /* TEST_SCHEMA_SQL_H */
