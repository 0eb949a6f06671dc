"""Shared helpers for the integration tests (stdlib only).

Locates the build (BUILD_DIR, SOURCE_DIR from the environment, else the
source tree and its build/ directory), makes a throw-away PKI with
scripts/make-certs.sh, starts tnc-server on a free loopback port and
stops it with SIGTERM, runs pt-tls-client, and speaks PT-TLS / PB-TNC by
hand for the malformed-input tests.

Every wait is bounded and every subprocess has a timeout.
"""
import os
import re
import signal
import socket
import ssl
import struct
import subprocess
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.abspath(
    os.environ.get('SOURCE_DIR') or os.path.join(HERE, '..', '..'))
BUILD_DIR = os.environ.get('BUILD_DIR') or os.path.join(SOURCE_DIR, 'build')
if not os.path.isabs(BUILD_DIR):
    BUILD_DIR = os.path.join(SOURCE_DIR, BUILD_DIR)

SERVER_BIN = os.path.join(BUILD_DIR, 'programs', 'tnc-server')
CLIENT_BIN = os.path.join(BUILD_DIR, 'programs', 'pt-tls-client')
IMV_TEST = os.path.join(BUILD_DIR, 'imvs', 'test', 'imv-test.so')
IMC_TEST = os.path.join(BUILD_DIR, 'imcs', 'test', 'imc-test.so')
MAKE_CERTS = os.path.join(SOURCE_DIR, 'scripts', 'make-certs.sh')

# Sanitizer settings for every process we start: a report makes the
# process abort (non-zero / signal exit) and is also searched for in the
# output, so a sanitizer build fails the test on any finding.
SANITIZER_ENV = {
    'ASAN_OPTIONS': 'detect_leaks=1:abort_on_error=1',
    'UBSAN_OPTIONS': 'halt_on_error=1:print_stacktrace=1',
}
SANITIZER_MARKERS = ('runtime error', 'ERROR: AddressSanitizer',
                     'ERROR: LeakSanitizer', 'WARNING: ThreadSanitizer',
                     'AddressSanitizer:DEADLYSIGNAL')

START_TIMEOUT = 15.0
STOP_TIMEOUT = 10.0
CLIENT_TIMEOUT = 90.0

# Certificates are made once per process (openssl is slow-ish) in a
# private temp dir that lives until the interpreter exits.
_cert_dir = None


def cert_dir():
    global _cert_dir
    if _cert_dir is None:
        _cert_dir = tempfile.TemporaryDirectory(prefix='tnc-certs-')
        subprocess.run(['sh', MAKE_CERTS, _cert_dir.name], check=True,
                       timeout=120, stdout=subprocess.DEVNULL)
    return _cert_dir.name


def cert(name):
    return os.path.join(cert_dir(), name)


def make_policy_db(path):
    """A policy database made from schema/tables.sql and data.sql;
    returns an open sqlite3 connection to it (the caller closes it)."""
    import sqlite3
    db = sqlite3.connect(path)
    for name in ('tables.sql', 'data.sql'):
        with open(os.path.join(SOURCE_DIR, 'schema', name)) as f:
            db.executescript(f.read())
    db.commit()
    return db


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def sanitizer_findings(text):
    return [m for m in SANITIZER_MARKERS if m in text]


def check_binaries(testcase):
    missing = [p for p in (SERVER_BIN, CLIENT_BIN, IMV_TEST, IMC_TEST)
               if not os.path.exists(p)]
    if missing:
        raise unittest.SkipTest('not built: ' + ', '.join(missing))


class Server:
    """One tnc-server process with its own config, logging to a file."""

    def __init__(self, workdir, conf=None, env=None, tnc_config=None,
                 name='server'):
        self.workdir = workdir
        self.name = name
        self.conf = {
            'listen': '127.0.0.1',
            'cert': cert('server.pem'),
            'key': cert('server.key'),
            'client_auth': 'none',
            'timeout': '10000',
        }
        self.conf.update(conf or {})
        self.env = dict(env or {})
        if tnc_config is None:
            tnc_config = 'IMV "Test" %s\n' % IMV_TEST
        self.tnc_config_path = os.path.join(workdir, name + '.tnc_config')
        with open(self.tnc_config_path, 'w') as f:
            f.write(tnc_config)
        self.conf.setdefault('tnc_config', self.tnc_config_path)
        self.conf_path = os.path.join(workdir, name + '.conf')
        self.log_path = os.path.join(workdir, name + '.log')
        self.proc = None
        self.port = None
        self._logf = None

    def start(self):
        with open(self.conf_path, 'w') as f:
            for k, v in self.conf.items():
                f.write('%s = %s\n' % (k, v))
        env = dict(os.environ)
        env.update(SANITIZER_ENV)
        env.update(self.env)
        # a free port may be taken between probe and bind: try again
        for attempt in range(5):
            self.port = free_port()
            self._logf = open(self.log_path, 'wb')
            self.proc = subprocess.Popen(
                [SERVER_BIN, '-c', self.conf_path, '-p', str(self.port)],
                stdin=subprocess.DEVNULL, stdout=self._logf,
                stderr=subprocess.STDOUT, env=env, cwd=self.workdir)
            if self._wait_ready():
                return self
            self.proc.kill()
            self.proc.wait(timeout=STOP_TIMEOUT)
            self._logf.close()
            if 'cannot listen' not in self.log():
                break
        raise AssertionError('tnc-server did not start:\n' + self.log())

    def _wait_ready(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            if 'TNC server listening on' in self.log():
                try:
                    with socket.create_connection(('127.0.0.1', self.port),
                                                  timeout=2):
                        return True
                except OSError:
                    pass
            time.sleep(0.05)
        return False

    def log(self):
        try:
            with open(self.log_path, 'rb') as f:
                return f.read().decode('utf-8', 'replace')
        except FileNotFoundError:
            return ''

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_for_log(self, pattern, timeout=10.0, count=1):
        """Waits until pattern (a regex) occurs count times in the log."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            text = self.log()
            if len(rx.findall(text)) >= count:
                return text
            if time.monotonic() >= deadline:
                raise AssertionError('server log never matched %r (x%d):\n%s'
                                     % (pattern, count, text))
            time.sleep(0.05)

    def stop(self):
        """SIGTERM; returns (exit status, log). Kills it if it hangs."""
        if self.proc is None:
            return None, self.log()
        rc = self.proc.poll()
        if rc is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                rc = self.proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=STOP_TIMEOUT)
                rc = 'hung after SIGTERM (killed)'
        if self._logf:
            self._logf.close()
            self._logf = None
        self.proc = None
        return rc, self.log()


class ServerTestCase(unittest.TestCase):
    """Gives each test a temp dir; servers started with start_server are
    always stopped, and must exit 0 without sanitizer findings."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        check_binaries(cls)
        cert_dir()

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix='tnc-it-')
        self.tmp = self._tmp.name
        self.addCleanup(self._tmp.cleanup)
        self.servers = []

    def start_server(self, **kw):
        kw.setdefault('name', 'server%d' % len(self.servers))
        srv = Server(self.tmp, **kw)
        self.servers.append(srv)
        # registered before start, so a half-started server is killed too
        self.addCleanup(self._stop_checked, srv)
        return srv.start()

    def _stop_checked(self, srv):
        if srv.proc is None and not srv.log():
            return
        rc, log = srv.stop()
        if rc is None:
            return
        self.assertEqual(rc, 0, 'tnc-server did not exit 0 on SIGTERM '
                         '(status %r); log:\n%s' % (rc, log))
        self.assertIn('TNC server stopped', log)
        self.assertEqual(sanitizer_findings(log), [],
                         'sanitizer report in server log:\n' + log)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, 'w') as f:
            f.write(text)
        return path

    def imc_config(self):
        """The client's tnc_config, written once (clients may run in
        parallel and must never see it half-written)."""
        path = os.path.join(self.tmp, 'imc.tnc_config')
        if not os.path.exists(path):
            self.write('imc.tnc_config.new', 'IMC "Test" %s\n' % IMC_TEST)
            os.replace(path + '.new', path)
        return path

    def client_cmd(self, srv, certs=None, key=None, sasl=None):
        cmd = [CLIENT_BIN, '--connect', '127.0.0.1', '--port', str(srv.port)]
        for c in certs or [cert('ca.pem')]:
            cmd += ['--cert', c]
        if key:
            cmd += ['--key', key]
        if sasl:
            cmd += ['--client', sasl[0], '--secret', sasl[1]]
        cmd += ['--tnc-config', self.imc_config()]
        return cmd

    def client_env(self, imc_env):
        env = dict(os.environ)
        env.update(SANITIZER_ENV)
        for k in list(env):
            if k.startswith('TNC_IMC_TEST_'):
                del env[k]
        env.update(imc_env or {})
        return env

    def run_client(self, srv, imc_env=None, timeout=CLIENT_TIMEOUT, **kw):
        """Runs pt-tls-client to completion; returns (exit code, log)."""
        try:
            p = subprocess.run(self.client_cmd(srv, **kw),
                               env=self.client_env(imc_env),
                               stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=timeout)
        except subprocess.TimeoutExpired as e:
            out = (e.output or b'').decode('utf-8', 'replace')
            self.fail('pt-tls-client timed out after %ss:\n%s\nserver log:\n'
                      '%s' % (timeout, out, srv.log()))
        out = p.stdout.decode('utf-8', 'replace')
        self.assertEqual(sanitizer_findings(out), [],
                         'sanitizer report in client output:\n' + out)
        return p.returncode, out

    def assert_session(self, srv, expect_rc, imc_env=None, **kw):
        rc, out = self.run_client(srv, imc_env=imc_env, **kw)
        self.assertEqual(rc, expect_rc, 'client exit %d, expected %d\n'
                         'client log:\n%s\nserver log:\n%s'
                         % (rc, expect_rc, out, srv.log()))
        return out

    def assert_good_session(self, srv):
        """A normal allow session: the server is still serving."""
        self.assertTrue(srv.alive(), 'server died:\n' + srv.log())
        before = srv.log().count("final recommendation is 'allow'")
        out = self.assert_session(srv, 0, {'TNC_IMC_TEST_COMMAND': 'allow'})
        self.assertIn("PB-TNC access recommendation is 'Access Allowed'", out)
        srv.wait_for_log("final recommendation is 'allow' and evaluation is "
                         "'compliant'", count=before + 1)
        self.assertTrue(srv.alive(), 'server died:\n' + srv.log())


# ---------------------------------------------------------------------
# PT-TLS and PB-TNC by hand

PT_VERSION_REQUEST = 1
PT_VERSION_RESPONSE = 2
PT_SASL_MECHS = 3
PT_SASL_SELECTION = 4
PT_SASL_AUTH_DATA = 5
PT_SASL_RESULT = 6
PT_PB_TNC_BATCH = 7
PT_ERROR = 8

PT_ERR_MALFORMED = 1
PT_ERR_VERSION_NOT_SUPPORTED = 2
PT_ERR_TYPE_NOT_SUPPORTED = 3
PT_ERR_INVALID_MESSAGE = 4

PB_CDATA, PB_SDATA, PB_RESULT, PB_CRETRY, PB_SRETRY, PB_CLOSE = range(1, 7)
PB_MSG_PA = 1
PB_MSG_ACCESS_REC = 3
PB_MSG_ERROR = 5
PB_ERR_UNEXPECTED_BATCH_TYPE = 0
PB_ERR_INVALID_PARAMETER = 1
PB_ERR_LOCAL_ERROR = 2
PB_ERR_UNSUPPORTED_MANDATORY_MSG = 3
PB_ERR_VERSION_NOT_SUPPORTED = 4


def pt_header(type_, length, msg_id, vendor=0):
    return struct.pack('>I I I I', vendor & 0xffffff, type_, length, msg_id)


def pt_msg(type_, value=b'', msg_id=0, vendor=0):
    return pt_header(type_, 16 + len(value), msg_id, vendor) + value


def pb_msg(vendor, type_, value=b'', flags=0):
    return struct.pack('>B3s I I', flags, vendor.to_bytes(3, 'big'), type_,
                       12 + len(value)) + value


def pb_batch(btype, msgs=b'', version=2, dbit=False, length=None):
    if length is None:
        length = 8 + len(msgs)
    return struct.pack('>B B B B I', version, 0x80 if dbit else 0, 0,
                       btype, length) + msgs


class PtMsg:
    def __init__(self, vendor, type_, length, msg_id, value):
        self.vendor, self.type, self.length = vendor, type_, length
        self.id, self.value = msg_id, value

    def __repr__(self):
        return ('PtMsg(vendor=%#x, type=%d, length=%d, id=%d, value=%s)'
                % (self.vendor, self.type, self.length, self.id,
                   self.value[:64].hex()))


def parse_pt_error(value):
    """(vendor, code, copy of the offending message)."""
    if len(value) < 8:
        raise AssertionError('PT-TLS Error value too short: ' + value.hex())
    vendor = int.from_bytes(value[1:4], 'big')
    code = struct.unpack('>I', value[4:8])[0]
    return vendor, code, value[8:]


class PbMsg:
    def __init__(self, flags, vendor, type_, offset, value):
        self.flags, self.vendor, self.type = flags, vendor, type_
        self.offset, self.value = offset, value

    def __repr__(self):
        return ('PbMsg(flags=%#x, vendor=%#x, type=%d, value=%s)'
                % (self.flags, self.vendor, self.type, self.value.hex()))


def parse_pb_batch(data):
    """(version, dbit, type, [PbMsg]); checks every length strictly."""
    if len(data) < 8:
        raise AssertionError('PB-TNC batch shorter than 8: ' + data.hex())
    version, d, _res, btype, length = struct.unpack('>B B B B I', data[:8])
    if length != len(data):
        raise AssertionError('PB-TNC batch length %d != %d received'
                             % (length, len(data)))
    msgs, pos = [], 8
    while pos < len(data):
        if len(data) - pos < 12:
            raise AssertionError('truncated PB-TNC message header')
        flags = data[pos]
        vendor = int.from_bytes(data[pos + 1:pos + 4], 'big')
        mtype, mlen = struct.unpack('>I I', data[pos + 4:pos + 12])
        if mlen < 12 or pos + mlen > len(data):
            raise AssertionError('bad PB-TNC message length %d' % mlen)
        msgs.append(PbMsg(flags, vendor, mtype, pos,
                          data[pos + 12:pos + mlen]))
        pos += mlen
    return version, bool(d & 0x80), btype & 0x0f, msgs


def parse_pb_error(value):
    """dict of a PB-Error value (RFC 5793 4.9)."""
    if len(value) < 8:
        raise AssertionError('PB-Error value too short: ' + value.hex())
    e = {
        'fatal': bool(value[0] & 0x80),
        'vendor': int.from_bytes(value[1:4], 'big'),
        'code': struct.unpack('>H', value[4:6])[0],
        'len': len(value),
    }
    params = value[8:]
    if e['code'] == PB_ERR_VERSION_NOT_SUPPORTED and e['vendor'] == 0:
        if len(params) != 4:
            raise AssertionError('Version Not Supported params: '
                                 + params.hex())
        e['bad'], e['max'], e['min'] = params[0], params[1], params[2]
    else:
        if len(params) != 4:
            raise AssertionError('PB-Error offset param: ' + params.hex())
        e['offset'] = struct.unpack('>I', params)[0]
    return e


class RawPtTls:
    """A hand-driven PT-TLS client over Python's ssl module."""

    def __init__(self, port, timeout=10.0, client_cert=None):
        ctx = ssl.create_default_context(cafile=cert('ca.pem'))
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        if client_cert:
            ctx.load_cert_chain(*client_cert)
        raw = socket.create_connection(('127.0.0.1', port), timeout=timeout)
        # check_hostname stays on: Python matches an IP against IP SANs
        self.sock = ctx.wrap_socket(raw, server_hostname='127.0.0.1')
        self.sock.settimeout(timeout)
        self.next_id = 0

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send_raw(self, data):
        self.sock.sendall(data)

    def send(self, type_, value=b'', vendor=0):
        self.send_raw(pt_msg(type_, value, self.next_id, vendor))
        self.next_id += 1

    def _read_exact(self, n):
        buf = b''
        deadline = time.monotonic() + self.sock.gettimeout() + 1
        while len(buf) < n:
            if time.monotonic() > deadline:
                raise socket.timeout('reading %d bytes' % n)
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise EOFError('connection closed after %d of %d bytes'
                               % (len(buf), n))
            buf += chunk
        return buf

    def recv(self):
        hdr = self._read_exact(16)
        vendor = int.from_bytes(hdr[1:4], 'big')
        type_, length, msg_id = struct.unpack('>I I I', hdr[4:])
        if hdr[0] != 0:
            raise AssertionError('reserved byte %d in header' % hdr[0])
        if length < 16 or length > 4 * 1024 * 1024:
            raise AssertionError('bad length %d from server' % length)
        return PtMsg(vendor, type_, length, msg_id,
                     self._read_exact(length - 16))

    def expect_closed(self, timeout=5.0):
        """True when the server closes (clean or not) within timeout;
        any data still arriving is an error."""
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(4096)
        except (ConnectionResetError, ssl.SSLEOFError, BrokenPipeError):
            return True
        except (ssl.SSLError, OSError) as e:
            if isinstance(e, socket.timeout):
                return False
            return True
        if data:
            raise AssertionError('unexpected data before close: '
                                 + data.hex())
        return True

    def negotiate(self):
        """Version Request/Response and the empty SASL Mechanisms."""
        self.send(PT_VERSION_REQUEST, b'\x00\x01\x01\x01')
        resp = self.recv()
        assert (resp.vendor, resp.type, resp.value) == \
            (0, PT_VERSION_RESPONSE, b'\x00\x00\x00\x01'), resp
        mechs = self.recv()
        assert (mechs.vendor, mechs.type, mechs.length) == \
            (0, PT_SASL_MECHS, 16), mechs
        return resp, mechs

    def send_batch(self, batch):
        self.send(PT_PB_TNC_BATCH, batch)

    def recv_batch(self):
        m = self.recv()
        if (m.vendor, m.type) != (0, PT_PB_TNC_BATCH):
            raise AssertionError('expected a PB-TNC batch, got %r' % m)
        return parse_pb_batch(m.value)


class PolicyDbTestCase(ServerTestCase):
    """A server test with IMVs on a policy database (self.db_path).
    NEEDS lists the plugins and programs the tests need; the tests are
    skipped when one is not built."""

    NEEDS = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        missing = [p for p in cls.NEEDS if not os.path.exists(p)]
        if missing:
            raise unittest.SkipTest('not built: ' + ', '.join(missing))

    def new_policy_db(self):
        """A fresh database at self.db_path; returns an open connection
        (the caller closes it)."""
        self.db_path = os.path.join(self.tmp, 'config.db')
        return make_policy_db(self.db_path)

    def q(self, sql, *args):
        import sqlite3
        db = sqlite3.connect(self.db_path)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def exec_sql(self, sql, *args):
        import sqlite3
        db = sqlite3.connect(self.db_path)
        try:
            cur = db.execute(sql, args)
            db.commit()
            return cur.lastrowid
        finally:
            db.close()
