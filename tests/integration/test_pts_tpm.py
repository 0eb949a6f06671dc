#!/usr/bin/env python3
"""The Attestation IMC's TPM collector (libpts/pts_tpm.h) against swtpm:
tests/pts_tpm_check reads the version information, exports the AK, reads
PCRs and quotes through the TSS2 swtpm TCTI; it replays the fixture's
BIOS and IMA logs with libpts and checks the PCRs, the TPMS_ATTEST and
the signature (see its header comment). Here the printed values are
compared with what the fixture made (swtpm_fixture.py), and a TPM whose
PCR 10 moved on, a missing key and an oversized nonce must fail.

Skipped when swtpm, tpm2-tools or the check program (built only with
libtss2) are missing.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import hashlib
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import swtpm_fixture  # noqa: E402
import tnctest  # noqa: E402

CHECK = os.path.join(tnctest.BUILD_DIR, 'tests', 'pts_tpm_check')
NONCE = bytes(range(0x20, 0x40))        # 32 bytes, as a DH secret
PCRS_0_10 = '0x7ff'
ATTEST_MAGIC = 'ff544347'
ATTEST_QUOTE = '8018'
# swtpm (libtpms) reports manufacturer IBM; spec 3.1's 16-byte
# structure with startup locality 3
VERSION_RE = r'^02000003[0-9a-f]{16}49424d00$'


def setUpModule():
    missing = swtpm_fixture.missing_tools()
    if missing:
        raise unittest.SkipTest('missing ' + ', '.join(missing))
    if not os.access(CHECK, os.X_OK):
        raise unittest.SkipTest('pts_tpm_check not built (no libtss2)')


def run_check(tpm, bank='sha256', nonce=NONCE, handle=None):
    args = [CHECK, tpm.tcti, '0x%08x' % (handle or tpm.ak_handle),
            tpm.bios_log, tpm.ima_log, bank, nonce.hex(), PCRS_0_10]
    r = subprocess.run(args, capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, **tnctest.SANITIZER_ENV))
    values = {}
    for line in r.stdout.splitlines():
        for field in line.split(' '):
            key, sep, value = field.partition('=')
            if sep:
                values[key] = value
    return r, values


class TestPtsTpm(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tpm = swtpm_fixture.SwtpmFixture(ima_entries=2000)
        cls.tpm.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.tpm.close()

    def assert_ok(self, r):
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(r.stdout.splitlines()[-1], 'OK')
        self.assertNotIn('FAIL', r.stdout)
        self.assertNotIn('runtime error', r.stderr)

    def test_fixture(self):
        tpm = self.tpm
        self.assertEqual(len(tpm.measured), 1999)
        self.assertEqual(tpm.measured[0][1], hashlib.sha256(
            b'/usr/lib/fixture/file-00001\n').hexdigest())
        self.assertRegex(tpm.key_id, r'^[0-9a-f]{40}$')
        self.assertTrue(os.path.isfile(os.path.join(
            tpm.root, 'sys', 'kernel', 'security', 'ima',
            'binary_runtime_measurements')))

    def test_sha256_quote(self):
        r, v = run_check(self.tpm, 'sha256')
        self.assert_ok(r)
        self.assertRegex(v['version_info'], VERSION_RE)
        self.assertEqual(v['manufacturer'], 'IBM')
        self.assertEqual(v['keyid'], self.tpm.key_id)
        self.assertEqual(v['ima_entries'], '2000')
        self.assertEqual(v['boot_aggregate'], 'ok')
        # sha1 0x8000 and sha256 0x4000 at least are active
        self.assertEqual(int(v['banks'], 16) & 0xc000, 0xc000)
        self.assertEqual(v['sig_scheme'], '0x0014')      # RSASSA
        self.assertEqual(v['sig_hash'], '0x000b')        # SHA-256
        self.assertEqual(v['sig_len'], '256')
        attest = v['attest']
        self.assertEqual(attest[:8], ATTEST_MAGIC)
        self.assertEqual(attest[8:12], ATTEST_QUOTE)
        self.assertIn('%04x' % len(NONCE) + NONCE.hex(), attest)
        # selection: count 1, sha256, 3 bytes, PCRs 0-10; then the
        # digest over the fixture's own PCR values
        digest = hashlib.sha256(b''.join(
            self.tpm.pcrs['sha256'][:11])).hexdigest()
        self.assertTrue(attest.endswith(
            '00000001000b03ff0700' + '0020' + digest), attest[-100:])

    def openssl_verify(self, attest, sig):
        """The quote checked apart from libpts: openssl dgst -verify
        (PKCS#1 v1.5, SHA-256) with the AK DER the tools exported."""
        d = self.tpm.dir
        paths = [os.path.join(d, n) for n in ('q.attest', 'q.sig')]
        for path, data in zip(paths, (attest, sig)):
            with open(path, 'wb') as f:
                f.write(data)
        r = subprocess.run(['openssl', 'dgst', '-sha256', '-keyform', 'DER',
                            '-verify', self.tpm.ak_der_path,
                            '-signature', paths[1], paths[0]],
                           capture_output=True, text=True, timeout=30)
        return r.returncode == 0 and 'Verified OK' in r.stdout

    def test_signature_independently(self):
        _, v = run_check(self.tpm, 'sha256')
        attest = bytes.fromhex(v['attest'])
        sig = bytes.fromhex(v['sig'])
        self.assertTrue(self.openssl_verify(attest, sig))
        tampered = attest[:-1] + bytes([attest[-1] ^ 1])
        self.assertFalse(self.openssl_verify(tampered, sig))

    def test_sha1_quote(self):
        r, v = run_check(self.tpm, 'sha1', nonce=bytes(range(64)))
        self.assert_ok(r)
        self.assertNotIn('boot_aggregate', v)
        self.assertIn('00000001000403ff0700', v['attest'])
        self.assertIn('0040' + bytes(range(64)).hex(), v['attest'])

    def test_nonce_too_long(self):
        r, _ = run_check(self.tpm, nonce=bytes(65))
        self.assertEqual(r.returncode, 1)
        self.assertIn('FAIL: quote: invalid argument: quote nonce of 65 '
                      'bytes (1..64)', r.stdout)

    def test_missing_key(self):
        r, _ = run_check(self.tpm, handle=0x81010099)
        self.assertEqual(r.returncode, 1)
        self.assertIn('FAIL: pubkey: no key at handle 0x81010099', r.stdout)
        self.assertIn('FAIL: quote: TPM failure: no key at handle '
                      '0x81010099', r.stdout)

    def test_bad_tcti(self):
        r = subprocess.run([CHECK, 'swtpm:host=127.0.0.1,port=1', '0x1',
                            '/dev/null', '/dev/null', 'sha256', '00', '1'],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stdout, r'FAIL: open: \w+\("swtpm:host=127.0.0.1,'
                         r'port=1"\) failed: 0x[0-9a-f]{8} \(.+\)')

    def test_zz_pcr10_moved_on(self):
        """Runs last: one extend more than the log makes PCR 10 and the
        quote's digest differ from the replay."""
        self.tpm.tool('tpm2_pcrextend', '10:sha256=' + '11' * 32)
        r, _ = run_check(self.tpm, 'sha256')
        self.assertEqual(r.returncode, 1)
        self.assertIn('FAIL: PCR 10 differs from the log replay', r.stdout)
        self.assertIn('FAIL: pcrDigest equals the replayed composite',
                      r.stdout)
        self.assertNotIn('FAIL: signature', r.stdout)
        self.assertNotIn('PCR 9 differs', r.stdout)


if __name__ == '__main__':
    unittest.main(verbosity=2)
