#!/usr/bin/env python3
"""The agent layer of libimcv end to end: tnc-server with the agent's test
IMV (tests/plugins/imv_agent_test.c) on a policy database, pt-tls-client
with the agent's test IMC, and imv_policy_manager run by the IMV.

Checks the rows a session leaves (products, devices, sessions, identities,
results), the policy command's output in the server log, the FWDEN
workitem's verdict reaching the client, a 10 MB attribute crossing the
stack in segments, the PA-TNC error path, and operation without a
database.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tnctest  # noqa: E402

PLUGINS = os.path.join(tnctest.BUILD_DIR, 'tests', 'plugins')
IMV_AGENT = os.path.join(PLUGINS, 'imv-agent-test.so')
IMC_AGENT = os.path.join(PLUGINS, 'imc-agent-test.so')
MANAGER = os.path.join(tnctest.BUILD_DIR, 'programs', 'imv_policy_manager')

ALLOW, NO_ACCESS, ISOLATE, NONE = 0, 1, 2, 3
DEBIAN12 = 104          # 'Debian 12 x86_64' in data.sql
DEBIAN_X86_64 = 17      # its default group
FWDEN_POLICY = 3        # 'IP Forwarding Enabled', rec_fail 1
DEVICE = 'a4f5c2e1b0d94e7f8a6b5c4d3e2f1a0b'
DUMMY_SIZE = 10 * 1024 * 1024

CLIENT_ALLOWED = "PB-TNC access recommendation is 'Access Allowed'"
CLIENT_DENIED = "PB-TNC access recommendation is 'Access Denied'"

# Only what a test sets may reach the processes it starts.
for _k in list(os.environ):
    if _k.startswith('TNC_IMC_AGENT_') or _k in (
            'TNC_DATABASE', 'TNC_POLICY_SCRIPT', 'TNC_POLICY_MANAGER_CONF'):
        del os.environ[_k]


class AgentTests(tnctest.PolicyDbTestCase):

    NEEDS = (IMV_AGENT, IMC_AGENT, MANAGER)

    def imc_config(self):
        path = os.path.join(self.tmp, 'imc.tnc_config')
        if not os.path.exists(path):
            self.write('imc.tnc_config', 'IMC "AgentTest" %s\n' % IMC_AGENT)
        return path

    def agent_server(self, database=True, conf=None):
        conf = dict(conf or {})
        env = {}
        if database:
            self.new_policy_db().close()
            conf['database'] = 'sqlite://' + self.db_path
            env['TNC_POLICY_SCRIPT'] = MANAGER
        return self.start_server(
            conf=conf, env=env,
            tnc_config='IMV "AgentTest" %s\n' % IMV_AGENT)

    def imc_env(self, **kw):
        env = {'TNC_IMC_AGENT_OS': 'Debian',
               'TNC_IMC_AGENT_VERSION': '12 x86_64',
               'TNC_IMC_AGENT_FWD': '0',
               'TNC_IMC_AGENT_DEVICE_ID': DEVICE}
        env.update({'TNC_IMC_AGENT_' + k: v for k, v in kw.items()})
        return {k: v for k, v in env.items() if v is not None}

    def session(self, srv, expect_rc, **kw):
        return self.assert_session(srv, expect_rc, self.imc_env(**kw))

    def assert_final(self, srv, rec, evaluation, count=1):
        return srv.wait_for_log(re.escape(
            "final recommendation is '%s' and evaluation is '%s'"
            % (rec, evaluation)), count=count)

    def assert_stopped(self, srv, count=1):
        """The IMV ran the policy command's stop and logged its output."""
        return srv.wait_for_log(r'policy: imv_policy_manager stop '
                                r'successful', count=count)

    # ------------------------------------------------------------------
    def test_allow_rows_and_second_session(self):
        srv = self.agent_server()
        out = self.session(srv, 0)
        self.assertIn(CLIENT_ALLOWED, out)
        self.assertIn("IMV 1 assessed connection 1 as 'compliant'", out)
        log = self.assert_stopped(srv)
        self.assert_final(srv, 'allow', 'compliant')
        # policy: lines of start and stop, in that order
        start = log.find('policy: imv_policy_manager start successful')
        stop = log.find('policy: recommendation for access requestor '
                        '127.0.0.1 is allow')
        self.assertTrue(0 <= start < stop, log)
        self.assertIn('FWDEN workitem', log)

        # the product is the known one, the device new in its default group
        self.assertEqual(self.q('SELECT id FROM products WHERE name = ?',
                                'Debian 12 x86_64'), [(DEBIAN12,)])
        devices = self.q('SELECT id, value, product FROM devices')
        self.assertEqual(len(devices), 1, devices)
        dev_id, value, product = devices[0]
        self.assertEqual((value, product), (DEVICE, DEBIAN12))
        self.assertEqual(self.q('SELECT group_id FROM groups_members '
                                'WHERE device_id = ?', dev_id),
                         [(DEBIAN_X86_64,)])
        sessions = self.q('SELECT id, connection, product, device, rec, '
                          'identity FROM sessions')
        self.assertEqual(len(sessions), 1, sessions)
        sid, conn, product, device, rec, ident = sessions[0]
        self.assertEqual((conn, product, device, rec),
                         (1, DEBIAN12, dev_id, ALLOW))
        ids = self.q('SELECT i.type, i.value FROM identities i JOIN '
                     'sessions_identities si ON si.identity_id = i.id '
                     'WHERE si.session_id = ?', sid)
        self.assertIn((1, b'127.0.0.1'), ids)
        self.assertNotEqual(ident, 0)
        self.assertEqual(self.q('SELECT policy, rec, result FROM results '
                                'WHERE session = ?', sid),
                         [(FWDEN_POLICY, ALLOW, 'forwarding not enabled')])
        self.assertEqual(self.q('SELECT COUNT(*) FROM workitems'), [(0,)])

        # the same device again, within every enforcement's max_age
        out = self.session(srv, 0)
        self.assertIn(CLIENT_ALLOWED, out)
        self.assert_stopped(srv, count=2)
        self.assert_final(srv, 'allow', 'compliant', count=2)
        sessions = self.q('SELECT connection, device, rec FROM sessions '
                          'ORDER BY id')
        self.assertEqual(sessions, [(1, dev_id, ALLOW), (2, dev_id, ALLOW)])
        self.assertEqual(len(self.q('SELECT id FROM devices')), 1)
        self.assertEqual(self.q('SELECT rec, result FROM results '
                                'ORDER BY id'),
                         [(ALLOW, 'forwarding not enabled')] * 2)
        self.assertEqual(self.q('SELECT COUNT(*) FROM workitems'), [(0,)])

    def test_forwarding_enabled_denied(self):
        srv = self.agent_server()
        out = self.session(srv, 2, FWD='1')
        self.assertIn(CLIENT_DENIED, out)
        self.assertIn("PB-TNC assessment result is 'non-compliant major'",
                      out)
        log = self.assert_stopped(srv)
        self.assert_final(srv, 'no access', 'non-compliant major')
        self.assertIn('policy: recommendation for access requestor '
                      '127.0.0.1 is no access', log)
        self.assertEqual(self.q('SELECT policy, rec, result FROM results'),
                         [(FWDEN_POLICY, NO_ACCESS, 'forwarding enabled')])
        self.assertEqual(self.q('SELECT rec FROM sessions'), [(NO_ACCESS,)])
        self.assertEqual(self.q('SELECT COUNT(*) FROM workitems'), [(0,)])

    def test_device_unknown_without_device_id(self):
        srv = self.agent_server()
        out = self.session(srv, 0, DEVICE_ID=None)
        self.assertIn(CLIENT_ALLOWED, out)
        self.assertIn('requested ITA Device ID is not available', out)
        self.assert_stopped(srv)
        self.assertEqual(self.q('SELECT value, product FROM devices'),
                         [('unknown', DEBIAN12)])

    def test_large_attribute_in_segments(self):
        # server's default max_message_size; level 2 shows each PB-PA
        srv = self.agent_server(conf={'log_level': '2'})
        out = self.session(srv, 0, DUMMY_SIZE=str(DUMMY_SIZE))
        self.assertIn(CLIENT_ALLOWED, out)
        self.assertIn('ITA Dummy of %d bytes fits no PA-TNC message'
                      % DUMMY_SIZE, out)
        self.assertRegex(out, r'sending attribute 0x00902a/0x00000002 of '
                         r'%d bytes to IMV 1 in segments' % DUMMY_SIZE)
        self.assertIn('last segment for base message ID 1 sent to IMV 1, '
                      '%d bytes in all' % DUMMY_SIZE, out)
        log = self.assert_stopped(srv)
        self.assertIn('receiving attribute 0x00902a/0x00000002 of %d bytes '
                      'from IMC 1 in segments' % DUMMY_SIZE, log)
        self.assertIn('reassembled attribute 0x00902a/0x00000002 of %d '
                      'bytes from IMC 1' % DUMMY_SIZE, log)
        self.assertIn('received ITA Dummy of %d bytes' % DUMMY_SIZE, log)
        # several PB-PA messages of about 2 MB carried the segments
        sizes = [int(n) for n in re.findall(
            r'PB-PA message 0x000000/0x00000001 from IMC 1 \((\d+) bytes\)',
            log)]
        big = [n for n in sizes if n > 1000000]
        self.assertGreaterEqual(len(big), 5, sizes)
        self.assertLessEqual(sum(big), DUMMY_SIZE + 16 * len(big) + 4096)
        # the policy started only once the attribute was complete
        self.assertLess(log.index('received ITA Dummy'),
                        log.index('policy: imv_policy_manager start'), log)
        self.assertEqual(self.q('SELECT value FROM devices'), [(DEVICE,)])
        self.assertEqual(self.q('SELECT rec FROM sessions'), [(ALLOW,)])

    def test_unknown_noskip_attribute(self):
        srv = self.agent_server()
        out = self.session(srv, 0, NOSKIP='1')
        self.assertIn(CLIENT_ALLOWED, out)
        log = self.assert_stopped(srv)
        self.assertIn("PA-TNC error 'attribute type not supported' for "
                      "vendor 0x00902a type 0x0000abcd in a message from "
                      "IMC 1 on connection 1", log)
        # the whole first message was discarded: all of it asked for again
        self.assertIn('IMV 1 asks for IETF Product Information, IETF String '
                      'Version, IETF Forwarding Enabled, ITA Device ID', out)
        self.assertEqual(self.q('SELECT value FROM devices'), [(DEVICE,)])
        self.assertEqual(self.q('SELECT rec FROM sessions'), [(ALLOW,)])
        self.assertTrue(srv.alive(), log)

    def test_without_database(self):
        srv = self.agent_server(database=False)
        out = self.session(srv, 0)
        self.assertIn(CLIENT_ALLOWED, out)
        self.assertIn("PB-TNC assessment result is 'don't know'", out)
        log = self.assert_final(srv, 'allow', "don't know")
        self.assertIn('no policy database', log)
        self.assertNotIn('policy: ', log)


if __name__ == '__main__':
    unittest.main(verbosity=2)
