"""Integration tests of tnc-policy, the policy database command line
(stdlib only): list, show, add, edit and delete of devices, groups,
policies, enforcements, packages and versions on a fresh policy database,
the same validation messages as the REST API with the database left
unchanged, and the exit codes.
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tnctest  # noqa: E402

POLICY = os.path.join(tnctest.BUILD_DIR, 'programs', 'tnc-web',
                      'tnc-policy')


@unittest.skipUnless(os.path.exists(POLICY), 'not built: ' + POLICY)
class TncPolicyTests(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='tnc-policy-')
        self.addCleanup(self.tmp.cleanup)
        self.db_path = os.path.join(self.tmp.name, 'config.db')
        tnctest.make_policy_db(self.db_path).close()
        self.uri = 'sqlite://' + self.db_path

    def run_cli(self, *args, env=None):
        r = subprocess.run([POLICY, '-d', self.uri] + list(args),
                           capture_output=True, text=True, timeout=30,
                           env=dict(os.environ, **tnctest.SANITIZER_ENV,
                                    **(env or {})))
        self.assertEqual(tnctest.sanitizer_findings(r.stderr), [],
                         r.stderr)
        return r.returncode, r.stdout, r.stderr

    def ok(self, *args):
        rc, out, err = self.run_cli(*args)
        self.assertEqual(rc, 0, err)
        return out

    def rows(self, *args):
        return [json.loads(line) for line in self.ok(*args).splitlines()]

    def q(self, sql, *args):
        db = sqlite3.connect(self.db_path)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def dump(self, *tables):
        return {t: self.q('SELECT * FROM %s ORDER BY id' % t)
                for t in tables}

    def refused(self, rc, message, *args, tables=('policies',)):
        before = self.dump(*tables)
        got = self.run_cli(*args)
        self.assertEqual((got[0], got[1]), (rc, ''))
        self.assertEqual(got[2], message)
        self.assertEqual(self.dump(*tables), before)

    def test_list_with_filters_and_paging(self):
        self.assertEqual([r['id'] for r in self.rows('list', 'groups',
                                                     'parent=2')],
                         [4, 5, 6, 7, 14, 15, 17])
        self.assertEqual([r['name'] for r in self.rows(
            'list', 'groups', 'parent=2', 'limit=2', 'offset=1')],
            ['Debian x86_64 OpenSSL 1.1', 'Ubuntu i686'])
        self.assertEqual(self.ok('show', 'policies', '9'),
                         '{"argument": "500 4500 10000-65000", "dir": 0, '
                         '"file": 0, "id": 9, "name": "Open UDP Ports", '
                         '"rec_fail": 1, "rec_noresult": 1, "type": 13}\n'
                         .replace(': ', ':').replace(', ', ','))

    def test_devices_groups_policies_enforcements(self):
        gid = int(self.ok('add', 'groups', 'name=Lab', 'parent=1'))
        self.assertEqual(gid, 18)
        did = int(self.ok('add', 'devices', 'value=aa11', 'product=104',
                          'description=lab box'))
        self.assertEqual(self.rows('show', 'devices', str(did)), [{
            'id': did, 'value': 'aa11', 'description': 'lab box',
            'product': 104, 'trusted': 0, 'inactive': 0, 'created': None}])
        self.assertEqual(self.rows('edit', 'devices', str(did),
                                   'trusted=1')[0]['trusted'], 1)
        self.ok('add', 'group-members', 'group_id=%d' % gid,
                'device_id=%d' % did)
        pid = int(self.ok('add', 'policies', 'name=Lab TCP', 'type=TCPOP',
                          'argument=22 443 8000-8100', 'rec_fail=1',
                          'rec_noresult=3'))
        self.assertEqual(self.q('SELECT type, argument, rec_fail, '
                                'rec_noresult, file, dir FROM policies '
                                'WHERE id = ?', pid),
                         [(11, '22 443 8000-8100', 1, 3, 0, 0)])
        eid = int(self.ok('add', 'enforcements', 'policy=%d' % pid,
                          'group_id=%d' % gid, 'max_age=60'))
        self.assertEqual(self.q('SELECT policy, group_id, rec_fail, '
                                'rec_noresult, max_age FROM enforcements '
                                'WHERE id = ?', eid),
                         [(pid, gid, None, None, 60)])
        self.assertEqual(self.rows('edit', 'enforcements', str(eid),
                                   'rec_fail=2', 'rec_noresult=')[0],
                         {'id': eid, 'policy': pid, 'group_id': gid,
                          'rec_fail': 2, 'rec_noresult': None,
                          'max_age': 60})
        # still referenced: refused with the reason
        self.refused(1, 'error: policies %d is still used by 1 '
                     'enforcements\n' % pid, 'delete', 'policies', str(pid),
                     tables=('policies', 'enforcements'))
        self.refused(1, 'error: groups %d is still used by 1 enforcements\n'
                     % gid, 'delete', 'groups', str(gid),
                     tables=('groups',))
        self.ok('delete', 'enforcements', str(eid))
        self.ok('delete', 'policies', str(pid))
        self.refused(1, 'error: devices %d is still used by 1 group '
                     'memberships\n' % did, 'delete', 'devices', str(did),
                     tables=('devices',))
        self.assertEqual(self.q('SELECT COUNT(*) FROM enforcements WHERE '
                                'id = ?', eid), [(0,)])

    def test_packages_and_versions(self):
        pkg = int(self.ok('add', 'packages', 'name=labtool'))
        ver = int(self.ok('add', 'versions', 'package=%d' % pkg,
                          'product=104', 'release=1.2-3', 'security=1'))
        self.assertEqual(self.q('SELECT package, product, release, '
                                'security, blacklist FROM versions WHERE '
                                'id = ?', ver),
                         [(pkg, 104, '1.2-3', 1, 0)])
        self.ok('edit', 'packages', str(pkg), 'blacklist=1')
        self.assertEqual(self.rows('list', 'versions', 'package=%d' % pkg),
                         [{'id': ver, 'package': pkg, 'product': 104,
                           'release': '1.2-3', 'security': 1,
                           'blacklist': 0, 'time': 0}])
        self.refused(1, 'error: packages %d is still used by 1 versions\n'
                     % pkg, 'delete', 'packages', str(pkg),
                     tables=('packages',))
        self.refused(1, 'error: field security must be 0 or 1\n', 'edit',
                     'versions', str(ver), 'security=2',
                     tables=('versions',))
        self.refused(1, 'error: product: products 999 does not exist\n',
                     'add', 'versions', 'package=%d' % pkg, 'product=999',
                     tables=('versions',))
        self.ok('delete', 'versions', str(ver))
        self.ok('delete', 'packages', str(pkg))
        self.assertEqual(self.q('SELECT COUNT(*) FROM packages WHERE name '
                                "= 'labtool'"), [(0,)])

    def test_validation_messages(self):
        add = ('add', 'policies', 'name=x', 'rec_fail=1', 'rec_noresult=1')
        self.refused(1, "error: argument: bad port range: invalid port "
                     "range '70000': port above 65535\n",
                     *add, 'type=UDPOP', 'argument=53 70000')
        self.refused(1, 'error: unknown policy type "NOPE"\n', *add,
                     'type=NOPE')
        self.refused(1, 'error: unknown policy type 17\n', *add, 'type=17')
        self.refused(1, 'error: field rec_fail must be a recommendation '
                     '0..3\n', 'edit', 'policies', '1', 'rec_fail=9')
        self.refused(1, 'error: policies 99 does not exist\n', 'edit',
                     'policies', '99', 'name=y')
        self.refused(1, 'error: field type is missing\n', *add)
        self.refused(1, 'error: unknown field colour\n', *add, 'type=1',
                     'colour=red')

    def test_usage_and_exit_codes(self):
        for args in ([], ['list'], ['frob', 'groups'], ['show', 'groups'],
                     ['delete', 'groups', 'x'], ['add', 'groups'],
                     ['show', 'groups', '1', 'extra']):
            self.assertEqual(self.run_cli(*args)[0], 64, args)
        rc, _, err = self.run_cli('list', 'nothing')
        self.assertEqual((rc, err), (64, 'error: unknown type nothing\n'))
        r = subprocess.run([POLICY, '-d', 'sqlite://' + os.path.join(
            self.tmp.name, 'missing.db'), 'list', 'groups'],
            capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 66)
        # the database from tnc-web's configuration file
        conf = os.path.join(self.tmp.name, 'tnc-web.conf')
        with open(conf, 'w') as f:
            f.write('database = %s\nport = 8443\n' % self.uri)
        r = subprocess.run([POLICY, '-c', conf, 'show', 'groups', '1'],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual((r.returncode, r.stdout),
                         (0, '{"id":1,"name":"Default","parent":null}\n'))


if __name__ == '__main__':
    unittest.main(verbosity=2)
