#!/usr/bin/env python3
"""The Attestation IMC (imcs/attestation) against a hand-driven IMV side.

pt-tls-client runs the OS IMC (device ID = the fixture's AK key id) and
the Attestation IMC against a small PT-TLS/PB-TNC server written here,
which plays the Attestation IMV step by step as the recorded reference
session does (attestation spec 10, vectors/attestation/index.md):

 1. Request PTS Protocol Capabilities + Measurement Algorithm
 2. Request File Measurement (file, directory, missing path, bad
    delimiter), Request File Metadata + DH Nonce Parameters Request
 3. DH Nonce Finish + Get TPM Version Information + Get AIK
 4. ITA Get Symlinks + Request Functional Component Evidence (B, I) +
    Generate Attestation Evidence
 5. RESULT

The DH exchange uses MODP-2048 (group bit 0x2000), which Python does with
pow(); the test then checks every evidence against the swtpm fixture's
logs, the PCR digest against the fixture's PCR values and the quote
signature with `openssl dgst -verify` over the TPMS_ATTEST rebuilt with
the test's own DH secret (spec 5, 8.2, 8.3).

Skipped when swtpm/tpm2-tools, openssl or the IMC (built only with
libtss2) are missing. swtpm and every socket are on 127.0.0.1 only.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import hashlib
import os
import secrets
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import types
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import swtpm_fixture  # noqa: E402
import tnctest  # noqa: E402

t = tnctest
IMC_OS = os.path.join(t.BUILD_DIR, 'imcs', 'os', 'imc-os.so')
IMC_ATT = os.path.join(t.BUILD_DIR, 'imcs', 'attestation',
                       'imc-attestation.so')
IMA_ENTRIES = 2000
IO_TIMEOUT = 60

PEN_IETF, PEN_TCG, PEN_ITA = 0, 0x005597, 0x00902a
PTS_SUBTYPE = 1
NOSKIP = 0x80
IETF_PA_TNC_ERROR = 8
ITA_GET_SYMLINKS, ITA_SYMLINKS = 9, 10
# TCG PTS attribute types (spec 2)
REQ_PROTO_CAPS, PROTO_CAPS = 0x01000000, 0x02000000
DH_PARAMS_REQ, DH_PARAMS_RESP, DH_FINISH = 0x03000000, 0x04000000, \
    0x05000000
MEAS_ALGO, MEAS_ALGO_SEL = 0x06000000, 0x07000000
GET_TPM_VERSION, TPM_VERSION = 0x08000000, 0x09000000
GET_AIK, AIK = 0x0d000000, 0x0e000000
REQ_FUNC_COMP_EVID, GEN_ATTEST_EVID = 0x00100000, 0x00200000
SIMPLE_COMP_EVID, SIMPLE_EVID_FINAL = 0x00300000, 0x00400000
REQ_FILE_META, UNIX_FILE_META = 0x00700000, 0x00900000
REQ_FILE_MEAS, FILE_MEAS = 0x00c00000, 0x00d00000
SHA1, SHA256, SHA384 = 0x8000, 0x4000, 0x2000
MODP2048 = 0x2000

# RFC 3526 group 14
MODP2048_P = int(
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74'
    '020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437'
    '4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED'
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05'
    '98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB'
    '9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B'
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718'
    '3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF',
    16)


def setUpModule():
    missing = swtpm_fixture.missing_tools()
    if missing:
        raise unittest.SkipTest('missing ' + ', '.join(missing))
    if not shutil.which('openssl'):
        raise unittest.SkipTest('missing openssl')
    for path in (IMC_OS, IMC_ATT, t.CLIENT_BIN):
        if not os.path.exists(path):
            raise unittest.SkipTest('not built: ' + path)


def attr(vendor, atype, value, flags=0):
    return struct.pack('>B3s I I', flags, vendor.to_bytes(3, 'big'), atype,
                       12 + len(value)) + value


def pts(atype, value=bytes(4), flags=NOSKIP):
    return attr(PEN_TCG, atype, value, flags)


def parse_attrs(pa):
    """[(vendor, type, value)] of a PA-TNC message."""
    out, pos = [], 8
    while pos < len(pa):
        vendor = int.from_bytes(pa[pos + 1:pos + 4], 'big')
        atype, alen = struct.unpack('>I I', pa[pos + 4:pos + 12])
        out.append((vendor, atype, pa[pos + 12:pos + alen]))
        pos += alen
    return out


def pts_error(value):
    """(vendor, code, information) of an IETF PA-TNC Error value."""
    return (int.from_bytes(value[1:4], 'big'),
            struct.unpack('>I', value[4:8])[0], value[8:])


def req_file_meas(path, request_id, directory=False, delimiter=0x2f):
    return pts(REQ_FILE_MEAS, struct.pack(
        '>B B H I', 0x80 if directory else 0, 0, request_id, delimiter) +
        path.encode())


def parse_file_meas(v):
    count, rid, mlen = struct.unpack('>Q H H', v[:12])
    files, pos = [], 12
    for _ in range(count):
        meas = v[pos:pos + mlen]
        nlen = struct.unpack('>H', v[pos + mlen:pos + mlen + 2])[0]
        name = v[pos + mlen + 2:pos + mlen + 2 + nlen].decode()
        files.append((name, meas.hex()))
        pos += mlen + 2 + nlen
    assert pos == len(v), 'trailing bytes in File Measurement'
    return rid, files


def parse_evidence(v):
    """dict of a Simple Component Evidence value (spec 3)."""
    e = {'flags': v[0], 'depth': int.from_bytes(v[1:4], 'big'),
         'vendor': int.from_bytes(v[4:7], 'big'), 'qualifier': v[7] & 0x3f,
         'name': struct.unpack('>I', v[8:12])[0], 'type': v[12],
         'pcr': int.from_bytes(v[13:16], 'big'),
         'algo': struct.unpack('>H', v[16:18])[0], 'transform': v[18],
         'time': v[20:40].decode()}
    pos = 40
    e['uri'] = None
    if e['flags'] & 0x60 in (0x40, 0x60):
        n = struct.unpack('>H', v[pos:pos + 2])[0]
        e['uri'] = v[pos + 2:pos + 2 + n].decode()
        pos += 2 + n
    e['measurement'] = v[pos:]
    return e


def parse_final(v):
    """dict of a Simple Evidence Final with a TPM 2.0 quote (spec 8.1)."""
    f = {'flags': v[0], 'hash': struct.unpack('>H', v[2:4])[0]}
    pos = 4

    def field(size_len):
        nonlocal pos
        n = int.from_bytes(v[pos:pos + size_len], 'big')
        out = v[pos + size_len:pos + size_len + n]
        pos += size_len + n
        return out
    f['pcr_digest'] = field(4)
    f['signer'] = field(2)
    f['clock'] = field(2)
    f['firmware'] = field(2)
    f['select'] = field(2)
    f['signature'] = field(4)
    f['rest'] = v[pos:]
    return f


class Session:
    """The server end of one PT-TLS connection from pt-tls-client."""

    def __init__(self, tls):
        self.tls = tls
        self.msg_id = 1

    def recv(self):
        def exact(n):
            data = b''
            while len(data) < n:
                chunk = self.tls.recv(n - len(data))
                if not chunk:
                    raise AssertionError('client closed the connection')
                data += chunk
            return data
        hdr = exact(16)
        length = struct.unpack('>I', hdr[8:12])[0]
        return struct.unpack('>I', hdr[4:8])[0], exact(length - 16)

    def send(self, type_, value):
        self.tls.sendall(t.pt_msg(type_, value, self.msg_id))
        self.msg_id += 1

    def exchange(self, attrs):
        """Sends one SDATA batch with a TCG/PTS message of attrs; returns
        the attributes of the client's TCG/PTS messages in its answer."""
        pa = struct.pack('>B3s I', 1, b'\0\0\0', self.msg_id) + b''.join(attrs)
        pbpa = struct.pack('>B3s I H H', 0, PEN_TCG.to_bytes(3, 'big'),
                           PTS_SUBTYPE, 0xffff, 3) + pa
        self.send(t.PT_PB_TNC_BATCH, t.pb_batch(
            t.PB_SDATA, t.pb_msg(0, t.PB_MSG_PA, pbpa, NOSKIP), dbit=True))
        mtype, batch = self.recv()
        assert mtype == t.PT_PB_TNC_BATCH, mtype
        _, _, btype, msgs = t.parse_pb_batch(batch)
        assert btype == t.PB_CDATA, btype
        got = []
        for m in msgs:
            if m.type == t.PB_MSG_PA and \
                    m.value[1:4] == PEN_TCG.to_bytes(3, 'big') and \
                    m.value[4:8] == struct.pack('>I', PTS_SUBTYPE):
                got += parse_attrs(m.value[12:])
        return got


class AttestationImcTests(t.ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tpm = swtpm_fixture.SwtpmFixture(ima_entries=IMA_ENTRIES)
        cls.tpm.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.tpm.close()
        super().tearDownClass()

    def imc_config(self):
        path = os.path.join(self.tmp, 'imc.tnc_config')
        if not os.path.exists(path):
            self.write('imc.tnc_config', 'IMC "OS" %s\nIMC "Attestation" '
                       '%s\n' % (IMC_OS, IMC_ATT))
        return path

    def files(self):
        """A directory of files to measure below the fixture's root, and
        a symlink /bin -> usr/bin for ITA Symlinks."""
        root = self.tpm.root
        data = os.path.join(root, 'data')
        os.makedirs(data, exist_ok=True)
        os.makedirs(os.path.join(root, 'usr', 'bin'), exist_ok=True)
        if not os.path.islink(os.path.join(root, 'bin')):
            os.symlink('usr/bin', os.path.join(root, 'bin'))
        contents = {'a.conf': b'alpha\n', 'b.bin': bytes(range(256)) * 300,
                    '.hidden': b'not reported\n'}
        for name, body in contents.items():
            with open(os.path.join(data, name), 'wb') as f:
                f.write(body)
        os.makedirs(os.path.join(data, 'subdir'), exist_ok=True)
        return {n: hashlib.sha256(b).hexdigest() for n, b in contents.items()}

    def start_client(self, env):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(t.cert('server.pem'), t.cert('server.key'))
        lsock = socket.create_server(('127.0.0.1', 0))
        lsock.settimeout(IO_TIMEOUT)
        self.addCleanup(lsock.close)
        port = lsock.getsockname()[1]
        out = open(os.path.join(self.tmp, 'client.log'), 'w+b')
        self.addCleanup(out.close)
        client = subprocess.Popen(
            self.client_cmd(types.SimpleNamespace(port=port)),
            env=self.client_env(env), stdin=subprocess.DEVNULL,
            stdout=out, stderr=subprocess.STDOUT)

        def stop():
            if client.poll() is None:
                client.kill()
                client.wait(timeout=10)
        self.addCleanup(stop)
        conn, _ = lsock.accept()
        tls = ctx.wrap_socket(conn, server_side=True)
        tls.settimeout(IO_TIMEOUT)
        self.addCleanup(tls.close)
        self.client, self.client_out = client, out
        s = Session(tls)
        self.assertEqual(s.recv()[0], t.PT_VERSION_REQUEST)
        s.tls.sendall(t.pt_msg(t.PT_VERSION_RESPONSE, b'\0\0\0\x01', 0))
        s.tls.sendall(t.pt_msg(t.PT_SASL_MECHS, b'', 1))
        s.msg_id = 2
        mtype, batch = s.recv()
        self.assertEqual(t.parse_pb_batch(batch)[2], t.PB_CDATA)
        return s

    def finish(self, s):
        rec = t.pb_msg(0, t.PB_MSG_ACCESS_REC, b'\0\0\0\x01')
        s.send(t.PT_PB_TNC_BATCH, t.pb_batch(t.PB_RESULT, rec, dbit=True))
        self.assertEqual(t.parse_pb_batch(s.recv()[1])[2], t.PB_CLOSE)
        self.client.wait(timeout=IO_TIMEOUT)
        self.client_out.seek(0)
        log = self.client_out.read().decode('utf-8', 'replace')
        self.assertEqual(self.client.returncode, 0, log)
        self.assertEqual(t.sanitizer_findings(log), [], log)
        return log

    def env(self, **more):
        env = {'TNC_IMC_OS_ROOT': self.tpm.root,
               'TNC_IMC_OS_NAME': 'Debian', 'TNC_IMC_OS_VERSION': '12',
               'TNC_IMC_OS_DEVICE_ID': self.tpm.key_id,
               'TNC_IMC_ATTESTATION_TCTI': self.tpm.tcti,
               'TNC_IMC_ATTESTATION_AIK_HANDLE': '%08x' % self.tpm.ak_handle,
               'TNC_IMC_ATTESTATION_HASH_ALGORITHM': 'sha256'}
        env.update(more)
        return env

    # ------------------------------------------------------------------

    def expected_ima(self):
        """(template hash, policy URI) of every IMA entry, sha256 bank."""
        agg = bytes.fromhex(self.tpm.boot_aggregate)
        out = [(swtpm_fixture.ima_ng_entry(agg, 'boot_aggregate')[1]
                ['sha256'], 'sha256:boot_aggregate')]
        for name, digest in self.tpm.measured:
            out.append((swtpm_fixture.ima_ng_entry(
                bytes.fromhex(digest), name)[1]['sha256'],
                'sha256:' + name))
        return out

    def test_attestation_flow(self):
        hashes = self.files()
        s = self.start_client(self.env())

        # 1. discovery
        got = s.exchange([pts(REQ_PROTO_CAPS, struct.pack('>HH', 0, 0x0e)),
                          pts(MEAS_ALGO, struct.pack('>HH', 0,
                                                     SHA1 | SHA256 | SHA384))])
        self.assertEqual(got, [(PEN_TCG, PROTO_CAPS, b'\0\0\0\x0e'),
                               (PEN_TCG, MEAS_ALGO_SEL, b'\0\0\x40\0')])

        # 2. files + DH parameters (MODP-2048 only)
        got = s.exchange([
            req_file_meas('/data/a.conf', 2),
            req_file_meas('/data', 3, directory=True),
            req_file_meas('/data/missing', 4),
            req_file_meas('/data/a.conf', 5, delimiter=0x2e),
            pts(REQ_FILE_META, struct.pack('>B B H', 0, 0x2f, 0) +
                b'/data/a.conf'),
            pts(DH_PARAMS_REQ, struct.pack('>B B H', 0, 0, MODP2048))])
        types_ = [(v, a) for v, a, _ in got]
        self.assertEqual(types_, [(PEN_TCG, FILE_MEAS), (PEN_TCG, FILE_MEAS),
                                  (PEN_IETF, IETF_PA_TNC_ERROR),
                                  (PEN_IETF, IETF_PA_TNC_ERROR),
                                  (PEN_TCG, UNIX_FILE_META),
                                  (PEN_TCG, DH_PARAMS_RESP)])
        self.assertEqual(parse_file_meas(got[0][2]),
                         (2, [('a.conf', hashes['a.conf'])]))
        self.assertEqual(parse_file_meas(got[1][2]),
                         (3, [('a.conf', hashes['a.conf']),
                              ('b.bin', hashes['b.bin'])]))
        # error information = the request attribute's value (spec 3.1)
        self.assertEqual(pts_error(got[2][2]),
                         (PEN_TCG, 3, req_file_meas('/data/missing', 4)[12:]))
        self.assertEqual(pts_error(got[3][2]),
                         (PEN_TCG, 10, req_file_meas('/data/a.conf', 5,
                                                     delimiter=0x2e)[12:]))
        meta = got[4][2]
        st = os.stat(os.path.join(self.tpm.root, 'data', 'a.conf'))
        self.assertEqual(meta, struct.pack(
            '>Q H B B Q Q Q Q Q Q', 1, 52 + 6, 8, 0, 6, int(st.st_ctime),
            int(st.st_mtime), int(st.st_atime), st.st_uid, st.st_gid) +
            b'a.conf')
        resp = got[5][2]
        nonce_len = resp[3]
        self.assertEqual(nonce_len, 20)
        self.assertEqual(struct.unpack('>HH', resp[4:8]), (MODP2048, SHA256))
        r_nonce = resp[8:8 + nonce_len]
        r_pub = int.from_bytes(resp[8 + nonce_len:], 'big')
        self.assertEqual(len(resp), 8 + nonce_len + 256)
        self.assertTrue(1 < r_pub < MODP2048_P - 1)

        # 3. DH finish + version + AIK
        x = secrets.randbelow(MODP2048_P - 3) + 2
        i_pub = pow(2, x, MODP2048_P).to_bytes(256, 'big')
        i_nonce = secrets.token_bytes(nonce_len)
        shared = pow(r_pub, x, MODP2048_P).to_bytes(256, 'big')
        secret = hashlib.sha256(b'1' + i_nonce + r_nonce + shared).digest()
        got = s.exchange([
            pts(DH_FINISH, struct.pack('>B B H', 0, nonce_len, SHA256) +
                i_pub + i_nonce),
            pts(GET_TPM_VERSION), pts(GET_AIK)])
        self.assertEqual([(v, a) for v, a, _ in got],
                         [(PEN_TCG, TPM_VERSION), (PEN_TCG, AIK)])
        version = got[0][2]
        self.assertEqual(len(version), 16)
        self.assertEqual(version[:4], b'\x02\x00\x00\x03')
        self.assertEqual(version[12:], b'IBM\0')
        self.assertEqual(got[1][2], b'\x80' + self.tpm.ak_der)

        # 4. symlinks + evidence of B and I + generate
        comp = b''.join(struct.pack('>B3s 3s B I', 0x10, bytes(3),
                                    PEN_ITA.to_bytes(3, 'big'), q, 3)
                        for q in (0x21, 0x22))
        got = s.exchange([attr(PEN_ITA, ITA_GET_SYMLINKS, b'/'),
                          pts(REQ_FUNC_COMP_EVID, comp),
                          pts(GEN_ATTEST_EVID)])
        self.assertEqual(got[0][:2], (PEN_ITA, ITA_SYMLINKS))
        self.assertEqual(got[0][2], struct.pack('>I', 1) +
                         struct.pack('>H', 4) + b'/bin' +
                         struct.pack('>H', 8) + b'/usr/bin')
        evid = [parse_evidence(v) for vend, a, v in got
                if (vend, a) == (PEN_TCG, SIMPLE_COMP_EVID)]
        finals = [v for vend, a, v in got
                  if (vend, a) == (PEN_TCG, SIMPLE_EVID_FINAL)]
        self.assertEqual(len(finals), 1)
        self.assertEqual(got[-1][1], SIMPLE_EVID_FINAL)
        bios = [e for e in evid if e['qualifier'] == 0x21]
        ima = [e for e in evid if e['qualifier'] == 0x22]
        # every firmware event but the Spec ID header and StartupLocality
        self.assertEqual(len(bios), self.tpm.bios_events - 2)
        self.assertEqual(len(ima), IMA_ENTRIES)
        self.assertEqual(len(evid), len(bios) + len(ima))
        for e in bios:
            self.assertEqual((e['vendor'], e['name'], e['type'], e['algo'],
                              e['transform'], e['flags'], e['depth']),
                             (PEN_ITA, 3, 0x80, SHA256, 1, 0, 0))
            self.assertRegex(e['time'], r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')
        for pcr, data in ((0, 'S-CRTM 1.0\0'.encode('utf-16-le')),
                          (9, b'/boot/initrd.img\0')):
            self.assertIn((pcr, hashlib.sha256(data).digest()),
                          [(e['pcr'], e['measurement']) for e in bios])
        expected = self.expected_ima()
        for e, (digest, uri) in zip(ima, expected):
            self.assertEqual((e['pcr'], e['algo'], e['transform'],
                              e['flags'], e['uri'], e['measurement']),
                             (10, SHA256, 1, 0x60, uri, digest))

        final = parse_final(finals[0])
        self.assertEqual((final['flags'], final['hash']), (0x10, SHA256))
        pcrs = self.tpm.pcrs['sha256']
        self.assertEqual(final['pcr_digest'],
                         hashlib.sha256(b''.join(pcrs[:11])).digest())
        # TPML_PCR_SELECTION: one sha256 bank, PCRs 0-10
        self.assertEqual(final['select'],
                         bytes.fromhex('00000001000b03ff0700'))
        self.assertEqual((len(final['clock']), len(final['firmware'])),
                         (17, 8))
        self.verify_quote(final, secret)
        self.verify_quote(final, hashlib.sha256(b'other').digest(),
                          valid=False)

        log = self.finish(s)
        self.assertIn('[IMC] Attestation: %d BIOS evidence measurements'
                      % len(bios), log)
        self.assertIn('sending %d BIOS and %d IMA evidence measurements'
                      % (len(bios), len(ima)), log)
        self.assertIn('TPM quote over PCRs 0,1,2,3,4,5,6,7,8,9,10 of the '
                      'sha256 bank', log)
        self.assertNotIn('differ', log)

    def verify_quote(self, final, secret, valid=True):
        """openssl dgst -verify over the TPMS_ATTEST with our secret."""
        attest = struct.pack('>I H', 0xff544347, 0x8018) + \
            struct.pack('>H', len(final['signer'])) + final['signer'] + \
            struct.pack('>H', len(secret)) + secret + final['clock'] + \
            final['firmware'] + final['select'] + \
            struct.pack('>H', len(final['pcr_digest'])) + final['pcr_digest']
        names = {}
        for name, data in (('attest', attest), ('sig', final['signature'])):
            names[name] = os.path.join(self.tmp, name)
            with open(names[name], 'wb') as f:
                f.write(data)
        pem = os.path.join(self.tmp, 'ak.pem')
        subprocess.run(['openssl', 'pkey', '-pubin', '-inform', 'DER',
                        '-in', self.tpm.ak_der_path, '-out', pem],
                       check=True, timeout=30, capture_output=True)
        r = subprocess.run(['openssl', 'dgst', '-sha256', '-verify', pem,
                            '-signature', names['sig'], names['attest']],
                           timeout=30, capture_output=True, text=True)
        if valid:
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn('Verified OK', r.stdout)
        else:
            self.assertNotEqual(r.returncode, 0, r.stdout)

    def test_errors(self):
        """PTS errors of spec 4, 6.3 and 9: an algorithm outside the
        limit (1), a nonce length above the IMC's (7), no common DH group
        (6), a TTC request (15), a component request without TPM caps
        (16), a path with a NUL in it (2)."""
        s = self.start_client(self.env(
            TNC_IMC_ATTESTATION_HASH_ALGORITHM='sha1'))
        got = s.exchange([pts(REQ_PROTO_CAPS, struct.pack('>HH', 0, 0x08)),
                          pts(MEAS_ALGO, struct.pack('>HH', 0, SHA256)),
                          pts(DH_PARAMS_REQ,
                              struct.pack('>B B H', 0, 32, MODP2048)),
                          pts(DH_PARAMS_REQ,
                              struct.pack('>B B H', 0, 0, 0x0400))])
        self.assertEqual(got[0], (PEN_TCG, PROTO_CAPS, b'\0\0\0\x08'))
        self.assertEqual([pts_error(v) for _, _, v in got[1:]],
                         [(PEN_TCG, 1, struct.pack('>HH', 0, SHA1)),
                          (PEN_TCG, 7, struct.pack('>HH', 32, 0xffff)),
                          (PEN_TCG, 6, struct.pack('>HH', 0, 0xf800))])
        comp = struct.pack('>B3s 3s B I', 0x80, bytes(3),
                           PEN_ITA.to_bytes(3, 'big'), 0x21, 3)
        pcr = struct.pack('>B3s 3s B I', 0x10, bytes(3),
                          PEN_ITA.to_bytes(3, 'big'), 0x22, 3)
        bad_path = req_file_meas('/etc\0/x', 7)
        got = s.exchange([pts(REQ_FUNC_COMP_EVID, comp),
                          pts(REQ_FUNC_COMP_EVID, pcr), bad_path])
        self.assertEqual([pts_error(v) for _, _, v in got],
                         [(PEN_TCG, 15, b''), (PEN_TCG, 16, b''),
                          (PEN_TCG, 2, bad_path[12:])])
        self.finish(s)


if __name__ == '__main__':
    unittest.main(verbosity=2)
