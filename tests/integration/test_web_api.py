"""Integration tests of tnc-web's REST API (stdlib only).

Each test starts tnc-web on a free loopback port over a fresh policy
database (schema/tables.sql + data.sql) and a fresh users database with
an admin and a read-only user, and talks to it with http.client: every
endpoint, the role checks, CSRF, malformed JSON, validation messages with
the database left unchanged, strongTNC's three SWID endpoints with exact
status codes and bodies, and the SWIMA IMV in REST mode against tnc-web.
"""
import base64
import http.client
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tnctest  # noqa: E402

WEB = os.path.join(tnctest.BUILD_DIR, 'programs', 'tnc-web', 'tnc-web')
ADMIN = ('admin', 'admin-secret')
READER = ('reader', 'reader-secret')
SW_NS = 'http://standards.iso.org/iso/19770/-2/2015/schema.xsd'


def swid_tag(name, version, regid='strongswan.org'):
    return ('<SoftwareIdentity xmlns="%s" name="%s" '
            'tagId="Debian_12-x86_64-%s-%s" version="%s" '
            'versionScheme="alphanumeric"><Entity name="strongSwan '
            'Project" regid="%s" role="tagCreator"/><Meta product="Debian '
            '12 x86_64"/></SoftwareIdentity>'
            % (SW_NS, name, name, version, version, regid))


def sw_id(name, version):
    return 'strongswan.org__Debian_12-x86_64-%s-%s' % (name, version)


class WebServer:
    """One tnc-web process with its own config and users."""

    def __init__(self, workdir, db_path, users=(ADMIN + ('admin',),
                                               READER + ('readonly',)),
                 port=None):
        self.workdir = workdir
        self.port = port or tnctest.free_port()
        self.conf = os.path.join(workdir, 'tnc-web.conf')
        with open(self.conf, 'w') as f:
            f.write('listen = 127.0.0.1\nport = %d\n'
                    'database = sqlite://%s\nusers_database = %s\n'
                    % (self.port, db_path,
                       os.path.join(workdir, 'users.db')))
        self.env = dict(os.environ, **tnctest.SANITIZER_ENV)
        for user, password, role in users:
            self.setpassword(user, password, role)
        self.log_path = os.path.join(workdir, 'tnc-web.log')
        self.log_file = open(self.log_path, 'w')
        self.proc = subprocess.Popen([WEB, '-c', self.conf],
                                     stdin=subprocess.DEVNULL,
                                     stdout=self.log_file,
                                     stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + tnctest.START_TIMEOUT
        while 'listening' not in self.log():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError('tnc-web did not start:\n' + self.log())
            time.sleep(0.05)

    def setpassword(self, user, password, role):
        r = subprocess.run([WEB, '-c', self.conf, 'setpassword', user, role],
                           input=password + '\n', capture_output=True,
                           text=True, timeout=30, env=self.env)
        if r.returncode:
            raise RuntimeError(r.stderr)

    def log(self):
        with open(self.log_path) as f:
            return f.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=tnctest.STOP_TIMEOUT)
        self.log_file.close()
        return self.proc.returncode


class Client:
    """JSON over http.client; returns (status, headers, body)."""

    def __init__(self, port):
        self.port = port

    def call(self, method, path, body=None, auth=None, cookie=None,
             csrf=None, raw=None):
        conn = http.client.HTTPConnection('127.0.0.1', self.port,
                                          timeout=30)
        headers = {'Accept': 'application/json'}
        if auth:
            headers['Authorization'] = 'Basic ' + base64.b64encode(
                ('%s:%s' % auth).encode()).decode()
        if cookie:
            headers['Cookie'] = cookie
        if csrf:
            headers['X-CSRF-Token'] = csrf
        data = raw if raw is not None else (
            None if body is None else json.dumps(body).encode())
        if data is not None:
            headers['Content-Type'] = 'application/json'
        try:
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            text = resp.read()
            doc = json.loads(text) if text else None
            return resp.status, resp.headers, doc
        finally:
            conn.close()


class WebApiTests(tnctest.PolicyDbTestCase):

    NEEDS = (WEB,)

    def setUp(self):
        super().setUp()
        self.new_policy_db().close()
        self.web = WebServer(self.tmp, self.db_path)
        self.addCleanup(self.stop_web)
        self.c = Client(self.web.port)

    def stop_web(self):
        rc = self.web.stop()
        log = self.web.log()
        self.assertEqual(tnctest.sanitizer_findings(log), [], log)
        self.assertEqual(rc, 0, log)

    def admin(self, method, path, body=None, **kw):
        return self.c.call(method, path, body, auth=ADMIN, **kw)

    def dump(self, *tables):
        return {t: self.q('SELECT * FROM %s ORDER BY id' % t)
                for t in tables}

    def assertRefused(self, status, detail, reply):
        self.assertEqual((reply[0], reply[2]), (status, {'detail': detail}))

    # --- authentication and roles -------------------------------------
    def test_anonymous_gets_401(self):
        status, headers, doc = self.c.call('GET', '/api/policies/')
        self.assertEqual((status, doc),
                         (401, {'detail': 'authentication required'}))
        self.assertEqual(headers['WWW-Authenticate'],
                         'Basic realm="tnc-web"')

    def test_wrong_password_gets_401(self):
        self.assertRefused(401, 'invalid user name or password',
                           self.c.call('GET', '/api/policies/',
                                       auth=('admin', 'wrong-one')))
        self.assertRefused(401, 'invalid user name or password',
                           self.c.call('GET', '/api/policies/',
                                       auth=('nobody', 'whatever1')))
        self.assertRefused(401, 'malformed Authorization header',
                           self.raw_auth('Basic !!!'))
        self.assertRefused(401, 'malformed Authorization header',
                           self.raw_auth('Basic ' + base64.b64encode(
                               b'no-colon').decode()))

    def raw_auth(self, value):
        conn = http.client.HTTPConnection('127.0.0.1', self.web.port,
                                          timeout=30)
        try:
            conn.request('GET', '/api/policies/',
                         headers={'Authorization': value})
            resp = conn.getresponse()
            return resp.status, resp.headers, json.loads(resp.read())
        finally:
            conn.close()

    def test_failed_logins_are_rate_limited(self):
        for _ in range(5):
            self.assertEqual(self.c.call('GET', '/api/me/',
                                         auth=('admin', 'bad-pass'))[0], 401)
        # locked now, the right password too (per user and per address)
        self.assertRefused(429, 'too many failed log-ins, try again later',
                           self.c.call('GET', '/api/me/', auth=ADMIN))
        self.assertEqual(self.c.call('POST', '/api/login/', {
            'username': 'reader', 'password': READER[1]})[0], 429)
        # the lock-out lasts 30 s, doubling (tests/unit/test_web.c times
        # it with its own clock): still locked now
        self.assertEqual(self.c.call('GET', '/api/me/', auth=ADMIN)[0], 429)

    def test_readonly_user_cannot_change_anything(self):
        before = self.dump('policies', 'groups', 'swid_tags')
        status, _, doc = self.c.call('GET', '/api/policies/8/',
                                     auth=READER)
        self.assertEqual((status, doc['name']), (200, 'No Open TCP Ports'))
        msg = 'the read-only role cannot change anything'
        for method, path, body in [
                ('POST', '/api/policies/', {'name': 'x', 'type': 1,
                                            'rec_fail': 0,
                                            'rec_noresult': 0}),
                ('PUT', '/api/policies/8/', {'name': 'y'}),
                ('PATCH', '/api/groups/2/', {'name': 'y'}),
                ('DELETE', '/api/policies/4/', None),
                ('POST', '/api/swid/add-tags/',
                 {'data': [swid_tag('a', '1')]}),
                ('POST', '/api/sessions/1/swid-measurement/',
                 {'data': ['x']}),
                ('POST', '/api/sessions/1/swid-events/',
                 {'epoch': 1, 'lastEid': 1, 'events': []})]:
            self.assertRefused(403, msg, self.c.call(method, path, body,
                                                     auth=READER))
        self.assertEqual(self.dump('policies', 'groups', 'swid_tags'),
                         before)

    def login(self, user):
        status, headers, doc = self.c.call('POST', '/api/login/', {
            'username': user[0], 'password': user[1]})
        self.assertEqual(status, 200)
        cookie = headers['Set-Cookie']
        return cookie, cookie.split(';')[0], doc

    def test_session_cookie_and_csrf(self):
        cookie, pair, doc = self.login(ADMIN)
        name, token = pair.split('=')
        self.assertEqual(name, 'tncweb_session')
        self.assertRegex(token, '^[0-9a-f]{64}$')
        self.assertEqual(cookie, pair + '; Path=/; HttpOnly; '
                         'SameSite=Strict')
        self.assertEqual((doc['user'], doc['role']), ('admin', 'admin'))
        csrf = doc['csrfToken']
        self.assertRegex(csrf, '^[0-9a-f]{64}$')
        # only a hash of the token is stored
        users = sqlite3.connect(os.path.join(self.tmp, 'users.db'))
        stored = users.execute('SELECT token_hash, csrf FROM '
                               'sessions').fetchall()
        hashes = users.execute('SELECT name, hash FROM users').fetchall()
        users.close()
        self.assertEqual(len(stored), 1)
        self.assertNotEqual(stored[0][0], token)
        self.assertTrue(all(h.startswith('$y$') for _, h in hashes))
        self.assertEqual(self.c.call('GET', '/api/me/', cookie=pair)[2],
                         {'role': 'admin'})
        body = {'name': 'Lab', 'parent': 1}
        before = self.dump('groups')
        csrf_msg = 'CSRF token missing or wrong'
        self.assertRefused(403, csrf_msg, self.c.call(
            'POST', '/api/groups/', body, cookie=pair))
        self.assertRefused(403, csrf_msg, self.c.call(
            'POST', '/api/groups/', body, cookie=pair, csrf='0' * 64))
        self.assertRefused(403, csrf_msg, self.c.call(
            'DELETE', '/api/groups/17/', cookie=pair))
        self.assertEqual(self.dump('groups'), before)
        status, _, row = self.c.call('POST', '/api/groups/', body,
                                     cookie=pair, csrf=csrf)
        self.assertEqual((status, row), (201, {'id': 18, 'name': 'Lab',
                                               'parent': 1}))
        # logout ends the session
        self.assertEqual(self.c.call('POST', '/api/logout/', cookie=pair,
                                     csrf=csrf)[0], 200)
        self.assertEqual(self.c.call('GET', '/api/me/', cookie=pair)[0],
                         401)

    def test_readonly_session(self):
        _, pair, doc = self.login(READER)
        self.assertEqual(doc['role'], 'readonly')
        self.assertRefused(403, 'the read-only role cannot change anything',
                           self.c.call('DELETE', '/api/groups/17/',
                                       cookie=pair, csrf=doc['csrfToken']))
        self.assertEqual(self.c.call('GET', '/api/groups/17/',
                                     cookie=pair)[0], 200)

    def test_bad_login(self):
        self.assertRefused(401, 'invalid user name or password',
                           self.c.call('POST', '/api/login/', {
                               'username': 'admin', 'password': 'nope'}))
        self.assertRefused(400, 'username and password are needed',
                           self.c.call('POST', '/api/login/',
                                       {'username': 'admin'}))

    # --- routing -------------------------------------------------------
    def test_unknown_path_and_method(self):
        self.assertRefused(404, 'not found', self.admin('GET', '/api/nope/'))
        # "/" is the overview page since the pages came
        self.assertRefused(404, 'not found', self.admin('GET', '/nope/'))
        self.assertRefused(404, 'not found',
                           self.admin('GET', '/api/policies/abc/'))
        self.assertRefused(405, 'method not allowed',
                           self.admin('DELETE', '/api/policies/'))
        self.assertRefused(404, 'policies 999 does not exist',
                           self.admin('GET', '/api/policies/999/'))
        # without the trailing slash as well
        self.assertEqual(self.admin('GET', '/api/policies/8')[0], 200)

    # --- malformed input ------------------------------------------------
    def test_malformed_json(self):
        before = self.dump('policies', 'groups', 'swid_tags')
        for method, path in [('POST', '/api/groups/'),
                             ('PUT', '/api/groups/2/'),
                             ('POST', '/api/login/'),
                             ('POST', '/api/swid/add-tags/'),
                             ('POST', '/api/sessions/1/swid-measurement/'),
                             ('POST', '/api/sessions/1/swid-events/')]:
            status, _, doc = self.admin(method, path, raw=b'{"name": ')
            self.assertEqual(status, 400, path)
            self.assertTrue(doc['detail'].startswith('malformed JSON: '),
                            doc)
            self.assertRefused(400, 'the body must be a JSON object',
                               self.admin(method, path, raw=b'[1, 2]'))
        status, _, doc = self.admin('POST', '/api/groups/', raw=b'')
        self.assertEqual(status, 400)
        self.assertTrue(doc['detail'].startswith('malformed JSON: '), doc)
        self.assertEqual(self.dump('policies', 'groups', 'swid_tags'),
                         before)

    # --- objects ---------------------------------------------------------
    def crud(self, name, body, change, expect_row=None):
        """create, get, filter, update, in that order; returns the id."""
        status, _, row = self.admin('POST', '/api/%s/' % name, body)
        self.assertEqual(status, 201, (name, row))
        oid = row['id']
        for k, v in (expect_row or body).items():
            self.assertEqual(row[k], v, (name, k))
        self.assertEqual(self.admin('GET', '/api/%s/%d/' % (name, oid))[::2],
                         (200, row))
        key = next(iter(body))
        value = row[key]
        status, _, rows = self.admin(
            'GET', '/api/%s/?%s=%s' % (name, key, str(value).replace(
                ' ', '%20')))
        self.assertEqual(status, 200)
        self.assertIn(row, rows)
        status, _, new = self.admin('PATCH', '/api/%s/%d/' % (name, oid),
                                    change)
        self.assertEqual(status, 200, (name, new))
        for k, v in change.items():
            self.assertEqual(new[k], v)
        return oid

    def test_crud_of_every_writable_type(self):
        ids = {}
        ids['products'] = self.crud('products', {'name': 'Lab OS 1'},
                                    {'name': 'Lab OS 2'})
        ids['packages'] = self.crud('packages', {'name': 'labpkg'},
                                    {'blacklist': 1})
        ids['versions'] = self.crud(
            'versions', {'package': ids['packages'],
                         'product': ids['products'], 'release': '1.0'},
            {'security': 1, 'release': '1.1'})
        ids['directories'] = self.crud('directories', {'path': '/opt/lab'},
                                       {'path': '/opt/lab2'})
        ids['files'] = self.crud('files', {'dir': ids['directories'],
                                           'name': 'labd'},
                                 {'name': 'labd2'})
        ids['file-hashes'] = self.crud(
            'file-hashes', {'file': ids['files'], 'algo': 16384,
                            'hash': 'ab' * 32, 'version': ids['versions']},
            {'mutable': 1})
        ids['devices'] = self.crud(
            'devices', {'value': 'lab-device', 'product': ids['products'],
                        'description': 'bench'}, {'trusted': 1})
        ids['groups'] = self.crud('groups', {'name': 'Lab', 'parent': 1},
                                  {'parent': 2})
        ids['group-members'] = self.crud(
            'group-members', {'group_id': ids['groups'],
                              'device_id': ids['devices']},
            {'group_id': 3})
        ids['product-defaults'] = self.crud(
            'product-defaults', {'product_id': ids['products'],
                                 'group_id': ids['groups']},
            {'group_id': 4})
        ids['policies'] = self.crud(
            'policies', {'name': 'Lab ports', 'type': 'TCPOP',
                         'argument': '22 8000-8100', 'rec_fail': 1,
                         'rec_noresult': 3},
            {'argument': '443'},
            expect_row={'name': 'Lab ports', 'type': 11,
                        'argument': '22 8000-8100', 'rec_fail': 1,
                        'rec_noresult': 3, 'file': 0, 'dir': 0})
        ids['enforcements'] = self.crud(
            'enforcements', {'policy': ids['policies'],
                             'group_id': ids['groups'], 'max_age': 60},
            {'rec_fail': 2},
            expect_row={'policy': ids['policies'],
                        'group_id': ids['groups'], 'max_age': 60,
                        'rec_fail': None, 'rec_noresult': None})
        # referenced rows cannot go first; in reverse order they can
        self.assertEqual(self.admin('DELETE', '/api/products/%d/'
                                    % ids['products'])[0], 409)
        for name in reversed(list(ids)):
            status, _, doc = self.admin('DELETE', '/api/%s/%d/'
                                        % (name, ids[name]))
            self.assertEqual((status, doc), (204, None), name)
            self.assertEqual(self.admin('GET', '/api/%s/%d/'
                                        % (name, ids[name]))[0], 404)
        self.assertEqual(self.q("SELECT COUNT(*) FROM products WHERE name "
                                "LIKE 'Lab%'"), [(0,)])

    def test_read_only_collections(self):
        db = sqlite3.connect(self.db_path)
        db.execute("INSERT INTO identities (type, value) VALUES "
                   "(1, CAST('10.1.0.5' AS BLOB))")
        db.execute('INSERT INTO sessions (time, connection, identity, '
                   'device, product, rec) VALUES (1000, 1, 1, 0, 28, 0)')
        db.execute("INSERT INTO results (session, policy, rec, result) "
                   "VALUES (1, 3, 0, 'forwarding not enabled')")
        db.commit()
        db.close()
        for name in ('algorithms', 'identities', 'sessions', 'results',
                     'workitems', 'swid-tags', 'swid-entities',
                     'swid-events', 'swid-stats'):
            status, _, rows = self.admin('GET', '/api/%s/' % name)
            self.assertEqual(status, 200, name)
            self.assertIsInstance(rows, list)
            self.assertRefused(405, 'this collection is read only',
                               self.admin('POST', '/api/%s/' % name, {}))
        self.assertEqual(self.admin('GET', '/api/identities/1/')[2],
                         {'id': 1, 'type': 1, 'value': '10.1.0.5'})
        self.assertEqual(self.admin('GET', '/api/sessions/1/')[2], {
            'id': 1, 'time': 1000, 'connection': 1, 'identity': 1,
            'device': 0, 'product': 28, 'rec': 0})
        self.assertEqual(self.admin('GET', '/api/results/?session=1')[2], [
            {'id': 1, 'session': 1, 'policy': 3, 'rec': 0,
             'result': 'forwarding not enabled'}])
        self.assertRefused(405, 'this collection is read only',
                           self.admin('DELETE', '/api/sessions/1/'))

    def test_filters_and_paging(self):
        rows = self.admin('GET', '/api/groups/?parent=2')[2]
        self.assertEqual([r['id'] for r in rows], [4, 5, 6, 7, 14, 15, 17])
        rows = self.admin('GET', '/api/groups/?parent=2&limit=2&offset=1')[2]
        self.assertEqual([r['id'] for r in rows], [5, 6])
        rows = self.admin('GET', '/api/policies/?type=16&name=TPM%20IMA%20'
                          'Measurements')[2]
        self.assertEqual([(r['id'], r['argument']) for r in rows],
                         [(20, 'I')])
        self.assertRefused(400, 'unknown filter field nope',
                           self.admin('GET', '/api/groups/?nope=1'))
        self.assertRefused(400, 'filter parent needs a number',
                           self.admin('GET', '/api/groups/?parent=x'))
        self.assertRefused(400, 'limit must be a number 0..10000',
                           self.admin('GET', '/api/groups/?limit=-1'))
        self.assertRefused(400, 'offset must be a number >= 0',
                           self.admin('GET', '/api/groups/?offset=z'))

    def test_statistics(self):
        status, _, doc = self.admin('GET', '/api/statistics/')
        self.assertEqual(status, 200)
        self.assertEqual((doc['groups'], doc['policies'],
                          doc['enforcements'], doc['products'],
                          doc['sessions']), (17, 24, 20, 105, 0))

    # --- validation --------------------------------------------------------
    def assertUnchanged(self, reply, status, detail, *tables):
        before = self.dump(*tables)
        self.assertRefused(status, detail, reply())
        self.assertEqual(self.dump(*tables), before)

    def test_validation_errors_leave_db_unchanged(self):
        base = {'name': 'New', 'type': 'TCPOP', 'rec_fail': 1,
                'rec_noresult': 1}
        post = lambda body: lambda: self.admin('POST', '/api/policies/',
                                               dict(base, **body))
        cases = [
            ({'argument': '22 70000'}, 400, "argument: bad port range: "
             "invalid port range '70000': port above 65535"),
            ({'argument': '90-80'}, 400, "argument: bad port range: "
             "invalid port range '90-80': range start above its end"),
            ({'type': 'FOO'}, 400, 'unknown policy type "FOO"'),
            ({'type': 99}, 400, 'unknown policy type 99'),
            ({'rec_fail': 4}, 400,
             'field rec_fail must be a recommendation 0..3'),
            ({'type': 'FMEAS'}, 400, 'policy type FMEAS needs a file'),
            ({'type': 'FMEAS', 'file': 99}, 400,
             'file: files 99 does not exist'),
            ({'type': 'SWIDT', 'argument': 'RX'}, 400,
             'argument: SWIDT flags are R, S, C'),
            ({'type': 'PCKGS', 'argument': 'x'}, 400,
             'policy type PCKGS takes no argument'),
            ({'name': 'No Open TCP Ports'}, 409,
             'name "No Open TCP Ports" exists already'),
            ({'bogus': 1}, 400, 'unknown field bogus'),
            ({'id': 5}, 400, 'field id cannot be set'),
            ({'name': 7}, 400, 'field name must be a string'),
        ]
        for body, status, detail in cases:
            self.assertUnchanged(post(body), status, detail, 'policies')
        self.assertUnchanged(lambda: self.admin('POST', '/api/policies/',
                                                {'name': 'x', 'type': 1}),
                             400, 'field rec_fail is missing', 'policies')
        self.assertUnchanged(lambda: self.admin(
            'PUT', '/api/policies/9/', {'argument': '500 abc'}), 400,
            "argument: bad port range: invalid port range 'abc': "
            "not a number", 'policies')
        self.assertUnchanged(lambda: self.admin(
            'POST', '/api/enforcements/', {'policy': 4, 'group_id': 999,
                                           'max_age': 0}),
            400, 'group_id: groups 999 does not exist', 'enforcements')
        self.assertUnchanged(lambda: self.admin(
            'POST', '/api/enforcements/', {'policy': 1, 'group_id': 1,
                                           'max_age': 0}),
            400, 'policy 1 is already enforced in group 1', 'enforcements')
        self.assertUnchanged(lambda: self.admin(
            'PATCH', '/api/groups/2/', {'parent': 4}), 400,
            'parent: group 2 would be its own ancestor', 'groups')
        # deleting what is still referenced: 409 with the reason
        self.assertUnchanged(lambda: self.admin(
            'DELETE', '/api/policies/8/'), 409,
            'policies 8 is still used by 1 enforcements', 'policies',
            'enforcements')
        self.assertUnchanged(lambda: self.admin(
            'DELETE', '/api/groups/2/'), 409,
            'groups 2 is still used by 7 subgroups', 'groups')
        self.assertUnchanged(lambda: self.admin(
            'DELETE', '/api/files/1/'), 409,
            'files 1 is still used by 1 policies', 'files')
        # an unreferenced one goes
        self.assertEqual(self.admin('DELETE', '/api/policies/4/')[0], 204)
        self.assertEqual(self.q('SELECT COUNT(*) FROM policies WHERE id = 4'),
                         [(0,)])

    # --- strongTNC's SWID endpoints ----------------------------------------
    def add_session(self):
        db = sqlite3.connect(self.db_path)
        db.execute("INSERT INTO devices (value, product) VALUES "
                   "('dev1', 104)")
        sid = db.execute('INSERT INTO sessions (time, connection, device, '
                         'product) VALUES (1000, 1, 1, 104)').lastrowid
        db.commit()
        db.close()
        return sid

    def test_swid_add_tags(self):
        tags = [swid_tag('a', '1.0'), swid_tag('b', '2.0')]
        self.assertEqual(self.admin('POST', '/api/swid/add-tags/',
                                    {'data': tags})[::2],
                         (200, {'detail': 'Added 2 SWID tags, replaced 0 '
                                'SWID tags.'}))
        self.assertEqual(self.admin('POST', '/api/swid/add-tags/',
                                    {'data': tags[1:]})[::2],
                         (200, {'detail': 'Added 0 SWID tags, replaced 1 '
                                'SWID tags.'}))
        self.assertEqual(self.q('SELECT software_id, package_name, '
                                'version_str FROM swid_tags ORDER BY id'),
                         [(sw_id('a', '1.0'), 'a', '1.0'),
                          (sw_id('b', '2.0'), 'b', '2.0')])
        # the tag's Meta product links it to a version of Debian 12
        self.assertEqual(self.q('SELECT p.name, k.name, v.release FROM '
                                'swid_tags t JOIN versions v ON v.id = '
                                't.version_id JOIN products p ON p.id = '
                                'v.product JOIN packages k ON k.id = '
                                'v.package ORDER BY t.id'),
                         [('Debian 12 x86_64', 'a', '1.0'),
                          ('Debian 12 x86_64', 'b', '2.0')])
        before = self.dump('swid_tags', 'versions', 'packages')
        for body in ({'data': []}, {}, {'data': 'x'}, {'data': [1]}):
            status, _, doc = self.admin('POST', '/api/swid/add-tags/', body)
            self.assertEqual(status, 400, body)
        # one invalid tag: nothing of the request is stored
        status, _, doc = self.admin('POST', '/api/swid/add-tags/', {
            'data': [swid_tag('c', '3.0'), '<SoftwareIdentity name="x"/>']})
        self.assertEqual(status, 400)
        self.assertTrue(doc['detail'].startswith('invalid SWID tag: '), doc)
        self.assertEqual(self.dump('swid_tags', 'versions', 'packages'),
                         before)

    def test_swid_measurement(self):
        sid = self.add_session()
        self.admin('POST', '/api/swid/add-tags/',
                   {'data': [swid_tag('a', '1.0'), swid_tag('b', '2.0')]})
        path = '/api/sessions/%d/swid-measurement/' % sid
        known = [sw_id('a', '1.0'), sw_id('b', '2.0')]
        # unknown ids: 412 with exactly those, sorted; nothing stored
        self.assertEqual(self.admin('POST', path, {
            'data': known + ['z__2', 'y__1']})[::2],
            (412, ['y__1', 'z__2']))
        self.assertEqual(self.q('SELECT COUNT(*) FROM swid_tags_sessions'),
                         [(0,)])
        self.assertEqual(self.admin('POST', path, {'data': known})[::2],
                         (200, []))
        self.assertEqual(self.q('SELECT tag_id, session_id FROM '
                                'swid_tags_sessions ORDER BY id'),
                         [(1, sid), (2, sid)])
        self.assertEqual(self.q('SELECT tag_id, device_id, first_seen_id, '
                                'last_seen_id FROM swid_tagstats ORDER BY '
                                'tag_id'), [(1, 1, sid, sid), (2, 1, sid,
                                                                  sid)])
        self.assertEqual(self.admin('POST', '/api/sessions/99/'
                                    'swid-measurement/',
                                    {'data': known})[::2],
                         (404, {'detail': 'Not found.'}))
        self.assertRefused(400, 'data must be a non-empty list',
                           self.admin('POST', path, {'data': []}))
        self.assertRefused(400, 'data[1] must be a non-empty string',
                           self.admin('POST', path, {'data': ['a', 5]}))

    def test_swid_events(self):
        sid = self.add_session()
        self.admin('POST', '/api/swid/add-tags/',
                   {'data': [swid_tag('a', '1.0'), swid_tag('b', '2.0')]})
        path = '/api/sessions/%d/swid-events/' % sid

        def event(eid, sw, action):
            return {'eid': eid, 'timestamp': '2024-01-0%dT10:00:00Z' % eid,
                    'recordId': eid + 10, 'sourceId': 1, 'action': action,
                    'softwareId': sw}
        body = {'epoch': 77, 'lastEid': 2,
                'events': [event(1, sw_id('a', '1.0'), 1),
                           event(2, sw_id('b', '2.0'), 2),
                           event(2, 'x__gone', 2)]}
        self.assertEqual(self.admin('POST', path, body)[::2],
                         (412, ['x__gone']))
        self.assertEqual(self.q('SELECT COUNT(*) FROM swid_events'), [(0,)])
        body['events'].pop()
        self.assertEqual(self.admin('POST', path, body)[::2], (200, []))
        self.assertEqual(self.q('SELECT device, epoch, eid, timestamp FROM '
                                'swid_events ORDER BY id'),
                         [(1, 77, 1, '2024-01-01T10:00:00Z'),
                          (1, 77, 2, '2024-01-02T10:00:00Z')])
        self.assertEqual(self.q('SELECT tag_id, event_id, action, '
                                'record_id, source_id FROM swid_tags_events '
                                'ORDER BY id'),
                         [(1, 1, 1, 11, 1), (2, 2, 2, 12, 1)])
        self.assertEqual(self.q('SELECT tag_id, first_installed_id, '
                                'last_deleted_id FROM swid_tagstats ORDER '
                                'BY tag_id'), [(1, 1, None), (2, None, 2)])
        self.assertEqual(self.admin('POST', '/api/sessions/99/swid-events/',
                                    body)[::2],
                         (404, {'detail': 'Not found.'}))
        bad = dict(body, events=[dict(body['events'][0], action=3)])
        self.assertRefused(400, 'events[0].action out of range',
                           self.admin('POST', path, bad))
        bad = dict(body, events=[dict(body['events'][0], eid=-1)])
        self.assertRefused(400, 'events[0].eid out of range',
                           self.admin('POST', path, bad))
        self.assertRefused(400, 'epoch must be a number',
                           self.admin('POST', path, {'events': []}))


class RestModeTests(tnctest.PolicyDbTestCase):
    """The SWIMA IMV in REST mode posting to tnc-web, as to strongTNC."""

    import test_swima as _s
    NEEDS = _s.SwimaTests.NEEDS + (WEB,)
    imc_config = _s.SwimaTests.imc_config
    swima_server = _s.SwimaTests.swima_server
    fake_root = _s.SwimaTests.fake_root
    imc_env = _s.SwimaTests.imc_env
    session = _s.SwimaTests.session
    rest_server = _s.SwimaTests.rest_server

    def test_imv_posts_to_tnc_web(self):
        s = self._s
        pkgs = s.sample_packages(6)
        ids = sorted(s.sw_id(n, v) for n, v in pkgs.items())
        port = tnctest.free_port()
        # tnc-server first: it creates the policy database
        uri = 'http://tnc:tnc-secret@127.0.0.1:%d/api/' % port
        srv = self.rest_server(uri)
        web = WebServer(self.tmp, self.db_path,
                        users=(('tnc', 'tnc-secret', 'admin'),), port=port)
        self.addCleanup(web.stop)
        root = self.fake_root(pkgs)
        out, log = self.session(srv, self.imc_env(root), 1)
        self.assertIn('REST API lacks 6 SWID tags, requesting them', log)
        self.assertEqual([r[0] for r in self.q(
            'SELECT software_id FROM swid_tags ORDER BY software_id')], ids)
        self.assertEqual(self.q('SELECT COUNT(*) FROM swid_tags_sessions '
                                'WHERE session_id = 1'), [(6,)])
        self.assertEqual(self.q(
            'SELECT r.result FROM results r JOIN policies p ON p.id = '
            'r.policy WHERE p.type = 15'),
            [('received inventory of 6 SW IDs and 6 SWID tags',)])
        self.assertEqual(web.stop(), 0)
        self.assertEqual(tnctest.sanitizer_findings(web.log()), [])


if __name__ == '__main__':
    unittest.main(verbosity=2)
