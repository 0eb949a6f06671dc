#!/usr/bin/env python3
"""The Scanner IMC and IMV end to end: tnc-server with an IMV that starts
the policy (the OS IMV, or the agent test IMV where the test needs a
fixed OS) and the Scanner IMV on a policy database, pt-tls-client with
the matching IMCs.

The operator's scenario, on this machine's real sockets with the OS and
Scanner pairs: the Default group's policy 8 "No Open TCP Ports" (TCPOP,
empty argument) blocks the endpoint while the test listens on a port,
and the result names the port; once the policy's argument allows the
open ports the next session is allowed and compliant. Then the
IMC reads sample socket tables (TNC_IMC_SCANNER_PROC_NET) so the result
text is known exactly, the IMV asks for the Port Filter when the IMC
does not push it, and without a database the IMV allows.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import re
import socket
import sqlite3
import struct
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tnctest  # noqa: E402

PLUGINS = os.path.join(tnctest.BUILD_DIR, 'tests', 'plugins')
IMV_AGENT = os.path.join(PLUGINS, 'imv-agent-test.so')
IMC_AGENT = os.path.join(PLUGINS, 'imc-agent-test.so')
IMV_SCANNER = os.path.join(tnctest.BUILD_DIR, 'imvs', 'scanner',
                           'imv-scanner.so')
IMC_SCANNER = os.path.join(tnctest.BUILD_DIR, 'imcs', 'scanner',
                           'imc-scanner.so')
IMV_OS = os.path.join(tnctest.BUILD_DIR, 'imvs', 'os', 'imv-os.so')
IMC_OS = os.path.join(tnctest.BUILD_DIR, 'imcs', 'os', 'imc-os.so')
# The plugin pair that starts the policy, by name.
STARTERS = {'agent': (IMV_AGENT, IMC_AGENT), 'os': (IMV_OS, IMC_OS)}
MANAGER = os.path.join(tnctest.BUILD_DIR, 'programs', 'imv_policy_manager')

ALLOW, NO_ACCESS = 0, 1
TCPOP_POLICY = 8        # 'No Open TCP Ports', argument '', rec_fail 1
UDPOP_POLICY = 9        # 'Open UDP Ports'
DEVICE = '5c1e3d7a9b2f4e6d8c0a1b3e5f7d9c2a'

CLIENT_ALLOWED = "PB-TNC access recommendation is 'Access Allowed'"
CLIENT_DENIED = "PB-TNC access recommendation is 'Access Denied'"

# Only what a test sets may reach the processes it starts.
for _k in list(os.environ):
    if _k.startswith(('TNC_IMC_AGENT_', 'TNC_IMC_SCANNER_',
                       'TNC_IMC_OS_')) or _k in (
            'TNC_DATABASE', 'TNC_POLICY_SCRIPT', 'TNC_POLICY_MANAGER_CONF'):
        del os.environ[_k]

TABLE_HEADER = ('  sl  local_address rem_address   st tx_queue rx_queue tr '
                'tm->when retrnsmt   uid  timeout inode\n')


def v4hex(addr):
    """An IPv4 address as the kernel prints it in /proc/net (memory
    order of the 32-bit word)."""
    word = struct.unpack('=I', socket.inet_aton(addr))[0]
    return '%08X' % word


def table_line(slot, addr, port, state):
    return ('%4d: %s:%04X 00000000:0000 %s 00000000:00000000 00:00000000 '
            '00000000     0        0 %d 1 0000000000000000 100 0 0 10 0\n'
            % (slot, v4hex(addr), port, state, 1000 + slot))


class ScannerTests(tnctest.PolicyDbTestCase):

    NEEDS = (IMV_AGENT, IMC_AGENT, IMV_SCANNER, IMC_SCANNER, IMV_OS, IMC_OS,
             MANAGER)

    def imc_config(self):
        return self.write('imc.tnc_config', 'IMC "Starter" %s\n'
                          'IMC "Scanner" %s\n'
                          % (STARTERS[self.starter][1], IMC_SCANNER))

    def scanner_server(self, database=True, starter='agent'):
        conf, env = {}, {}
        if database:
            db = self.new_policy_db()
            # the machine's own UDP sockets are not what is tested here
            db.execute("UPDATE policies SET argument = '0-65535' "
                       "WHERE id = ?", (UDPOP_POLICY,))
            db.commit()
            db.close()
            conf['database'] = 'sqlite://' + self.db_path
            env['TNC_POLICY_SCRIPT'] = MANAGER
        # the policy's starter first: the Scanner IMV then finds the
        # session in the database in the same batch
        self.starter = starter
        return self.start_server(
            conf=conf, env=env,
            tnc_config='IMV "Starter" %s\nIMV "Scanner" %s\n'
                       % (STARTERS[starter][0], IMV_SCANNER))

    def session(self, srv, expect_rc, **scanner_env):
        env = {'TNC_IMC_AGENT_OS': 'Debian',
               'TNC_IMC_AGENT_VERSION': '12 x86_64',
               'TNC_IMC_AGENT_FWD': '0',
               'TNC_IMC_AGENT_DEVICE_ID': DEVICE}
        env.update({'TNC_IMC_SCANNER_' + k: v
                    for k, v in scanner_env.items()})
        return self.assert_session(srv, expect_rc, env)

    def stopped(self, srv, count=1):
        return srv.wait_for_log(r'policy: imv_policy_manager stop '
                                r'successful', count=count)

    def sample_tables(self):
        """tcp: 22 and 8080 on every address, 631 on loopback, one
        established connection; udp: 500; no IPv6 tables."""
        d = os.path.join(self.tmp, 'proc-net')
        os.mkdir(d)
        with open(os.path.join(d, 'tcp'), 'w') as f:
            f.write(TABLE_HEADER + table_line(0, '0.0.0.0', 8080, '0A') +
                    table_line(1, '127.0.0.1', 631, '0A') +
                    table_line(2, '10.0.2.15', 40000, '01') +
                    table_line(3, '10.0.2.15', 22, '0A'))
        with open(os.path.join(d, 'udp'), 'w') as f:
            f.write(TABLE_HEADER + table_line(0, '0.0.0.0', 500, '07'))
        return d

    # ------------------------------------------------------------------
    def test_real_open_port_blocks_then_allowed(self):
        # Section 5: sockets bound to 127.0.0.1 are left out unless the
        # IMC is told to report loopback servers too, as it is here: the
        # test's own server stays on loopback.
        lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(lsock.close)
        lsock.bind(('127.0.0.1', 0))
        lsock.listen(1)
        port = lsock.getsockname()[1]

        srv = self.scanner_server(starter='os')
        out = self.session(srv, 2, LOOPBACK='yes')
        self.assertIn(CLIENT_DENIED, out)
        self.assertIn("reason string is 'Open server ports were detected' "
                      "[en]", out)
        log = self.stopped(srv)
        self.assertIn('IMV 2 handles TCPOP workitem', log)
        self.assertIn("final recommendation is 'no access' and evaluation "
                      "is 'non-compliant minor'", log)
        m = re.search(r"TCPOP workitem \d+: '(violating tcp ports:[ 0-9]*)'",
                      log)
        self.assertIsNotNone(m, log)
        rows = self.q('SELECT rec, result FROM results WHERE policy = ?',
                      TCPOP_POLICY)
        self.assertEqual(len(rows), 1, rows)
        rec, text = rows[0]
        self.assertEqual(rec, NO_ACCESS)
        self.assertEqual(text, m.group(1))
        self.assertTrue(text.startswith('violating tcp ports: '), text)
        self.assertIn(str(port), text.split()[3:])
        self.assertEqual(self.q('SELECT rec, result FROM results '
                                'WHERE policy = ?', UDPOP_POLICY),
                         [(ALLOW, 'no violating udp ports')])

        # the operator allows the ports that were found open: the next
        # session passes and is compliant
        db = sqlite3.connect(self.db_path)
        db.execute("UPDATE policies SET argument = ? WHERE id = ?",
                   (' '.join(text.split()[3:]), TCPOP_POLICY))
        db.commit()
        db.close()
        out = self.session(srv, 0, LOOPBACK='yes')
        self.assertIn(CLIENT_ALLOWED, out)
        log = self.stopped(srv, count=2)
        self.assertIn("final recommendation is 'allow' and evaluation is "
                      "'compliant'", log)
        self.assertRegex(log, r"TCPOP workitem \d+: 'no violating tcp "
                         r"ports', compliant")
        self.assertEqual(self.q('SELECT rec, result FROM results '
                                'WHERE policy = ? ORDER BY id',
                                TCPOP_POLICY),
                         [(NO_ACCESS, text),
                          (ALLOW, 'no violating tcp ports')])
        self.assertEqual(self.q('SELECT rec FROM sessions ORDER BY id'),
                         [(NO_ACCESS,), (ALLOW,)])

    def test_sample_tables_exact_ports(self):
        srv = self.scanner_server()
        out = self.session(srv, 2, PROC_NET=self.sample_tables())
        self.assertIn(CLIENT_DENIED, out)
        self.stopped(srv)
        self.assertEqual(self.q('SELECT policy, rec, result FROM results '
                                'WHERE policy IN (?, ?) ORDER BY policy',
                                TCPOP_POLICY, UDPOP_POLICY),
                         [(TCPOP_POLICY, NO_ACCESS,
                           'violating tcp ports: 22 8080'),
                          (UDPOP_POLICY, ALLOW, 'no violating udp ports')])

    def test_port_filter_requested_when_not_pushed(self):
        srv = self.scanner_server()
        out = self.session(srv, 2, PROC_NET=self.sample_tables(),
                           PUSH_INFO='no')
        self.assertIn('asks for IETF Port Filter', out)
        self.stopped(srv)
        self.assertEqual(self.q('SELECT result FROM results '
                                'WHERE policy = ?', TCPOP_POLICY),
                         [('violating tcp ports: 22 8080',)])

    def test_without_database(self):
        srv = self.scanner_server(database=False)
        out = self.session(srv, 0, PROC_NET=self.sample_tables())
        self.assertIn(CLIENT_ALLOWED, out)
        srv.wait_for_log(re.escape("final recommendation is 'allow' and "
                                   "evaluation is 'don't know'"))


if __name__ == '__main__':
    unittest.main(verbosity=2)
