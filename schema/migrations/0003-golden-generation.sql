-- Schema version 2 -> 3: the golden generation, a counter raised by
-- every change of the golden hash tables (directories, files, versions,
-- file_hashes), by any program that writes them. The Attestation IMV
-- keeps a product's golden hashes in memory across sessions
-- (libpts/golden_cache.h) and loads them again once the counter moved.
-- Reference tools neither read the table nor notice the triggers.
--
-- SPDX-License-Identifier: GPL-2.0-or-later
CREATE TABLE IF NOT EXISTS golden_generation (
  n INTEGER NOT NULL
);
INSERT INTO golden_generation (n)
  SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM golden_generation);
CREATE TRIGGER IF NOT EXISTS golden_generation_directories_insert
  AFTER INSERT ON directories
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS golden_generation_directories_update
  AFTER UPDATE ON directories
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS golden_generation_directories_delete
  AFTER DELETE ON directories
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS golden_generation_files_insert
  AFTER INSERT ON files
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS golden_generation_files_update
  AFTER UPDATE ON files
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS golden_generation_files_delete
  AFTER DELETE ON files
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS golden_generation_versions_insert
  AFTER INSERT ON versions
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS golden_generation_versions_update
  AFTER UPDATE ON versions
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS golden_generation_versions_delete
  AFTER DELETE ON versions
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS golden_generation_file_hashes_insert
  AFTER INSERT ON file_hashes
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS golden_generation_file_hashes_update
  AFTER UPDATE ON file_hashes
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS golden_generation_file_hashes_delete
  AFTER DELETE ON file_hashes
  BEGIN UPDATE golden_generation SET n = n + 1; END;
PRAGMA user_version = 3;
