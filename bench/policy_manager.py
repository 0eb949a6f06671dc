#!/usr/bin/env python3
"""Benchmark of imv_policy_manager start and stop on a large database.

    python3 bench/policy_manager.py [DEVICES] [SESSIONS] [RUNS]
    (defaults 100 10000 200; BUILD_DIR selects the build, default build)

Builds a policy database from schema/tables.sql and data.sql with DEVICES
devices spread over the seeded product groups and over extra groups of
their own, and SESSIONS past sessions with three archived results each.
Then RUNS times: a new session of a random device, `imv_policy_manager
start` (timed), results written for its workitems as an IMV would, the
session's recommendation set, `imv_policy_manager stop` (timed).

A run is timed the way an IMV sees it: from the fork of the process to
its exit, so process start-up and opening the database are included.
The allow/block hook commands are not configured (their cost is the
operator's command, a shell at least); HOOKS=1 sets both to `true %s`.
Prints p50, p95 and max per command; asserts nothing.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get('BUILD_DIR', 'build')
if not os.path.isabs(BUILD):
    BUILD = os.path.join(TOP, BUILD)
MANAGER = os.path.join(BUILD, 'programs', 'imv_policy_manager')


def build_db(path, devices, sessions, rng):
    db = sqlite3.connect(path)
    for name in ('tables.sql', 'data.sql'):
        with open(os.path.join(TOP, 'schema', name)) as f:
            db.executescript(f.read())
    products = [r[0] for r in db.execute(
        'SELECT product_id FROM groups_product_defaults')]
    policies = [r[0] for r in db.execute('SELECT id FROM policies')]
    now = int(time.time())
    # ten extra groups with two enforcements each, for devices in two
    # groups
    extra = []
    for g in range(10):
        gid = db.execute('INSERT INTO groups (name, parent) VALUES (?, 2)',
                         ('Bench %d' % g,)).lastrowid
        for p in rng.sample(policies, 2):
            db.execute('INSERT OR IGNORE INTO enforcements (policy, '
                       'group_id, max_age) VALUES (?, ?, 3600)', (p, gid))
        extra.append(gid)
    devs = []
    for d in range(devices):
        product = rng.choice(products)
        dev = db.execute('INSERT INTO devices (value, product, created) '
                         'VALUES (?, ?, ?)', ('%032x' % rng.getrandbits(128),
                                              product, now - 86400 * 30)
                         ).lastrowid
        default = db.execute('SELECT group_id FROM groups_product_defaults '
                             'WHERE product_id = ?', (product,)).fetchone()[0]
        for g in {default, rng.choice(extra)}:
            db.execute('INSERT INTO groups_members (group_id, device_id) '
                       'VALUES (?, ?)', (g, dev))
        ip = '10.%d.%d.%d' % (d >> 16 & 255, d >> 8 & 255, d & 255)
        ident = db.execute('INSERT INTO identities (type, value) '
                           'VALUES (1, ?)', (ip.encode(),)).lastrowid
        devs.append((dev, product, ident))
    for s in range(sessions):
        dev, product, ident = rng.choice(devs)
        t = now - 86400 * 30 + s * (86400 * 30 // sessions)
        sid = db.execute('INSERT INTO sessions (time, connection, identity, '
                         'device, product, rec) VALUES (?, ?, ?, ?, ?, 0)',
                         (t, s, ident, dev, product)).lastrowid
        db.execute('INSERT INTO sessions_identities (session_id, '
                   'identity_id) VALUES (?, ?)', (sid, ident))
        for p in rng.sample(policies, 3):
            db.execute('INSERT INTO results (session, policy, rec, result) '
                       'VALUES (?, ?, ?, ?)',
                       (sid, p, rng.choice((0, 0, 0, 1)), 'bench result'))
    db.commit()
    return db, devs


def timed(args, env):
    t0 = time.perf_counter()
    p = subprocess.run(args, env=env, capture_output=True, text=True,
                       timeout=30)
    ms = (time.perf_counter() - t0) * 1000
    if p.returncode != 0:
        sys.exit('%s failed:\n%s%s' % (' '.join(args), p.stdout, p.stderr))
    return ms


def summary(name, values):
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    print('%-6s runs %d  p50 %.2f ms  p95 %.2f ms  max %.2f ms'
          % (name, len(values), statistics.median(values), p95, values[-1]))


def main():
    devices = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    sessions = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    if not os.access(MANAGER, os.X_OK):
        sys.exit('build imv_policy_manager first (ninja -C %s)' % BUILD)
    rng = random.Random(1)
    with tempfile.TemporaryDirectory(prefix='tnc-pm-bench-') as tmp:
        path = os.path.join(tmp, 'config.db')
        t0 = time.perf_counter()
        db, devs = build_db(path, devices, sessions, rng)
        print('database: %d devices, %d sessions, %d results, %d '
              'enforcements (built in %.1f s)' % (
                  devices, sessions,
                  db.execute('SELECT COUNT(*) FROM results').fetchone()[0],
                  db.execute('SELECT COUNT(*) FROM enforcements')
                  .fetchone()[0], time.perf_counter() - t0))
        conf = os.path.join(tmp, 'pm.conf')
        with open(conf, 'w') as f:
            f.write('database = sqlite://%s\n' % path)
            if os.environ.get('HOOKS') == '1':
                f.write('command_allow = "true %s"\n'
                        'command_block = "true %s"\n')
        env = dict(os.environ, TNC_POLICY_MANAGER_CONF=conf)
        starts, stops, items = [], [], 0
        now = int(time.time())
        for run in range(runs):
            dev, product, ident = rng.choice(devs)
            sid = db.execute('INSERT INTO sessions (time, connection, '
                             'identity, device, product) '
                             'VALUES (?, ?, ?, ?, ?)',
                             (now, 100000 + run, ident, dev, product)
                             ).lastrowid
            db.execute('INSERT INTO sessions_identities (session_id, '
                       'identity_id) VALUES (?, ?)', (sid, ident))
            db.commit()
            starts.append(timed([MANAGER, 'start', str(sid)], env))
            items += db.execute('UPDATE workitems SET rec_final = 0, '
                                "result = 'ok' WHERE session = ?",
                                (sid,)).rowcount
            db.execute('UPDATE sessions SET rec = 0 WHERE id = ?', (sid,))
            db.commit()
            stops.append(timed([MANAGER, 'stop', str(sid)], env))
        print('workitems created and archived: %d (%.1f per session)'
              % (items, items / runs))
        summary('start', starts)
        summary('stop', stops)
        db.close()


if __name__ == '__main__':
    main()
