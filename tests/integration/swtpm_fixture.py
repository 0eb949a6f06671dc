"""A software TPM 2.0 with an attestation key and matching measurement
logs, for the tests of the Attestation IMC/IMV (attestation spec 3.1,
6.1-6.5, 7, 8.2; swtpm notes in reference-interop.md). Stdlib only.

    with SwtpmFixture(ima_entries=2000) as tpm:
        tpm.tcti, tpm.ak_handle, tpm.key_id, tpm.bios_log, tpm.ima_log,
        tpm.measured        # [(file name, sha256 hex)] in IMA log order

What it does, every wait bounded and swtpm always killed on exit:
* swtpm in socket mode on two free 127.0.0.1 ports (server P, ctrl P+1) with
  its state in a temporary directory, flags not-need-init. The TPM is
  started from locality 3 (ctrl SET_LOCALITY, then TPM2_Startup(CLEAR))
  so that PCR0 begins as 00..03, what spec 6.4 assumes for every TPM 2.0
  but Intel PTT; startup_locality=0 uses swtpm's startup-clear flag
  instead.
* tpm2_selftest --fulltest (the reference recording's first quote
  failed without it), a fresh EK (tpm2_createek), an RSA AK (rsassa,
  sha256) under it (tpm2_createak) persisted at 0x81010003; without a
  resource manager the tools leave transient objects behind, so they are
  flushed after each step. key_id = SHA-1 of the AK's DER
  SubjectPublicKeyInfo (spec 7).
* A synthetic crypto-agile BIOS event log (Spec ID Event03 header with
  sha1 and sha256, a StartupLocality event, 22 events in PCRs 0-9) and an
  IMA log of ima-ng entries (boot_aggregate first: SHA-256 over PCRs 0-9
  of the sha256 bank, spec 6.5), written as a fake securityfs tree under
  root; the TPM's sha1 and sha256 banks are extended to match (PCR 10
  with each bank's own ima-ng template hash, spec 6.2), many extends per
  tpm2_pcrextend call.

The boot aggregate is a SHA-256 digest, as a kernel with ima_hash=sha256
writes it: a SHA-1 bank replays to the TPM's values but its boot
aggregate check (SHA-1 over PCRs 0-7) does not hold.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import hashlib
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time

AK_HANDLE = 0x81010003
TOOLS = ('swtpm', 'tpm2_selftest', 'tpm2_createek', 'tpm2_createak',
         'tpm2_evictcontrol', 'tpm2_flushcontext', 'tpm2_readpublic',
         'tpm2_pcrextend')
TOOL_TIMEOUT = 60
START_TIMEOUT = 10
EXTENDS_PER_CALL = 400

# swtpm control channel command (swtpm's tpm_ioctl.h, CMD_SET_LOCALITY)
CMD_SET_LOCALITY = 5
TPM2_STARTUP_CLEAR = bytes.fromhex('80010000000c000001440000')

# Event types (TCG PC Client PFP; spec 6.1)
EV_POST_CODE = 0x01
EV_NO_ACTION = 0x03
EV_SEPARATOR = 0x04
EV_ACTION = 0x05
EV_S_CRTM_VERSION = 0x08
EV_IPL = 0x0d
EV_EFI_VARIABLE_DRIVER_CONFIG = 0x80000001
EV_EFI_BOOT_SERVICES_APPLICATION = 0x80000003
EV_EFI_ACTION = 0x80000007
EV_EFI_PLATFORM_FIRMWARE_BLOB = 0x80000008

TPM_ALG_SHA1, TPM_ALG_SHA256 = 0x0004, 0x000b
BANKS = (('sha1', TPM_ALG_SHA1, 20), ('sha256', TPM_ALG_SHA256, 32))


def missing_tools():
    """The programs this fixture needs that are not installed."""
    return [t for t in TOOLS if not shutil.which(t)]


def free_port_pair():
    """Two free loopback ports P, P + 1: the TSS2 swtpm TCTI takes the
    control channel at the server port + 1."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, \
                socket.socket(socket.AF_INET, socket.SOCK_STREAM) as c:
            s.bind(('127.0.0.1', 0))
            port = s.getsockname()[1]
            try:
                c.bind(('127.0.0.1', port + 1))
            except OSError:
                continue
            return port, port + 1
    raise RuntimeError('no two adjacent free ports')


def h(name, data):
    return hashlib.new(name, data).digest()


class Banks:
    """The sha1 and sha256 PCR values the fixture gives the TPM, and the
    extends still to send to it."""

    def __init__(self, locality):
        self.pcr = {}
        for name, _, size in BANKS:
            self.pcr[name] = [bytes(size)] * 24
            self.pcr[name][0] = bytes(size - 1) + bytes([locality])
        self.pending = []

    def extend(self, index, digests):
        """digests: bank name -> digest of that bank's size."""
        for name, value in digests.items():
            self.pcr[name][index] = h(name, self.pcr[name][index] + value)
        self.pending.append('%d:%s' % (index, ','.join(
            '%s=%s' % (n, v.hex()) for n, v in sorted(digests.items()))))


def spec_id_event():
    """First event: TPM 1.2 layout, data = TCG_EfiSpecIDEvent."""
    data = b'Spec ID Event03\0' + struct.pack(
        '<IBBBBI', 0, 0, 2, 0, 2, len(BANKS))
    for _, alg, size in BANKS:
        data += struct.pack('<HH', alg, size)
    data += b'\0'                          # vendorInfoSize
    return struct.pack('<II', 0, EV_NO_ACTION) + bytes(20) + \
        struct.pack('<I', len(data)) + data


def event2(pcr, etype, data, digests):
    out = struct.pack('<III', pcr, etype, len(BANKS))
    for name, alg, _ in BANKS:
        out += struct.pack('<H', alg) + digests[name]
    return out + struct.pack('<I', len(data)) + data


def firmware_events():
    """(PCR, type, data) of a plausible UEFI boot; digests are the bank
    hashes of the data."""
    ev = [(0, EV_S_CRTM_VERSION, 'S-CRTM 1.0\0'.encode('utf-16-le')),
          (0, EV_EFI_PLATFORM_FIRMWARE_BLOB, struct.pack('<QQ', 0xff000000,
                                                         0x100000)),
          (0, EV_POST_CODE, b'POST CODE'),
          (1, EV_EFI_VARIABLE_DRIVER_CONFIG, b'BootOrder\0\1'),
          (2, EV_POST_CODE, b'option ROM'),
          (4, EV_EFI_ACTION, b'Calling EFI Application from Boot Option'),
          (5, EV_EFI_ACTION, b'Exit Boot Services Invocation'),
          (7, EV_EFI_VARIABLE_DRIVER_CONFIG, b'SecureBoot\0\0')]
    ev += [(i, EV_SEPARATOR, bytes(4)) for i in range(8)]
    ev += [(4, EV_EFI_BOOT_SERVICES_APPLICATION, b'\\EFI\\debian\\shimx64'),
           (4, EV_EFI_BOOT_SERVICES_APPLICATION, b'\\EFI\\debian\\grubx64'),
           (8, EV_IPL, b'grub_cmd: linux /vmlinuz root=/dev/sda1\0'),
           (8, EV_IPL, b'kernel_cmdline: /vmlinuz root=/dev/sda1\0'),
           (9, EV_IPL, b'/boot/vmlinuz\0'),
           (9, EV_IPL, b'/boot/initrd.img\0')]
    return ev


def ima_ng_entry(file_hash, name):
    """(log entry, {bank: template hash}) of an ima-ng entry with a
    sha256 file digest (spec 6.2)."""
    d_ng = b'sha256:\0' + file_hash
    n_ng = name.encode() + b'\0'
    data = struct.pack('<I', len(d_ng)) + d_ng + \
        struct.pack('<I', len(n_ng)) + n_ng
    hashes = {b: h(b, data) for b, _, _ in BANKS}
    entry = struct.pack('<I', 10) + hashes['sha1'] + \
        struct.pack('<I', 6) + b'ima-ng' + struct.pack('<I', len(data)) + data
    return entry, hashes


class SwtpmFixture:
    """Context manager: a running swtpm with AK and logs (see module)."""

    def __init__(self, ima_entries=2000, startup_locality=3):
        if ima_entries < 1:
            raise ValueError('the IMA log needs its boot_aggregate')
        self.ima_entries = ima_entries
        self.locality = startup_locality
        self.proc = None
        self.dir = None

    # --- lifecycle -----------------------------------------------------

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix='swtpm-fixture-')
        try:
            self._start()
            self._make_ak()
            self._make_logs()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.proc = None
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def _start(self):
        state = os.path.join(self.dir, 'state')
        os.mkdir(state)
        self.root = os.path.join(self.dir, 'root')
        self.log_path = os.path.join(self.dir, 'swtpm.log')
        flags = 'not-need-init' + (',startup-clear' if self.locality == 0
                                   else '')
        for _ in range(3):       # a free port may be taken meanwhile
            self.port, self.ctrl_port = free_port_pair()
            self.proc = subprocess.Popen(
                ['swtpm', 'socket', '--tpm2',
                 '--server', 'type=tcp,port=%d,bindaddr=127.0.0.1' %
                 self.port,
                 '--ctrl', 'type=tcp,port=%d,bindaddr=127.0.0.1' %
                 self.ctrl_port,
                 '--tpmstate', 'dir=' + state, '--flags', flags,
                 '--log', 'file=' + self.log_path],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL)
            if self._wait_listening():
                break
            self.proc.kill()
            self.proc.wait(timeout=5)
        else:
            raise RuntimeError('swtpm did not start')
        self.tcti = 'swtpm:host=127.0.0.1,port=%d' % self.port
        if self.locality:
            self._startup_at_locality()

    def _wait_listening(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                for port in (self.port, self.ctrl_port):
                    socket.create_connection(('127.0.0.1', port), 1).close()
                return True
            except OSError:
                time.sleep(0.05)
        return False

    def _exchange(self, port, data, n):
        with socket.create_connection(('127.0.0.1', port), 5) as s:
            s.settimeout(5)
            s.sendall(data)
            reply = b''
            while len(reply) < n:
                chunk = s.recv(n - len(reply))
                if not chunk:
                    break
                reply += chunk
            return reply

    def _set_locality(self, locality):
        reply = self._exchange(self.ctrl_port,
                               struct.pack('>IB', CMD_SET_LOCALITY,
                                           locality), 4)
        if reply != bytes(4):
            raise RuntimeError('swtpm SET_LOCALITY: %r' % reply)

    def _startup_at_locality(self):
        """TPM2_Startup(CLEAR) sent from the fixture's locality: the TPM
        then sets PCR0's last byte to it (TPM 2.0 Part 1, PCR0 init)."""
        self._set_locality(self.locality)
        reply = self._exchange(self.port, TPM2_STARTUP_CLEAR, 10)
        if reply[6:10] != bytes(4):
            raise RuntimeError('TPM2_Startup: %s' % reply.hex())
        self._set_locality(0)

    # --- keys ----------------------------------------------------------

    def tool(self, *args):
        """Runs a tpm2-tools command against this TPM; its stdout."""
        env = dict(os.environ, TPM2TOOLS_TCTI=self.tcti)
        r = subprocess.run(args, cwd=self.dir, env=env,
                           capture_output=True, timeout=TOOL_TIMEOUT)
        if r.returncode:
            raise RuntimeError('%s failed (%d): %s' % (
                ' '.join(args[:2]), r.returncode,
                r.stderr.decode(errors='replace')[-2000:]))
        return r.stdout

    def _flush(self):
        self.tool('tpm2_flushcontext', '-t')
        self.tool('tpm2_flushcontext', '-s')

    def _make_ak(self):
        self.tool('tpm2_selftest', '--fulltest')
        self.tool('tpm2_createek', '-c', 'ek.ctx', '-G', 'rsa',
                  '-u', 'ek.pub')
        self._flush()
        self.tool('tpm2_createak', '-C', 'ek.ctx', '-c', 'ak.ctx',
                  '-G', 'rsa', '-g', 'sha256', '-s', 'rsassa',
                  '-u', 'ak.pub', '-n', 'ak.name')
        self._flush()
        self.ak_handle = AK_HANDLE
        self.tool('tpm2_evictcontrol', '-C', 'o', '-c', 'ak.ctx',
                  '0x%08x' % AK_HANDLE)
        self._flush()
        self.ak_der_path = os.path.join(self.dir, 'ak.der')
        self.tool('tpm2_readpublic', '-c', '0x%08x' % AK_HANDLE,
                  '-f', 'der', '-o', self.ak_der_path)
        with open(self.ak_der_path, 'rb') as f:
            self.ak_der = f.read()
        self.key_id = hashlib.sha1(self.ak_der).hexdigest()

    # --- logs ----------------------------------------------------------

    def _make_logs(self):
        banks = Banks(self.locality)
        bios = [spec_id_event(),
                event2(0, EV_NO_ACTION,
                       b'StartupLocality\0' + bytes([self.locality]),
                       {b: bytes(s) for b, _, s in BANKS})]
        for pcr, etype, data in firmware_events():
            digests = {b: h(b, data) for b, _, _ in BANKS}
            bios.append(event2(pcr, etype, data, digests))
            banks.extend(pcr, digests)
        self.bios_events = len(bios)

        aggregate = h('sha256', b''.join(banks.pcr['sha256'][:10]))
        self.boot_aggregate = aggregate.hex()
        entry, hashes = ima_ng_entry(aggregate, 'boot_aggregate')
        ima = [entry]
        banks.extend(10, hashes)
        self.measured = []
        for i in range(1, self.ima_entries):
            name = '/usr/lib/fixture/file-%05d' % i
            file_hash = h('sha256', name.encode() + b'\n')
            entry, hashes = ima_ng_entry(file_hash, name)
            ima.append(entry)
            banks.extend(10, hashes)
            self.measured.append((name, file_hash.hex()))

        sec = os.path.join(self.root, 'sys', 'kernel', 'security')
        os.makedirs(os.path.join(sec, 'tpm0'))
        os.makedirs(os.path.join(sec, 'ima'))
        self.bios_log = os.path.join(sec, 'tpm0',
                                     'binary_bios_measurements')
        self.ima_log = os.path.join(sec, 'ima',
                                    'binary_runtime_measurements')
        with open(self.bios_log, 'wb') as f:
            f.write(b''.join(bios))
        with open(self.ima_log, 'wb') as f:
            f.write(b''.join(ima))

        for i in range(0, len(banks.pending), EXTENDS_PER_CALL):
            self.tool('tpm2_pcrextend',
                      *banks.pending[i:i + EXTENDS_PER_CALL])
        self.pcrs = banks.pcr
