#!/usr/bin/env python3
"""The Attestation IMV inside tnc-server, driven by a hand-written PT-TLS
client that plays the OS IMC (product, version, device id) and the
Attestation IMC (attestation spec 4, 10).

The server runs the OS IMV (it starts the policy) and the Attestation
IMV on a policy database whose product default group enforces TPMRA 'T'
(TBOOT evidence) and FMEAS of /usr/bin/openssl. The client side is
computed here: the DH exchange in MODP-2048 (pure Python), an RSA AIK
made with the openssl CLI, two TBOOT evidences for PCR 17 and 18, and a
TPM 2.0 quote (TPMS_ATTEST signed with `openssl dgst`) over the PCR
digest and the DH secret. Covered: capability and algorithm
negotiation, the exact request attributes of every step, FMEAS against
a golden hash, FREFM and FMETA, a TPMRA workitem without TPM caps, AIK
trust by the device row (trusted and untrusted), the quote (valid, and
with a signature of another nonce) and the workitem results in the
database. Not covered here: BIOS and IMA evidence (unit tests) and a
real TPM (the end-to-end test with both plugins and swtpm).

SPDX-License-Identifier: GPL-2.0-or-later
"""
import base64
import hashlib
import os
import secrets
import struct
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tnctest  # noqa: E402

IMV_OS = os.path.join(tnctest.BUILD_DIR, 'imvs', 'os', 'imv-os.so')
IMV_ATT = os.path.join(tnctest.BUILD_DIR, 'imvs', 'attestation',
                       'imv-attestation.so')
MANAGER = os.path.join(tnctest.BUILD_DIR, 'programs', 'imv_policy_manager')

for _k in list(os.environ):
    if _k.startswith('TNC_IMV_ATTESTATION_') or _k in (
            'TNC_DATABASE', 'TNC_POLICY_SCRIPT', 'TNC_POLICY_MANAGER_CONF'):
        del os.environ[_k]

PEN_IETF, PEN_TCG, PEN_ITA = 0, 0x005597, 0x00902A
NOSKIP = 0x80
PRODUCT = 104               # Debian 12 x86_64, default group 17
GROUP = 17
TPMRA_POLICY = 22           # 'TPM TBOOT Measurements', argument 'T'
FMEAS_POLICY = 7            # 'Measure /usr/bin/openssl', file 5
FMETA_POLICY = 10           # 'Metadata of /etc/tnc_config', file 6
FREFM_POLICY = 30           # made here: reference of /usr/bin/openssl
SHA256 = 0x4000
MODP2048 = 0x2000

# RFC 3526 group 14 as OpenSSL writes its DH parameters (p, g = 2).
MODP2048_DER = base64.b64decode(
    'MIIBCAKCAQEA///////////JD9qiIWjCNMTGYouA3BzRKQJOCIpnzHQCC76mOxOb'
    'IlFKCHmONATd75UZs806QxswKwpt8l8UN0/hNW1tUcJF5IW1dmJefsb0TELppjft'
    'awv/XLb0Brft7jhr+1qJn6WunyQRfEsf5kkoZlHs5Fs9wgB8uKFjvwWY2kg2HFXT'
    'mmkWP6j9JM9fg2VdI9yjrZYcYvNWIIVSu57VKQdwlpZtZww1Tkq8mATxdGwIyhgh'
    'fDKQXkYuNs474553LBgOhgObJ4Oi7Aeij7XFXfBvTFLJ3ivL9pVYFxg5lUl86pVq'
    '5RXSJhiY+gUQFXKOWoqsqmj//////////wIBAg==')
P = int.from_bytes(MODP2048_DER[9:9 + 256], 'big')

OPENSSL_DIGEST = bytes(range(0x40, 0x60))   # golden SHA-256 of file 5
TBOOT = [(17, hashlib.sha256(b'tboot pcr17').digest()),
         (18, hashlib.sha256(b'tboot pcr18').digest())]


def attr(vendor, type_, value, flags=0):
    return struct.pack('>B3s I I', flags, vendor.to_bytes(3, 'big'), type_,
                       12 + len(value)) + value


def pa_msg(*attrs):
    return struct.pack('>B3s I', 1, b'\0\0\0', secrets.randbits(32)) + \
        b''.join(attrs)


def pb_pa(vendor, subtype, collector, validator, pa):
    value = struct.pack('>B3s I H H', 0, vendor.to_bytes(3, 'big'), subtype,
                        collector, validator) + pa
    return tnctest.pb_msg(0, tnctest.PB_MSG_PA, value, NOSKIP)


def pa_attrs(pa):
    """[(flags, vendor, type, value)] of a PA-TNC message."""
    out, pos = [], 8
    while pos < len(pa):
        flags = pa[pos]
        vendor = int.from_bytes(pa[pos + 1:pos + 4], 'big')
        type_, length = struct.unpack('>I I', pa[pos + 4:pos + 12])
        out.append((flags, vendor, type_, pa[pos + 12:pos + length]))
        pos += length
    return out


def pts_attrs(batch):
    """The attributes of the TCG/PTS messages of a parsed batch and the
    validator (IMV id) that sent them."""
    got, imv = [], None
    for m in batch[3]:
        if m.type == tnctest.PB_MSG_PA and \
                m.value[1:8] == b'\x00\x55\x97\0\0\0\x01':
            imv = struct.unpack('>H', m.value[10:12])[0]
            got += pa_attrs(m.value[12:])
    return got, imv


def by_type(attrs):
    return [(f, v, t) for f, v, t, _ in attrs], \
        {(v, t): val for _, v, t, val in attrs}


def sha256(*parts):
    return hashlib.sha256(b''.join(parts)).digest()


class AttestationImvTests(tnctest.PolicyDbTestCase):

    NEEDS = (IMV_OS, IMV_ATT, MANAGER)

    def setUp(self):
        super().setUp()
        self.key = os.path.join(self.tmp, 'aik.pem')
        subprocess.run(['openssl', 'genpkey', '-algorithm', 'RSA',
                        '-pkeyopt', 'rsa_keygen_bits:2048', '-out', self.key],
                       check=True, timeout=60, capture_output=True)
        self.spki = subprocess.run(
            ['openssl', 'pkey', '-in', self.key, '-pubout', '-outform',
             'DER'], check=True, timeout=30, capture_output=True).stdout
        self.keyid = hashlib.sha1(self.spki).hexdigest()

    def server(self, trusted, policies=(TPMRA_POLICY, FMEAS_POLICY)):
        db = self.new_policy_db()
        db.execute('DELETE FROM enforcements')
        db.execute("INSERT INTO policies (id, type, name, argument, file, "
                   "rec_fail, rec_noresult) VALUES (?, 5, 'Reference "
                   "/usr/bin/openssl', '', 5, 0, 0)", (FREFM_POLICY,))
        for policy in policies:
            db.execute('INSERT INTO enforcements (policy, group_id, max_age)'
                       ' VALUES (?, ?, 0)', (policy, GROUP))
        db.execute("INSERT INTO devices (value, product, trusted) VALUES "
                   "(?, ?, ?)", (self.keyid, PRODUCT, 1 if trusted else 0))
        db.execute("INSERT INTO versions (id, product, package, release) "
                   "VALUES (60, ?, 4, '3.0.11-1')", (PRODUCT,))
        db.execute("INSERT INTO file_hashes (file, version, algo, hash) "
                   "VALUES (5, 60, ?, ?)", (SHA256, OPENSSL_DIGEST.hex()))
        db.commit()
        db.close()
        return self.start_server(
            conf={'database': 'sqlite://' + self.db_path,
                  'log_level': '2'},
            env={'TNC_POLICY_SCRIPT': MANAGER},
            tnc_config='IMV "OS" %s\nIMV "Attestation" %s\n'
                       % (IMV_OS, IMV_ATT))

    # ------------------------------------------------------------ steps
    def exchange(self, c, *pbpa, btype=tnctest.PB_CDATA):
        c.send_batch(tnctest.pb_batch(btype, b''.join(pbpa)))
        return c.recv_batch()

    def pts(self, *attrs):
        return pb_pa(PEN_TCG, 1, 3, self.imv, pa_msg(*attrs))

    def start(self, srv):
        """Steps 0-1: OS facts; the IMV asks for capabilities."""
        c = tnctest.RawPtTls(srv.port, timeout=20)
        self.addCleanup(c.close)
        c.negotiate()
        os_pa = pa_msg(
            attr(PEN_IETF, 2, b'\0\x25\x72\0\0Debian'),
            attr(PEN_IETF, 4, b'\x09' + b'12 x86_64' + b'\0\0'),
            attr(PEN_ITA, 8, self.keyid.encode()))
        batch = self.exchange(c, pb_pa(PEN_IETF, 1, 1, 0xffff, os_pa))
        self.assertEqual(batch[2], tnctest.PB_SDATA)
        attrs, self.imv = pts_attrs(batch)
        order, vals = by_type(attrs)
        # spec 4 step 3 with the default hash_algorithm sha384
        self.assertEqual(order, [(0, PEN_TCG, 0x21),
                                 (NOSKIP, PEN_TCG, 0x01000000),
                                 (NOSKIP, PEN_TCG, 0x06000000)])
        self.assertEqual(vals[(PEN_TCG, 0x01000000)], b'\0\0\0\x0e')
        self.assertEqual(vals[(PEN_TCG, 0x06000000)], b'\0\0\xe0\0')
        return c

    def negotiate(self, c):
        """Step 2: caps V|T|D and SHA-256; the IMV asks for the file and
        the DH parameters."""
        batch = self.exchange(c, self.pts(
            attr(PEN_TCG, 0x02000000, b'\0\0\0\x0e'),
            attr(PEN_TCG, 0x07000000, b'\0\0\x40\0')))
        order, vals = by_type(pts_attrs(batch)[0])
        wid = self.q('SELECT id FROM workitems WHERE type = 6')[0][0]
        # the agent opens a contract with every IMC it addresses, here
        # the first message to IMC 3 by its id
        self.assertEqual(order, [(0, PEN_TCG, 0x21),
                                 (NOSKIP, PEN_TCG, 0x00C00000),
                                 (NOSKIP, PEN_TCG, 0x03000000)])
        self.assertEqual(vals[(PEN_TCG, 0x00C00000)],
                         struct.pack('>B B H I', 0, 0, wid & 0xffff, 0x2f)
                         + b'/usr/bin/openssl')
        # min nonce length 0, groups modp1024..ecp256
        self.assertEqual(vals[(PEN_TCG, 0x03000000)], b'\0\0\xf0\0')
        return wid

    def dh(self, c, wid):
        """Step 3: File Measurement and the DH response; the IMV finishes
        the exchange. Returns the secret of spec 5."""
        self.nonce_r = secrets.token_bytes(20)
        x = secrets.randbelow(P - 3) + 2
        pub = pow(2, x, P).to_bytes(256, 'big')
        fm = struct.pack('>Q H H', 1, wid & 0xffff, 32) + OPENSSL_DIGEST + \
            struct.pack('>H', 7) + b'openssl'
        resp = b'\0\0\0' + struct.pack('>B H H', 20, MODP2048, SHA256) + \
            self.nonce_r + pub
        batch = self.exchange(c, self.pts(
            attr(PEN_TCG, 0x00D00000, fm, NOSKIP),
            attr(PEN_TCG, 0x04000000, resp)))
        order, vals = by_type(pts_attrs(batch)[0])
        self.assertEqual(order, [(NOSKIP, PEN_TCG, 0x05000000),
                                 (NOSKIP, PEN_TCG, 0x08000000),
                                 (NOSKIP, PEN_TCG, 0x0D000000)])
        fin = vals[(PEN_TCG, 0x05000000)]
        self.assertEqual(fin[:4], b'\0\x14\x40\0')
        self.assertEqual(len(fin), 4 + 256 + 20)
        self.assertEqual(vals[(PEN_TCG, 0x08000000)], b'\0\0\0\0')
        self.assertEqual(vals[(PEN_TCG, 0x0D000000)], b'\0\0\0\0')
        peer = int.from_bytes(fin[4:260], 'big')
        shared = pow(peer, x, P).to_bytes(256, 'big')
        return sha256(b'1', fin[260:], self.nonce_r, shared)

    def tpm_and_aik(self, c):
        version = struct.pack('>H B B I I 4s', 0x0200, 0, 3, 138, 2019,
                              b'IBM\0')
        return self.exchange(c, self.pts(
            attr(PEN_TCG, 0x09000000, version),
            attr(PEN_TCG, 0x0E000000, b'\x80' + self.spki)))

    def evidence(self, pcr, meas):
        name = PEN_ITA.to_bytes(3, 'big') + b'\x21' + struct.pack('>I', 2)
        return attr(PEN_TCG, 0x00300000,
                    b'\0\0\0\0' + name + b'\x80' + pcr.to_bytes(3, 'big') +
                    struct.pack('>H B B', SHA256, 1, 0) +
                    b'0000-00-00T00:00:00Z' + meas)

    def final(self, secret):
        """Simple Evidence Final with a TPM 2.0 quote over PCR 17, 18."""
        pcrs = {}
        for pcr, meas in TBOOT:
            pcrs[pcr] = sha256(b'\0' * 32, meas)
        digest = sha256(pcrs[17], pcrs[18])
        signer = b'\x00\x0b' + bytes(32)
        clock = bytes(range(17))
        firmware = b'\0\0\0\x01\0\0\0\x02'
        select = struct.pack('>I H B', 1, 0x000B, 3) + b'\0\0\x06'
        attest = struct.pack('>I H', 0xFF544347, 0x8018) + \
            struct.pack('>H', len(signer)) + signer + \
            struct.pack('>H', len(secret)) + secret + clock + firmware + \
            select + struct.pack('>H', len(digest)) + digest
        blob = os.path.join(self.tmp, 'attest.bin')
        with open(blob, 'wb') as f:
            f.write(attest)
        sig = subprocess.run(['openssl', 'dgst', '-sha256', '-sign',
                              self.key, blob], check=True, timeout=30,
                             capture_output=True).stdout
        value = struct.pack('>B B H', 0x10, 0, SHA256) + \
            struct.pack('>I', len(digest)) + digest + \
            struct.pack('>H', len(signer)) + signer + \
            struct.pack('>H', len(clock)) + clock + \
            struct.pack('>H', len(firmware)) + firmware + \
            struct.pack('>H', len(select)) + select + \
            struct.pack('>I', len(sig)) + sig
        return attr(PEN_TCG, 0x00400000, value)

    def close(self, c, srv, count=1):
        c.send_batch(tnctest.pb_batch(tnctest.PB_CLOSE))
        return srv.wait_for_log(r'policy: imv_policy_manager stop '
                                r'successful', count=count)

    def results(self):
        return self.q('SELECT policy, rec, result FROM results '
                      'ORDER BY policy')

    # ------------------------------------------------------------ tests
    def test_untrusted_aik_ends_tpmra(self):
        srv = self.server(trusted=False)
        c = self.start(srv)
        wid = self.negotiate(c)
        self.dh(c, wid)
        batch = self.tpm_and_aik(c)
        # no evidence is asked for: the assessment and the result follow
        self.assertEqual(batch[2], tnctest.PB_RESULT)
        raw = b''.join(m.value for m in batch[3])
        self.assertIn(b'No trusted AIK available', raw)
        log = self.close(c, srv)
        self.assertIn('AIK public key %s is not trusted' % self.keyid, log)
        self.assertIn("final recommendation is 'isolate'", log)
        self.assertEqual(self.results(), [
            (FMEAS_POLICY, 0, 'file measurement correct'),
            (TPMRA_POLICY, 2, 'No trusted AIK available')])

    def test_no_tpm_reference_and_metadata(self):
        """Spec 4 step 4 and 9.2: without T and D caps the TPMRA
        workitem ends at once; FMETA is done when asked, FREFM stores the
        returned hash under the product's generic version."""
        srv = self.server(trusted=True, policies=(
            TPMRA_POLICY, FREFM_POLICY, FMETA_POLICY))
        c = self.start(srv)
        batch = self.exchange(c, self.pts(
            attr(PEN_TCG, 0x02000000, b'\0\0\0\x08'),
            attr(PEN_TCG, 0x07000000, b'\0\0\x40\0')))
        order, vals = by_type(pts_attrs(batch)[0])
        wid = self.q('SELECT id FROM workitems WHERE type = 5')[0][0]
        self.assertEqual(order, [(0, PEN_TCG, 0x21),
                                 (NOSKIP, PEN_TCG, 0x00C00000),
                                 (NOSKIP, PEN_TCG, 0x00700000)])
        self.assertEqual(vals[(PEN_TCG, 0x00700000)],
                         b'\0\x2f\0\0/etc/tnc_config')
        digest = bytes(range(32))
        fm = struct.pack('>Q H H', 1, wid & 0xffff, 32) + digest + \
            struct.pack('>H', 7) + b'openssl'
        batch = self.exchange(c, self.pts(
            attr(PEN_TCG, 0x00D00000, fm, NOSKIP)))
        self.assertEqual(batch[2], tnctest.PB_RESULT)
        self.close(c, srv)
        self.assertEqual(self.results(), [
            (FMETA_POLICY, 0, 'file metadata requested'),
            (TPMRA_POLICY, 2, 'no TPM available, no DH nonce negotiation'),
            (FREFM_POLICY, 0, 'file reference measurement successful')])
        self.assertEqual(self.q(
            "SELECT h.file, h.algo, h.hash, v.product FROM file_hashes AS h"
            " JOIN versions AS v ON v.id = h.version JOIN packages AS p ON "
            "p.id = v.package WHERE p.name = ''"),
            [(5, SHA256, digest.hex(), PRODUCT)])

    def run_trusted(self, srv, tamper=False, count=1):
        c = self.start(srv)
        wid = self.negotiate(c)
        secret = self.dh(c, wid)
        self.assertEqual(len(secret), 32)
        batch = self.tpm_and_aik(c)
        order, vals = by_type(pts_attrs(batch)[0])
        self.assertEqual(order, [(0, PEN_ITA, 9),
                                 (NOSKIP, PEN_TCG, 0x00100000),
                                 (NOSKIP, PEN_TCG, 0x00200000)])
        self.assertEqual(vals[(PEN_ITA, 9)], b'/')
        self.assertEqual(vals[(PEN_TCG, 0x00100000)],
                         b'\x10\0\0\0\x00\x90\x2a\x21\0\0\0\x02')
        if tamper:
            secret = bytes(32)      # a quote made for another nonce
        links = struct.pack('>I H', 1, 4) + b'/bin' + struct.pack('>H', 8) + \
            b'/usr/bin'
        batch = self.exchange(c, self.pts(
            attr(PEN_ITA, 10, links),
            *[self.evidence(p, m) for p, m in TBOOT],
            self.final(secret)))
        self.assertEqual(batch[2], tnctest.PB_RESULT)
        return c, batch

    def test_trusted_aik_quote_ok_then_compared(self):
        srv = self.server(trusted=True)
        c, batch = self.run_trusted(srv)
        log = self.close(c, srv)
        self.assertIn('TPM quote signature verified', log)
        self.assertIn("final recommendation is 'allow' and evaluation is "
                      "'compliant'", log)
        self.assertEqual(self.results(), [
            (FMEAS_POLICY, 0, 'file measurement correct'),
            (TPMRA_POLICY, 0, 'registered 2 evidence measurements')])
        self.assertEqual(self.q('SELECT seq_no, pcr, hash FROM '
                                'component_hashes ORDER BY seq_no'),
                         [(1, 17, TBOOT[0][1]), (2, 18, TBOOT[1][1])])
        # the next attestation compares; a quote of another nonce fails
        c, batch = self.run_trusted(srv, tamper=True)
        raw = b''.join(m.value for m in batch[3])
        self.assertIn(b'Invalid TPM Quote signature received', raw)
        self.close(c, srv, count=2)
        self.assertEqual(self.q('SELECT rec, result FROM results WHERE '
                                'policy = ? ORDER BY id', TPMRA_POLICY)[1],
                         (2, '2 evidence measurements are ok; Invalid TPM '
                          'Quote signature received'))


if __name__ == '__main__':
    unittest.main(verbosity=2)
