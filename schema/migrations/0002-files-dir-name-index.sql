-- Schema version 1 -> 2: an index on files (dir, name). The Attestation
-- IMV looks up every IMA log entry by directory and base name, and loads
-- whole directories of golden hashes (libpts/golden.c); with files_name
-- alone a base name shared by many directories is a scan of all of them,
-- and a directory's files are a scan of the table. Reference tools never
-- see an index, so they keep working on the migrated database.
--
-- SPDX-License-Identifier: GPL-2.0-or-later
CREATE INDEX IF NOT EXISTS files_dir_name ON files (dir, name);
PRAGMA user_version = 2;
