#!/usr/bin/env python3
"""Remote attestation end to end (imcs/attestation, imvs/attestation,
attestation.md): tnc-server with the OS and Attestation IMVs on a policy
database, pt-tls-client with the OS and Attestation IMCs, and a software
TPM (swtpm_fixture.py) whose PCRs match a synthetic BIOS event log and an
IMA log of 2,000 entries. Golden hashes come from tnc-attest, the way an
operator loads them: most files measured from a local copy of the
endpoint's tree, the device's AIK marked trusted.

The cases of the issue: all files known (allow); some unknown (allowed,
counted in the log and the results table); one file changed (differ:
the policy's recommendation); an IMA log entry missing after the quote
(the quote no longer matches: no access); a quote replayed from an
earlier session by a relay (old nonce: rejected); an untrusted AIK
(rejected).

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import re
import socket
import sqlite3
import ssl
import struct
import subprocess
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import swtpm_fixture  # noqa: E402
import tnctest  # noqa: E402

B = tnctest.BUILD_DIR
IMV_OS = os.path.join(B, 'imvs', 'os', 'imv-os.so')
IMC_OS = os.path.join(B, 'imcs', 'os', 'imc-os.so')
IMV_ATT = os.path.join(B, 'imvs', 'attestation', 'imv-attestation.so')
IMC_ATT = os.path.join(B, 'imcs', 'attestation', 'imc-attestation.so')
MANAGER = os.path.join(B, 'programs', 'imv_policy_manager')
ATTEST = os.path.join(B, 'programs', 'tnc-attest')

PRODUCT = 'Debian 12 x86_64'
TPM_BIOS_IMA = 21               # policy 'TPM BIOS/IMA Measurements' (BI)
ALLOW, NO_ACCESS = 0, 1
CLIENT_RC = {ALLOW: 0, NO_ACCESS: 2}
IMA_FILES = 1999                # the fixture's entries after boot_aggregate
BIOS_EVENTS = 22
TCG_PTS = (0x005597, 1)         # PA message type of the PTS attributes
SIMPLE_EVIDENCE_FINAL = 0x00400000
SUMMARY_RE = (r'^(?:registered IMA boot aggregate evidence measurement; )?'
              r'processed (\d+) IMA file evidence measurements: (\d+) ok, '
              r'(\d+) unknown, (\d+) differ, (\d+) failed; '
              r'(?:registered (\d+) BIOS evidence measurements|'
              r'(\d+) BIOS evidence measurements are ok)(.*)$')

for _k in list(os.environ):
    if _k.startswith(('TNC_IMC_', 'TNC_IMV_')) or _k in (
            'TNC_DATABASE', 'TNC_POLICY_SCRIPT', 'TNC_POLICY_MANAGER_CONF'):
        del os.environ[_k]


class AttestationTests(tnctest.PolicyDbTestCase):

    NEEDS = (IMV_OS, IMC_OS, IMV_ATT, IMC_ATT, MANAGER, ATTEST)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        missing = swtpm_fixture.missing_tools()
        if missing:
            raise unittest.SkipTest('not installed: ' + ', '.join(missing))
        cls.tpm = swtpm_fixture.SwtpmFixture(ima_entries=IMA_FILES + 1)
        cls.tpm.__enter__()
        files = {'etc/os-release': 'ID=debian\nVERSION_ID="12"\n',
                 'proc/sys/net/ipv4/ip_forward': '0\n'}
        for name, text in files.items():
            path = os.path.join(cls.tpm.root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w') as f:
                f.write(text)

    @classmethod
    def tearDownClass(cls):
        cls.tpm.close()
        super().tearDownClass()

    # ------------------------------------------------------------------
    def imc_config(self):
        path = os.path.join(self.tmp, 'imc.tnc_config')
        if not os.path.exists(path):
            self.write('imc.tnc_config', 'IMC "OS" %s\nIMC "Attestation" %s\n'
                       % (IMC_OS, IMC_ATT))
        return path

    def attest(self, *args):
        p = subprocess.run([ATTEST, '-d', 'sqlite://' + self.db_path]
                           + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=120)
        out = p.stdout.decode()
        self.assertEqual(p.returncode, 0, out)
        return out

    def golden(self, skip=(), change=()):
        """Golden hashes of the fixture's files, measured from a local
        copy of /usr/lib/fixture, less the files in skip, with the files
        in change altered."""
        local = os.path.join(self.tmp, 'measdir')
        os.makedirs(local)
        for i, (name, _) in enumerate(self.tpm.measured, 1):
            if i in skip:
                continue
            with open(os.path.join(local, os.path.basename(name)), 'w') as f:
                f.write(name + ('\nchanged\n' if i in change else '\n'))
        self.attest('add-hashes', '--product', PRODUCT, '--algo', 'sha256',
                    '--dir', '/usr/lib/fixture', '--measdir', local)

    def att_server(self, trusted=True, argument='BI', **golden):
        db = self.new_policy_db()
        db.execute('DELETE FROM enforcements')
        db.execute('UPDATE policies SET argument = ? WHERE id = ?',
                   (argument, TPM_BIOS_IMA))
        # a failed attestation blocks
        db.execute('UPDATE policies SET rec_fail = 1, rec_noresult = 1 '
                   'WHERE id = ?', (TPM_BIOS_IMA,))
        db.execute('INSERT INTO enforcements (policy, group_id, max_age) '
                   'VALUES (?, 1, 0)', (TPM_BIOS_IMA,))
        db.commit()
        db.close()
        self.golden(**golden)
        if trusted:
            self.attest('trust-device', self.tpm.key_id, '--product',
                        PRODUCT)
        return self.start_server(
            conf={'database': 'sqlite://' + self.db_path, 'log_level': '1',
                  'timeout': '60000'},
            env={'TNC_POLICY_SCRIPT': MANAGER},
            tnc_config='IMV "OS" %s\nIMV "Attestation" %s\n'
                       % (IMV_OS, IMV_ATT))

    def imc_env(self, **more):
        env = {'TNC_IMC_OS_ROOT': self.tpm.root,
               'TNC_IMC_OS_DEVICE_ID': self.tpm.key_id,
               'TNC_IMC_ATTESTATION_TCTI': self.tpm.tcti,
               'TNC_IMC_ATTESTATION_AIK_HANDLE': '%x' % self.tpm.ak_handle,
               'TNC_IMC_ATTESTATION_HASH_ALGORITHM': 'sha256'}
        env.update(more)
        return env

    def session(self, srv, rec, count=1, port=None, **env):
        if port is not None:
            srv = type('Relay', (), {'port': port})()
        rc, out = self.run_client(srv, imc_env=self.imc_env(**env),
                                  timeout=180)
        log = self.server.wait_for_log(r'policy: imv_policy_manager stop '
                                       r'successful', count=count,
                                       timeout=60)
        self.assertEqual(rc, CLIENT_RC[rec], out + log)
        return out, log

    def start_server(self, **kw):
        self.server = super().start_server(**kw)
        return self.server

    def tpmra(self):
        rows = self.q('SELECT rec, result FROM results WHERE policy = ? '
                      'ORDER BY id', TPM_BIOS_IMA)
        self.assertTrue(rows, 'no TPMRA result')
        return rows

    def summary(self, text):
        m = re.match(SUMMARY_RE, text)
        self.assertIsNotNone(m, text)
        n, ok, unknown, differ, failed = map(int, m.group(1, 2, 3, 4, 5))
        bios = int(m.group(6) or m.group(7))
        return (n, ok, unknown, differ, failed, bios, m.group(8))

    # ------------------------------------------------------------------
    def test_all_known(self):
        srv = self.att_server()
        out, log = self.session(srv, ALLOW)
        (rec, text), = self.tpmra()
        self.assertEqual(rec, ALLOW)
        self.assertEqual(self.summary(text),
                         (IMA_FILES, IMA_FILES, 0, 0, 0, BIOS_EVENTS, ''))
        self.assertIn('TPM quote signature verified', log)
        self.assertIn("PB-TNC access recommendation is 'Access Allowed'",
                      out)
        # the BIOS evidence was registered for the device; a second
        # session compares against it
        out, log = self.session(srv, ALLOW, count=2)
        rec, text = self.tpmra()[1]
        self.assertEqual(self.summary(text)[5:], (BIOS_EVENTS, ''))
        self.assertIn('%d BIOS evidence measurements are ok' % BIOS_EVENTS,
                      text)

    def test_golden_change_between_sessions(self):
        """The IMV keeps the product's golden hashes in memory across
        sessions and loads them again once another program changed
        them (libpts/golden_cache.h)."""
        loaded = re.compile(r'\[PTS\] golden sha256 hashes of product '
                            r'\d+ loaded into memory in [0-9.]+ s: '
                            r'%d hashes of %d files' % (IMA_FILES,
                                                        IMA_FILES))
        srv = self.att_server()
        out, log = self.session(srv, ALLOW)
        self.assertEqual(len(loaded.findall(log)), 1, log)
        out, log = self.session(srv, ALLOW, count=2)
        self.assertEqual(len(loaded.findall(log)), 1, log)
        # an operator's tool rewrites one golden hash
        name = os.path.basename(self.tpm.measured[41][0])
        db = sqlite3.connect(self.db_path)
        n = db.execute("UPDATE file_hashes SET hash = ? WHERE file IN "
                       "(SELECT f.id FROM files AS f JOIN directories AS d "
                       "ON d.id = f.dir WHERE d.path = '/usr/lib/fixture' "
                       "AND f.name = ?)", ('00' * 32, name)).rowcount
        db.commit()
        db.close()
        self.assertEqual(n, 1)
        out, log = self.session(srv, NO_ACCESS, count=3)
        self.assertEqual(len(loaded.findall(log)), 2, log)
        rec, text = self.tpmra()[2]
        self.assertEqual(self.summary(text)[:5],
                         (IMA_FILES, IMA_FILES - 1, 0, 1, 0))
        self.assertEqual(rec, NO_ACCESS)

    def test_some_unknown(self):
        skip = set(range(1801, IMA_FILES + 1))
        srv = self.att_server(skip=skip)
        out, log = self.session(srv, ALLOW)
        (rec, text), = self.tpmra()
        self.assertEqual(self.summary(text),
                         (IMA_FILES, 1800, len(skip), 0, 0, BIOS_EVENTS, ''))
        self.assertIn(text, log)
        self.assertEqual(rec, ALLOW)

    def test_unknown_not_allowed(self):
        """The same endpoint under a policy that allows only known
        software (argument 'BIU'): the unknown files block it."""
        skip = {7, 8, 9}
        srv = self.att_server(skip=skip, argument='BIU')
        out, log = self.session(srv, NO_ACCESS)
        (rec, text), = self.tpmra()
        self.assertEqual(self.summary(text),
                         (IMA_FILES, IMA_FILES - 3, 3, 0, 0, BIOS_EVENTS,
                          '; Incorrect component evidence'))
        self.assertEqual(rec, NO_ACCESS)

    def test_one_file_changed(self):
        srv = self.att_server(change={42})
        out, log = self.session(srv, NO_ACCESS)
        (rec, text), = self.tpmra()
        self.assertEqual(self.summary(text),
                         (IMA_FILES, IMA_FILES - 1, 0, 1, 0, BIOS_EVENTS,
                          '; Incorrect component evidence'))
        self.assertEqual(rec, NO_ACCESS)

    def test_log_entry_removed_after_quote(self):
        """The IMC reports an IMA log that lacks one entry the TPM has
        extended: the IMV's emulated PCR 10 and the quote disagree."""
        with open(self.tpm.ima_log, 'rb') as f:
            log_bytes = f.read()
        entries = []
        pos = 0
        while pos < len(log_bytes):
            name_len = struct.unpack('<I', log_bytes[pos + 24:pos + 28])[0]
            data = pos + 28 + name_len
            data_len = struct.unpack('<I', log_bytes[data:data + 4])[0]
            entries.append(log_bytes[pos:data + 4 + data_len])
            pos = data + 4 + data_len
        self.assertEqual(len(entries), IMA_FILES + 1)
        short = self.write_bytes('ima-short', b''.join(entries[:500] +
                                                       entries[501:]))
        srv = self.att_server()
        out, log = self.session(srv, NO_ACCESS,
                                TNC_IMC_ATTESTATION_IMA_LOG=short)
        (rec, text), = self.tpmra()
        self.assertEqual(rec, NO_ACCESS)
        self.assertTrue(text.endswith('; Invalid TPM Quote signature '
                                      'received'), text)
        self.assertEqual(self.summary(text)[0], IMA_FILES - 1)

    def test_replayed_quote(self):
        """A relay between client and server keeps the first session's
        Simple Evidence Final and puts it into the second session: same
        PCRs, but signed over the old DH nonce."""
        srv = self.att_server()
        relay = QuoteRelay(srv.port)
        self.addCleanup(relay.close)
        out, log = self.session(srv, ALLOW, port=relay.port)
        self.assertIsNotNone(relay.saved)
        relay.replay = True
        out, log = self.session(srv, NO_ACCESS, count=2, port=relay.port)
        self.assertEqual(relay.replaced, 1)
        rec, text = self.tpmra()[1]
        self.assertEqual(rec, NO_ACCESS)
        self.assertTrue(text.endswith('; Invalid TPM Quote signature '
                                      'received'), text)

    def test_untrusted_aik(self):
        srv = self.att_server(trusted=False)
        out, log = self.session(srv, NO_ACCESS)
        (rec, text), = self.tpmra()
        self.assertEqual((rec, text), (NO_ACCESS, 'No trusted AIK available'))
        self.assertIn('No trusted AIK available', out)

    def write_bytes(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, 'wb') as f:
            f.write(data)
        return path


class QuoteRelay:
    """A PT-TLS relay on a free loopback port in front of the server: it
    saves the TCG Simple Evidence Final of the first session and, once
    replay is set, puts it in place of the next one (same length)."""

    def __init__(self, server_port):
        self.server_port = server_port
        self.saved = None
        self.replay = False
        self.replaced = 0
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(tnctest.cert('server.pem'),
                                 tnctest.cert('server.key'))
        self.up_ctx = ssl.create_default_context(
            cafile=tnctest.cert('ca.pem'))
        self.sock = socket.create_server(('127.0.0.1', 0))
        self.sock.settimeout(1)
        self.port = self.sock.getsockname()[1]
        self.stop = False
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def close(self):
        self.stop = True
        self.thread.join(10)
        self.sock.close()

    def serve(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            try:
                self.relay(conn)
            except (OSError, EOFError):
                pass

    def relay(self, conn):
        down = self.ctx.wrap_socket(conn, server_side=True)
        up = self.up_ctx.wrap_socket(
            socket.create_connection(('127.0.0.1', self.server_port)),
            server_hostname='127.0.0.1')
        for s in (down, up):
            s.settimeout(120)
        back = threading.Thread(target=self.pump, args=(up, down, False),
                                daemon=True)
        back.start()
        self.pump(down, up, True)
        back.join(10)
        down.close()
        up.close()

    @staticmethod
    def read_exact(s, n):
        buf = b''
        while len(buf) < n:
            chunk = s.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf

    def pump(self, src, dst, from_client):
        try:
            while True:
                hdr = self.read_exact(src, 16)
                length = struct.unpack('>I', hdr[8:12])[0]
                value = self.read_exact(src, length - 16)
                if from_client and struct.unpack('>I', hdr[4:8])[0] == 7:
                    value = self.batch(value)
                dst.sendall(hdr + value)
        except (OSError, EOFError):
            try:
                dst.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def batch(self, data):
        out, pos = bytearray(data[:8]), 8
        while pos < len(data):
            mlen = struct.unpack('>I', data[pos + 8:pos + 12])[0]
            msg = data[pos:pos + mlen]
            if struct.unpack('>I', msg[4:8])[0] == 1:       # PB-PA
                msg = msg[:12] + self.pa(msg[12:])
            out += msg
            pos += mlen
        return bytes(out)

    def pa(self, pbpa):
        vendor = int.from_bytes(pbpa[1:4], 'big')
        subtype = struct.unpack('>I', pbpa[4:8])[0]
        if (vendor, subtype) != TCG_PTS:
            return pbpa
        pa = bytearray(pbpa[12:])
        pos = 8
        while pos + 12 <= len(pa):
            avendor = int.from_bytes(pa[pos + 1:pos + 4], 'big')
            atype, alen = struct.unpack('>I I', pa[pos + 4:pos + 12])
            if (avendor, atype) == (TCG_PTS[0], SIMPLE_EVIDENCE_FINAL):
                value = bytes(pa[pos + 12:pos + alen])
                if self.replay and self.saved and \
                        len(self.saved) == len(value):
                    pa[pos + 12:pos + alen] = self.saved
                    self.replaced += 1
                elif not self.replay:
                    self.saved = value
            pos += alen
        return pbpa[:12] + bytes(pa)


if __name__ == '__main__':
    unittest.main(verbosity=2)
