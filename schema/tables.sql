-- Policy database schema (SQLite) of the TNC server stack.
--
-- SPDX-License-Identifier: GPL-2.0-or-later
--
-- Creates every table and index that the IMVs, the policy manager, the
-- attestation tool and the strongTNC web application use.  Table names,
-- column names, column types, constraints, defaults and index names are
-- those of the reference TNC (libimcv IMV) database, so tools written for
-- that database can open one made from this file.  The authority for every
-- definition below is the shared specification, database.md section 1.
--
-- Re-running: each table is dropped (which drops its indexes) and created
-- again, so loading this file resets the database to an empty schema.
-- All data is lost: use it to create a new database or to reset a test
-- database, never to upgrade one in use.
-- Upgrades of existing databases go through schema/migrations/ (see
-- README.md).  Load it with the sqlite3 shell, e.g.
--     sqlite3 -bail config.db < tables.sql
-- then load data.sql for the seed rows.
--
-- Conventions: "id" columns are rowid aliases; columns named after another
-- table hold that table's id (declared with REFERENCES for documentation,
-- SQLite does not enforce them unless PRAGMA foreign_keys is on); 0 in
-- such a column means "none" where a DEFAULT 0 is given.  Timestamps are
-- UNIX epoch seconds.

BEGIN TRANSACTION;

-- ---------------------------------------------------------------------
-- File system catalogue: directories, files, measurement algorithms and
-- golden file hashes.
-- ---------------------------------------------------------------------

-- Absolute directory paths without a trailing slash ("/" for the root).
DROP TABLE IF EXISTS directories;
CREATE TABLE directories (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  path TEXT NOT NULL
);
CREATE INDEX directories_path ON directories (
  path
);

-- Files by base name inside a directory.
DROP TABLE IF EXISTS files;
CREATE TABLE files (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  dir INTEGER DEFAULT 0 REFERENCES directories(id),
  name TEXT NOT NULL
);
CREATE INDEX files_name ON files (
  name
);
-- Ours (migration 0002): IMA paths are looked up by directory and name.
CREATE INDEX files_dir_name ON files (
  dir, name
);

-- PTS measurement algorithms; the id is the algorithm's PTS bit value
-- (SHA1 0x8000, SHA256 0x4000, SHA384 0x2000, SHA512 0x1000).
DROP TABLE IF EXISTS algorithms;
CREATE TABLE algorithms (
  id INTEGER PRIMARY KEY,
  name VARCHAR(20) NOT NULL
);

-- Golden hashes of files, as lowercase hex text, per package version.
DROP TABLE IF EXISTS file_hashes;
CREATE TABLE file_hashes (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  file INTEGER NOT NULL REFERENCES files(id),
  version INTEGER REFERENCES versions(id),
  device INTEGER REFERENCES devices(id),
  size INTEGER,
  algo INTEGER NOT NULL REFERENCES algorithms(id),
  hash VARCHAR(64) NOT NULL,
  mutable INTEGER DEFAULT 0
);
CREATE INDEX file_hashes_idx ON file_hashes (
  file, version, algo
);

-- ---------------------------------------------------------------------
-- Operating system products, packages and package versions.
-- ---------------------------------------------------------------------

-- "<OS name> <OS version>", e.g. "Debian 12 x86_64".
DROP TABLE IF EXISTS products;
CREATE TABLE products (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL
);
CREATE INDEX products_name ON products (
  name
);

-- Package names as the IMC reports them; '' is the generic package that
-- holds reference file measurements.
DROP TABLE IF EXISTS packages;
CREATE TABLE packages (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  blacklist INTEGER DEFAULT 0
);
CREATE INDEX packages_name ON packages (
  name
);

-- Known releases of a package on a product; release '*' matches any
-- installed version.  security/blacklist are 0/1 flags.
DROP TABLE IF EXISTS versions;
CREATE TABLE versions (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  product INTEGER NOT NULL REFERENCES products(id),
  package INTEGER NOT NULL REFERENCES packages(id),
  release TEXT,
  security INTEGER DEFAULT 0,
  blacklist INTEGER DEFAULT 0,
  time INTEGER DEFAULT 0
);
CREATE INDEX versions_release ON versions (
  release
);
CREATE INDEX versions_package_product ON versions (
  package, product
);

-- ---------------------------------------------------------------------
-- Endpoints: devices and the identities seen with them.
-- ---------------------------------------------------------------------

-- One row per (device id string, product); created stays NULL until the
-- policy manager has put the device into its default group.
DROP TABLE IF EXISTS devices;
CREATE TABLE devices (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  description TEXT DEFAULT '',
  value TEXT NOT NULL,
  product INTEGER REFERENCES products(id),
  trusted INTEGER DEFAULT 0,
  created INTEGER,
  inactive INTEGER DEFAULT 0
);
CREATE INDEX devices_value ON devices (
  value
);

-- Access requestor identities (TCG identity type, value stored as BLOB).
DROP TABLE IF EXISTS identities;
CREATE TABLE identities (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  type INTEGER NOT NULL,
  value BLOB NOT NULL,
  UNIQUE (type, value)
);

-- ---------------------------------------------------------------------
-- Groups, policies and their enforcement per group.
-- ---------------------------------------------------------------------

-- Device groups forming a tree; group 1 ("Default") must exist.
DROP TABLE IF EXISTS groups;
CREATE TABLE groups (
  id INTEGER NOT NULL PRIMARY KEY,
  name VARCHAR(50) NOT NULL UNIQUE,
  parent INTEGER
);

-- Group membership of devices.
DROP TABLE IF EXISTS groups_members;
CREATE TABLE groups_members (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  group_id INTEGER NOT NULL REFERENCES groups(id),
  device_id INTEGER NOT NULL REFERENCES devices(id),
  UNIQUE (group_id, device_id)
);

-- The group a new device of a product is put into.
DROP TABLE IF EXISTS groups_product_defaults;
CREATE TABLE groups_product_defaults (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  group_id INTEGER NOT NULL REFERENCES groups(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  UNIQUE (group_id, product_id)
);

-- Checks: type is the workitem type code, argument is copied to the
-- workitem, file/dir name the target of file and directory checks.
DROP TABLE IF EXISTS policies;
CREATE TABLE policies (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  type INTEGER NOT NULL,
  name VARCHAR(100) NOT NULL UNIQUE,
  argument TEXT NOT NULL DEFAULT '',
  rec_fail INTEGER NOT NULL,
  rec_noresult INTEGER NOT NULL,
  file INTEGER DEFAULT 0 REFERENCES files(id),
  dir INTEGER DEFAULT 0 REFERENCES directories(id)
);

-- A policy applied to a group; non-zero rec_* override the policy's,
-- max_age (seconds) skips the check after a recent ALLOW result.
DROP TABLE IF EXISTS enforcements;
CREATE TABLE enforcements (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  policy INTEGER NOT NULL REFERENCES policies(id),
  group_id INTEGER NOT NULL REFERENCES groups(id),
  rec_fail INTEGER,
  rec_noresult INTEGER,
  max_age INTEGER NOT NULL,
  UNIQUE (policy, group_id)
);

-- ---------------------------------------------------------------------
-- TNC sessions, their pending workitems and the archived results.
-- ---------------------------------------------------------------------

-- One row per assessed connection; rec is the final TNCS decision
-- (3 = no recommendation until the connection ends).
DROP TABLE IF EXISTS sessions;
CREATE TABLE sessions (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  time INTEGER NOT NULL,
  connection INTEGER NOT NULL,
  identity INTEGER DEFAULT 0 REFERENCES identities(id),
  device INTEGER DEFAULT 0 REFERENCES devices(id),
  product INTEGER DEFAULT 0 REFERENCES products(id),
  rec INTEGER DEFAULT 3
);
-- Ours, not the reference's: the policy manager's freshness check looks
-- for a device's recent sessions on every enforcement; without this index
-- that is a scan of all results. Migration 0001 adds it to a database made
-- by the reference schema.
CREATE INDEX sessions_device_time ON sessions (
  device, time
);

-- All access requestor identities of a session.
DROP TABLE IF EXISTS sessions_identities;
CREATE TABLE sessions_identities (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  identity_id INTEGER NOT NULL REFERENCES identities(id),
  UNIQUE (session_id, identity_id)
);

-- Checks to run in a session, created by the policy manager at "start"
-- and deleted at "stop"; the IMVs write rec_final and result.
DROP TABLE IF EXISTS workitems;
CREATE TABLE workitems (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  session INTEGER NOT NULL REFERENCES sessions(id),
  enforcement INTEGER NOT NULL REFERENCES enforcements(id),
  type INTEGER NOT NULL,
  arg_str TEXT,
  arg_int INTEGER DEFAULT 0,
  rec_fail INTEGER NOT NULL,
  rec_noresult INTEGER NOT NULL,
  rec_final INTEGER,
  result TEXT
);
CREATE INDEX workitems_sessions ON workitems (
  session
);

-- Permanent history of evaluated workitems, written at "stop".  (The
-- reference declares session as referencing a table "measurements" that
-- does not exist; it holds a sessions id, and is declared so here.)
DROP TABLE IF EXISTS results;
CREATE TABLE results (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  session INTEGER NOT NULL REFERENCES sessions(id),
  policy INTEGER NOT NULL REFERENCES policies(id),
  rec INTEGER NOT NULL,
  result TEXT NOT NULL
);
CREATE INDEX results_session ON results (
  session
);

-- ---------------------------------------------------------------------
-- Remote attestation: functional components and per-device golden
-- boot measurements.
-- ---------------------------------------------------------------------

-- Functional component names (vendor PEN, name, qualifier) with the
-- one-letter label the attestation IMV uses.
DROP TABLE IF EXISTS components;
CREATE TABLE components (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  vendor_id INTEGER NOT NULL,
  name INTEGER NOT NULL,
  qualifier INTEGER DEFAULT 0,
  label TEXT NOT NULL
);

-- Evidence entries learned on a device's first attestation; key is the
-- device id, hash the raw digest.
DROP TABLE IF EXISTS component_hashes;
CREATE TABLE component_hashes (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  component INTEGER NOT NULL REFERENCES components(id),
  key INTEGER NOT NULL REFERENCES devices(id),
  seq_no INTEGER NOT NULL,
  pcr INTEGER NOT NULL,
  algo INTEGER NOT NULL REFERENCES algorithms(id),
  hash BLOB NOT NULL
);

-- ---------------------------------------------------------------------
-- Software identification (SWID tags, SWIMA events), maintained by the
-- strongTNC REST API and read by the policy manager.
-- ---------------------------------------------------------------------

-- Organisations named in SWID tags.
DROP TABLE IF EXISTS swid_entities;
CREATE TABLE swid_entities (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  name VARCHAR(255) NOT NULL,
  regid VARCHAR(255) NOT NULL
);
CREATE INDEX swid_entities_name ON swid_entities (
  name
);
CREATE INDEX swid_entities_regid ON swid_entities (
  regid
);

-- Role of an entity in a tag (0 aggregator ... 4 tagCreator).
DROP TABLE IF EXISTS swid_entityroles;
CREATE TABLE swid_entityroles (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  tag_id INTEGER NOT NULL REFERENCES swid_tags(id),
  entity_id INTEGER NOT NULL,
  role SMALLINT UNSIGNED NOT NULL
);
CREATE INDEX swid_entityroles_tag_id ON swid_entityroles (
  tag_id
);
CREATE INDEX swid_entityroles_entity_id ON swid_entityroles (
  entity_id
);

-- One row per SWID tag; software_id is "<regid>__<tagId>".
DROP TABLE IF EXISTS swid_tags;
CREATE TABLE swid_tags (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  version_id INTEGER REFERENCES versions(id),
  package_name VARCHAR(255) NOT NULL,
  version_str VARCHAR(255) NOT NULL,
  unique_id VARCHAR(255) NOT NULL,
  swid_xml TEXT NOT NULL,
  software_id VARCHAR(255) NOT NULL
);
CREATE INDEX swid_tags_software_id ON swid_tags (
  software_id
);
CREATE INDEX swid_tags_unique_id ON swid_tags (
  unique_id
);
CREATE INDEX swid_tags_version_id ON swid_tags (
  version_id
);
CREATE INDEX swid_tags_package_name ON swid_tags (
  package_name
);

-- Files listed in a tag.
DROP TABLE IF EXISTS swid_tags_files;
CREATE TABLE swid_tags_files (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  tag_id INTEGER NOT NULL,
  file_id INTEGER NOT NULL REFERENCES files(id),
  UNIQUE (tag_id, file_id)
);
CREATE INDEX swid_tags_files_tag_id ON swid_tags_files (
  tag_id
);
CREATE INDEX swid_tags_files_file_id ON swid_tags_files (
  file_id
);

-- Tags reported in a session.
DROP TABLE IF EXISTS swid_tags_sessions;
CREATE TABLE swid_tags_sessions (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  tag_id INTEGER NOT NULL,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  UNIQUE (tag_id, session_id)
);
CREATE INDEX swid_tags_sessions_tag_id ON swid_tags_sessions (
  tag_id
);
CREATE INDEX swid_tags_sessions_session_id ON swid_tags_sessions (
  session_id
);

-- Per-device statistics of a tag: sessions it was first and last seen
-- in, events of its latest installation and deletion.
DROP TABLE IF EXISTS swid_tagstats;
CREATE TABLE swid_tagstats (
  id INTEGER NOT NULL PRIMARY KEY,
  tag_id INTEGER NOT NULL REFERENCES swid_tags(id),
  device_id INTEGER NOT NULL REFERENCES devices(id),
  first_seen_id INTEGER NOT NULL REFERENCES sessions(id),
  last_seen_id INTEGER NOT NULL REFERENCES sessions(id),
  first_installed_id INTEGER REFERENCES swid_events(id),
  last_deleted_id INTEGER REFERENCES swid_events(id),
  UNIQUE (tag_id, device_id)
);
CREATE INDEX swid_tagstats_tag_id ON swid_tagstats (
  tag_id
);
CREATE INDEX swid_tagstats_device_id ON swid_tagstats (
  device_id
);
CREATE INDEX swid_tagstats_first_seen_id ON swid_tagstats (
  first_seen_id
);
CREATE INDEX swid_tagstats_last_seen_id ON swid_tagstats (
  last_seen_id
);

-- SWIMA events received from a device (epoch and event id of the
-- endpoint's event log).
DROP TABLE IF EXISTS swid_events;
CREATE TABLE swid_events (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  device INTEGER REFERENCES devices(id),
  epoch INTEGER NOT NULL,
  eid INTEGER NOT NULL,
  timestamp CHAR(20) NOT NULL
);
CREATE INDEX swid_events_device ON swid_events (
  device
);

-- Tag changes carried by an event (action 1 creation, 2 deletion,
-- 3 alteration; source_id 1 package manager, 2 .swidtag file).
DROP TABLE IF EXISTS swid_tags_events;
CREATE TABLE swid_tags_events (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  tag_id INTEGER NOT NULL REFERENCES swid_tags(id),
  event_id INTEGER NOT NULL REFERENCES swid_events(id),
  action INTEGER NOT NULL,
  record_id INTEGER DEFAULT 0,
  source_id INTEGER DEFAULT 0
);
CREATE INDEX swid_tags_events_event_id ON swid_tags_events (
  event_id
);
CREATE INDEX swid_tags_events_tag_id ON swid_tags_events (
  tag_id
);

-- Ours (migration 0003): the golden generation, raised by every change
-- of the golden hash tables; the Attestation IMV reloads its in-memory
-- golden hashes when it moved (libpts/golden_cache.h).
DROP TABLE IF EXISTS golden_generation;
CREATE TABLE golden_generation (
  n INTEGER NOT NULL
);
INSERT INTO golden_generation (n) VALUES (0);
CREATE TRIGGER golden_generation_directories_insert
  AFTER INSERT ON directories
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER golden_generation_directories_update
  AFTER UPDATE ON directories
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER golden_generation_directories_delete
  AFTER DELETE ON directories
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER golden_generation_files_insert
  AFTER INSERT ON files
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER golden_generation_files_update
  AFTER UPDATE ON files
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER golden_generation_files_delete
  AFTER DELETE ON files
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER golden_generation_versions_insert
  AFTER INSERT ON versions
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER golden_generation_versions_update
  AFTER UPDATE ON versions
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER golden_generation_versions_delete
  AFTER DELETE ON versions
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER golden_generation_file_hashes_insert
  AFTER INSERT ON file_hashes
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER golden_generation_file_hashes_update
  AFTER UPDATE ON file_hashes
  BEGIN UPDATE golden_generation SET n = n + 1; END;
CREATE TRIGGER golden_generation_file_hashes_delete
  AFTER DELETE ON file_hashes
  BEGIN UPDATE golden_generation SET n = n + 1; END;

-- Version of this schema; migrations in schema/migrations/ raise it.
PRAGMA user_version = 3;

COMMIT;
