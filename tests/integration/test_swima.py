#!/usr/bin/env python3
"""The SWIMA IMC and IMV end to end (imcs/swima, imvs/swima, swima.md):
tnc-server with the OS and SWIMA IMVs on a policy database, pt-tls-client
with the OS and SWIMA IMCs on a fake system (TNC_IMC_OS_ROOT) whose dpkg
status database holds a sample package set.

- With the collector's event store: the first session stores the whole
  inventory (3,000 packages) as events, asking the endpoint for the tags
  the database lacks; after an apt history entry the collector records,
  the next session gets exactly the events since the last stored EID,
  and the device's inventory in the database is the new package set.
- Without a store: the identifier inventory from dpkg.
- Subscriptions disabled on the IMC: the IMV gets the PA-TNC error,
  clears the subscription and the session still completes.
- REST mode against a small HTTP server here: the documented JSON, and
  a 412 answer makes the IMV ask for exactly the missing tags.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import http.server
import json
import os
import re
import shlex
import socket
import ssl
import struct
import subprocess
import sys
import threading
import types
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tnctest  # noqa: E402

B = tnctest.BUILD_DIR
IMV_OS = os.path.join(B, 'imvs', 'os', 'imv-os.so')
IMC_OS = os.path.join(B, 'imcs', 'os', 'imc-os.so')
IMV_SWIMA = os.path.join(B, 'imvs', 'swima', 'imv-swima.so')
IMC_SWIMA = os.path.join(B, 'imcs', 'swima', 'imc-swima.so')
MANAGER = os.path.join(B, 'programs', 'imv_policy_manager')
COLLECTOR = os.path.join(B, 'programs', 'sw-collector')

SWID_TAG_IDS, SWID_TAGS = 17, 18
FAKE_ID = '3d1219c7c4c5404aaa1f6d2a48adfda4'
OS_NAME, OS_VERSION = 'Debian', '12 x86_64'
PREFIX = 'strongswan.org__Debian_12-x86_64-'

for _k in list(os.environ):
    if _k.startswith(('TNC_IMC_', 'TNC_IMV_')) or _k in (
            'TNC_DATABASE', 'TNC_POLICY_SCRIPT', 'TNC_POLICY_MANAGER_CONF'):
        del os.environ[_k]


def sample_packages(n):
    """n packages; some versions with an epoch and a '+', as Debian's."""
    pkgs = {}
    for i in range(n):
        version = '%d.%d-%d' % (i % 7, i % 13, 1 + i % 3)
        if i % 10 == 0:
            version = '1:' + version
        if i % 15 == 0:
            version += '+deb12u1'
        pkgs['pkg-%04d' % i] = version
    return pkgs


def sw_id(name, version):
    return PREFIX + ('%s-%s' % (name, version)).replace(':', '~') \
        .replace('+', '~')


def dpkg_status(pkgs):
    return ''.join('Package: %s\nStatus: install ok installed\n'
                   'Architecture: amd64\nVersion: %s\n\n' % (n, v)
                   for n, v in sorted(pkgs.items()))


class SwimaTests(tnctest.PolicyDbTestCase):

    NEEDS = (IMV_OS, IMC_OS, IMV_SWIMA, IMC_SWIMA, MANAGER)

    def imc_config(self):
        path = os.path.join(self.tmp, 'imc.tnc_config')
        if not os.path.exists(path):
            self.write('imc.tnc_config', 'IMC "OS" %s\nIMC "SWIMA" %s\n'
                       % (IMC_OS, IMC_SWIMA))
        return path

    def swima_server(self, policy=SWID_TAG_IDS, env=None, argument=None,
                     conf=None):
        db = self.new_policy_db()
        if argument is not None:
            policy = db.execute(
                'INSERT INTO policies (type, name, argument, rec_fail, '
                "rec_noresult) VALUES (15, 'SWID subscription', ?, 2, 2)",
                (argument,)).lastrowid
            self.policy = policy
        db.execute('INSERT INTO enforcements (policy, group_id, max_age) '
                   'VALUES (?, 1, 0)', (policy,))
        db.commit()
        db.close()
        return self.start_server(
            conf=dict({'database': 'sqlite://' + self.db_path,
                       'log_level': '2'}, **(conf or {})),
            env=dict({'TNC_POLICY_SCRIPT': MANAGER}, **(env or {})),
            tnc_config='IMV "OS" %s\nIMV "SWIMA" %s\n' % (IMV_OS,
                                                          IMV_SWIMA))

    def fake_root(self, pkgs):
        root = os.path.join(self.tmp, 'root')
        files = {
            'etc/os-release': 'ID=debian\nVERSION_ID="12"\n',
            'etc/machine-id': FAKE_ID + '\n',
            'proc/sys/net/ipv4/ip_forward': '0\n',
            'var/lib/dpkg/status': dpkg_status(pkgs),
        }
        for name, text in files.items():
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w') as f:
                f.write(text)
        return root

    def imc_env(self, root, **more):
        env = {'TNC_IMC_OS_ROOT': root, 'TNC_IMC_OS_NAME': OS_NAME,
               'TNC_IMC_OS_VERSION': OS_VERSION}
        env.update(more)
        return env

    def session(self, srv, env, count):
        out = self.assert_session(srv, 0, env)
        log = srv.wait_for_log(r'policy: imv_policy_manager stop '
                               r'successful', count=count, timeout=60)
        return out, log

    def swidt_result(self):
        rows = self.q('SELECT r.result FROM results r JOIN policies p ON '
                      'p.id = r.policy WHERE p.type = 15 ORDER BY r.id')
        return [r for r, in rows]

    def device_inventory(self):
        """The software ids the database holds as installed on the
        device: tag statistics without a later deletion."""
        return {s for s, in self.q(
            'SELECT t.software_id FROM swid_tagstats s JOIN swid_tags t '
            'ON t.id = s.tag_id JOIN devices d ON d.id = s.device_id '
            'WHERE d.value = ? AND s.last_deleted_id IS NULL', FAKE_ID)}

    # ------------------------------------------------------------------
    def test_inventory_without_collector(self):
        pkgs = sample_packages(50)
        srv = self.swima_server()
        root = self.fake_root(pkgs)
        out, log = self.session(srv, self.imc_env(root), 1)
        # events since EID 1 need a collector: the IMC falls back
        self.assertIn('failed to collect SW ID events, fallback to SW ID '
                      'inventory', log)
        self.assertIn('database lacks 50 SWID tags, requesting them', log)
        self.assertEqual(self.swidt_result(),
                         ['received inventory of 50 SW IDs and 50 SWID '
                          'tags'])
        self.assertEqual(
            {s for s, in self.q('SELECT software_id FROM swid_tags')},
            {sw_id(n, v) for n, v in pkgs.items()})
        self.assertEqual(self.device_inventory(),
                         {sw_id(n, v) for n, v in pkgs.items()})
        (n,), = self.q('SELECT COUNT(*) FROM swid_tags_sessions')
        self.assertEqual(n, 50)
        # the tags name their product version
        (n,), = self.q(
            'SELECT COUNT(*) FROM swid_tags t JOIN versions v ON '
            'v.id = t.version_id JOIN products p ON p.id = v.product '
            "WHERE p.name = 'Debian 12 x86_64'")
        self.assertEqual(n, 50)


    # ------------------------------------------------------------------
    def collector(self, root, store, history, *args):
        env = dict(os.environ, TZ='UTC', TNC_IMC_OS_NAME=OS_NAME,
                   TNC_IMC_OS_VERSION=OS_VERSION)
        p = subprocess.run(
            [COLLECTOR, '--database', 'sqlite://' + store, '--history',
             history, '--dpkg-status',
             os.path.join(root, 'var/lib/dpkg/status'), '--os-root', root]
            + list(args), env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, timeout=120)
        out = p.stdout.decode()
        self.assertEqual(p.returncode, 0, out)
        return out

    def test_collector_events(self):
        """3,000 packages, then an apt history entry: the second session
        gets exactly the events since the last stored EID."""
        if not os.path.exists(COLLECTOR):
            self.skipTest('not built: ' + COLLECTOR)
        import sqlite3
        pkgs = sample_packages(3000)
        root = self.fake_root(pkgs)
        store = os.path.join(self.tmp, 'sw-collector.db')
        history = self.write('history.log', '')
        self.collector(root, store, history)
        srv = self.swima_server()
        env = self.imc_env(root, TNC_IMC_SWIMA_DATABASE='sqlite://' + store)

        out, log = self.session(srv, env, 1)
        self.assertIn('earliest EID 1', log)
        self.assertEqual(self.swidt_result(),
                         ['received 3000 SW ID events and 3000 SWID tags'])
        db = sqlite3.connect(store)
        (epoch,), = db.execute('SELECT DISTINCT epoch FROM events')
        db.close()
        self.assertEqual(self.q('SELECT epoch, eid FROM swid_events'),
                         [(epoch, 1)])
        self.assertEqual(self.device_inventory(),
                         {sw_id(n, v) for n, v in pkgs.items()})

        # apt installs two packages, upgrades one and removes one
        new = dict(pkgs)
        new.update({'hello': '2.10-3', 'zutty': '0.14+dfsg1-1'})
        new['pkg-0001'] = '9.9-1'
        del new['pkg-0002']
        with open(history, 'a') as f:
            f.write('\nStart-Date: 2026-11-22  06:40:02\n'
                    'Commandline: apt-get install hello zutty pkg-0001 '
                    'pkg-0002-\n'
                    'Install: hello:amd64 (2.10-3), zutty:amd64 '
                    '(0.14+dfsg1-1, automatic)\n'
                    'Upgrade: pkg-0001:amd64 (%s, 9.9-1)\n'
                    'Remove: pkg-0002:amd64 (%s)\n'
                    'End-Date: 2026-11-22  06:40:09\n'
                    % (pkgs['pkg-0001'], pkgs['pkg-0002']))
        self.fake_root(new)
        self.collector(root, store, history)

        out, log = self.session(srv, env, 2)
        self.assertIn('earliest EID 2', log)
        self.assertEqual(self.swidt_result()[1],
                         'received 5 SW ID events and 3 SWID tags')
        self.assertEqual(sorted(self.q('SELECT epoch, eid, timestamp FROM '
                                       'swid_events')),
                         [(epoch, 1, '0000-00-00T00:00:00Z'),
                          (epoch, 2, '2026-11-22T06:40:02Z')])
        changes = sorted(self.q(
            'SELECT t.software_id, e.action FROM swid_tags_events e JOIN '
            'swid_tags t ON t.id = e.tag_id JOIN swid_events v ON '
            'v.id = e.event_id WHERE v.eid = 2'))
        self.assertEqual(changes, sorted([
            (sw_id('hello', '2.10-3'), 1),
            (sw_id('zutty', '0.14+dfsg1-1'), 1),
            (sw_id('pkg-0001', '9.9-1'), 1),
            (sw_id('pkg-0001', pkgs['pkg-0001']), 2),
            (sw_id('pkg-0002', pkgs['pkg-0002']), 2)]))
        self.assertEqual(self.device_inventory(),
                         {sw_id(n, v) for n, v in new.items()})

    # ------------------------------------------------------------------
    def test_subscription_denied(self):
        """'RS': identifiers with a subscription, which the IMC (with
        subscriptions off, its default) denies with PA-TNC error 5; the
        IMV clears it and still finishes its workitem."""
        pkgs = sample_packages(20)
        srv = self.swima_server(argument='RS')
        root = self.fake_root(pkgs)
        out, log = self.session(srv, self.imc_env(root), 1)
        self.assertRegex(log, r"received PA-TNC error 'SWIMA subscription "
                              r"denied' for request \d+: subscriptions "
                              r"not enabled")
        self.assertRegex(log, r'subscription \d+ cleared')
        # the result says nothing of a subscription
        self.assertEqual(self.swidt_result(),
                         ['received inventory of 20 SW IDs and 20 SWID '
                          'tags'])
        self.assertEqual(self.q('SELECT rec FROM sessions'), [(0,)])
        self.assertIn("PB-TNC access recommendation is 'Access Allowed'",
                      out)

    def test_subscription_accepted(self):
        pkgs = sample_packages(5)
        srv = self.swima_server(argument='RS')
        root = self.fake_root(pkgs)
        env = self.imc_env(root, TNC_IMC_SWIMA_SUBSCRIPTIONS='yes')
        out, log = self.session(srv, env, 1)
        self.assertNotIn('subscription denied', log)
        self.assertRegex(out, r'subscription \d+ established by IMV')
        self.assertEqual(len(self.q('SELECT id FROM results WHERE '
                                    'policy = ?', self.policy)), 1)
        self.assertRegex(self.swidt_result()[0],
                         r'^received inventory of 5 SW IDs and 5 SWID tags '
                         r'from subscription \d+$')

    def test_subscription_fulfilled(self):
        """'RS' with subscriptions enabled: after the decision the IMC
        waits for apt; an apt run makes it update the store and ask for a
        handshake retry, in which it sends exactly the new events; the
        IMV's next SWIDT workitem is served by the subscription."""
        if not os.path.exists(COLLECTOR):
            self.skipTest('not built: ' + COLLECTOR)
        pkgs = sample_packages(30)
        root = self.fake_root(pkgs)
        store = os.path.join(self.tmp, 'sw-collector.db')
        history = os.path.join(root, 'var/log/apt/history.log')
        os.makedirs(os.path.dirname(history))
        open(history, 'w').close()
        self.collector(root, store, history)
        srv = self.swima_server(argument='RS', conf={'timeout': '60000'})
        cmd = ' '.join(shlex.quote(a) for a in [
            COLLECTOR, '--database', 'sqlite://' + store, '--history',
            history, '--dpkg-status',
            os.path.join(root, 'var/lib/dpkg/status'), '--os-root', root])
        env = self.client_env(self.imc_env(
            root, TNC_IMC_SWIMA_DATABASE='sqlite://' + store,
            TNC_IMC_SWIMA_SUBSCRIPTIONS='yes', TNC_IMC_SWIMA_COLLECTOR=cmd,
            TNC_IMC_SWIMA_SUBSCRIPTION_WAIT='8', TZ='UTC'))
        client = subprocess.Popen(self.client_cmd(srv), env=env,
                                  stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        try:
            srv.wait_for_log(r'policy: imv_policy_manager stop successful',
                             timeout=60)
            new = dict(pkgs)
            new['hello'] = '2.10-3'
            del new['pkg-0003']
            self.fake_root(new)
            with open(history, 'a') as f:
                f.write('Start-Date: 2026-11-22  07:00:00\n'
                        'Install: hello:amd64 (2.10-3)\n'
                        'Remove: pkg-0003:amd64 (%s)\n'
                        'End-Date: 2026-11-22  07:00:01\n\n'
                        % pkgs['pkg-0003'])
            out = client.communicate(timeout=90)[0].decode()
        finally:
            if client.poll() is None:
                client.kill()
                client.wait()
        log = srv.wait_for_log(r'policy: imv_policy_manager stop '
                               r'successful', count=2, timeout=30)
        self.assertEqual(client.returncode, 0, out + log)
        self.assertEqual(tnctest.sanitizer_findings(out), [], out)
        sub = int(re.search(r'subscription (\d+) established', out)
                  .group(1))
        self.assertIn('handshake retry of connection 1 requested', out)
        self.assertIn('fulfilling subscription %d of IMV' % sub, out)
        self.assertIn('served by subscription %d' % sub, log)
        results = self.swidt_result()
        self.assertEqual(len(results), 2, results)
        self.assertRegex(results[0], r'^received 30 SW ID events and 30 '
                                     r'SWID tags from subscription %d$' % sub)
        self.assertEqual(results[1], 'received 2 SW ID events and 1 SWID '
                                     'tag from subscription %d' % sub)
        self.assertEqual(self.device_inventory(),
                         {sw_id(n, v) for n, v in new.items()})
        self.assertEqual(self.q('SELECT COUNT(*) FROM sessions'), [(2,)])

    # ------------------------------------------------------------------
    def rest_api(self, known):
        """A small strongTNC-like API on a free loopback port: the SWID
        endpoints of swima.md section 7, tags known by software id in
        `known` (a set it adds to); returns (its URI, the list of
        (path, headers, body) it received)."""
        posts = []

        class Api(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers['Content-Length']))
                doc = json.loads(body)
                posts.append((self.path, dict(self.headers), doc))
                if self.path.startswith('/api/sessions/'):
                    if not self.path.startswith('/api/sessions/1/'):
                        return self.answer(404, {'detail': 'Not found.'})
                    ids = doc['data'] if 'data' in doc else \
                        [e['softwareId'] for e in doc['events']]
                    missing = [i for i in ids if i not in known]
                    return self.answer(412 if missing else 200, missing)
                if self.path == '/api/swid/add-tags/':
                    for tag in doc['data']:
                        m = re.search(r'tagId="([^"]+)"', tag)
                        known.add('strongswan.org__' + m.group(1))
                    return self.answer(200, {'detail': 'Added %d SWID tags'
                                             % len(doc['data'])})
                self.answer(404, {'detail': 'Not found.'})

            def answer(self, status, doc):
                data = json.dumps(doc).encode()
                self.send_response(status)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Api)
        t = threading.Thread(target=httpd.serve_forever, daemon=True)
        t.start()
        self.addCleanup(httpd.server_close)
        self.addCleanup(httpd.shutdown)
        return ('http://tnc:secret@127.0.0.1:%d/api/' % httpd.server_port,
                posts)

    def rest_server(self, uri):
        # set in the server's file as imv.swima.* (conf_export_env)
        return self.swima_server(conf={'imv.swima.rest_api.uri': uri,
                                       'imv.swima.rest_api.timeout': '10'})

    def tag_ids(self, tags):
        return sorted('strongswan.org__' +
                      re.search(r'tagId="([^"]+)"', t).group(1) for t in tags)

    def test_rest_api(self):
        """The IMV in REST mode: measurement -> 412 with two ids -> the
        IMV asks the endpoint for exactly those two tags, posts them to
        add-tags, and the repeated measurement succeeds."""
        pkgs = sample_packages(12)
        ids = sorted(sw_id(n, v) for n, v in pkgs.items())
        uri, posts = self.rest_api(set(ids[2:]))
        srv = self.rest_server(uri)
        root = self.fake_root(pkgs)
        # without a collector the IMC answers with its identifier
        # inventory (after error 4 for the events it cannot give)
        out, log = self.session(srv, self.imc_env(root), 1)
        self.assertEqual([p for p, h, d in posts], [
            '/api/sessions/1/swid-measurement/',
            '/api/swid/add-tags/',
            '/api/sessions/1/swid-measurement/'])
        path, headers, doc = posts[0]
        self.assertEqual(doc, {'data': ids})
        self.assertEqual(headers['Content-Type'],
                         'application/json; charset=utf-8')
        self.assertEqual(headers['Accept'], 'application/json')
        self.assertNotIn('Expect', headers)
        self.assertEqual(headers['Authorization'],
                         'Basic dG5jOnNlY3JldA==')
        # exactly the two missing tags were asked for and posted
        tags = posts[1][2]['data']
        self.assertEqual(self.tag_ids(tags), ids[:2])
        self.assertIn('<SoftwareIdentity', tags[0])
        self.assertEqual(posts[2][2], {'data': ids})
        self.assertIn('REST API lacks 2 SWID tags, requesting them', log)
        self.assertEqual(self.swidt_result(),
                         ['received inventory of 12 SW IDs and 2 SWID tags'])
        # REST mode leaves the swid tables to the REST server
        self.assertEqual(self.q('SELECT COUNT(*) FROM swid_tags'), [(0,)])

    def test_rest_api_events(self):
        """Events since EID 1 from the collector's store go to
        swid-events with the documented body; a 412 listing three ids
        brings exactly those three tags."""
        if not os.path.exists(COLLECTOR):
            self.skipTest('not built: ' + COLLECTOR)
        import sqlite3
        pkgs = sample_packages(8)
        ids = sorted(sw_id(n, v) for n, v in pkgs.items())
        root = self.fake_root(pkgs)
        store = os.path.join(self.tmp, 'sw-collector.db')
        self.collector(root, store, self.write('history.log', ''))
        db = sqlite3.connect(store)
        (epoch,), = db.execute('SELECT DISTINCT epoch FROM events')
        record = dict(db.execute('SELECT name, id FROM sw_identifiers'))
        db.close()
        uri, posts = self.rest_api(set(ids[3:]))
        srv = self.rest_server(uri)
        env = self.imc_env(root, TNC_IMC_SWIMA_DATABASE='sqlite://' + store)
        out, log = self.session(srv, env, 1)
        self.assertEqual([p for p, h, d in posts], [
            '/api/sessions/1/swid-events/',
            '/api/swid/add-tags/',
            '/api/sessions/1/swid-events/'])
        body = posts[0][2]
        self.assertEqual(body, {
            'epoch': epoch, 'lastEid': 1,
            'events': [{'eid': 1, 'timestamp': '0000-00-00T00:00:00Z',
                        'recordId': record[i], 'sourceId': 1,
                        'action': 1, 'softwareId': i} for i in ids]})
        self.assertEqual(self.tag_ids(posts[1][2]['data']), ids[:3])
        self.assertEqual(posts[2][2], body)
        self.assertEqual(self.swidt_result(),
                         ['received 8 SW ID events and 3 SWID tags'])

    # ------------------------------------------------------------------
    def test_status_and_source_metadata(self):
        """RFC 8412 5.11-5.14, which the reference leaves out: a
        hand-driven PT-TLS server asks the SWIMA IMC for its subscription
        status and source metadata and reads the exact answers."""
        t = tnctest
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(t.cert('server.pem'), t.cert('server.key'))
        lsock = socket.create_server(('127.0.0.1', 0))
        lsock.settimeout(30)
        self.addCleanup(lsock.close)
        port = lsock.getsockname()[1]
        root = self.fake_root(sample_packages(3))
        client = subprocess.Popen(
            self.client_cmd(types.SimpleNamespace(port=port)), env=self.client_env(self.imc_env(root)),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT)
        self.addCleanup(lambda: client.poll() is None and client.kill())
        conn, _ = lsock.accept()
        tls = ctx.wrap_socket(conn, server_side=True)
        tls.settimeout(30)
        self.addCleanup(tls.close)

        def recv():
            hdr = b''
            while len(hdr) < 16:
                hdr += tls.recv(16 - len(hdr))
            length = struct.unpack('>I', hdr[8:12])[0]
            body = b''
            while len(body) < length - 16:
                body += tls.recv(length - 16 - len(body))
            return struct.unpack('>I', hdr[4:8])[0], body

        def attrs(pa):
            """(type, value) of every attribute of a PA-TNC message."""
            out, pos = [], 8
            while pos < len(pa):
                atype, alen = struct.unpack('>I I', pa[pos + 4:pos + 12])
                out.append((atype, pa[pos + 12:pos + alen]))
                pos += alen
            return out

        def swima_attrs(batch):
            got = []
            for m in t.parse_pb_batch(batch)[3]:
                if m.type == t.PB_MSG_PA and m.value[4:8] == b'\0\0\0\x09':
                    got += attrs(m.value[12:])
            return got

        self.assertEqual(recv()[0], t.PT_VERSION_REQUEST)
        tls.sendall(t.pt_msg(t.PT_VERSION_RESPONSE, b'\0\0\0\x01', 0))
        tls.sendall(t.pt_msg(t.PT_SASL_MECHS, b'', 1))
        mtype, batch = recv()
        first = t.parse_pb_batch(batch)
        self.assertEqual(first[2], t.PB_CDATA)
        swima = [m for m in first[3] if m.type == t.PB_MSG_PA and
                 m.value[4:8] == b'\0\0\0\x09'][0]
        imc = struct.unpack('>H', swima.value[8:10])[0]
        # PB-PA from IMV 1 to that IMC: Subscription Status Request (18)
        # and Source Metadata Request (20), both NOSKIP
        pa = struct.pack('>B3s I', 1, b'\0\0\0', 0x1234) + \
            struct.pack('>B3s I I', 0x80, b'\0\0\0', 18, 12) + \
            struct.pack('>B3s I I', 0x80, b'\0\0\0', 20, 12)
        pbpa = struct.pack('>B3s I H H', 0x80, b'\0\0\0', 9, imc, 1) + pa
        tls.sendall(t.pt_msg(t.PT_PB_TNC_BATCH, t.pb_batch(
            t.PB_SDATA, t.pb_msg(0, t.PB_MSG_PA, pbpa, 0x80), dbit=True), 2))
        mtype, batch = recv()
        got = dict(swima_attrs(batch))
        # no subscription: status count 0; two sources
        self.assertEqual(got[19], b'\0\0\0\0')
        packages = b'installed packages (dpkg), tags generated per package'
        files = b'SWID tag files (.swidtag)'
        self.assertEqual(got[21], b'\0\0\0\x02' +
                         struct.pack('>B B H', 1, 0, len(packages)) +
                         packages + struct.pack('>B B H', 2, 0, len(files))
                         + files)
        rec = t.pb_msg(0, t.PB_MSG_ACCESS_REC, b'\0\0\0\x01')
        tls.sendall(t.pt_msg(t.PT_PB_TNC_BATCH,
                             t.pb_batch(t.PB_RESULT, rec, dbit=True), 3))
        self.assertEqual(t.parse_pb_batch(recv()[1])[2], t.PB_CLOSE)
        out = client.communicate(timeout=30)[0].decode()
        self.assertEqual(client.returncode, 0, out)
        self.assertIn('subscription status for IMV 1: none', out)


if __name__ == '__main__':
    unittest.main(verbosity=2)
