#!/usr/bin/env python3
"""The OS IMC and IMV end to end (imcs/os, imvs/os): tnc-server with
imv-os.so on a fresh policy database, pt-tls-client with imc-os.so.

First on this machine as it is: the products row must be what
/etc/os-release and uname say, the device the machine-id, the FWDEN
result what ip_forward says, and the session's recommendation what the
client exits with. Then on fake systems (TNC_IMC_OS_ROOT) with IP
forwarding on and a dpkg status database holding packages the database
marks vulnerable, blacklisted and ok: blocked or isolated as the
policies' rec_fail say, with the exact result texts.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tnctest  # noqa: E402

IMV_OS = os.path.join(tnctest.BUILD_DIR, 'imvs', 'os', 'imv-os.so')
IMC_OS = os.path.join(tnctest.BUILD_DIR, 'imcs', 'os', 'imc-os.so')
MANAGER = os.path.join(tnctest.BUILD_DIR, 'programs', 'imv_policy_manager')

ALLOW, NO_ACCESS, ISOLATE, NONE = 0, 1, 2, 3
# pt-tls-client's exit code for each sessions.rec
CLIENT_RC = {ALLOW: 0, NO_ACCESS: 2, ISOLATE: 3, NONE: 1}
PCKGS_POLICY, FWDEN_POLICY, PWDEN_POLICY = 1, 3, 4
FAKE_ID = '0123456789abcdef0123456789abcdef'
PCKGS_RE = (r'processed (\d+) packages: (\d+) vulnerable, (\d+) '
            r'blacklisted, (\d+) ok, (\d+) unknown')

for _k in list(os.environ):
    if _k.startswith('TNC_IMC_OS_') or _k in (
            'TNC_DATABASE', 'TNC_POLICY_SCRIPT', 'TNC_POLICY_MANAGER_CONF'):
        del os.environ[_k]

DPKG_STATUS = """\
Package: openssl
Status: install ok installed
Priority: optional
Version: 3.0.11-1~deb12u1
Description: Secure Sockets Layer toolkit
 a continuation line: Version: 9.9

Package: evil-tool
Status: install ok installed
Version: 0.1

Package: coreutils
Status: install ok installed
Version: 9.1-1

Package: not-in-db
Status: install ok installed
Version: 1.0

Package: removed-pkg
Status: deinstall ok config-files
Version: 2.0

Package: half
Status: install ok half-configured
Version: 1.0
"""


def installed_package_count():
    """What dpkg itself counts as installed on this machine."""
    with open('/var/lib/dpkg/status', encoding='utf-8',
              errors='replace') as f:
        return sum(1 for line in f
                   if line.rstrip('\n') == 'Status: install ok installed')


def os_release_product():
    """'<ID, first letter upper> <VERSION_ID> <machine>' as 3.1 says."""
    fields = {}
    with open('/etc/os-release') as f:
        for line in f:
            k, _, v = line.rstrip('\n').partition('=')
            fields[k] = v.strip('"\'')
    name = fields['ID'][:1].upper() + fields['ID'][1:]
    release = fields.get('VERSION_ID', '')
    machine = os.uname().machine
    return '%s %s %s' % (name, release, machine) if release else \
        '%s %s' % (name, machine)


class OsTests(tnctest.PolicyDbTestCase):

    NEEDS = (IMV_OS, IMC_OS, MANAGER)

    def imc_config(self):
        path = os.path.join(self.tmp, 'imc.tnc_config')
        if not os.path.exists(path):
            self.write('imc.tnc_config', 'IMC "OS" %s\n' % IMC_OS)
        return path

    def os_server(self):
        self.new_policy_db().close()
        return self.start_server(
            conf={'database': 'sqlite://' + self.db_path,
                  'log_level': '2'},
            env={'TNC_POLICY_SCRIPT': MANAGER},
            tnc_config='IMV "OS" %s\n' % IMV_OS)

    def stopped(self, srv):
        return srv.wait_for_log(r'policy: imv_policy_manager stop '
                                r'successful')

    def results(self):
        return sorted(self.q('SELECT policy, rec, result FROM results'))

    # ------------------------------------------------------------------
    def test_this_machine(self):
        srv = self.os_server()
        rc, out = self.run_client(srv)
        log = self.stopped(srv)
        product = os_release_product()
        self.assertEqual(self.q('SELECT name FROM products WHERE id = '
                                '(SELECT product FROM sessions)'),
                         [(product,)], log)
        with open('/etc/machine-id') as f:
            machine_id = f.read().strip()
        self.assertEqual(self.q('SELECT value FROM devices'),
                         [(machine_id,)])
        with open('/proc/sys/net/ipv4/ip_forward') as f:
            fwd = f.read(1) == '1'
        self.assertIn('FWDEN workitem', log)
        res = {p: (r, t) for p, r, t in self.results()}
        self.assertEqual(res[FWDEN_POLICY],
                         (NO_ACCESS, 'forwarding enabled') if fwd else
                         (ALLOW, 'forwarding not enabled'))
        # no versions rows for a new product: every package is unknown
        # (the Default group's Installed Packages enforcement)
        self.assertIn(PCKGS_POLICY, res)
        m = re.fullmatch(PCKGS_RE, res[PCKGS_POLICY][1])
        self.assertIsNotNone(m, res)
        n, vul, bl, ok, unk = map(int, m.groups())
        self.assertEqual(n, installed_package_count())
        self.assertEqual((vul, bl), (0, 0))
        self.assertEqual(ok + unk, n)
        self.assertEqual(res[PCKGS_POLICY][0], ALLOW)
        (rec,), = self.q('SELECT rec FROM sessions')
        self.assertEqual(rc, CLIENT_RC[rec], out)
        self.assertEqual(rec, NO_ACCESS if fwd else ALLOW)
        self.assertEqual(self.q('SELECT COUNT(*) FROM workitems'), [(0,)])

    # ------------------------------------------------------------------
    def fake_root(self, fwd):
        root = os.path.join(self.tmp, 'root')
        files = {
            'etc/os-release': 'PRETTY_NAME="Debian GNU/Linux 12"\n'
                              'ID=debian\nVERSION_ID="12"\n',
            'etc/machine-id': FAKE_ID + '\n',
            'proc/sys/net/ipv4/ip_forward': fwd + '\n',
            'proc/stat': 'cpu 1 2 3\nbtime 1700000000\nprocesses 9\n',
            'var/lib/dpkg/status': DPKG_STATUS,
        }
        for name, text in files.items():
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w') as f:
                f.write(text)
        return root

    def mark_packages(self):
        """openssl vulnerable, evil-tool blacklisted in any version,
        coreutils ok, on the fake system's product."""
        name = 'Debian 12 ' + os.uname().machine
        rows = self.q('SELECT id FROM products WHERE name = ?', name)
        product = rows[0][0] if rows else self.exec_sql(
            'INSERT INTO products (name) VALUES (?)', name)
        for pkg, release, sec, bl in (
                ('openssl', '3.0.11-1~deb12u1', 1, 0),
                ('evil-tool', '*', 0, 1),
                ('coreutils', '9.0-1', 1, 0),
                ('coreutils', '9.1-1', 0, 0)):
            rows = self.q('SELECT id FROM packages WHERE name = ?', pkg)
            pid = rows[0][0] if rows else self.exec_sql(
                'INSERT INTO packages (name) VALUES (?)', pkg)
            self.exec_sql('INSERT INTO versions (product, package, '
                          'release, security, blacklist) VALUES '
                          '(?, ?, ?, ?, ?)', product, pid, release, sec, bl)

    def fake_session(self, fwd, expect_rec, enforce=(), **env):
        """A session of the fake system; enforce: more policies for the
        Default group, as an operator adds them."""
        srv = self.os_server()
        self.mark_packages()
        for policy in enforce:
            self.exec_sql('INSERT INTO enforcements (policy, group_id, '
                          'max_age) VALUES (?, 1, 0)', policy)
        root = self.fake_root(fwd)
        env['TNC_IMC_OS_ROOT'] = root
        out = self.assert_session(srv, CLIENT_RC[expect_rec], env)
        log = self.stopped(srv)
        self.assertEqual(self.q('SELECT value FROM devices'), [(FAKE_ID,)])
        self.assertEqual(self.q('SELECT rec FROM sessions'), [(expect_rec,)])
        self.assertIn('PCKGS workitem', log)
        return out, log

    def test_fake_forwarding_and_vulnerable_blocked(self):
        out, log = self.fake_session('1', NO_ACCESS)
        self.assertEqual(self.results(), [
            (PCKGS_POLICY, ISOLATE, 'processed 4 packages: 1 vulnerable, '
                                    '1 blacklisted, 1 ok, 1 unknown'),
            (FWDEN_POLICY, NO_ACCESS, 'forwarding enabled')])
        self.assertIn("PB-TNC assessment result is 'non-compliant major'",
                      out)
        self.assertIn('received IETF Remediation Instructions', out)
        # both kinds of finding, one reason line each (section 4.3)
        # (the log shows the newline between them as \n)
        self.assertIn("reason string is 'Vulnerable or blacklisted software "
                      "packages were found\\nImproper OS settings were "
                      "detected' [en]", out)

    def test_fake_vulnerable_isolated(self):
        out, log = self.fake_session('0', ISOLATE)
        self.assertEqual(self.results(), [
            (PCKGS_POLICY, ISOLATE, 'processed 4 packages: 1 vulnerable, '
                                    '1 blacklisted, 1 ok, 1 unknown'),
            (FWDEN_POLICY, ALLOW, 'forwarding not enabled')])
        self.assertIn("PB-TNC assessment result is 'non-compliant minor'",
                      out)

    def test_default_password(self):
        # policy 4 is not enforced by default: the operator adds it
        out, log = self.fake_session('0', NO_ACCESS, enforce=[PWDEN_POLICY],
                                     TNC_IMC_OS_DEFAULT_PASSWORD='yes')
        res = {p: (r, t) for p, r, t in self.results()}
        self.assertEqual(res[PWDEN_POLICY],
                         (NO_ACCESS, 'factory default password enabled'))
        self.assertIn("reason string is 'Vulnerable or blacklisted software "
                      "packages were found\\nImproper OS settings were "
                      "detected' [en]", out)


if __name__ == '__main__':
    unittest.main(verbosity=2)
