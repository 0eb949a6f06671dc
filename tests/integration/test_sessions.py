#!/usr/bin/env python3
"""End-to-end sessions: tnc-server with the Test IMV against pt-tls-client
with the Test IMC, checking exit codes, both logs, and that the server keeps
serving and shuts down cleanly (exit 0 on SIGTERM, checked in cleanup)."""
import os
import re
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tnctest  # noqa: E402
from tnctest import cert  # noqa: E402

ALLOW_LINE = "final recommendation is 'allow' and evaluation is 'compliant'"
CLIENT_ALLOWED = "PB-TNC access recommendation is 'Access Allowed'"
CLIENT_DENIED = "PB-TNC access recommendation is 'Access Denied'"
REASON_LINE = ("reason string is 'IMC Test was not configured with "
               "\"command = allow\"' [en]")


class SessionTests(tnctest.ServerTestCase):

    def rounds_server(self, rounds=2, **kw):
        env = kw.pop('env', {})
        env.setdefault('TNC_IMV_TEST_ROUNDS', str(rounds))
        return self.start_server(env=env, **kw)

    def assert_no_fatal(self, log):
        self.assertNotIn('fatal PB-Error', log)
        self.assertNotIn('hung up before closing', log)

    # a) ----------------------------------------------------------------
    def test_a_allow(self):
        srv = self.rounds_server(2)
        out = self.assert_session(srv, 0, {'TNC_IMC_TEST_COMMAND': 'allow'})
        self.assertIn(CLIENT_ALLOWED, out)
        self.assertIn("PB-TNC assessment result is 'compliant'", out)
        log = srv.wait_for_log(re.escape(ALLOW_LINE))
        self.assertIn("conn 1: new PB-TNC connection from 127.0.0.1", log)
        # two "repeat" rounds: Server Working -> Client Working 3 times
        self.assertEqual(log.count("conn 1: PB-TNC state transition from "
                                   "'Server Working' to 'Client Working'"),
                         2, log)
        srv.wait_for_log(r"conn 1: session with 127\.0\.0\.1 ended: 'allow'")
        self.assert_no_fatal(srv.log())
        self.assertTrue(srv.alive())

    # b) ----------------------------------------------------------------
    def test_b_block(self):
        srv = self.rounds_server(2)
        out = self.assert_session(srv, 2, {'TNC_IMC_TEST_COMMAND': 'block'})
        self.assertIn(CLIENT_DENIED, out)
        self.assertIn("PB-TNC assessment result is 'non-compliant major'",
                      out)
        self.assertIn(REASON_LINE, out)
        srv.wait_for_log("final recommendation is 'no access' and evaluation "
                         "is 'non-compliant major'")
        srv.wait_for_log("session with 127\\.0\\.0\\.1 ended: 'no access'")
        self.assert_no_fatal(srv.log())
        self.assert_good_session(srv)

    def test_b2_isolate_without_retry(self):
        srv = self.rounds_server(0)
        out = self.assert_session(srv, 3, {'TNC_IMC_TEST_COMMAND': 'isolate'})
        self.assertIn("PB-TNC access recommendation is 'Quarantined'", out)
        srv.wait_for_log("final recommendation is 'isolate' and evaluation "
                         "is 'non-compliant minor'")

    # c) ----------------------------------------------------------------
    def test_c_isolate_then_client_retry(self):
        srv = self.rounds_server(2)
        out = self.assert_session(srv, 0, {
            'TNC_IMC_TEST_COMMAND': 'isolate',
            'TNC_IMC_TEST_RETRY': 'yes',
            'TNC_IMC_TEST_RETRY_COMMAND': 'allow',
            'TNC_IMC_TEST_ADDITIONAL_IDS': '1',
            'TNC_IMC_TEST_DUMMY_SIZE': '64',
        })
        self.assertIn("PB-TNC access recommendation is 'Quarantined'", out)
        self.assertIn(CLIENT_ALLOWED, out)
        self.assertLess(out.index("'Quarantined'"),
                        out.index(CLIENT_ALLOWED), out)
        log = srv.wait_for_log(re.escape(ALLOW_LINE))
        iso = log.find("conn 1: final recommendation is 'isolate' and "
                       "evaluation is 'non-compliant minor'")
        retry = log.find('conn 1: handshake retry')
        allow = log.find('conn 1: ' + ALLOW_LINE)
        self.assertTrue(0 <= iso < retry < allow,
                        'expected isolate, handshake retry, allow in that '
                        'order:\n' + log)
        # the retry came from the client (CRETRY from Decided)
        self.assertIn("conn 1: PB-TNC state transition from 'Decided' to "
                      "'Server Working'", log)
        # two IMC IDs, each assessed by the IMV in both handshakes
        for imc in (1, 2):
            self.assertEqual(len(re.findall(
                r'connection 1: IMC %d assessed as \d+ by IMV 1' % imc,
                out)), 2, out)
        self.assertEqual(log.count('final recommendation is'), 2, log)
        srv.wait_for_log("session with 127\\.0\\.0\\.1 ended: 'allow'")
        self.assert_no_fatal(srv.log())

    # d) ----------------------------------------------------------------
    def test_d_large_message(self):
        srv = self.rounds_server(1, conf={'log_level': '2'})
        out = self.assert_session(srv, 0, {
            'TNC_IMC_TEST_COMMAND': 'allow',
            'TNC_IMC_TEST_DUMMY_SIZE': '1000000',
        })
        self.assertIn(CLIENT_ALLOWED, out)
        log = srv.wait_for_log(re.escape(ALLOW_LINE))
        # the Dummy attribute really went over the wire, twice (1 round)
        sizes = [int(n) for n in re.findall(
            r'PB-PA message 0x00902a/0x00000001 from IMC 1 \((\d+) bytes\)'
            r' delivered to 1 IMV', log)]
        self.assertEqual(len(sizes), 2, log[-3000:])
        self.assertTrue(all(n > 1000000 for n in sizes), sizes)
        self.assert_no_fatal(log)
        self.assert_good_session(srv)

    # e) ----------------------------------------------------------------
    def sasl_server(self):
        secrets = self.write('sasl.secrets',
                             '# test users\n'
                             'client2 Ar3etTnp\n'
                             '"user two" "pass word"\n')
        return self.rounds_server(0, conf={'client_auth': 'sasl',
                                           'sasl_secrets': secrets})

    def test_e_sasl_plain(self):
        srv = self.sasl_server()
        env = {'TNC_IMC_TEST_COMMAND': 'allow'}
        out = self.assert_session(srv, 0, env, sasl=('client2', 'Ar3etTnp'))
        self.assertIn("SASL PLAIN authentication of 'client2' successful",
                      out)
        self.assertIn(CLIENT_ALLOWED, out)
        log = srv.wait_for_log(re.escape(ALLOW_LINE))
        self.assertIn("SASL PLAIN authentication of 'client2' successful",
                      log)
        self.assertIn('new PB-TNC connection from 127.0.0.1 identity '
                      'client2', log)

        # wrong password: failure exit, server logs it and keeps serving
        out = self.assert_session(srv, 1, env, sasl=('client2', 'wrong'))
        self.assertIn("SASL PLAIN authentication of 'client2' failed", out)
        srv.wait_for_log("SASL PLAIN authentication of 'client2' failed")
        # unknown user likewise
        self.assert_session(srv, 1, env, sasl=('nobody', 'Ar3etTnp'))
        srv.wait_for_log("SASL PLAIN authentication of 'nobody' failed")
        # no credentials at all: the client refuses the SASL offer
        out = self.assert_session(srv, 1, env)
        self.assertIn('server requires SASL PLAIN authentication', out)
        # quoted identity with a blank
        out = self.assert_session(srv, 0, env, sasl=('user two', 'pass word'))
        srv.wait_for_log("identity user two")
        # and a following good session succeeds
        self.assertTrue(srv.alive(), srv.log())
        self.assert_session(srv, 0, env, sasl=('client2', 'Ar3etTnp'))
        srv.wait_for_log(re.escape(ALLOW_LINE), count=3)
        self.assertEqual(srv.log().count('identity client2'), 2, srv.log())

    # f) ----------------------------------------------------------------
    def test_f_tls_client_cert(self):
        srv = self.rounds_server(0, conf={'client_auth': 'tls',
                                          'ca': cert('ca.pem')})
        env = {'TNC_IMC_TEST_COMMAND': 'allow'}
        out = self.assert_session(
            srv, 0, env, certs=[cert('ca.pem'), cert('client.pem')],
            key=cert('client.key'))
        self.assertIn(CLIENT_ALLOWED, out)
        log = srv.wait_for_log(re.escape(ALLOW_LINE))
        self.assertIn("TLS client certificate 'O=TNC Test, "
                      "CN=client.example' of 127.0.0.1 authenticated", log)
        self.assertIn('identity O=TNC Test, CN=client.example', log)

        # no client certificate: refused, server keeps serving
        out = self.assert_session(srv, 1, env)
        srv.wait_for_log(r'TLS handshake with 127\.0\.0\.1 failed')
        self.assertEqual(srv.log().count('final recommendation'), 1)
        self.assert_session(
            srv, 0, env, certs=[cert('ca.pem'), cert('client.pem')],
            key=cert('client.key'))
        srv.wait_for_log(re.escape(ALLOW_LINE), count=2)

    # g) ----------------------------------------------------------------
    def test_g_concurrent_clients(self):
        n = 20
        srv = self.rounds_server(2)
        env = self.client_env({'TNC_IMC_TEST_COMMAND': 'allow',
                               'TNC_IMC_TEST_DUMMY_SIZE': '4096'})
        procs = []
        try:
            for i in range(n):
                procs.append(subprocess.Popen(
                    self.client_cmd(srv), env=env, stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
            results = []
            deadline = time.monotonic() + tnctest.CLIENT_TIMEOUT
            for p in procs:
                left = max(1.0, deadline - time.monotonic())
                out, _ = p.communicate(timeout=left)
                results.append((p.returncode,
                                out.decode('utf-8', 'replace')))
        finally:
            for p in procs:
                if p.poll() is None:
                    p.kill()
                    p.wait(timeout=10)
        for rc, out in results:
            self.assertEqual(rc, 0, out + '\nserver log:\n' + srv.log())
            self.assertIn(CLIENT_ALLOWED, out)
            self.assertEqual(tnctest.sanitizer_findings(out), [], out)
        log = srv.wait_for_log(re.escape(ALLOW_LINE), count=n)
        ids = set(re.findall(r'conn (\d+): ' + re.escape(ALLOW_LINE), log))
        self.assertEqual(len(ids), n, log)
        self.assert_no_fatal(log)
        self.assert_good_session(srv)

    # h) ----------------------------------------------------------------
    def test_h_no_imv_loadable(self):
        tnc_config = ('# no usable IMV here\n'
                      'IMV "Missing" /nonexistent/imv-missing.so\n'
                      'IMV NoQuotes /x.so\n'
                      'bogus line\n')
        srv = self.start_server(tnc_config=tnc_config)
        log = srv.log()
        path = srv.tnc_config_path
        self.assertIn('%s:3: missing quoted plugin name, line skipped'
                      % path, log)
        self.assertIn('%s:4: unknown keyword (expected IMV or IMC), line '
                      'skipped' % path, log)
        self.assertIn('IMV "Missing" not loaded from '
                      '/nonexistent/imv-missing.so', log)
        self.assertIn('(0 IMV(s)', log)
        out = self.assert_session(srv, 2, {'TNC_IMC_TEST_COMMAND': 'allow'})
        self.assertIn(CLIENT_DENIED, out)
        srv.wait_for_log("final recommendation is 'no recommendation' and "
                         "evaluation is 'don't know'")
        self.assertTrue(srv.alive())
        self.assert_session(srv, 2, {'TNC_IMC_TEST_COMMAND': 'allow'})

    def test_h2_missing_tnc_config(self):
        srv = self.start_server(conf={'tnc_config': os.path.join(
            self.tmp, 'does-not-exist')})
        self.assertIn('cannot open %s' % os.path.join(self.tmp,
                                                      'does-not-exist'),
                      srv.log())
        self.assert_session(srv, 2, {'TNC_IMC_TEST_COMMAND': 'allow'})

    # misc ----------------------------------------------------------------
    def test_unknown_command_no_recommendation(self):
        srv = self.rounds_server(0)
        out = self.assert_session(srv, 2, {'TNC_IMC_TEST_COMMAND': 'bogus'})
        self.assertIn(CLIENT_DENIED, out)
        srv.wait_for_log("final recommendation is 'no recommendation' and "
                         "evaluation is 'error'")

    def test_server_requested_retry(self):
        # command retry: the IMV asks for a handshake retry (SRETRY), then
        # allows
        srv = self.rounds_server(0)
        out = self.assert_session(srv, 0, {'TNC_IMC_TEST_COMMAND': 'retry'})
        self.assertIn(CLIENT_ALLOWED, out)
        log = srv.wait_for_log(re.escape(ALLOW_LINE))
        self.assertIn('IMV requests a handshake retry', log)
        self.assert_no_fatal(log)

    def test_max_connections(self):
        # one idle connection fills max_connections = 1: the next one is
        # refused and logged; once the idle one times out, service resumes
        import socket
        srv = self.rounds_server(0, conf={'max_connections': '1',
                                          'timeout': '1500'})
        # the readiness probe's connection must be gone first
        srv.wait_for_log('connection closed by 127\\.0\\.0\\.1 during TLS '
                         'handshake')
        time.sleep(0.3)     # its slot is released just after that line
        s = socket.create_connection(('127.0.0.1', srv.port), timeout=5)
        try:
            time.sleep(0.2)
            self.assert_session(srv, 1, {'TNC_IMC_TEST_COMMAND': 'allow'})
            srv.wait_for_log('connection refused: 1 connections already '
                             'open')
            srv.wait_for_log('timeout in TLS handshake with 127\\.0\\.0\\.1',
                             timeout=10)
        finally:
            s.close()
        self.assert_good_session(srv)

    def test_shutdown_with_idle_connection(self):
        # a connection that never speaks must not block SIGTERM
        import socket
        srv = self.start_server(conf={'timeout': '60000'})
        s = socket.create_connection(('127.0.0.1', srv.port), timeout=5)
        try:
            time.sleep(0.3)
            t0 = time.monotonic()
            rc, log = srv.stop()
            self.assertEqual(rc, 0, log)
            self.assertLess(time.monotonic() - t0, 8.0, log)
        finally:
            s.close()


if __name__ == '__main__':
    unittest.main(verbosity=2)
