-- Schema version 0 -> 1: a database made by the reference schema gets the
-- one index ours adds (see tables.sql, sessions_device_time). Nothing else
-- differs, so reference tools and ours share the database afterwards.
--
-- SPDX-License-Identifier: GPL-2.0-or-later
CREATE INDEX IF NOT EXISTS sessions_device_time ON sessions (device, time);
PRAGMA user_version = 1;
