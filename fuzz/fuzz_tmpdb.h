/*
 * fuzz_tmpdb.h - the policy database file of a fuzz target's process:
 * made in a fresh temporary directory and removed, with SQLite's -wal
 * and -shm files, when the process exits.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FUZZ_TMPDB_H
#define FUZZ_TMPDB_H

#include "db.h"

/*
 * The path of the database, "/tmp/fuzz-<name>-XXXXXX/config.db" (static
 * storage); aborts when the directory cannot be made. Once per process.
 */
const char *fuzz_tmpdb_path(const char *name);

/*
 * The database at fuzz_tmpdb_path(name) made by running schema (SQL
 * text), opened through the database layer; aborts on any failure.
 */
struct db *fuzz_tmpdb_open(const char *name, const char *schema);

#endif /* FUZZ_TMPDB_H */
