"""tnc-attest, the golden-value tool, on a policy database.

Each test builds a database from schema/tables.sql and data.sql, runs
tnc-attest subcommands and checks the exact rows they leave, the exit
status of bad arguments (64, database unchanged) and that a command
failing midway leaves nothing behind.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tnctest  # noqa: E402

ATTEST = os.path.join(tnctest.BUILD_DIR, 'programs', 'tnc-attest')
SHA1, SHA256, SHA384 = 32768, 16384, 8192
PRODUCT = 'Test OS 1 x86_64'


class AttestTest(unittest.TestCase):

    def setUp(self):
        if not os.access(ATTEST, os.X_OK):
            self.skipTest('tnc-attest not built')
        self.tmp = tempfile.TemporaryDirectory(prefix='tnc-attest-')
        self.path = os.path.join(self.tmp.name, 'config.db')
        self.db = tnctest.make_policy_db(self.path)
        self.uri = 'sqlite://' + self.path

    def tearDown(self):
        self.db.close()
        self.tmp.cleanup()

    def run_attest(self, *args, env=None, expect=0):
        e = dict(os.environ)
        e.pop('TNC_DATABASE', None)
        e.pop('TNC_ATTEST_CONF', None)
        e.update(env or {})
        argv = [ATTEST] + (['-d', self.uri] if env is None else []) + \
            list(args)
        p = subprocess.run(argv, capture_output=True, text=True, env=e,
                           timeout=60)
        self.assertEqual(p.returncode, expect, p.stdout + p.stderr)
        for marker in tnctest.SANITIZER_MARKERS:
            self.assertNotIn(marker, p.stderr)
        return p

    def rows(self, sql, *params):
        return self.db.execute(sql, params).fetchall()

    def dump(self):
        tables = ('products', 'packages', 'versions', 'directories',
                  'files', 'file_hashes', 'devices')
        return {t: self.rows('SELECT * FROM %s ORDER BY id' % t)
                for t in tables}

    def tree(self, files):
        root = os.path.join(self.tmp.name, 'tree')
        for rel, data in files.items():
            p = os.path.join(root, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, 'wb') as f:
                f.write(data)
        return root

    def product_id(self, name=PRODUCT):
        r = self.rows('SELECT id FROM products WHERE name = ?', name)
        return r[0][0] if r else None

    def hashes(self, product=PRODUCT):
        return self.rows(
            'SELECT d.path, f.name, fh.algo, fh.hash, pa.name, v.release '
            'FROM file_hashes fh JOIN files f ON f.id = fh.file '
            'JOIN directories d ON d.id = f.dir '
            'JOIN versions v ON v.id = fh.version '
            'JOIN packages pa ON pa.id = v.package '
            'JOIN products pr ON pr.id = v.product WHERE pr.name = ? '
            'ORDER BY d.path, f.name, fh.algo', product)

    # ---- add-product, add-package ----------------------------------

    def test_add_product(self):
        p = self.run_attest('add-product', PRODUCT)
        pid = self.product_id()
        self.assertEqual(pid, 106)
        self.assertEqual(p.stdout, 'product 106: %s - created\n' % PRODUCT)
        p = self.run_attest('add-product', PRODUCT)
        self.assertEqual(p.stdout, 'product 106: %s - exists\n' % PRODUCT)
        self.assertEqual(self.rows('SELECT count(*) FROM products'),
                         [(106,)])

    def test_add_package_flags(self):
        self.run_attest('add-package', '--product', PRODUCT, '--package',
                        'openssl', '--version', '3.0.1', '--security')
        rows = self.rows('SELECT pa.name, v.release, v.security, '
                         'v.blacklist, v.product FROM versions v JOIN '
                         'packages pa ON pa.id = v.package WHERE v.id > 6')
        self.assertEqual(rows, [('openssl', '3.0.1', 1, 0, 106)])
        # the flags of an existing version are updated, not duplicated
        p = self.run_attest('add-package', '--product', PRODUCT,
                            '--package', 'openssl', '--version', '3.0.1',
                            '--blacklist')
        self.assertIn('version 7: 3.0.1 [b] - updated', p.stdout)
        rows = self.rows('SELECT id, security, blacklist FROM versions '
                         'WHERE id > 6')
        self.assertEqual(rows, [(7, 0, 1)])
        # 'openssl' (package 4 in data.sql) is reused
        self.assertEqual(self.rows('SELECT package FROM versions WHERE '
                                   'id = 7'), [(4,)])

    # ---- add-hashes ------------------------------------------------

    def test_add_hashes_dir(self):
        root = self.tree({'a': b'alpha', 'b': b'beta', '.hidden': b'h',
                          'sub/c': b'gamma'})
        p = self.run_attest('add-hashes', '--product', PRODUCT, '--package',
                            'tools', '--version', '1.2', '--algo', 'sha256',
                            '--dir', '/usr/lib/tools/', '--measdir', root)
        self.assertIn('2 files measured with sha256: 2 hashes added',
                      p.stdout)
        self.assertEqual(self.hashes(), [
            ('/usr/lib/tools', 'a', SHA256,
             hashlib.sha256(b'alpha').hexdigest(), 'tools', '1.2'),
            ('/usr/lib/tools', 'b', SHA256,
             hashlib.sha256(b'beta').hexdigest(), 'tools', '1.2'),
        ])
        # again: nothing new
        p = self.run_attest('add-hashes', '--product', PRODUCT, '--package',
                            'tools', '--version', '1.2', '--algo', 'sha256',
                            '--dir', '/usr/lib/tools', '--measdir', root)
        self.assertIn('0 hashes added, 2 existed', p.stdout)
        self.assertEqual(len(self.hashes()), 2)

    def test_add_hashes_recursive_generic(self):
        root = self.tree({'a': b'alpha', 'sub/c': b'gamma'})
        self.run_attest('add-hashes', '--product', PRODUCT, '--algo',
                        'sha1', '--dir', '/opt/x', '--recursive',
                        '--measdir', root)
        self.assertEqual(self.hashes(), [
            ('/opt/x', 'a', SHA1, hashlib.sha1(b'alpha').hexdigest(),
             '', ''),
            ('/opt/x/sub', 'c', SHA1, hashlib.sha1(b'gamma').hexdigest(),
             '', ''),
        ])

    def test_add_hashes_file(self):
        root = self.tree({'bash': b'#!shell'})
        self.run_attest('add-hashes', '--product', PRODUCT, '--package',
                        'bash', '--version', '5.2', '--algo', 'sha384',
                        '--file', '/usr/bin/bash', '--measdir', root)
        # /usr/bin is directory 8 of data.sql
        rows = self.rows('SELECT f.dir, f.name, fh.algo, fh.hash FROM '
                         'file_hashes fh JOIN files f ON f.id = fh.file')
        self.assertEqual(rows, [(8, 'bash', SHA384,
                                 hashlib.sha384(b'#!shell').hexdigest())])
        # a file of the local system, read where it is
        local = os.path.join(self.tmp.name, 'tree', 'bash')
        self.run_attest('add-hashes', '--product', PRODUCT, '--algo',
                        'sha256', '--file', local)
        self.assertIn((os.path.dirname(local), 'bash', SHA256,
                       hashlib.sha256(b'#!shell').hexdigest(), '', ''),
                      self.hashes())

    def test_add_hashes_failing_midway_adds_nothing(self):
        root = self.tree({'a': b'alpha', 'b': b'beta', 'c': b'gamma'})
        before = self.dump()
        # the second file's hash is refused by the database
        bad = hashlib.sha256(b'beta').hexdigest()
        self.db.execute("CREATE TRIGGER refuse BEFORE INSERT ON file_hashes "
                        "WHEN NEW.hash = '%s' BEGIN SELECT RAISE(ABORT, "
                        "'refused'); END" % bad)
        self.db.commit()
        p = self.run_attest('add-hashes', '--product', 'New OS', '--package',
                            'p', '--version', '1', '--algo', 'sha256',
                            '--dir', '/new', '--measdir', root, expect=1)
        self.assertIn('nothing was added', p.stderr)
        self.assertEqual(self.dump(), before)

    @unittest.skipIf(os.geteuid() == 0, 'root reads unreadable files')
    def test_add_hashes_unreadable_file_adds_nothing(self):
        root = self.tree({'a': b'alpha', 'b': b'beta'})
        os.chmod(os.path.join(root, 'b'), 0)
        before = self.dump()
        p = self.run_attest('add-hashes', '--product', 'New OS', '--algo',
                            'sha256', '--dir', '/new', '--measdir', root,
                            expect=1)
        self.assertIn('cannot read', p.stderr)
        self.assertEqual(self.dump(), before)

    def test_missing_measdir_adds_nothing(self):
        before = self.dump()
        p = self.run_attest('add-hashes', '--product', 'New OS', '--algo',
                            'sha256', '--dir', '/new', '--measdir',
                            os.path.join(self.tmp.name, 'none'), expect=1)
        self.assertIn('cannot read directory', p.stderr)
        self.assertEqual(self.dump(), before)

    # ---- add-deb ---------------------------------------------------

    def test_add_deb(self):
        if not shutil.which('dpkg-deb'):
            self.skipTest('dpkg-deb not installed')
        pkg = os.path.join(self.tmp.name, 'pkg')
        os.makedirs(os.path.join(pkg, 'DEBIAN'))
        os.makedirs(os.path.join(pkg, 'usr', 'bin'))
        os.makedirs(os.path.join(pkg, 'etc'))
        with open(os.path.join(pkg, 'DEBIAN', 'control'), 'w') as f:
            f.write('Package: hello-golden\nVersion: 1.0-2\n'
                    'Architecture: all\nMaintainer: t <t@example.org>\n'
                    'Description: test\n')
        with open(os.path.join(pkg, 'usr', 'bin', 'hello'), 'wb') as f:
            f.write(b'hello binary')
        with open(os.path.join(pkg, 'etc', '.hidden'), 'wb') as f:
            f.write(b'dot')
        os.symlink('hello', os.path.join(pkg, 'usr', 'bin', 'hi'))
        deb = os.path.join(self.tmp.name, 'hello.deb')
        subprocess.run(['dpkg-deb', '--root-owner-group', '--build', pkg,
                        deb], check=True, capture_output=True, timeout=60)
        p = self.run_attest('add-deb', '--product', PRODUCT, '--algo',
                            'sha256', deb)
        self.assertIn('2 files measured with sha256: 2 hashes added',
                      p.stdout)
        self.assertEqual(self.hashes(), [
            ('/etc', '.hidden', SHA256, hashlib.sha256(b'dot').hexdigest(),
             'hello-golden', '1.0-2'),
            ('/usr/bin', 'hello', SHA256,
             hashlib.sha256(b'hello binary').hexdigest(), 'hello-golden',
             '1.0-2'),
        ])

    def test_add_deb_not_a_deb(self):
        junk = os.path.join(self.tmp.name, 'junk.deb')
        with open(junk, 'wb') as f:
            f.write(b'not an archive')
        before = self.dump()
        self.run_attest('add-deb', '--product', PRODUCT, '--algo', 'sha1',
                        junk, expect=1)
        self.assertEqual(self.dump(), before)

    # ---- list --------------------------------------------------------

    def test_list(self):
        root = self.tree({'a': b'alpha'})
        self.run_attest('add-hashes', '--product', PRODUCT, '--package',
                        'tools', '--version', '1.2', '--algo', 'sha256',
                        '--dir', '/usr/lib/tools', '--measdir', root)
        p = self.run_attest('list', 'products')
        self.assertTrue(p.stdout.endswith('106 products\n'))
        self.assertIn('106: %s\n' % PRODUCT, p.stdout)
        p = self.run_attest('list', 'hashes', '--product', PRODUCT,
                            '--algo', 'sha256')
        self.assertEqual(p.stdout, '1: /usr/lib/tools/a sha256 %s (tools '
                         '1.2, %s)\n1 hashes\n' % (
                             hashlib.sha256(b'alpha').hexdigest(), PRODUCT))
        p = self.run_attest('list', 'hashes', '--product', PRODUCT,
                            '--algo', 'sha1')
        self.assertEqual(p.stdout, '0 hashes\n')
        p = self.run_attest('list', 'packages', '--product', PRODUCT)
        self.assertEqual(p.stdout, '7: tools 1.2 (%s)\n1 packages\n'
                         % PRODUCT)
        p = self.run_attest('list', 'files', '--product', PRODUCT)
        self.assertEqual(p.stdout, '9: /usr/lib/tools/a\n1 files\n')
        self.db.execute("INSERT INTO devices (value, product, trusted) "
                        "VALUES ('aa11', 106, 1)")
        self.db.execute("INSERT INTO sessions (time, connection, device, "
                        "product, rec) VALUES (0, 7, 1, 106, 1)")
        self.db.commit()
        p = self.run_attest('list', 'devices')
        self.assertEqual(p.stdout, '1: aa11 (%s) trusted\n1 devices\n'
                         % PRODUCT)
        p = self.run_attest('list', 'sessions')
        self.assertEqual(p.stdout, '1: 1970-01-01 00:00:00 7 %s aa11 - - '
                         'no access\n1 sessions\n' % PRODUCT)

    # ---- delete ------------------------------------------------------

    def add_two_products(self):
        root = self.tree({'a': b'alpha', 'b': b'beta'})
        for product in (PRODUCT, 'Other OS'):
            for algo in ('sha1', 'sha256'):
                self.run_attest('add-hashes', '--product', product,
                                '--package', 'tools', '--version', '1',
                                '--algo', algo, '--dir', '/t', '--measdir',
                                root)

    def test_delete_hashes(self):
        self.add_two_products()
        p = self.run_attest('delete', 'hashes', PRODUCT, '--algo', 'sha1')
        self.assertEqual(p.stdout, "deleted 2 hashes of '%s'\n" % PRODUCT)
        self.assertEqual([r[2] for r in self.hashes()], [SHA256, SHA256])
        self.assertEqual(len(self.hashes('Other OS')), 4)
        self.run_attest('delete', 'hashes', PRODUCT, '--file', '/t/a')
        self.assertEqual([r[1] for r in self.hashes()], ['b'])
        self.run_attest('delete', 'hashes', PRODUCT)
        self.assertEqual(self.hashes(), [])
        self.assertEqual(len(self.hashes('Other OS')), 4)

    def test_delete_product_package_file_dir(self):
        self.add_two_products()
        self.run_attest('delete', 'file', '/t/a')
        self.assertEqual(self.rows("SELECT name FROM files WHERE dir = "
                                   "(SELECT id FROM directories WHERE "
                                   "path = '/t')"), [('b',)])
        self.assertEqual(len(self.hashes('Other OS')), 2)
        self.run_attest('delete', 'package', 'tools', '--product',
                        'Other OS')
        self.assertEqual(self.hashes('Other OS'), [])
        self.assertEqual(len(self.hashes()), 2)
        self.assertEqual(self.rows("SELECT count(*) FROM packages WHERE "
                                   "name = 'tools'"), [(1,)])
        self.run_attest('delete', 'product', PRODUCT)
        self.assertIsNone(self.product_id())
        self.assertEqual(self.rows('SELECT count(*) FROM file_hashes'),
                         [(0,)])
        self.assertEqual(self.rows('SELECT count(*) FROM versions WHERE '
                                   'product = 106'), [(0,)])
        self.run_attest('delete', 'dir', '/t')
        self.assertEqual(self.rows("SELECT count(*) FROM directories WHERE "
                                   "path = '/t'"), [(0,)])
        self.assertEqual(self.rows("SELECT count(*) FROM files WHERE "
                                   "name IN ('a', 'b')"), [(0,)])

    def test_delete_missing(self):
        before = self.dump()
        p = self.run_attest('delete', 'product', 'No Such OS', expect=1)
        self.assertIn("no such product: 'No Such OS'", p.stderr)
        self.run_attest('delete', 'file', '/no/such', expect=1)
        self.run_attest('delete', 'dir', '/no/such', expect=1)
        self.assertEqual(self.dump(), before)

    # ---- devices -----------------------------------------------------

    def test_trust_device(self):
        keyid = 'a1' * 20
        before = self.dump()
        self.run_attest('trust-device', keyid, expect=1)
        self.assertEqual(self.dump(), before)
        self.run_attest('add-product', PRODUCT)
        p = self.run_attest('trust-device', keyid, '--product', PRODUCT)
        self.assertEqual(p.stdout, "device '%s': trusted, created "
                         "(1 row)\n" % keyid)
        self.assertEqual(self.rows('SELECT value, product, trusted FROM '
                                   'devices'), [(keyid, 106, 1)])
        self.run_attest('untrust-device', keyid)
        self.assertEqual(self.rows('SELECT trusted FROM devices'), [(0,)])
        self.run_attest('trust-device', keyid)
        self.assertEqual(self.rows('SELECT count(*), max(trusted) FROM '
                                   'devices'), [(1, 1)])
        self.run_attest('untrust-device', 'nosuch', expect=1)

    # ---- database selection, bad arguments ---------------------------

    def test_database_from_env_and_config(self):
        p = self.run_attest('list', 'products',
                            env={'TNC_DATABASE': self.uri})
        self.assertTrue(p.stdout.endswith('105 products\n'))
        conf = os.path.join(self.tmp.name, 'attest.conf')
        with open(conf, 'w') as f:
            f.write('database = %s\n' % self.uri)
        p = self.run_attest('list', 'products',
                            env={'TNC_ATTEST_CONF': conf})
        self.assertTrue(p.stdout.endswith('105 products\n'))
        self.run_attest('list', 'products',
                        env={'TNC_ATTEST_CONF': conf + '.none'}, expect=66)

    def test_bad_arguments(self):
        before = self.dump()
        bad = [
            [],
            ['frobnicate'],
            ['add-product'],
            ['add-product', 'a', 'b'],
            ['add-package', '--product', PRODUCT, '--package', 'x'],
            ['add-hashes', '--product', PRODUCT, '--algo', 'md5',
             '--file', '/bin/true'],
            ['add-hashes', '--product', PRODUCT, '--algo', 'sha256'],
            ['add-hashes', '--product', PRODUCT, '--algo', 'sha256',
             '--file', 'relative/path'],
            ['add-hashes', '--product', PRODUCT, '--algo', 'sha256',
             '--file', '/a', '--dir', '/b'],
            ['add-hashes', '--product', PRODUCT, '--algo', 'sha256',
             '--file', '/a', '--recursive'],
            ['add-hashes', '--product', PRODUCT, '--algo', 'sha256',
             '--package', 'p', '--file', '/bin/true'],
            ['add-package', '--product', PRODUCT, '--package', 'x',
             '--version', '1', '--security', '--blacklist'],
            ['add-deb', '--product', PRODUCT, 'x.deb'],
            ['list'],
            ['list', 'cats'],
            ['list', 'products', '--recursive'],
            ['delete', 'product'],
            ['delete', 'galaxy', 'x'],
            ['delete', 'file', '/a', '--algo', 'sha1'],
            ['trust-device'],
            ['trust-device', 'k', '--algo', 'sha1'],
        ]
        for args in bad:
            with self.subTest(args=args):
                self.run_attest(*args, expect=64)
        self.assertEqual(self.dump(), before)


if __name__ == '__main__':
    unittest.main(verbosity=2)
