#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Policy database schema (schema/tables.sql, schema/data.sql).

Loads both files with the sqlite3 command-line shell into a temporary
database and checks it against the specification (database.md): every
table with its columns (declared type, NOT NULL, default, primary key),
UNIQUE constraints and index names, the seed row counts and the seed rows
themselves, and that tables.sql can be loaded again (it drops and
recreates every table).

If REF_SCHEMA_DIR names a directory holding the reference tables.sql and
data.sql (strongSwan's libimcv IMV database), a database made from those
is compared with ours: same tables, columns, constraints and index names,
and the same seed rows (file_hashes excepted, see data.sql).

Needs Python 3 (stdlib) and the sqlite3 shell."""
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.abspath(
    os.environ.get('SOURCE_DIR') or os.path.join(HERE, '..', '..'))
SCHEMA_DIR = os.path.join(SOURCE_DIR, 'schema')
TABLES_SQL = os.path.join(SCHEMA_DIR, 'tables.sql')
DATA_SQL = os.path.join(SCHEMA_DIR, 'data.sql')
REF_DIR = os.environ.get('REF_SCHEMA_DIR')
SQLITE3 = shutil.which('sqlite3')

SCHEMA_VERSION = 3

# ---------------------------------------------------------------------
# Expected schema, written from database.md section 1.  Columns in
# declaration order as (name, declared type, NOT NULL, default as SQLite
# reports it, primary key position).
# ---------------------------------------------------------------------

def col(name, type_, notnull=0, default=None, pk=0):
    return (name, type_, notnull, default, pk)


ID = col('id', 'INTEGER', 1, None, 1)          # AUTOINCREMENT rowid alias
ID_PLAIN = col('id', 'INTEGER', 0, None, 1)    # INTEGER PRIMARY KEY
ID_NN = col('id', 'INTEGER', 1, None, 1)       # INTEGER NOT NULL PRIMARY KEY


def INT(name, notnull=0, default=None):
    return col(name, 'INTEGER', notnull, default)


def TEXT(name, notnull=0, default=None):
    return col(name, 'TEXT', notnull, default)


# Indexes of ours that the reference lacks (speed only; migrations 0001
# and 0002 add them to a reference-made database).
OUR_INDEXES = {'sessions_device_time', 'files_dir_name'}
# Our table of migration 0003 and its triggers: every change of these
# tables raises golden_generation.n (libpts/golden_cache.h).
OUR_TABLES = {'golden_generation'}
GOLDEN_TABLES = ['directories', 'files', 'versions', 'file_hashes']
GOLDEN_TRIGGERS = sorted('golden_generation_%s_%s' % (t, op)
                         for t in GOLDEN_TABLES
                         for op in ('insert', 'update', 'delete'))

# table: (columns, explicit index names, UNIQUE column tuples)
EXPECTED = {
    # 1.1 file system catalogue
    'directories': ([ID, TEXT('path', 1)], ['directories_path'], []),
    'files': ([ID, INT('dir', 0, '0'), TEXT('name', 1)],
              ['files_name', 'files_dir_name'], []),
    'algorithms': ([ID_PLAIN, col('name', 'VARCHAR(20)', 1)], [], []),
    'file_hashes': ([ID, INT('file', 1), INT('version'), INT('device'),
                     INT('size'), INT('algo', 1),
                     col('hash', 'VARCHAR(64)', 1), INT('mutable', 0, '0')],
                    ['file_hashes_idx'], []),
    # 1.2 products, packages, versions
    'products': ([ID, TEXT('name', 1)], ['products_name'], []),
    'packages': ([ID, TEXT('name', 1), INT('blacklist', 0, '0')],
                 ['packages_name'], []),
    'versions': ([ID, INT('product', 1), INT('package', 1), TEXT('release'),
                  INT('security', 0, '0'), INT('blacklist', 0, '0'),
                  INT('time', 0, '0')],
                 ['versions_release', 'versions_package_product'], []),
    # 1.3 devices, identities
    'devices': ([ID, TEXT('description', 0, "''"), TEXT('value', 1),
                 INT('product'), INT('trusted', 0, '0'), INT('created'),
                 INT('inactive', 0, '0')], ['devices_value'], []),
    'identities': ([ID, INT('type', 1), col('value', 'BLOB', 1)], [],
                   [('type', 'value')]),
    # 1.4 groups, policies, enforcements
    'groups': ([ID_NN, col('name', 'VARCHAR(50)', 1), INT('parent')], [],
               [('name',)]),
    'groups_members': ([ID, INT('group_id', 1), INT('device_id', 1)], [],
                       [('group_id', 'device_id')]),
    'groups_product_defaults': ([ID, INT('group_id', 1),
                                 INT('product_id', 1)], [],
                                [('group_id', 'product_id')]),
    'policies': ([ID, INT('type', 1), col('name', 'VARCHAR(100)', 1),
                  TEXT('argument', 1, "''"), INT('rec_fail', 1),
                  INT('rec_noresult', 1), INT('file', 0, '0'),
                  INT('dir', 0, '0')], [], [('name',)]),
    'enforcements': ([ID, INT('policy', 1), INT('group_id', 1),
                      INT('rec_fail'), INT('rec_noresult'),
                      INT('max_age', 1)], [], [('policy', 'group_id')]),
    # 1.5 sessions, workitems, results
    'sessions': ([ID, INT('time', 1), INT('connection', 1),
                  INT('identity', 0, '0'), INT('device', 0, '0'),
                  INT('product', 0, '0'), INT('rec', 0, '3')],
                 ['sessions_device_time'], []),
    'sessions_identities': ([ID, INT('session_id', 1),
                             INT('identity_id', 1)], [],
                            [('session_id', 'identity_id')]),
    'workitems': ([ID, INT('session', 1), INT('enforcement', 1),
                   INT('type', 1), TEXT('arg_str'), INT('arg_int', 0, '0'),
                   INT('rec_fail', 1), INT('rec_noresult', 1),
                   INT('rec_final'), TEXT('result')],
                  ['workitems_sessions'], []),
    'results': ([ID, INT('session', 1), INT('policy', 1), INT('rec', 1),
                 TEXT('result', 1)], ['results_session'], []),
    # 1.6 attestation components
    'components': ([ID, INT('vendor_id', 1), INT('name', 1),
                    INT('qualifier', 0, '0'), TEXT('label', 1)], [], []),
    'component_hashes': ([ID, INT('component', 1), INT('key', 1),
                          INT('seq_no', 1), INT('pcr', 1), INT('algo', 1),
                          col('hash', 'BLOB', 1)], [], []),
    # 1.7 SWID / SWIMA
    'swid_entities': ([ID, col('name', 'VARCHAR(255)', 1),
                       col('regid', 'VARCHAR(255)', 1)],
                      ['swid_entities_name', 'swid_entities_regid'], []),
    'swid_entityroles': ([ID, INT('tag_id', 1), INT('entity_id', 1),
                          col('role', 'SMALLINT UNSIGNED', 1)],
                         ['swid_entityroles_tag_id',
                          'swid_entityroles_entity_id'], []),
    'swid_tags': ([ID, INT('version_id'),
                   col('package_name', 'VARCHAR(255)', 1),
                   col('version_str', 'VARCHAR(255)', 1),
                   col('unique_id', 'VARCHAR(255)', 1),
                   TEXT('swid_xml', 1),
                   col('software_id', 'VARCHAR(255)', 1)],
                  ['swid_tags_software_id', 'swid_tags_unique_id',
                   'swid_tags_version_id', 'swid_tags_package_name'], []),
    # The tag_id/file_id and tag_id/session_id indexes of the next two
    # tables are not named in database.md; the reference database has them.
    'swid_tags_files': ([ID, INT('tag_id', 1), INT('file_id', 1)],
                        ['swid_tags_files_tag_id', 'swid_tags_files_file_id'],
                        [('tag_id', 'file_id')]),
    'swid_tags_sessions': ([ID, INT('tag_id', 1), INT('session_id', 1)],
                           ['swid_tags_sessions_tag_id',
                            'swid_tags_sessions_session_id'],
                           [('tag_id', 'session_id')]),
    'swid_tagstats': ([ID_NN, INT('tag_id', 1), INT('device_id', 1),
                       INT('first_seen_id', 1), INT('last_seen_id', 1),
                       INT('first_installed_id'), INT('last_deleted_id')],
                      ['swid_tagstats_tag_id', 'swid_tagstats_device_id',
                       'swid_tagstats_first_seen_id',
                       'swid_tagstats_last_seen_id'],
                      [('tag_id', 'device_id')]),
    'swid_events': ([ID, INT('device'), INT('epoch', 1), INT('eid', 1),
                     col('timestamp', 'CHAR(20)', 1)],
                    ['swid_events_device'], []),
    'swid_tags_events': ([ID, INT('tag_id', 1), INT('event_id', 1),
                          INT('action', 1), INT('record_id', 0, '0'),
                          INT('source_id', 0, '0')],
                         ['swid_tags_events_event_id',
                          'swid_tags_events_tag_id'], []),
}

# Tables whose id is a plain INTEGER PRIMARY KEY (no AUTOINCREMENT).
NO_AUTOINCREMENT = {'algorithms', 'groups', 'swid_tagstats'}

# ---------------------------------------------------------------------
# Expected seed data, written from database.md section 3.
# ---------------------------------------------------------------------

SEED_COUNTS = {
    'products': 105, 'directories': 14, 'files': 8, 'algorithms': 4,
    'file_hashes': 0, 'packages': 4, 'versions': 6, 'components': 4,
    'groups': 17, 'groups_product_defaults': 104, 'policies': 24,
    'enforcements': 20, 'swid_entities': 10,
}


def expected_products():
    p = {}
    pairs = (  # i686 id (x86_64 is the next id), OS, version
        [(i, 'Debian', v) for i, v in (
            (1, '6.0'), (3, '7.0'), (5, '8.0'), (25, '7.1'), (27, '7.2'),
            (37, '7.3'), (39, '7.4'), (41, '7.5'), (52, '7.6'), (55, '7.7'),
            (58, '7.8'), (66, '7.9'), (76, '7.10'), (82, '8.5'), (84, '8.6'),
            (86, '8.7'), (88, '8.8'), (90, '8.9'), (92, '8.10'),
            (94, '8.11'), (97, '9.5'))] +
        [(i, 'Ubuntu', v) for i, v in (
            (7, '10.04'), (9, '10.10'), (11, '11.04'), (13, '11.10'),
            (15, '12.04'), (17, '12.10'), (19, '13.04'), (23, '13.10'),
            (35, '14.04'), (61, '14.10'), (70, '15.04'), (72, '15.10'),
            (74, '16.04'))])
    for i, os_, v in pairs:
        p[i] = '%s %s i686' % (os_, v)
        p[i + 1] = '%s %s x86_64' % (os_, v)
    for i, v in ((99, '9.6'), (100, '9.7'), (101, '9.13'), (102, '10'),
                 (103, '11'), (104, '12'), (105, '13')):
        p[i] = 'Debian %s x86_64' % v
    for i, v in ((43, '7.0'), (44, '7.1'), (45, '7.2'), (46, '7.3'),
                 (47, '7.4'), (48, '7.5'), (54, '7.6'), (57, '7.7'),
                 (60, '7.8'), (68, '7.9'), (78, '7.10')):
        p[i] = 'Debian %s armv6l' % v
    for i, v in ((65, '7.8'), (69, '7.9'), (79, '7.10')):
        p[i] = 'Debian %s armv7l' % v
    p[96] = 'Ubuntu 18.04 x86_64'
    for i, v in ((21, '4.1.1'), (22, '4.2.1'), (29, '4.1.2'), (30, '4.2.2'),
                 (31, '4.3.1'), (32, '4.4'), (33, '4.4.1'), (34, '4.4.2'),
                 (49, '4.3'), (50, '4.4.3'), (51, '4.4.4'), (63, '5.0'),
                 (64, '5.0.1'), (80, '6.0'), (81, '6.0.1')):
        p[i] = 'Android %s' % v
    return p


def expected_default_group(name):
    """Default group of a product name, None for none (database.md §3)."""
    if name == 'Ubuntu 10.04 i686':
        return None
    if name.startswith('Android '):
        return 3
    os_, version, arch = name.split()
    if os_ == 'Ubuntu':
        return {'i686': 6, 'x86_64': 7}[arch]
    if arch == 'x86_64':
        return 17 if version in ('12', '13') else 5
    return {'i686': 4, 'armv6l': 14, 'armv7l': 15}[arch]


DIRECTORIES = [
    (1, '/bin'), (2, '/etc'), (3, '/lib'), (4, '/lib/i386-linux-gnu'),
    (5, '/lib/x86_64-linux-gnu'), (6, '/lib/xtables'), (7, '/sbin'),
    (8, '/usr/bin'), (9, '/usr/lib'), (10, '/usr/lib/i386-linux-gnu'),
    (11, '/usr/lib/x86_64-linux-gnu'), (12, '/usr/sbin'),
    (13, '/system/bin'), (14, '/system/lib')]

FILES = [  # id, dir, name
    (1, 5, 'libcrypto.so.1.0.0'), (2, 11, 'libcrypto.so.1.1'),
    (3, 5, 'libssl.so.1.0.0'), (4, 11, 'libssl.so.1.1'), (5, 8, 'openssl'),
    (6, 2, 'tnc_config'), (7, 11, 'libcrypto.so.3'), (8, 11, 'libssl.so.3')]

ALGORITHMS = [(4096, 'SHA512'), (8192, 'SHA384'), (16384, 'SHA256'),
              (32768, 'SHA1')]

PACKAGES = [(1, 'libssl-dev', 0), (2, 'libssl1.0.0', 0),
            (3, 'libssl1.0.0-dbg', 0), (4, 'openssl', 0)]

VERSIONS = [  # id, product, package, release, security, blacklist
    (1, 28, 1, '1.0.1e-2', 0, 0), (2, 28, 2, '1.0.1e-2', 0, 0),
    (3, 28, 3, '1.0.1e-2', 0, 0), (4, 28, 4, '1.0.1e-2', 0, 0),
    (5, 18, 2, None, 0, 0), (6, 18, 4, None, 0, 0)]

COMPONENTS = [  # id, vendor_id, name, qualifier, label
    (1, 36906, 1, 33, 'G'), (2, 36906, 2, 33, 'T'),
    (3, 36906, 3, 33, 'B'), (4, 36906, 3, 34, 'I')]

GROUPS = [  # id, name, parent (NULL = top level)
    (1, 'Default', None), (2, 'Linux', 1), (3, 'Android', 1),
    (4, 'Debian i686', 2), (5, 'Debian x86_64 OpenSSL 1.1', 2),
    (6, 'Ubuntu i686', 2), (7, 'Ubuntu x86_64', 2), (8, 'Reference', None),
    (9, 'Ref. Android', 8), (10, 'Ref. Linux', 8), (11, 'TPM BIOS', None),
    (12, 'TPM IMA', None), (13, 'TPM BIOS/IMA', None),
    (14, 'Debian armv6l', 2), (15, 'Debian armv7l', 2),
    (16, 'TPM TBOOT', None), (17, 'Debian x86_64', 2)]

# id, type, argument, rec_fail, rec_noresult, file, dir
POLICIES = [
    (1, 1, '', 2, 2, 0, 0), (2, 2, '', 2, 2, 0, 0), (3, 3, '', 1, 1, 0, 0),
    (4, 4, '', 1, 1, 0, 0), (5, 6, '', 2, 2, 1, 0), (6, 6, '', 2, 2, 3, 0),
    (7, 6, '', 2, 2, 5, 0), (8, 11, '', 1, 1, 0, 0),
    (9, 13, '500 4500 10000-65000', 1, 1, 0, 0), (10, 7, '', 0, 0, 6, 0),
    (11, 8, '', 0, 0, 0, 12), (12, 6, '', 2, 2, 2, 0),
    (13, 6, '', 2, 2, 4, 0), (14, 8, '', 0, 0, 0, 13),
    (15, 8, '', 0, 0, 0, 14), (16, 9, '', 2, 2, 0, 12),
    (17, 15, 'R', 2, 2, 0, 0), (18, 15, '', 2, 2, 0, 0),
    (19, 16, 'B', 2, 2, 0, 0), (20, 16, 'I', 2, 2, 0, 0),
    (21, 16, 'BI', 2, 2, 0, 0), (22, 16, 'T', 2, 2, 0, 0),
    (23, 6, '', 2, 2, 7, 0), (24, 6, '', 2, 2, 8, 0)]

POLICY_NAMES = {
    1: 'Installed Packages', 2: 'Unknown Source', 3: 'IP Forwarding Enabled',
    4: 'Default Factory Password Enabled', 7: 'Measure /usr/bin/openssl',
    8: 'No Open TCP Ports', 9: 'Open UDP Ports',
    10: 'Metadata of /etc/tnc_config', 11: 'Get /usr/sbin',
    14: 'Get /system/bin', 15: 'Get /system/lib', 16: 'Measure /usr/sbin',
    17: 'SWID Tag IDs', 18: 'SWID Tags', 19: 'TPM BIOS Measurements',
    20: 'TPM IMA Measurements', 21: 'TPM BIOS/IMA Measurements',
    22: 'TPM TBOOT Measurements'}
# File measurement policies whose name is "Measure <full path of the file>".
MEASURE_FILE_POLICIES = (5, 6, 12, 13, 23, 24)

ENFORCEMENTS = [  # id, policy, group_id, rec_fail, rec_noresult, max_age
    (1, 1, 1, None, None, 86400), (2, 2, 3, None, None, 0),
    (3, 3, 2, None, None, 0), (4, 5, 7, None, None, 86400),
    (5, 6, 7, None, None, 86400), (6, 7, 2, None, None, 86400),
    (7, 8, 1, None, None, 60), (8, 9, 1, None, None, 60),
    (9, 10, 2, None, None, 60), (10, 11, 10, None, None, 86400),
    (11, 12, 5, None, None, 86400), (12, 13, 5, None, None, 86400),
    (13, 14, 9, None, None, 0), (14, 15, 9, None, None, 0),
    (15, 19, 11, None, None, 60), (16, 20, 12, None, None, 60),
    (17, 21, 13, None, None, 60), (18, 22, 16, None, None, 60),
    (19, 23, 17, None, None, 86400), (20, 24, 17, None, None, 86400)]

SWID_ENTITIES = [
    (1, 'strongSwan Project', 'strongswan.org'),
    (2, 'Adobe Systems Inc.', 'adobe.com'),
    (3, 'Microsoft Corporation', 'microsoft.com'),
    (4, 'Ubuntu Project', 'ubuntu.com'),
    (5, 'Apache Software Foundation', 'apache.org'),
    (6, 'Debian Project', 'debian.org'),
    (7, 'Internet Systems Consortium', 'isc.org'),
    (8, 'OpenSSL Project', 'openssl.org'),
    (9, 'Samba Project', 'samba.org'),
    (10, 'SQLite Project', 'sqlite.org')]

# Seeded columns our data.sql deliberately leaves at their default because
# the specification gives no value (see data.sql); ignored when comparing
# with the reference seed.
REF_IGNORED_COLUMNS = {'versions': {'time'}}
# Tables whose seed row ids the specification does not fix (nothing refers
# to them): compared with the reference as sets of rows without the id.
REF_UNORDERED_TABLES = {'groups_product_defaults'}
# Reference seed rows not included in ours (values not in the spec).
REF_SKIPPED_TABLES = {'file_hashes'}


# ---------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------

def shell_load(db, *sql_files):
    """Feed each file to the sqlite3 shell; return None or an error text."""
    for path in sql_files:
        with open(path, 'rb') as f:
            r = subprocess.run([SQLITE3, '-bail', db], stdin=f,
                               capture_output=True, timeout=60)
        err = r.stderr.decode(errors='replace').strip()
        if r.returncode != 0 or err:
            return '%s: sqlite3 exit %d: %s' % (path, r.returncode, err)
    return None


def tables(conn):
    """The tables the reference has too (ours left out)."""
    return sorted(r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%'") if r[0] not in OUR_TABLES)


def triggers(conn):
    return sorted(r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'"))


def generation(conn):
    return conn.execute('SELECT n FROM golden_generation').fetchone()[0]


def columns(conn, table):
    return [tuple(r[1:]) for r in conn.execute(
        'PRAGMA table_info("%s")' % table)]


def explicit_indexes(conn, table):
    return sorted(r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' "
        "AND tbl_name = ? AND sql IS NOT NULL", (table,)))


def unique_constraints(conn, table):
    out = []
    for _, name, unique, origin, _ in conn.execute(
            'PRAGMA index_list("%s")' % table):
        if unique and origin == 'u':
            out.append(tuple(r[2] for r in conn.execute(
                'PRAGMA index_info("%s")' % name)))
    return sorted(out)


def index_columns(conn, index):
    return [r[2] for r in conn.execute('PRAGMA index_info("%s")' % index)]


def is_autoincrement(conn, table):
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' "
                       "AND name = ?", (table,)).fetchone()[0]
    return re.search(r'\bAUTOINCREMENT\b', sql, re.I) is not None


def rows(conn, table, cols='*', order='id'):
    return conn.execute('SELECT %s FROM "%s" ORDER BY %s'
                        % (cols, table, order)).fetchall()


class SchemaTestBase(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if not SQLITE3:
            raise AssertionError('the sqlite3 command-line shell is needed '
                                 '(apt-get install sqlite3)')
        cls.tmp = tempfile.TemporaryDirectory(prefix='tnc-schema-')

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def make_db(cls, name, *sql_files):
        path = os.path.join(cls.tmp.name, name)
        if os.path.exists(path):
            os.unlink(path)
        err = shell_load(path, *sql_files)
        if err:
            raise AssertionError('loading failed: ' + err)
        return path

    def connect(self, path):
        conn = sqlite3.connect(path)
        self.addCleanup(conn.close)
        return conn


# ---------------------------------------------------------------------
# Our schema against the specification
# ---------------------------------------------------------------------

class TestSchema(SchemaTestBase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = cls.make_db('ours.db', TABLES_SQL, DATA_SQL)

    def setUp(self):
        self.conn = self.connect(self.db)

    def test_table_set(self):
        self.assertEqual(tables(self.conn), sorted(EXPECTED))

    def test_columns(self):
        for table, (cols, _, _) in sorted(EXPECTED.items()):
            with self.subTest(table=table):
                self.assertEqual(columns(self.conn, table), cols)

    def test_autoincrement(self):
        for table in sorted(EXPECTED):
            with self.subTest(table=table):
                self.assertEqual(is_autoincrement(self.conn, table),
                                 table not in NO_AUTOINCREMENT)

    def test_indexes(self):
        for table, (_, indexes, _) in sorted(EXPECTED.items()):
            with self.subTest(table=table):
                self.assertEqual(explicit_indexes(self.conn, table),
                                 sorted(indexes))
        # the composite indexes cover the columns the spec names, in order
        self.assertEqual(index_columns(self.conn, 'file_hashes_idx'),
                         ['file', 'version', 'algo'])
        self.assertEqual(index_columns(self.conn, 'versions_package_product'),
                         ['package', 'product'])

    def test_unique_constraints(self):
        for table, (_, _, uniques) in sorted(EXPECTED.items()):
            with self.subTest(table=table):
                self.assertEqual(unique_constraints(self.conn, table),
                                 sorted(uniques))

    def test_golden_generation(self):
        """One row, raised by every row changed in the golden tables and
        by nothing else."""
        self.assertEqual(triggers(self.conn), GOLDEN_TRIGGERS)
        self.assertEqual(self.conn.execute(
            'SELECT count(*) FROM golden_generation').fetchone()[0], 1)
        c = self.conn
        steps = [
            "INSERT INTO directories (path) VALUES ('/opt/x')",
            "INSERT INTO files (dir, name) VALUES "
            "((SELECT max(id) FROM directories), 'a')",
            "INSERT INTO file_hashes (file, version, algo, hash) VALUES "
            "((SELECT max(id) FROM files), 1, 32768, 'ab')",
            "UPDATE file_hashes SET hash = 'cd' WHERE hash = 'ab'",
            "UPDATE versions SET product = product WHERE id = 1",
            "DELETE FROM file_hashes WHERE hash = 'cd'",
            "UPDATE files SET name = 'b' WHERE name = 'a' AND dir = "
            "(SELECT max(id) FROM directories)",
            "DELETE FROM files WHERE name = 'b'",
            "DELETE FROM directories WHERE path = '/opt/x'",
        ]
        for sql in steps:
            with self.subTest(sql=sql):
                before = generation(c)
                c.execute(sql)
                self.assertEqual(generation(c), before + 1)
        before = generation(c)
        c.execute("INSERT INTO identities (type, value) VALUES (1, 'x')")
        c.execute("UPDATE policies SET name = name WHERE id = 1")
        self.assertEqual(generation(c), before)
        # two rows in one statement: two steps
        c.execute("INSERT INTO directories (path) VALUES ('/p'), ('/q')")
        self.assertEqual(generation(c), before + 2)
        c.rollback()

    def test_user_version(self):
        self.assertEqual(
            self.conn.execute('PRAGMA user_version').fetchone()[0],
            SCHEMA_VERSION)

    def test_seed_counts(self):
        for table in sorted(EXPECTED):
            with self.subTest(table=table):
                n = self.conn.execute(
                    'SELECT count(*) FROM "%s"' % table).fetchone()[0]
                self.assertEqual(n, SEED_COUNTS.get(table, 0))

    def test_products(self):
        self.assertEqual(dict(rows(self.conn, 'products')),
                         expected_products())
        self.assertEqual(rows(self.conn, 'products', 'id, name',
                              'id')[103], (104, 'Debian 12 x86_64'))

    def test_product_defaults(self):
        got = rows(self.conn, 'groups_product_defaults',
                   'product_id, group_id', 'product_id')
        self.assertEqual(len(got), len(set(p for p, _ in got)),
                         'a product has two default groups')
        want = []
        for pid, name in sorted(expected_products().items()):
            group = expected_default_group(name)
            if group is not None:
                want.append((pid, group))
        self.assertEqual(got, want)
        # the examples of the brief
        defaults = dict(got)
        self.assertEqual(defaults[104], 17)
        ubuntu_1004 = self.conn.execute(
            "SELECT id FROM products WHERE name = 'Ubuntu 10.04 i686'"
        ).fetchone()[0]
        self.assertNotIn(ubuntu_1004, defaults)

    def test_catalogue(self):
        self.assertEqual(rows(self.conn, 'directories'), DIRECTORIES)
        self.assertEqual(rows(self.conn, 'files', 'id, dir, name'), FILES)
        self.assertEqual(rows(self.conn, 'algorithms'), ALGORITHMS)
        self.assertEqual(rows(self.conn, 'packages'), PACKAGES)
        self.assertEqual(rows(self.conn, 'versions',
                              'id, product, package, release, security, '
                              'blacklist'), VERSIONS)

    def test_components(self):
        self.assertEqual(rows(self.conn, 'components'), COMPONENTS)

    def test_groups(self):
        self.assertEqual(rows(self.conn, 'groups'), GROUPS)
        self.assertEqual(rows(self.conn, 'groups', order='id')[16],
                         (17, 'Debian x86_64', 2))

    def test_policies(self):
        self.assertEqual(rows(self.conn, 'policies',
                              'id, type, argument, rec_fail, rec_noresult, '
                              'file, dir'), POLICIES)
        names = dict(rows(self.conn, 'policies', 'id, name'))
        for pid, name in POLICY_NAMES.items():
            self.assertEqual(names[pid], name)
        for pid in MEASURE_FILE_POLICIES:
            path = self.conn.execute(
                "SELECT d.path || '/' || f.name FROM policies p "
                "JOIN files f ON f.id = p.file "
                "JOIN directories d ON d.id = f.dir WHERE p.id = ?",
                (pid,)).fetchone()[0]
            self.assertEqual(names[pid], 'Measure ' + path)
        self.assertEqual(
            self.conn.execute('SELECT type, argument, rec_fail, rec_noresult '
                              'FROM policies WHERE id = 9').fetchone(),
            (13, '500 4500 10000-65000', 1, 1))

    def test_enforcements(self):
        self.assertEqual(rows(self.conn, 'enforcements'), ENFORCEMENTS)
        self.assertEqual(
            self.conn.execute('SELECT policy, group_id, max_age '
                              'FROM enforcements WHERE id = 7').fetchone(),
            (8, 1, 60))
        # the Default group enforces policies 1, 8 and 9
        self.assertEqual(
            [r[0] for r in self.conn.execute(
                'SELECT policy FROM enforcements WHERE group_id = 1 '
                'ORDER BY id')], [1, 8, 9])

    def test_swid_entities(self):
        self.assertEqual(rows(self.conn, 'swid_entities'), SWID_ENTITIES)

    def test_defaults_on_insert(self):
        """Rows inserted the way the IMVs do get the specified defaults."""
        conn = sqlite3.connect(':memory:')
        self.addCleanup(conn.close)
        with open(TABLES_SQL) as f:
            conn.executescript(f.read())
        conn.execute("INSERT INTO devices (value, product) VALUES ('x', 1)")
        self.assertEqual(
            conn.execute('SELECT description, trusted, created, inactive '
                         'FROM devices').fetchone(), ('', 0, None, 0))
        conn.execute('INSERT INTO sessions (time, connection) VALUES (1, 2)')
        self.assertEqual(
            conn.execute('SELECT identity, device, product, rec '
                         'FROM sessions').fetchone(), (0, 0, 0, 3))
        conn.execute('INSERT INTO identities (type, value) VALUES (1, ?)',
                     (b'192.168.0.1',))
        with self.assertRaises(sqlite3.IntegrityError):
            conn.execute('INSERT INTO identities (type, value) VALUES (1, ?)',
                         (b'192.168.0.1',))


class TestReload(SchemaTestBase):
    """tables.sql drops and recreates every table: loading it again over a
    used database succeeds and leaves an empty current schema."""

    def test_load_tables_twice(self):
        db = self.make_db('twice.db', TABLES_SQL, DATA_SQL)
        conn = self.connect(db)
        conn.execute("INSERT INTO devices (value, product) VALUES ('d', 2)")
        conn.execute('CREATE TABLE scratch (x)')   # not ours: left alone
        conn.commit()
        before = {t: columns(conn, t) for t in EXPECTED}
        conn.close()

        err = shell_load(db, TABLES_SQL)
        self.assertIsNone(err, err)
        conn = self.connect(db)
        self.assertEqual(tables(conn), sorted(list(EXPECTED) + ['scratch']))
        for table in EXPECTED:
            with self.subTest(table=table):
                self.assertEqual(columns(conn, table), before[table])
                self.assertEqual(explicit_indexes(conn, table),
                                 sorted(EXPECTED[table][1]))
                self.assertEqual(conn.execute(
                    'SELECT count(*) FROM "%s"' % table).fetchone()[0], 0)
        self.assertEqual(conn.execute('PRAGMA user_version').fetchone()[0],
                         SCHEMA_VERSION)
        conn.close()

        # and the seed data loads again on top
        err = shell_load(db, DATA_SQL)
        self.assertIsNone(err, err)
        conn = self.connect(db)
        self.assertEqual(conn.execute(
            'SELECT count(*) FROM policies').fetchone()[0], 24)

    def test_load_error_is_reported(self):
        """A failing load is reported with the shell's message."""
        bad = os.path.join(self.tmp.name, 'bad.sql')
        with open(bad, 'w') as f:
            f.write('INSERT INTO no_such_table VALUES (1);\n')
        err = shell_load(os.path.join(self.tmp.name, 'bad.db'), bad)
        self.assertIsNotNone(err)
        self.assertIn('no such table', err)


class TestMigrations(SchemaTestBase):
    """schema/migrate.sh brings a version-0 database (as the reference
    schema makes it) to ours and leaves a current one alone."""

    MIGRATE = os.path.join(os.path.dirname(TABLES_SQL), 'migrate.sh')

    def migrate(self, db):
        return subprocess.run(['sh', self.MIGRATE, db], capture_output=True,
                              text=True, timeout=60)

    def test_version_0_gets_our_index(self):
        db = self.make_db('old.db', TABLES_SQL, DATA_SQL)
        conn = sqlite3.connect(db)
        conn.execute('DROP INDEX sessions_device_time')
        conn.execute('DROP INDEX files_dir_name')
        for name in GOLDEN_TRIGGERS:
            conn.execute('DROP TRIGGER %s' % name)
        conn.execute('DROP TABLE golden_generation')
        conn.execute('PRAGMA user_version = 0')
        conn.commit()
        conn.close()
        p = self.migrate(db)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn('applying 0001-session-device-index.sql', p.stdout)
        self.assertIn('applying 0002-files-dir-name-index.sql', p.stdout)
        self.assertIn('applying 0003-golden-generation.sql', p.stdout)
        conn = self.connect(db)
        self.assertEqual(conn.execute('PRAGMA user_version').fetchone()[0],
                         SCHEMA_VERSION)
        self.assertEqual(index_columns(conn, 'sessions_device_time'),
                         ['device', 'time'])
        self.assertEqual(index_columns(conn, 'files_dir_name'),
                         ['dir', 'name'])
        self.assertEqual(conn.execute(
            'SELECT count(*) FROM policies').fetchone()[0], 24)
        self.assertEqual(triggers(conn), GOLDEN_TRIGGERS)
        self.assertEqual(generation(conn), 0)
        conn.execute("DELETE FROM file_hashes")
        conn.execute("UPDATE versions SET release = release")
        self.assertEqual(generation(conn), conn.execute(
            'SELECT count(*) FROM versions').fetchone()[0])

    def test_version_2_gets_golden_generation(self):
        db = self.make_db('v2.db', TABLES_SQL, DATA_SQL)
        conn = sqlite3.connect(db)
        for name in GOLDEN_TRIGGERS:
            conn.execute('DROP TRIGGER %s' % name)
        conn.execute('DROP TABLE golden_generation')
        conn.execute('PRAGMA user_version = 2')
        conn.commit()
        conn.close()
        p = self.migrate(db)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertNotIn('applying 0002', p.stdout)
        self.assertIn('applying 0003-golden-generation.sql', p.stdout)
        conn = self.connect(db)
        self.assertEqual(conn.execute('PRAGMA user_version').fetchone()[0],
                         SCHEMA_VERSION)
        self.assertEqual(triggers(conn), GOLDEN_TRIGGERS)
        self.assertEqual(conn.execute(
            'SELECT count(*) FROM golden_generation').fetchone()[0], 1)

    def test_version_1_gets_files_dir_name(self):
        db = self.make_db('v1.db', TABLES_SQL, DATA_SQL)
        conn = sqlite3.connect(db)
        conn.execute('DROP INDEX files_dir_name')
        conn.execute('PRAGMA user_version = 1')
        conn.commit()
        conn.close()
        p = self.migrate(db)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertNotIn('applying 0001', p.stdout)
        self.assertIn('applying 0002-files-dir-name-index.sql', p.stdout)
        conn = self.connect(db)
        self.assertEqual(conn.execute('PRAGMA user_version').fetchone()[0],
                         SCHEMA_VERSION)
        self.assertEqual(index_columns(conn, 'files_dir_name'),
                         ['dir', 'name'])

    def test_current_database_is_left_alone(self):
        db = self.make_db('new.db', TABLES_SQL)
        p = self.migrate(db)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn('nothing to do', p.stdout)


# ---------------------------------------------------------------------
# Our schema against the reference files (REF_SCHEMA_DIR)
# ---------------------------------------------------------------------

@unittest.skipUnless(REF_DIR, 'REF_SCHEMA_DIR not set: comparison with '
                     'the reference tables.sql/data.sql skipped')
class TestAgainstReference(SchemaTestBase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ours = cls.make_db('ours.db', TABLES_SQL, DATA_SQL)
        cls.ref = cls.make_db('ref.db', os.path.join(REF_DIR, 'tables.sql'),
                              os.path.join(REF_DIR, 'data.sql'))

    def setUp(self):
        self.a = self.connect(self.ours)
        self.b = self.connect(self.ref)

    def test_tables(self):
        self.assertEqual(tables(self.a), tables(self.b))

    def test_columns_and_constraints(self):
        for table in tables(self.b):
            with self.subTest(table=table):
                self.assertEqual(columns(self.a, table),
                                 columns(self.b, table))
                self.assertEqual(unique_constraints(self.a, table),
                                 unique_constraints(self.b, table))
                self.assertEqual(is_autoincrement(self.a, table),
                                 is_autoincrement(self.b, table))

    def test_index_names(self):
        for table in tables(self.b):
            with self.subTest(table=table):
                a = [i for i in explicit_indexes(self.a, table)
                     if i not in OUR_INDEXES]
                self.assertEqual(a, explicit_indexes(self.b, table))
                for index in a:
                    self.assertEqual(index_columns(self.a, index),
                                     index_columns(self.b, index), index)

    def test_references(self):
        """Same REFERENCES declarations, except results.session: the
        reference names a table "measurements" that does not exist, ours
        names sessions (database.md 1.5)."""
        def refs(conn, table):
            return sorted((r[3], r[2], r[4]) for r in conn.execute(
                'PRAGMA foreign_key_list("%s")' % table))
        for table in tables(self.b):
            a, b = refs(self.a, table), refs(self.b, table)
            if table == 'results':
                b = sorted(('session', 'sessions', 'id') if r[0] == 'session'
                           else r for r in b)
            with self.subTest(table=table):
                self.assertEqual(a, b)

    def test_seeded_tables(self):
        def seeded(conn):
            return sorted(t for t in tables(conn) if conn.execute(
                'SELECT count(*) FROM "%s"' % t).fetchone()[0])
        self.assertEqual(seeded(self.a),
                         sorted(set(seeded(self.b)) - REF_SKIPPED_TABLES))

    def test_seed_rows(self):
        for table in tables(self.b):
            if table in REF_SKIPPED_TABLES:
                continue
            ignored = REF_IGNORED_COLUMNS.get(table, set())
            names = [c[0] for c in columns(self.b, table)
                     if c[0] not in ignored]
            if table in REF_UNORDERED_TABLES:
                names.remove('id')
            sel = ', '.join('"%s"' % n for n in names)
            a = rows(self.a, table, sel, sel)
            b = rows(self.b, table, sel, sel)
            with self.subTest(table=table):
                if table in REF_UNORDERED_TABLES:
                    self.assertEqual(sorted(a), sorted(b))
                    continue
                ours = {r[0]: r for r in a}
                ref = {r[0]: r for r in b}
                self.assertEqual(sorted(ours), sorted(ref), 'ids differ')
                diff = [(ours[i], ref[i]) for i in sorted(ours)
                        if ours[i] != ref[i]]
                self.assertEqual(diff, [], 'rows differ (ours, reference)')


if __name__ == '__main__':
    if not REF_DIR:
        print('REF_SCHEMA_DIR is not set: the comparison with the reference '
              'schema is skipped')
    unittest.main(verbosity=2)
