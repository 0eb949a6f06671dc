"""Browser tests of tnc-web's HTML pages.

Starts tnc-web (as test_web_api.py does) on 127.0.0.1 over a fresh
policy database with an admin and a read-only user, adds the two
sessions of the open-port scenario (a Block session whose TCPOP result
names the open port 2024, then an Allow session, with the result texts
the Scanner IMV writes), and runs tests/browser/test_pages.js in Debian's
headless chromium through playwright-core. Afterwards checks what the
pages changed in the database and that the screenshots were written.
Skipped when chromium, node or the npm packages are missing.
"""
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tnctest  # noqa: E402
from test_web_api import ADMIN, READER, WEB, WebServer  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BROWSER_DIR = os.path.join(os.path.dirname(HERE), 'browser')
CHROMIUM = '/usr/bin/chromium'
NODE = shutil.which('node')
TCPOP_POLICY = 8
SCREENSHOTS = ('overview', 'policies', 'policy', 'policy-error', 'groups',
               'enforcements', 'devices', 'products', 'packages',
               'swid-tags', 'statistics', 'vulnerabilities', 'search',
               'device', 'session', 'inventory-search')


def npm_ready():
    """Installs the locked npm packages when they are missing."""
    if os.path.isdir(os.path.join(BROWSER_DIR, 'node_modules',
                                  'playwright-core')):
        return True
    npm = shutil.which('npm')
    if not npm:
        return False
    r = subprocess.run([npm, 'ci', '--prefix', BROWSER_DIR],
                       capture_output=True, timeout=300)
    return r.returncode == 0


class WebPagesTests(tnctest.PolicyDbTestCase):

    NEEDS = (WEB,)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not os.path.exists(CHROMIUM) or not NODE:
            raise unittest.SkipTest('chromium or node not installed')
        if not npm_ready():
            raise unittest.SkipTest('playwright-core not installed')

    def setUp(self):
        super().setUp()
        self.new_policy_db().close()
        self.add_open_port_sessions()
        self.web = WebServer(self.tmp, self.db_path)
        self.addCleanup(self.stop_web)

    def stop_web(self):
        rc = self.web.stop()
        log = self.web.log()
        self.assertEqual(tnctest.sanitizer_findings(log), [], log)
        self.assertEqual(rc, 0, log)

    def add_open_port_sessions(self):
        """A device with a Block then an Allow session, as the Scanner
        IMV records them (see test_scanner.py)."""
        self.device = self.exec_sql(
            "INSERT INTO devices (value, description, product, trusted, "
            "inactive, created) VALUES ('a1b2c3d4', 'carol''s laptop', "
            "1, 0, 0, 1700000000)")
        ident = self.exec_sql("INSERT INTO identities (type, value) "
                              "VALUES (1, CAST('carol' AS BLOB))")
        self.block = self.exec_sql(
            'INSERT INTO sessions (time, connection, identity, device, '
            'product, rec) VALUES (1700000100, 1, ?, ?, 1, 1)',
            ident, self.device)
        self.exec_sql("INSERT INTO results (session, policy, rec, result) "
                      "VALUES (?, ?, 1, 'violating tcp ports: 2024')",
                      self.block, TCPOP_POLICY)
        self.allow = self.exec_sql(
            'INSERT INTO sessions (time, connection, identity, device, '
            'product, rec) VALUES (1700000200, 2, ?, ?, 1, 0)',
            ident, self.device)
        self.exec_sql("INSERT INTO results (session, policy, rec, result) "
                      "VALUES (?, ?, 0, 'no violating tcp ports')",
                      self.allow, TCPOP_POLICY)
        self.add_inventory()

    def add_inventory(self):
        """The SWID tags each session reported, and the event between
        them that removed telnetd."""
        tags = {}
        for name in ('telnetd', 'openssh-server'):
            tags[name] = self.exec_sql(
                "INSERT INTO swid_tags (package_name, version_str, "
                "unique_id, swid_xml, software_id) VALUES (?, '9.2', ?, "
                "'', ?)", name, 'strongswan.org__Debian_12-x86_64-%s-9.2'
                % name, name)
        for session, name in ((self.block, 'telnetd'),
                              (self.allow, 'openssh-server')):
            self.exec_sql('INSERT INTO swid_tags_sessions (tag_id, '
                          'session_id) VALUES (?, ?)', tags[name], session)
        event = self.exec_sql(
            "INSERT INTO swid_events (device, epoch, eid, timestamp) "
            "VALUES (?, 1, 2, '2023-11-14T22:16:40Z')", self.device)
        self.exec_sql('INSERT INTO swid_tags_events (tag_id, event_id, '
                      'action) VALUES (?, ?, 2)', tags['telnetd'], event)

    def test_pages_in_chromium(self):
        shots = os.path.join(tnctest.BUILD_DIR, 'browser-screenshots')
        shutil.rmtree(shots, ignore_errors=True)
        os.makedirs(shots)
        before = self.q('SELECT * FROM policies WHERE id != ? ORDER BY id',
                        TCPOP_POLICY)
        env = dict(os.environ,
                   TNC_WEB_URL='http://127.0.0.1:%d' % self.web.port,
                   TNC_ADMIN='%s:%s' % ADMIN, TNC_READER='%s:%s' % READER,
                   TNC_DEVICE=str(self.device),
                   TNC_BLOCK_SESSION=str(self.block),
                   TNC_SCREENSHOTS=shots)
        r = subprocess.run([NODE, os.path.join(BROWSER_DIR,
                                               'test_pages.js')],
                           capture_output=True, text=True, timeout=240,
                           env=env)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr +
                         self.web.log())
        # only the good port range was saved; the refused edits (bad
        # range, a type without its file, the read-only user's POST) left
        # no trace
        self.assertEqual(self.q('SELECT type, name, argument FROM policies '
                                'WHERE id = ?', TCPOP_POLICY),
                         [(11, 'No Open TCP Ports', '2024 8000-8080')])
        self.assertEqual(self.q('SELECT * FROM policies WHERE id != ? '
                                'ORDER BY id', TCPOP_POLICY), before)
        for name in SCREENSHOTS:
            p = os.path.join(shots, name + '.png')
            self.assertTrue(os.path.getsize(p) > 1000, p)


if __name__ == '__main__':
    unittest.main()
