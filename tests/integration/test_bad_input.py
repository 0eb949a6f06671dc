#!/usr/bin/env python3
"""Malformed and out-of-order input, sent by a hand-written PT-TLS client.

Each test starts its own tnc-server (client_auth none, timeout 1000 ms),
provokes one fault, checks the reply bytes (PT-TLS Error, or a PB-TNC CLOSE
batch carrying a fatal PB-Error), the server log line and that the server
closes the connection, and finally runs a normal pt-tls-client session to
show that the server keeps serving. Clean shutdown (exit 0 on SIGTERM, no
sanitizer report) is checked in cleanup."""
import os
import re
import struct
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tnctest  # noqa: E402
from tnctest import (  # noqa: E402
    RawPtTls, pb_batch, pb_msg, parse_pb_error, parse_pt_error, pt_header,
    PB_CDATA, PB_SDATA, PB_RESULT, PB_CRETRY, PB_CLOSE, PB_MSG_ERROR,
    PB_MSG_PA, PB_MSG_ACCESS_REC, PT_ERROR, PT_PB_TNC_BATCH,
    PT_VERSION_REQUEST, PT_ERR_MALFORMED, PT_ERR_VERSION_NOT_SUPPORTED,
    PT_ERR_TYPE_NOT_SUPPORTED, PT_ERR_INVALID_MESSAGE,
    PB_ERR_UNEXPECTED_BATCH_TYPE, PB_ERR_INVALID_PARAMETER,
    PB_ERR_UNSUPPORTED_MANDATORY_MSG, PB_ERR_VERSION_NOT_SUPPORTED)

SERVER_TIMEOUT_MS = 1000
MAX_MSG = 128 * 16384   # PT_TLS_DEFAULT_MAX_MSG, the server's default

PB_ERROR_NAMES = {
    PB_ERR_UNEXPECTED_BATCH_TYPE: 'Unexpected Batch Type',
    PB_ERR_INVALID_PARAMETER: 'Invalid Parameter',
    PB_ERR_UNSUPPORTED_MANDATORY_MSG: 'Unsupported Mandatory Message',
    PB_ERR_VERSION_NOT_SUPPORTED: 'Version Not Supported',
}
PT_ERROR_NAMES = {
    PT_ERR_MALFORMED: 'Malformed Message',
    PT_ERR_VERSION_NOT_SUPPORTED: 'Version Not Supported',
    PT_ERR_TYPE_NOT_SUPPORTED: 'Type Not Supported',
    PT_ERR_INVALID_MESSAGE: 'Invalid Message',
}


class BadInputTests(tnctest.ServerTestCase):

    def setUp(self):
        super().setUp()
        self.srv = self.start_server(
            conf={'timeout': str(SERVER_TIMEOUT_MS)},
            env={'TNC_IMV_TEST_ROUNDS': '0'})

    def connect(self, negotiate=True):
        c = RawPtTls(self.srv.port)
        self.addCleanup(c.close)
        if negotiate:
            resp, mechs = c.negotiate()
            # identifiers count up from 0 per direction
            self.assertEqual((resp.id, mechs.id), (0, 1))
        return c

    def assert_closed(self, c, timeout=5.0):
        self.assertTrue(c.expect_closed(timeout),
                        'server did not close the connection\n'
                        + self.srv.log())

    def finish(self):
        """The server survived: a normal session right afterwards."""
        self.assert_good_session(self.srv)

    # -- PT-TLS Error replies -------------------------------------------

    def expect_pt_error(self, c, code, copy_prefix):
        m = c.recv()
        self.assertEqual((m.vendor, m.type), (0, PT_ERROR), m)
        vendor, got, copy = parse_pt_error(m.value)
        self.assertEqual((vendor, got), (0, code),
                         'PT-TLS Error code %d, expected %d (%s)'
                         % (got, code, PT_ERROR_NAMES[code]))
        self.assertEqual(copy[:len(copy_prefix)], copy_prefix,
                         'the Error must quote the offending message')
        self.assertLessEqual(len(copy), 1024)
        return m, copy

    # -- PB-TNC CLOSE + PB-Error replies -------------------------------

    def expect_pb_error(self, c, code, offset=None):
        version, dbit, btype, msgs = c.recv_batch()
        self.assertEqual((version, dbit, btype), (2, True, PB_CLOSE),
                         'expected a CLOSE batch from the server')
        self.assertEqual(len(msgs), 1, msgs)
        m = msgs[0]
        self.assertEqual((m.flags & 0x80, m.vendor, m.type),
                         (0x80, 0, PB_MSG_ERROR), m)
        e = parse_pb_error(m.value)
        self.assertTrue(e['fatal'], e)
        self.assertEqual(e['vendor'], 0, e)
        self.assertEqual(e['code'], code, 'PB-Error %r, expected code %d'
                         % (e, code))
        if offset is not None:
            self.assertEqual(e['offset'], offset, e)
        log_offset = 0 if offset is None else offset
        self.srv.wait_for_log(re.escape(
            ": sending fatal PB-Error '%s' (offset %d) and closing"
            % (PB_ERROR_NAMES[code], log_offset)))
        self.assert_closed(c)
        return e

    # ================================================================
    # Truncated input and timeouts

    def test_truncated_header_then_wait(self):
        c = self.connect()
        c.send_raw(pt_header(PT_PB_TNC_BATCH, 24, 2)[:10])
        t0 = time.monotonic()
        self.assert_closed(c, timeout=SERVER_TIMEOUT_MS / 1000 + 4)
        elapsed = time.monotonic() - t0
        self.assertGreater(elapsed, 0.5, 'closed before the timeout')
        self.srv.wait_for_log(r'timeout reading from 127\.0\.0\.1 after '
                              r'1000 ms')
        self.finish()

    def test_truncated_header_then_close(self):
        c = self.connect()
        c.send_raw(pt_header(PT_PB_TNC_BATCH, 24, 2)[:10])
        c.close()
        self.srv.wait_for_log(r'reading from 127\.0\.0\.1 failed: '
                              r'connection closed in the middle of a '
                              r'message')
        self.finish()

    def test_truncated_value_then_wait(self):
        c = self.connect()
        c.send_raw(pt_header(PT_PB_TNC_BATCH, 16 + 100, 2) + b'\x02' * 10)
        self.assert_closed(c, timeout=SERVER_TIMEOUT_MS / 1000 + 4)
        self.srv.wait_for_log(r'timeout reading from 127\.0\.0\.1 after '
                              r'1000 ms')
        self.finish()

    def test_truncated_header_before_version(self):
        c = self.connect(negotiate=False)
        c.send_raw(pt_header(PT_VERSION_REQUEST, 20, 0)[:10])
        self.assert_closed(c, timeout=SERVER_TIMEOUT_MS / 1000 + 4)
        self.srv.wait_for_log(r'timeout reading from 127\.0\.0\.1 after '
                              r'1000 ms')
        self.finish()

    def test_silent_after_tls(self):
        c = self.connect(negotiate=False)
        self.assert_closed(c, timeout=SERVER_TIMEOUT_MS / 1000 + 4)
        self.srv.wait_for_log(r'timeout reading from 127\.0\.0\.1 after '
                              r'1000 ms')
        self.finish()

    def test_silent_tcp_no_tls(self):
        import socket
        s = socket.create_connection(('127.0.0.1', self.srv.port), timeout=5)
        self.addCleanup(s.close)
        s.settimeout(SERVER_TIMEOUT_MS / 1000 + 4)
        try:
            data = s.recv(100)
        except ConnectionResetError:
            data = b''
        self.assertEqual(data, b'')
        self.srv.wait_for_log(r'timeout in TLS handshake with 127\.0\.0\.1 '
                              r'after 1000 ms')
        self.finish()

    def test_not_tls(self):
        import socket
        s = socket.create_connection(('127.0.0.1', self.srv.port), timeout=5)
        self.addCleanup(s.close)
        s.sendall(b'GET / HTTP/1.0\r\n\r\n')
        s.settimeout(5)
        try:
            while s.recv(4096):
                pass
        except ConnectionResetError:
            pass
        self.srv.wait_for_log(r'TLS handshake with 127\.0\.0\.1 failed')
        self.finish()

    # ================================================================
    # Bad PT-TLS headers

    def test_huge_length(self):
        c = self.connect()
        hdr = pt_header(PT_PB_TNC_BATCH, 0x7fffffff, 2)
        c.send_raw(hdr)
        m, copy = self.expect_pt_error(c, PT_ERR_MALFORMED, hdr)
        self.assertEqual(copy, hdr)
        self.assertEqual(m.id, 2)
        self.srv.wait_for_log(r'PT-TLS message length 2147483647 exceeds '
                              r'the limit of %d bytes' % MAX_MSG)
        self.assert_closed(c)
        self.finish()

    def test_length_just_above_limit(self):
        c = self.connect()
        hdr = pt_header(PT_PB_TNC_BATCH, MAX_MSG + 1, 2)
        c.send_raw(hdr)
        self.expect_pt_error(c, PT_ERR_MALFORMED, hdr)
        self.srv.wait_for_log(r'PT-TLS message length %d exceeds the limit'
                              % (MAX_MSG + 1))
        self.assert_closed(c)
        self.finish()

    def test_huge_length_before_version(self):
        c = self.connect(negotiate=False)
        hdr = pt_header(PT_VERSION_REQUEST, 0xffffffff, 0)
        c.send_raw(hdr)
        m, copy = self.expect_pt_error(c, PT_ERR_MALFORMED, hdr)
        self.assertEqual(m.id, 0)
        self.srv.wait_for_log(r'PT-TLS message length 4294967295 exceeds')
        self.assert_closed(c)
        self.finish()

    def test_length_below_header(self):
        for length in (0, 8, 15):
            with self.subTest(length=length):
                c = self.connect()
                hdr = pt_header(PT_PB_TNC_BATCH, length, 2)
                c.send_raw(hdr)
                _, copy = self.expect_pt_error(c, PT_ERR_MALFORMED, hdr)
                self.assertEqual(copy, hdr)
                self.srv.wait_for_log(r'PT-TLS message length %d is below '
                                      r'the header size' % length)
                self.assert_closed(c)
        self.finish()

    def test_unknown_pt_tls_type_in_data_phase(self):
        c = self.connect()
        c.send(9, b'abcd')
        self.expect_pt_error(c, PT_ERR_TYPE_NOT_SUPPORTED,
                             pt_header(9, 20, c.next_id - 1) + b'abcd')
        self.srv.wait_for_log(r"unexpected PT-TLS message 'unknown' "
                              r"\(vendor 0x000000, type 9\) in the data "
                              r"phase, sending 'Type Not Supported'")
        self.assert_closed(c)
        self.finish()

    def test_version_request_in_data_phase(self):
        c = self.connect()
        c.send(PT_VERSION_REQUEST, b'\x00\x01\x01\x01')
        self.expect_pt_error(c, PT_ERR_INVALID_MESSAGE,
                             pt_header(PT_VERSION_REQUEST, 20,
                                       c.next_id - 1))
        self.srv.wait_for_log(r"in the data phase, sending 'Invalid "
                              r"Message'")
        self.assert_closed(c)
        self.finish()

    def test_batch_before_version(self):
        c = self.connect(negotiate=False)
        c.send(PT_PB_TNC_BATCH, pb_batch(PB_CDATA))
        self.expect_pt_error(c, PT_ERR_INVALID_MESSAGE,
                             pt_header(PT_PB_TNC_BATCH, 24, 0))
        self.srv.wait_for_log(r"instead of Version Request, sending "
                              r"'Invalid Message'")
        self.assert_closed(c)
        self.finish()

    def test_unsupported_pt_tls_version(self):
        c = self.connect(negotiate=False)
        c.send(PT_VERSION_REQUEST, b'\x00\x02\x02\x02')
        self.expect_pt_error(c, PT_ERR_VERSION_NOT_SUPPORTED,
                             pt_header(PT_VERSION_REQUEST, 20, 0)
                             + b'\x00\x02\x02\x02')
        self.srv.wait_for_log(r'PT-TLS versions 2\.\.2 of 127\.0\.0\.1 not '
                              r'supported')
        self.assert_closed(c)
        self.finish()

    def test_vendor_pt_tls_message_ignored_in_data_phase(self):
        c = self.connect()
        c.send(1, b'vendor specific', vendor=0x123456)
        # the session goes on: an empty CDATA gets an answer
        c.send_batch(pb_batch(PB_CDATA))
        version, dbit, btype, msgs = c.recv_batch()
        self.assertEqual((version, dbit), (2, True))
        self.assertIn(btype, (PB_SDATA, PB_RESULT))
        c.send_batch(pb_batch(PB_CLOSE))
        self.assert_closed(c)
        self.srv.wait_for_log(r"conn \d+: PB-TNC state transition from "
                              r"'\w+( \w+)?' to 'End'")
        self.assertNotIn('fatal PB-Error', self.srv.log())
        self.finish()

    # ================================================================
    # Bad PB-TNC batches

    def test_pb_version_1(self):
        c = self.connect()
        c.send_batch(pb_batch(PB_CDATA, version=1))
        e = self.expect_pb_error(c, PB_ERR_VERSION_NOT_SUPPORTED)
        self.assertEqual((e['bad'], e['max'], e['min']), (1, 2, 2), e)
        self.srv.wait_for_log(r'unsupported PB-TNC version: sending fatal')
        self.finish()

    def test_pb_batch_shorter_than_header(self):
        c = self.connect()
        c.send_batch(b'\x02\x00\x00\x01')
        self.expect_pb_error(c, PB_ERR_INVALID_PARAMETER, 0)
        self.finish()

    def test_pb_batch_length_mismatch(self):
        for declared in (8 + 4, 7, 0xffffffff):
            with self.subTest(declared=declared):
                c = self.connect()
                c.send_batch(pb_batch(PB_CDATA, length=declared))
                self.expect_pb_error(c, PB_ERR_INVALID_PARAMETER, 4)
        self.srv.wait_for_log('batch length does not match the data '
                              'received')
        self.finish()

    def test_pb_unknown_batch_type(self):
        c = self.connect()
        c.send_batch(pb_batch(7))
        self.expect_pb_error(c, PB_ERR_INVALID_PARAMETER, 3)
        self.finish()

    def test_pb_unknown_noskip_message(self):
        c = self.connect()
        c.send_batch(pb_batch(PB_CDATA, pb_msg(0x123456, 1, b'\x00' * 4,
                                               flags=0x80)))
        self.expect_pb_error(c, PB_ERR_UNSUPPORTED_MANDATORY_MSG, 8)
        self.finish()

    def test_pb_unknown_noskip_second_message(self):
        c = self.connect()
        first = pb_msg(0x123456, 2, b'\x00' * 4)          # skippable
        c.send_batch(pb_batch(PB_CDATA, first + pb_msg(
            0x123456, 1, b'', flags=0x80)))
        self.expect_pb_error(c, PB_ERR_UNSUPPORTED_MANDATORY_MSG,
                             8 + len(first))
        self.finish()

    def test_pb_truncated_message_header(self):
        c = self.connect()
        c.send_batch(pb_batch(PB_CDATA, b'\x00' * 5))
        self.expect_pb_error(c, PB_ERR_INVALID_PARAMETER, 8)
        self.finish()

    def test_pb_message_length_exceeds_batch(self):
        c = self.connect()
        msg = bytearray(pb_msg(0x123456, 2, b'\x00' * 4))
        msg[8:12] = struct.pack('>I', 1000)
        c.send_batch(pb_batch(PB_CDATA, bytes(msg)))
        self.expect_pb_error(c, PB_ERR_INVALID_PARAMETER, 16)
        self.finish()

    def test_pb_reserved_vendor_and_type(self):
        c = self.connect()
        c.send_batch(pb_batch(PB_CDATA, pb_msg(0xffffff, 1)))
        self.expect_pb_error(c, PB_ERR_INVALID_PARAMETER, 9)
        c = self.connect()
        c.send_batch(pb_batch(PB_CDATA, pb_msg(0, 0xffffffff)))
        self.expect_pb_error(c, PB_ERR_INVALID_PARAMETER, 12)
        self.finish()

    def test_pb_pa_without_noskip(self):
        c = self.connect()
        c.send_batch(pb_batch(PB_CDATA, pb_msg(0, PB_MSG_PA,
                                               b'\x00' * 12)))
        self.expect_pb_error(c, PB_ERR_INVALID_PARAMETER, 8)
        self.finish()

    def test_pb_result_only_message_from_client(self):
        c = self.connect()
        c.send_batch(pb_batch(PB_CDATA, pb_msg(0, PB_MSG_ACCESS_REC,
                                               b'\x00\x00\x00\x01')))
        self.expect_pb_error(c, PB_ERR_INVALID_PARAMETER, 8)
        self.srv.wait_for_log('client sent a RESULT-only message')
        self.finish()

    # ================================================================
    # Batches in the wrong state or direction

    def test_sdata_from_client(self):
        c = self.connect()
        c.send_batch(pb_batch(PB_SDATA))
        self.expect_pb_error(c, PB_ERR_UNEXPECTED_BATCH_TYPE, 0)
        self.srv.wait_for_log(r"unexpected SDATA batch in state 'Init'")
        self.finish()

    def test_cdata_with_d_bit(self):
        c = self.connect()
        c.send_batch(pb_batch(PB_CDATA, dbit=True))
        self.expect_pb_error(c, PB_ERR_INVALID_PARAMETER, 1)
        self.srv.wait_for_log('wrong batch direction')
        self.finish()

    def test_cretry_first(self):
        c = self.connect()
        c.send_batch(pb_batch(PB_CRETRY))
        self.expect_pb_error(c, PB_ERR_UNEXPECTED_BATCH_TYPE, 0)
        self.srv.wait_for_log(r"unexpected CRETRY batch in state 'Init'")
        self.finish()

    def test_batch_type_0(self):
        c = self.connect()
        c.send_batch(pb_batch(0))
        self.expect_pb_error(c, PB_ERR_UNEXPECTED_BATCH_TYPE, 0)
        self.finish()

    def test_cdata_after_result(self):
        # An empty CDATA with no IMC message: the IMV is asked, gives no
        # verdict, so the server answers with RESULT (Decided). A CDATA is
        # illegal in Decided.
        c = self.connect()
        c.send_batch(pb_batch(PB_CDATA))
        version, dbit, btype, msgs = c.recv_batch()
        self.assertEqual((version, dbit, btype), (2, True, PB_RESULT), msgs)
        types = [(m.vendor, m.type) for m in msgs]
        self.assertIn((0, 2), types)   # Assessment Result
        self.assertIn((0, 3), types)   # Access Recommendation
        c.send_batch(pb_batch(PB_CDATA))
        self.expect_pb_error(c, PB_ERR_UNEXPECTED_BATCH_TYPE, 0)
        self.srv.wait_for_log(r"unexpected CDATA batch in state 'Decided'")
        self.finish()

    def test_close_right_away(self):
        c = self.connect()
        c.send_batch(pb_batch(PB_CLOSE))
        self.assert_closed(c)
        log = self.srv.wait_for_log(r"conn 1: PB-TNC state transition from "
                                    r"'Init' to 'End'")
        self.assertNotIn('fatal PB-Error', log)
        self.assertNotIn('hung up before closing', log)
        self.assertNotIn('final recommendation', log)
        self.finish()

    def test_close_with_error_message(self):
        # a CLOSE carrying a (fatal) PB-Error: session failed, no reply.
        # (The server does not decode messages of a CLOSE, so the error
        # itself is not logged.)
        c = self.connect()
        err = struct.pack('>B3sHHI', 0x80, b'\x00\x00\x00', 2, 0, 0)
        c.send_batch(pb_batch(PB_CLOSE, pb_msg(0, PB_MSG_ERROR, err,
                                               flags=0x80)))
        self.assert_closed(c)
        self.srv.wait_for_log(r'client closed with 1 message\(s\): session '
                              r'failed')
        self.finish()

    def test_hang_up_mid_session(self):
        c = self.connect()
        c.send_batch(pb_batch(PB_CDATA))
        c.recv_batch()
        c.close()
        self.srv.wait_for_log('client hung up before closing the session')
        self.finish()


if __name__ == '__main__':
    unittest.main(verbosity=2)
