/*
 * file_meas.h - the IMC side of Request File Measurement and Request File
 * Metadata (attestation spec 3, 9): checks the request (delimiter, path)
 * and builds the File Measurement or Unix-Style File Metadata attribute
 * for a regular file, or for the regular files directly in a directory
 * whose names do not start with a dot (names relative; a file by its
 * base name). A path naming anything else (directory in file mode,
 * device, FIFO) is an invalid path, so that no request makes the IMC
 * read an endless file. Paths are looked up below a root prefix
 * (tests).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ATT_FILE_MEAS_H
#define ATT_FILE_MEAS_H

#include <stddef.h>

#include "buf.h"
#include "pts_meas_algo.h"
#include "tcg_pts.h"

/* Files of one directory the IMC reports at most. */
#define FILE_MEAS_MAX_FILES 65536

/*
 * Appends the whole File Measurement attribute (header with NOSKIP, as
 * the reference sends it) for req to w, hashing whole file contents with
 * algo. Returns 0, a PTS error code to answer with (TCG_PTS_INVALID_PATH,
 * TCG_PTS_FILE_NOT_FOUND, TCG_PTS_INVALID_DELIMITER), or -1 when reading
 * or encoding failed (nothing to send). *count gets the number of files.
 */
int file_meas_build(const char *root, const struct tcg_req_file_meas *req,
		    enum pts_meas_algo algo, struct writer *w, size_t *count);

/* The same for Request File Metadata: a Unix-Style File Metadata. */
int file_meta_build(const char *root, const struct tcg_req_file_meta *req,
		    struct writer *w, size_t *count);

/* The PTS file type of a st_mode (spec 3). */
enum tcg_pts_file_type file_meas_type(unsigned mode);

#endif /* ATT_FILE_MEAS_H */
