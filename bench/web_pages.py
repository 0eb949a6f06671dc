#!/usr/bin/env python3
"""Benchmark of tnc-web's pages on a large policy database.

    python3 bench/web_pages.py [DEVICES] [RESULTS] [REQUESTS]
    (defaults 10000 1000000 20; BUILD_DIR selects the build, default build)

Builds a policy database from schema/tables.sql and data.sql with DEVICES
devices, sessions for them with three results each until there are
RESULTS rows in `results` (the first device has 1,000 of the sessions),
and some SWID tags, SWID events and packages. Starts tnc-web on 127.0.0.1
on a free port with an admin user, logs in through the form (so the admin
pages with their forms are timed) and times each page REQUESTS times
after one warm-up request: the device list (first page, filtered), the
report of the device with many sessions, a session, the groups page, a
search and the API's device list. Each request is timed from connect to
the last byte of the answer. Prints p50, p95 and max; asserts nothing.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import http.client
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get('BUILD_DIR', 'build')
if not os.path.isabs(BUILD):
    BUILD = os.path.join(TOP, BUILD)
WEB = os.path.join(BUILD, 'programs', 'tnc-web', 'tnc-web')
PASSWORD = 'bench-admin-password'
BIG_SESSIONS = 1000
TAGS = 2000


def build_db(path, devices, results, rng):
    db = sqlite3.connect(path)
    for name in ('tables.sql', 'data.sql'):
        with open(os.path.join(TOP, 'schema', name)) as f:
            db.executescript(f.read())
    products = [r[0] for r in db.execute('SELECT id FROM products')]
    policies = [r[0] for r in db.execute('SELECT id FROM policies')]
    now = int(time.time())
    db.execute('BEGIN')
    db.executemany('INSERT INTO devices (id, value, product, created) '
                   'VALUES (?, ?, ?, ?)',
                   ((d, '%032x' % rng.getrandbits(128), rng.choice(products),
                     now - 86400 * 60) for d in range(1, devices + 1)))
    db.executemany('INSERT INTO identities (id, type, value) '
                   'VALUES (?, 1, ?)',
                   ((d, ('10.%d.%d.%d' % (d >> 16 & 255, d >> 8 & 255,
                                          d & 255)).encode())
                    for d in range(1, devices + 1)))
    db.executemany('INSERT INTO groups_members (group_id, device_id) '
                   'VALUES (?, ?)',
                   ((rng.randrange(1, 18), d) for d in range(1, devices + 1)))
    sessions = results // 3

    def session_device(s):
        return 1 if s <= BIG_SESSIONS else rng.randrange(2, devices + 1)
    owners = [session_device(s) for s in range(1, sessions + 1)]
    db.executemany('INSERT INTO sessions (id, time, connection, identity, '
                   'device, product, rec) VALUES (?, ?, ?, ?, ?, 1, ?)',
                   ((s, now - 86400 * 30 + s, s, owners[s - 1],
                     owners[s - 1], rng.choice((0, 0, 0, 1)))
                    for s in range(1, sessions + 1)))
    db.executemany('INSERT INTO results (session, policy, rec, result) '
                   'VALUES (?, ?, ?, ?)',
                   ((1 + r // 3, rng.choice(policies),
                     rng.choice((0, 0, 0, 1)), 'bench result %d' % r)
                    for r in range(results)))
    # packages with one version each, and a SWID tag per version
    db.executemany('INSERT INTO packages (id, name) VALUES (?, ?)',
                   ((1000 + p, 'benchpkg%d' % p) for p in range(TAGS)))
    db.executemany('INSERT INTO versions (id, package, product, release, '
                   'security, time) VALUES (?, ?, 1, ?, ?, ?)',
                   ((1000 + p, 1000 + p, '1.%d' % p, int(p % 50 == 0), now)
                    for p in range(TAGS)))
    db.executemany('INSERT INTO swid_tags (id, version_id, package_name, '
                   'version_str, unique_id, swid_xml, software_id) '
                   'VALUES (?, ?, ?, ?, ?, ?, ?)',
                   ((t, 1000 + t, 'benchpkg%d' % t, '1.%d' % t,
                     'benchpkg%d-1.%d' % (t, t), '<SoftwareIdentity/>',
                     'strongswan.org__benchpkg%d-1.%d' % (t, t))
                    for t in range(1, TAGS)))
    # the big device reported 500 tags in each of its last 20 sessions,
    # with an event (10 tag changes) per session
    for s in range(BIG_SESSIONS - 19, BIG_SESSIONS + 1):
        db.executemany('INSERT INTO swid_tags_sessions (tag_id, session_id) '
                       'VALUES (?, ?)',
                       ((t, s) for t in rng.sample(range(1, TAGS), 500)))
        eid = db.execute('INSERT INTO swid_events (device, epoch, eid, '
                         'timestamp) VALUES (1, 1, ?, ?)',
                         (s, '2026-01-01T00:00:00Z')).lastrowid
        db.executemany('INSERT INTO swid_tags_events (tag_id, event_id, '
                       'action) VALUES (?, ?, ?)',
                       ((t, eid, rng.choice((1, 2)))
                        for t in rng.sample(range(1, TAGS), 10)))
    db.executemany('INSERT INTO swid_tagstats (tag_id, device_id, '
                   'first_seen_id, last_seen_id) VALUES (?, 1, ?, ?)',
                   ((t, BIG_SESSIONS, BIG_SESSIONS)
                    for t in range(1, TAGS, 4)))
    db.commit()
    db.execute('ANALYZE')
    return db


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def request(port, path, cookie=None, method='GET', body=None):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
    headers = {}
    if cookie:
        headers['Cookie'] = cookie
    if body is not None:
        headers['Content-Type'] = 'application/x-www-form-urlencoded'
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, resp.headers, data
    finally:
        conn.close()


def login(port):
    body = urllib.parse.urlencode({'username': 'admin',
                                   'password': PASSWORD})
    status, headers, _ = request(port, '/login/', method='POST', body=body)
    cookie = headers.get('Set-Cookie', '')
    if status != 303 or not cookie:
        sys.exit('log-in failed: %d' % status)
    return cookie.split(';')[0]


def time_page(name, port, path, requests, cookie=None):
    times = []
    size = 0
    for i in range(requests + 1):
        t0 = time.perf_counter()
        status, _, data = request(port, path, cookie=cookie)
        ms = (time.perf_counter() - t0) * 1000
        if status != 200:
            sys.exit('%s: HTTP %d' % (path, status))
        if i:
            times.append(ms)
        size = len(data)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print('%-22s p50 %8.2f ms  p95 %8.2f ms  max %8.2f ms  %8d bytes'
          % (name, statistics.median(times), p95, times[-1], size))


def start_web(tmp, path):
    port = free_port()
    conf = os.path.join(tmp, 'tnc-web.conf')
    with open(conf, 'w') as f:
        f.write('listen = 127.0.0.1\nport = %d\ndatabase = sqlite://%s\n'
                'users_database = %s\n'
                % (port, path, os.path.join(tmp, 'users.db')))
    subprocess.run([WEB, '-c', conf, 'setpassword', 'admin', 'admin'],
                   input=PASSWORD + '\n', capture_output=True, text=True,
                   timeout=30, check=True)
    log = open(os.path.join(tmp, 'tnc-web.log'), 'w')
    proc = subprocess.Popen([WEB, '-c', conf], stdin=subprocess.DEVNULL,
                            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        with open(log.name) as f:
            if 'listening' in f.read():
                break
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            sys.exit('tnc-web did not start')
        time.sleep(0.05)
    return proc, log, port


def main():
    devices = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    results = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
    requests = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    if not os.access(WEB, os.X_OK):
        sys.exit('build tnc-web first (ninja -C %s)' % BUILD)
    rng = random.Random(1)
    with tempfile.TemporaryDirectory(prefix='tnc-web-bench-') as tmp:
        path = os.path.join(tmp, 'config.db')
        t0 = time.perf_counter()
        db = build_db(path, devices, results, rng)
        count = [db.execute('SELECT COUNT(*) FROM %s' % t).fetchone()[0]
                 for t in ('devices', 'sessions', 'results', 'swid_tags')]
        print('database: %d devices, %d sessions, %d results, %d SWID '
              'tags (built in %.1f s)' % (*count, time.perf_counter() - t0))
        value = db.execute('SELECT value FROM devices WHERE id = 4321'
                           ).fetchone()[0]
        db.close()
        proc, log, port = start_web(tmp, path)
        try:
            cookie = login(port)
            # the first session of device 1 that reported SWID tags
            status, _, page = request(port, '/devices/1/', cookie=cookie)
            print('device 1 page: HTTP %d, %d bytes, %d table rows'
                  % (status, len(page), len(re.findall(rb'<tr>', page))))
            pages = (
                ('device list', '/devices/'),
                ('device list, page 100', '/devices/?page=100'),
                ('device list, filtered', '/devices/?q=' + value[:6]),
                ('device report', '/devices/1/'),
                ('device inventory', '/devices/1/?session=%d'
                 % (BIG_SESSIONS - 5)),
                ('session', '/sessions/%d/' % (BIG_SESSIONS // 2)),
                ('session list', '/sessions/'),
                ('groups', '/groups/'),
                ('search', '/search/?q=benchpkg12'),
                ('statistics', '/statistics/'),
            )
            for name, where in pages:
                time_page(name, port, where, requests, cookie=cookie)
            # the API with the session cookie, so that no password
            # hash is timed
            time_page('api devices', port, '/api/devices/?limit=50',
                      requests, cookie=cookie)
            time_page('api devices, all', port, '/api/devices/', requests,
                      cookie=cookie)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            log.close()


if __name__ == '__main__':
    main()
