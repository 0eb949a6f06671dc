-- Seed data of the policy database of the TNC server stack.
--
-- SPDX-License-Identifier: GPL-2.0-or-later
--
-- Load after tables.sql into a freshly created database:
--     sqlite3 -bail config.db < data.sql
-- The rows are those of the shared specification, database.md section 3:
-- products, the file system catalogue, packages and versions, attestation
-- components, device groups with their product defaults, policies and
-- their enforcements, and SWID entities.  Ids are given explicitly where
-- other rows, the policy manager or administrators refer to them.
--
-- Not included: the 18 golden file_hashes rows of the reference seed
-- (SHA1/SHA256/SHA384 hashes of the OpenSSL files 1-5 as packaged for
-- Debian 7.2 and Ubuntu 12.10, attached to versions 2, 4, 5 and 6).  The
-- specification does not give their values.  They only ever matched those
-- two obsolete releases, so the file measurement policies 5, 6 and 7 have
-- no golden value for any current product either way; load golden hashes
-- with the attestation tool.  No devices, sessions, identities or group
-- memberships are seeded.

BEGIN TRANSACTION;

-- ---------------------------------------------------------------------
-- Products: "<OS> <version> <architecture>" (Android without one).
-- ---------------------------------------------------------------------

INSERT INTO products (id, name) VALUES
  (1, 'Debian 6.0 i686'),
  (2, 'Debian 6.0 x86_64'),
  (3, 'Debian 7.0 i686'),
  (4, 'Debian 7.0 x86_64'),
  (5, 'Debian 8.0 i686'),
  (6, 'Debian 8.0 x86_64'),
  (7, 'Ubuntu 10.04 i686'),
  (8, 'Ubuntu 10.04 x86_64'),
  (9, 'Ubuntu 10.10 i686'),
  (10, 'Ubuntu 10.10 x86_64'),
  (11, 'Ubuntu 11.04 i686'),
  (12, 'Ubuntu 11.04 x86_64'),
  (13, 'Ubuntu 11.10 i686'),
  (14, 'Ubuntu 11.10 x86_64'),
  (15, 'Ubuntu 12.04 i686'),
  (16, 'Ubuntu 12.04 x86_64'),
  (17, 'Ubuntu 12.10 i686'),
  (18, 'Ubuntu 12.10 x86_64'),
  (19, 'Ubuntu 13.04 i686'),
  (20, 'Ubuntu 13.04 x86_64'),
  (21, 'Android 4.1.1'),
  (22, 'Android 4.2.1'),
  (23, 'Ubuntu 13.10 i686'),
  (24, 'Ubuntu 13.10 x86_64'),
  (25, 'Debian 7.1 i686'),
  (26, 'Debian 7.1 x86_64'),
  (27, 'Debian 7.2 i686'),
  (28, 'Debian 7.2 x86_64'),
  (29, 'Android 4.1.2'),
  (30, 'Android 4.2.2'),
  (31, 'Android 4.3.1'),
  (32, 'Android 4.4'),
  (33, 'Android 4.4.1'),
  (34, 'Android 4.4.2'),
  (35, 'Ubuntu 14.04 i686'),
  (36, 'Ubuntu 14.04 x86_64'),
  (37, 'Debian 7.3 i686'),
  (38, 'Debian 7.3 x86_64'),
  (39, 'Debian 7.4 i686'),
  (40, 'Debian 7.4 x86_64'),
  (41, 'Debian 7.5 i686'),
  (42, 'Debian 7.5 x86_64'),
  (43, 'Debian 7.0 armv6l'),
  (44, 'Debian 7.1 armv6l'),
  (45, 'Debian 7.2 armv6l'),
  (46, 'Debian 7.3 armv6l'),
  (47, 'Debian 7.4 armv6l'),
  (48, 'Debian 7.5 armv6l'),
  (49, 'Android 4.3'),
  (50, 'Android 4.4.3'),
  (51, 'Android 4.4.4'),
  (52, 'Debian 7.6 i686'),
  (53, 'Debian 7.6 x86_64'),
  (54, 'Debian 7.6 armv6l'),
  (55, 'Debian 7.7 i686'),
  (56, 'Debian 7.7 x86_64'),
  (57, 'Debian 7.7 armv6l'),
  (58, 'Debian 7.8 i686'),
  (59, 'Debian 7.8 x86_64'),
  (60, 'Debian 7.8 armv6l'),
  (61, 'Ubuntu 14.10 i686'),
  (62, 'Ubuntu 14.10 x86_64'),
  (63, 'Android 5.0'),
  (64, 'Android 5.0.1'),
  (65, 'Debian 7.8 armv7l'),
  (66, 'Debian 7.9 i686'),
  (67, 'Debian 7.9 x86_64'),
  (68, 'Debian 7.9 armv6l'),
  (69, 'Debian 7.9 armv7l'),
  (70, 'Ubuntu 15.04 i686'),
  (71, 'Ubuntu 15.04 x86_64'),
  (72, 'Ubuntu 15.10 i686'),
  (73, 'Ubuntu 15.10 x86_64'),
  (74, 'Ubuntu 16.04 i686'),
  (75, 'Ubuntu 16.04 x86_64'),
  (76, 'Debian 7.10 i686'),
  (77, 'Debian 7.10 x86_64'),
  (78, 'Debian 7.10 armv6l'),
  (79, 'Debian 7.10 armv7l'),
  (80, 'Android 6.0'),
  (81, 'Android 6.0.1'),
  (82, 'Debian 8.5 i686'),
  (83, 'Debian 8.5 x86_64'),
  (84, 'Debian 8.6 i686'),
  (85, 'Debian 8.6 x86_64'),
  (86, 'Debian 8.7 i686'),
  (87, 'Debian 8.7 x86_64'),
  (88, 'Debian 8.8 i686'),
  (89, 'Debian 8.8 x86_64'),
  (90, 'Debian 8.9 i686'),
  (91, 'Debian 8.9 x86_64'),
  (92, 'Debian 8.10 i686'),
  (93, 'Debian 8.10 x86_64'),
  (94, 'Debian 8.11 i686'),
  (95, 'Debian 8.11 x86_64'),
  (96, 'Ubuntu 18.04 x86_64'),
  (97, 'Debian 9.5 i686'),
  (98, 'Debian 9.5 x86_64'),
  (99, 'Debian 9.6 x86_64'),
  (100, 'Debian 9.7 x86_64'),
  (101, 'Debian 9.13 x86_64'),
  (102, 'Debian 10 x86_64'),
  (103, 'Debian 11 x86_64'),
  (104, 'Debian 12 x86_64'),
  (105, 'Debian 13 x86_64');

-- ---------------------------------------------------------------------
-- File system catalogue
-- ---------------------------------------------------------------------

INSERT INTO directories (id, path) VALUES
  (1, '/bin'),
  (2, '/etc'),
  (3, '/lib'),
  (4, '/lib/i386-linux-gnu'),
  (5, '/lib/x86_64-linux-gnu'),
  (6, '/lib/xtables'),
  (7, '/sbin'),
  (8, '/usr/bin'),
  (9, '/usr/lib'),
  (10, '/usr/lib/i386-linux-gnu'),
  (11, '/usr/lib/x86_64-linux-gnu'),
  (12, '/usr/sbin'),
  (13, '/system/bin'),
  (14, '/system/lib');

INSERT INTO files (id, dir, name) VALUES
  (1, 5, 'libcrypto.so.1.0.0'),
  (2, 11, 'libcrypto.so.1.1'),
  (3, 5, 'libssl.so.1.0.0'),
  (4, 11, 'libssl.so.1.1'),
  (5, 8, 'openssl'),
  (6, 2, 'tnc_config'),
  (7, 11, 'libcrypto.so.3'),
  (8, 11, 'libssl.so.3');

-- Ids are the PTS measurement algorithm bits.
INSERT INTO algorithms (id, name) VALUES
  (32768, 'SHA1'),
  (16384, 'SHA256'),
  (8192, 'SHA384'),
  (4096, 'SHA512');

-- ---------------------------------------------------------------------
-- Packages and versions (OpenSSL on Debian 7.2 and Ubuntu 12.10)
-- ---------------------------------------------------------------------

INSERT INTO packages (id, name) VALUES
  (1, 'libssl-dev'),
  (2, 'libssl1.0.0'),
  (3, 'libssl1.0.0-dbg'),
  (4, 'openssl');

-- time (epoch of the last change) is left at 0: the specification does
-- not give these versions a date, and it only orders file hash lookups.
INSERT INTO versions (id, product, package, release) VALUES
  (1, 28, 1, '1.0.1e-2'),   -- Debian 7.2 x86_64
  (2, 28, 2, '1.0.1e-2'),
  (3, 28, 3, '1.0.1e-2'),
  (4, 28, 4, '1.0.1e-2'),
  (5, 18, 2, NULL),         -- Ubuntu 12.10 x86_64
  (6, 18, 4, NULL);

-- ---------------------------------------------------------------------
-- Attestation components (vendor 36906 = ITA; name 1 Trusted GRUB,
-- 2 Trusted Boot, 3 Linux IMA; qualifier 33 = K + platform, 34 = K +
-- operating system)
-- ---------------------------------------------------------------------

INSERT INTO components (id, vendor_id, name, qualifier, label) VALUES
  (1, 36906, 1, 33, 'G'),
  (2, 36906, 2, 33, 'T'),
  (3, 36906, 3, 33, 'B'),
  (4, 36906, 3, 34, 'I');

-- ---------------------------------------------------------------------
-- Device groups; group 1 is the fallback for devices of a product
-- without a default group.
-- ---------------------------------------------------------------------

INSERT INTO groups (id, name, parent) VALUES
  (1, 'Default', NULL),
  (2, 'Linux', 1),
  (3, 'Android', 1),
  (4, 'Debian i686', 2),
  (5, 'Debian x86_64 OpenSSL 1.1', 2),
  (6, 'Ubuntu i686', 2),
  (7, 'Ubuntu x86_64', 2),
  (8, 'Reference', NULL),
  (9, 'Ref. Android', 8),
  (10, 'Ref. Linux', 8),
  (11, 'TPM BIOS', NULL),
  (12, 'TPM IMA', NULL),
  (13, 'TPM BIOS/IMA', NULL),
  (14, 'Debian armv6l', 2),
  (15, 'Debian armv7l', 2),
  (16, 'TPM TBOOT', NULL),
  (17, 'Debian x86_64', 2);

-- Default group of new devices per product.  Every product has one
-- except "Ubuntu 10.04 i686" (product 7), whose devices fall back to
-- group 1.
INSERT INTO groups_product_defaults (group_id, product_id) VALUES
  (4, 1),     -- Debian 6.0 i686
  (5, 2),     -- Debian 6.0 x86_64
  (4, 3),     -- Debian 7.0 i686
  (5, 4),     -- Debian 7.0 x86_64
  (4, 5),     -- Debian 8.0 i686
  (5, 6),     -- Debian 8.0 x86_64
  (7, 8),     -- Ubuntu 10.04 x86_64
  (6, 9),     -- Ubuntu 10.10 i686
  (7, 10),    -- Ubuntu 10.10 x86_64
  (6, 11),    -- Ubuntu 11.04 i686
  (7, 12),    -- Ubuntu 11.04 x86_64
  (6, 13),    -- Ubuntu 11.10 i686
  (7, 14),    -- Ubuntu 11.10 x86_64
  (6, 15),    -- Ubuntu 12.04 i686
  (7, 16),    -- Ubuntu 12.04 x86_64
  (6, 17),    -- Ubuntu 12.10 i686
  (7, 18),    -- Ubuntu 12.10 x86_64
  (6, 19),    -- Ubuntu 13.04 i686
  (7, 20),    -- Ubuntu 13.04 x86_64
  (3, 21),    -- Android 4.1.1
  (3, 22),    -- Android 4.2.1
  (6, 23),    -- Ubuntu 13.10 i686
  (7, 24),    -- Ubuntu 13.10 x86_64
  (4, 25),    -- Debian 7.1 i686
  (5, 26),    -- Debian 7.1 x86_64
  (4, 27),    -- Debian 7.2 i686
  (5, 28),    -- Debian 7.2 x86_64
  (3, 29),    -- Android 4.1.2
  (3, 30),    -- Android 4.2.2
  (3, 31),    -- Android 4.3.1
  (3, 32),    -- Android 4.4
  (3, 33),    -- Android 4.4.1
  (3, 34),    -- Android 4.4.2
  (6, 35),    -- Ubuntu 14.04 i686
  (7, 36),    -- Ubuntu 14.04 x86_64
  (4, 37),    -- Debian 7.3 i686
  (5, 38),    -- Debian 7.3 x86_64
  (4, 39),    -- Debian 7.4 i686
  (5, 40),    -- Debian 7.4 x86_64
  (4, 41),    -- Debian 7.5 i686
  (5, 42),    -- Debian 7.5 x86_64
  (14, 43),   -- Debian 7.0 armv6l
  (14, 44),   -- Debian 7.1 armv6l
  (14, 45),   -- Debian 7.2 armv6l
  (14, 46),   -- Debian 7.3 armv6l
  (14, 47),   -- Debian 7.4 armv6l
  (14, 48),   -- Debian 7.5 armv6l
  (3, 49),    -- Android 4.3
  (3, 50),    -- Android 4.4.3
  (3, 51),    -- Android 4.4.4
  (4, 52),    -- Debian 7.6 i686
  (5, 53),    -- Debian 7.6 x86_64
  (14, 54),   -- Debian 7.6 armv6l
  (4, 55),    -- Debian 7.7 i686
  (5, 56),    -- Debian 7.7 x86_64
  (14, 57),   -- Debian 7.7 armv6l
  (4, 58),    -- Debian 7.8 i686
  (5, 59),    -- Debian 7.8 x86_64
  (14, 60),   -- Debian 7.8 armv6l
  (6, 61),    -- Ubuntu 14.10 i686
  (7, 62),    -- Ubuntu 14.10 x86_64
  (3, 63),    -- Android 5.0
  (3, 64),    -- Android 5.0.1
  (15, 65),   -- Debian 7.8 armv7l
  (4, 66),    -- Debian 7.9 i686
  (5, 67),    -- Debian 7.9 x86_64
  (14, 68),   -- Debian 7.9 armv6l
  (15, 69),   -- Debian 7.9 armv7l
  (6, 70),    -- Ubuntu 15.04 i686
  (7, 71),    -- Ubuntu 15.04 x86_64
  (6, 72),    -- Ubuntu 15.10 i686
  (7, 73),    -- Ubuntu 15.10 x86_64
  (6, 74),    -- Ubuntu 16.04 i686
  (7, 75),    -- Ubuntu 16.04 x86_64
  (4, 76),    -- Debian 7.10 i686
  (5, 77),    -- Debian 7.10 x86_64
  (14, 78),   -- Debian 7.10 armv6l
  (15, 79),   -- Debian 7.10 armv7l
  (3, 80),    -- Android 6.0
  (3, 81),    -- Android 6.0.1
  (4, 82),    -- Debian 8.5 i686
  (5, 83),    -- Debian 8.5 x86_64
  (4, 84),    -- Debian 8.6 i686
  (5, 85),    -- Debian 8.6 x86_64
  (4, 86),    -- Debian 8.7 i686
  (5, 87),    -- Debian 8.7 x86_64
  (4, 88),    -- Debian 8.8 i686
  (5, 89),    -- Debian 8.8 x86_64
  (4, 90),    -- Debian 8.9 i686
  (5, 91),    -- Debian 8.9 x86_64
  (4, 92),    -- Debian 8.10 i686
  (5, 93),    -- Debian 8.10 x86_64
  (4, 94),    -- Debian 8.11 i686
  (5, 95),    -- Debian 8.11 x86_64
  (7, 96),    -- Ubuntu 18.04 x86_64
  (4, 97),    -- Debian 9.5 i686
  (5, 98),    -- Debian 9.5 x86_64
  (5, 99),    -- Debian 9.6 x86_64
  (5, 100),   -- Debian 9.7 x86_64
  (5, 101),   -- Debian 9.13 x86_64
  (5, 102),   -- Debian 10 x86_64
  (5, 103),   -- Debian 11 x86_64
  (17, 104),  -- Debian 12 x86_64
  (17, 105);  -- Debian 13 x86_64

-- ---------------------------------------------------------------------
-- Policies.  type: 1 installed packages, 2 unknown source, 3 forwarding,
-- 4 default password, 6 file measurement, 7 file metadata, 8 directory
-- reference measurement, 9 directory measurement, 11 open TCP ports,
-- 13 open UDP ports, 15 SWID tag inventory, 16 TPM remote attestation.
-- rec_fail / rec_noresult: 0 allow, 1 no access, 2 isolate.
-- file / dir stay 0 unless the type needs a target; measurement policies
-- are named after the full path of their target.
-- ---------------------------------------------------------------------

INSERT INTO policies (id, type, name, argument, rec_fail, rec_noresult, file, dir) VALUES
  (1, 1, 'Installed Packages', '', 2, 2, 0, 0),
  (2, 2, 'Unknown Source', '', 2, 2, 0, 0),
  (3, 3, 'IP Forwarding Enabled', '', 1, 1, 0, 0),
  (4, 4, 'Default Factory Password Enabled', '', 1, 1, 0, 0),
  (5, 6, 'Measure /lib/x86_64-linux-gnu/libcrypto.so.1.0.0', '', 2, 2, 1, 0),
  (6, 6, 'Measure /lib/x86_64-linux-gnu/libssl.so.1.0.0', '', 2, 2, 3, 0),
  (7, 6, 'Measure /usr/bin/openssl', '', 2, 2, 5, 0),
  (8, 11, 'No Open TCP Ports', '', 1, 1, 0, 0),
  (9, 13, 'Open UDP Ports', '500 4500 10000-65000', 1, 1, 0, 0),
  (10, 7, 'Metadata of /etc/tnc_config', '', 0, 0, 6, 0),
  (11, 8, 'Get /usr/sbin', '', 0, 0, 0, 12),
  (12, 6, 'Measure /usr/lib/x86_64-linux-gnu/libcrypto.so.1.1', '', 2, 2, 2, 0),
  (13, 6, 'Measure /usr/lib/x86_64-linux-gnu/libssl.so.1.1', '', 2, 2, 4, 0),
  (14, 8, 'Get /system/bin', '', 0, 0, 0, 13),
  (15, 8, 'Get /system/lib', '', 0, 0, 0, 14),
  (16, 9, 'Measure /usr/sbin', '', 2, 2, 0, 12),
  (17, 15, 'SWID Tag IDs', 'R', 2, 2, 0, 0),
  (18, 15, 'SWID Tags', '', 2, 2, 0, 0),
  (19, 16, 'TPM BIOS Measurements', 'B', 2, 2, 0, 0),
  (20, 16, 'TPM IMA Measurements', 'I', 2, 2, 0, 0),
  (21, 16, 'TPM BIOS/IMA Measurements', 'BI', 2, 2, 0, 0),
  (22, 16, 'TPM TBOOT Measurements', 'T', 2, 2, 0, 0),
  (23, 6, 'Measure /usr/lib/x86_64-linux-gnu/libcrypto.so.3', '', 2, 2, 7, 0),
  (24, 6, 'Measure /usr/lib/x86_64-linux-gnu/libssl.so.3', '', 2, 2, 8, 0);

-- Policies applied to groups (and, through the group tree, to every
-- group below).  max_age in seconds: an ALLOW result of the device for
-- the policy younger than this skips the check; 0 never skips.  No row
-- overrides the policy's recommendations.  Policies 4, 16, 17 and 18 are
-- defined but not enforced.
INSERT INTO enforcements (id, policy, group_id, max_age) VALUES
  (1, 1, 1, 86400),     -- Default
  (2, 2, 3, 0),         -- Android
  (3, 3, 2, 0),         -- Linux
  (4, 5, 7, 86400),     -- Ubuntu x86_64
  (5, 6, 7, 86400),     -- Ubuntu x86_64
  (6, 7, 2, 86400),     -- Linux
  (7, 8, 1, 60),        -- Default
  (8, 9, 1, 60),        -- Default
  (9, 10, 2, 60),       -- Linux
  (10, 11, 10, 86400),  -- Ref. Linux
  (11, 12, 5, 86400),   -- Debian x86_64 OpenSSL 1.1
  (12, 13, 5, 86400),   -- Debian x86_64 OpenSSL 1.1
  (13, 14, 9, 0),       -- Ref. Android
  (14, 15, 9, 0),       -- Ref. Android
  (15, 19, 11, 60),     -- TPM BIOS
  (16, 20, 12, 60),     -- TPM IMA
  (17, 21, 13, 60),     -- TPM BIOS/IMA
  (18, 22, 16, 60),     -- TPM TBOOT
  (19, 23, 17, 86400),  -- Debian x86_64
  (20, 24, 17, 86400);  -- Debian x86_64

-- ---------------------------------------------------------------------
-- SWID tag entities
-- ---------------------------------------------------------------------

INSERT INTO swid_entities (id, name, regid) VALUES
  (1, 'strongSwan Project', 'strongswan.org'),
  (2, 'Adobe Systems Inc.', 'adobe.com'),
  (3, 'Microsoft Corporation', 'microsoft.com'),
  (4, 'Ubuntu Project', 'ubuntu.com'),
  (5, 'Apache Software Foundation', 'apache.org'),
  (6, 'Debian Project', 'debian.org'),
  (7, 'Internet Systems Consortium', 'isc.org'),
  (8, 'OpenSSL Project', 'openssl.org'),
  (9, 'Samba Project', 'samba.org'),
  (10, 'SQLite Project', 'sqlite.org');

COMMIT;
