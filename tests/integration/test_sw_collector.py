#!/usr/bin/env python3
"""The endpoint collector end to end (programs/sw-collector.c): runs the
built sw-collector on a fake system in a temporary directory (an
os-release file, a dpkg status database, apt's history log with a
plain and a gzip-compressed rotation, a bootstrap.log) and checks the
event store's rows with sqlite3 and the printed summary; then that an
appended entry adds exactly one event, that a second update changes
nothing, and the list and events commands and the exit codes.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import gzip
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tnctest  # noqa: E402

COLLECTOR = os.path.join(tnctest.BUILD_DIR, 'programs', 'sw-collector')
PREFIX = 'strongswan.org__Debian_12-x86_64-'
SUMMARY_RE = (r'processed (\d+) history entries: (\d+) creations, (\d+) '
              r'deletions; (\d+) installed; last event ID (\d+)')

ROTATED_2 = """\
Start-Date: 2026-01-10  09:00:00
Commandline: apt-get install old-tool
Install: old-tool:amd64 (0.9)
End-Date: 2026-01-10  09:00:02
"""

# before the bootstrap: skipped
ROTATED_2_EARLY = """\
Start-Date: 2025-06-01  09:00:00
Install: prehistoric:amd64 (1)
End-Date: 2025-06-01  09:00:02

"""

ROTATED_1 = """\

Start-Date: 2026-02-01  10:00:00
Commandline: apt-get install strongswan
Install: libstrongswan:amd64 (5.9.8-5, automatic), strongswan:amd64 (5.9.8-5)
End-Date: 2026-02-01  10:00:05
"""

CURRENT = """\

Start-Date: 2026-03-01  11:00:00
Commandline: apt-get upgrade
Upgrade: openssl:amd64 (3.0.11-1, 1:3.0.15+deb12u1)
End-Date: 2026-03-01  11:00:09

Start-Date: 2026-03-02  12:00:00
Commandline: apt-get purge old-tool
Purge: old-tool:amd64 (0.9)
End-Date: 2026-03-02  12:00:01

this line is garbage
"""

APPENDED = """
Start-Date: 2026-03-05  08:00:00
Commandline: apt-get install curl
Install: curl:amd64 (7.88.1-10)
End-Date: 2026-03-05  08:00:03
"""

IN_PROGRESS = """
Start-Date: 2026-03-06  08:00:00
Commandline: apt-get install zsh
Install: zsh:amd64 (5.9-4)
"""


def stanza(name, version, status='install ok installed'):
    return 'Package: %s\nStatus: %s\nVersion: %s\n\n' % (name, status,
                                                         version)


DPKG = (stanza('base-files', '12.4') + stanza('libstrongswan', '5.9.8-5') +
        stanza('strongswan', '5.9.8-5') +
        stanza('openssl', '1:3.0.15+deb12u1') +
        stanza('removed-pkg', '1.0', 'deinstall ok config-files'))


class SwCollectorTest(unittest.TestCase):

    def setUp(self):
        if not os.path.exists(COLLECTOR):
            self.skipTest('sw-collector not built')
        self.tmp = tempfile.TemporaryDirectory(prefix='sw-collector-')
        root = self.root = self.tmp.name
        for d in ('etc', 'var/log/apt', 'var/lib/dpkg'):
            os.makedirs(os.path.join(root, d))
        self.write('etc/os-release', 'NAME="Debian GNU/Linux"\n'
                   'ID=debian\nVERSION_ID="12"\n')
        self.write('var/lib/dpkg/status', DPKG)
        self.write('var/log/apt/history.log', CURRENT)
        self.write('var/log/apt/history.log.1', ROTATED_1)
        with gzip.open(self.path('var/log/apt/history.log.2.gz'),
                       'wt') as f:
            f.write(ROTATED_2_EARLY + ROTATED_2)
        self.write('var/log/bootstrap.log', 'bootstrap\n')
        # 2026-01-01T00:00:00Z
        os.utime(self.path('var/log/bootstrap.log'),
                 (1767225600, 1767225600))
        self.db_path = self.path('sw.db')
        self.env = dict(os.environ)
        self.env.update(tnctest.SANITIZER_ENV)
        self.env.update({'TZ': 'UTC', 'TNC_IMC_OS_NAME': 'Debian',
                         'TNC_IMC_OS_VERSION': '12 x86_64'})

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, rel):
        return os.path.join(self.root, rel)

    def write(self, rel, text, mode='w'):
        with open(self.path(rel), mode) as f:
            f.write(text)

    def run_collector(self, *args, rc=0):
        cmd = [COLLECTOR, '--os-root', self.root,
               '--database', 'sqlite://' + self.db_path] + list(args)
        p = subprocess.run(cmd, env=self.env, capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(tnctest.sanitizer_findings(p.stdout + p.stderr),
                         [], p.stderr)
        self.assertEqual(p.returncode, rc, p.stdout + p.stderr)
        return p

    def summary(self, p):
        m = re.search(SUMMARY_RE, p.stdout)
        self.assertIsNotNone(m, p.stdout)
        return tuple(int(x) for x in m.groups())

    def rows(self, sql, args=()):
        db = sqlite3.connect(self.db_path)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def events(self):
        return self.rows(
            'SELECT e.id, e.timestamp, i.name, se.action '
            'FROM sw_events se JOIN events e ON se.eid = e.id '
            'JOIN sw_identifiers i ON se.sw_id = i.id '
            'ORDER BY e.id, i.name, se.action')

    def installed(self):
        return [r[0] for r in self.rows(
            'SELECT name FROM sw_identifiers WHERE installed = 1 '
            'ORDER BY name')]

    def test_update(self):
        p = self.run_collector('update')
        # entries: old-tool, strongswan (2), openssl (1 del + 1 cre),
        # purge (1 del); the early one and the garbage skipped
        self.assertEqual(self.summary(p), (4, 4, 2, 4, 5))
        self.assertIn('history.log: 1 malformed entry skipped',
                      p.stderr)
        self.assertIn('1 added to the first event, 0 re-added, '
                      '0 removed', p.stdout)

        events = self.rows('SELECT id, epoch, timestamp FROM events '
                           'ORDER BY id')
        self.assertEqual([(e[0], e[2]) for e in events], [
            (1, '2026-01-01T00:00:00Z'), (2, '2026-01-10T09:00:00Z'),
            (3, '2026-02-01T10:00:00Z'), (4, '2026-03-01T11:00:00Z'),
            (5, '2026-03-02T12:00:00Z')])
        epoch = events[0][1]
        self.assertTrue(0 <= epoch < 2 ** 31)
        self.assertEqual({e[1] for e in events}, {epoch})

        C, D = 1, 2
        self.assertEqual(self.events(), [
            (1, '2026-01-01T00:00:00Z', PREFIX + 'base-files-12.4', C),
            (2, '2026-01-10T09:00:00Z', PREFIX + 'old-tool-0.9', C),
            (3, '2026-02-01T10:00:00Z', PREFIX + 'libstrongswan-5.9.8-5',
             C),
            (3, '2026-02-01T10:00:00Z', PREFIX + 'strongswan-5.9.8-5', C),
            (4, '2026-03-01T11:00:00Z',
             PREFIX + 'openssl-1~3.0.15~deb12u1', C),
            (4, '2026-03-01T11:00:00Z', PREFIX + 'openssl-3.0.11-1', D),
            (5, '2026-03-02T12:00:00Z', PREFIX + 'old-tool-0.9', D)])
        self.assertEqual(self.installed(), [
            PREFIX + 'base-files-12.4', PREFIX + 'libstrongswan-5.9.8-5',
            PREFIX + 'openssl-1~3.0.15~deb12u1',
            PREFIX + 'strongswan-5.9.8-5'])
        self.assertEqual(self.rows(
            'SELECT package, version, source FROM sw_identifiers '
            'WHERE name = ?', (PREFIX + 'openssl-1~3.0.15~deb12u1',)),
            [('openssl', '1:3.0.15+deb12u1', 1)])

        # idempotent
        before = (self.events(), self.installed())
        p = self.run_collector()
        self.assertEqual(self.summary(p), (0, 0, 0, 4, 5))
        self.assertEqual((self.events(), self.installed()), before)

        # an appended entry: exactly one new event
        self.write('var/log/apt/history.log', APPENDED, 'a')
        self.write('var/lib/dpkg/status', stanza('curl', '7.88.1-10'), 'a')
        p = self.run_collector()
        self.assertEqual(self.summary(p), (1, 1, 0, 5, 6))
        self.assertEqual(self.events()[len(before[0]):], [
            (6, '2026-03-05T08:00:00Z', PREFIX + 'curl-7.88.1-10', 1)])
        self.assertEqual(self.rows('SELECT epoch FROM events WHERE id = 6'),
                         [(epoch,)])

        # list and events
        p = self.run_collector('list')
        self.assertEqual(p.stdout.splitlines(), self.installed())
        p = self.run_collector('events', '--since', '5')
        self.assertEqual(p.stdout.splitlines(), [
            '5 2026-03-02T12:00:00Z deletion ' + PREFIX + 'old-tool-0.9',
            '6 2026-03-05T08:00:00Z creation ' + PREFIX +
            'curl-7.88.1-10'])

    def test_reconcile(self):
        self.run_collector()
        # removed behind apt's back, and an entry apt is still writing
        self.write('var/lib/dpkg/status', stanza('base-files', '12.4') +
                   stanza('strongswan', '5.9.8-5') +
                   stanza('openssl', '1:3.0.15+deb12u1'))
        self.write('var/log/apt/history.log', IN_PROGRESS, 'a')
        p = self.run_collector()
        self.assertIn('reconciliation postponed', p.stdout)
        self.assertEqual(self.summary(p), (0, 0, 0, 4, 5))
        # apt has finished: the entry, then the removal as a new event
        self.write('var/log/apt/history.log',
                   'End-Date: 2026-03-06  08:00:04\n', 'a')
        self.write('var/lib/dpkg/status', stanza('zsh', '5.9-4'), 'a')
        p = self.run_collector()
        self.assertEqual(self.summary(p), (1, 1, 0, 4, 7))
        self.assertIn('0 added to the first event, 0 re-added, 1 removed',
                      p.stdout)
        last = self.events()[-2:]
        self.assertEqual([(e[0], e[2], e[3]) for e in last], [
            (6, PREFIX + 'zsh-5.9-4', 1),
            (7, PREFIX + 'libstrongswan-5.9.8-5', 2)])
        self.assertNotIn(PREFIX + 'libstrongswan-5.9.8-5', self.installed())

    def test_errors(self):
        p = self.run_collector('list', rc=1)
        self.assertIn('opening sqlite://', p.stderr)
        self.run_collector('frobnicate', rc=64)
        self.run_collector('list', '--since', '3', rc=64)
        self.run_collector('events', '--since', 'x', rc=64)
        self.run_collector('--first-time', '2026-01-01', rc=64)
        conf = self.path('bad.conf')
        with open(conf, 'w') as f:
            f.write('databse = sqlite:///x\n')
        self.run_collector('-c', conf, rc=1)
        os.unlink(self.path('var/lib/dpkg/status'))
        p = self.run_collector(rc=1)
        self.assertIn('status failed', p.stderr)

    def test_conf_and_first_time(self):
        os.unlink(self.path('var/log/bootstrap.log'))
        conf = self.path('sw.conf')
        with open(conf, 'w') as f:
            f.write('first_time = 2026-01-05T00:00:00Z\n'
                    'regid = example.org\n'
                    'history = %s\n' % self.path('none.log'))
        p = self.run_collector('-c', conf)
        # no history at all: only the dpkg packages, in the first event
        self.assertEqual(self.summary(p), (0, 0, 0, 4, 1))
        self.assertEqual(self.rows('SELECT id, timestamp FROM events'),
                         [(1, '2026-01-05T00:00:00Z')])
        self.assertEqual(self.installed()[0],
                         'example.org__Debian_12-x86_64-base-files-12.4')


if __name__ == '__main__':
    unittest.main(verbosity=2)
