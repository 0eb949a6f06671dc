/*
 * file_meas.h - the file measurement workitems of the Attestation IMV
 * (attestation spec 4 step 4 and 9): FMEAS/DMEAS compare a File
 * Measurement with the golden hashes of the session's product, FREFM/
 * DREFM store it as reference (a generic version of the product), FMETA/
 * DMETA only ask for metadata. The workitem's arg_int names the file
 * (files.id) or directory (directories.id).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ATT_FILE_MEAS_H
#define ATT_FILE_MEAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "golden.h"
#include "pts_meas_algo.h"
#include "tcg_pts.h"

enum file_meas_action {
	FILE_MEAS_META,		/* Request File Metadata, done at once */
	FILE_MEAS_COMPARE,	/* FMEAS, DMEAS */
	FILE_MEAS_REFERENCE,	/* FREFM, DREFM */
};

/* What a workitem type of spec 9 does. */
struct file_meas_type {
	int64_t type;			/* enum workitem_type */
	bool dir;			/* arg_int is a directory */
	enum file_meas_action action;
	const char *noun;		/* "file" or "directory" */
};

/* The row of a workitem type, NULL when it is no file workitem. */
const struct file_meas_type *file_meas_type_find(int64_t type);

/*
 * The path a workitem measures (spec 4 step 4): a directory's path, or a
 * file's name joined with its directory by '/' (or '\' when the
 * directory path does not start with '/'; none after the root).
 * Caller frees; NULL for an unknown id or a database error.
 */
char *file_meas_path(struct db *db, bool dir, int64_t id);

enum file_meas_verdict {
	FILE_MEAS_OK,		/* correct, or reference stored */
	FILE_MEAS_INCORRECT,	/* a file missing or differing */
	FILE_MEAS_ERROR,	/* database error, name mismatch */
};

/*
 * FMEAS/DMEAS (spec 9.2): every file of the database (id: the file, or
 * the files of the directory) with hashes of algo must be in m (by name
 * in directory mode) with a measurement equal to one of its hashes.
 */
enum file_meas_verdict file_meas_compare(struct golden *g,
					 const struct file_meas_type *t,
					 int64_t id, enum pts_meas_algo algo,
					 const struct tcg_file_meas *m);

/*
 * FREFM/DREFM (spec 9.2): stores m's measurements as hex hashes of algo
 * under the product's generic version (package ''), in one transaction.
 */
enum file_meas_verdict file_meas_reference(struct db *db, int64_t product,
					   const struct file_meas_type *t,
					   int64_t id, enum pts_meas_algo algo,
					   const struct tcg_file_meas *m);

/*
 * The workitem result text of a verdict, e.g. "file measurement
 * correct", "directory reference measurement successful".
 */
void file_meas_result_text(const struct file_meas_type *t,
			   enum file_meas_verdict v, char *buf, size_t len);

#endif /* ATT_FILE_MEAS_H */
