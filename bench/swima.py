#!/usr/bin/env python3
"""Benchmark of a large software inventory from the SWIMA IMC to the
policy database, end to end (PT-TLS, PB-TNC, IF-M segmentation, the
SWIMA IMV's database writes).

    python3 bench/swima.py [PACKAGES] [RUNS]     (defaults 20000 3)
    BUILD_DIR selects the build (default build; build-rel recommended)

On a fake endpoint whose dpkg status database holds PACKAGES packages
(the collector's event store made by sw-collector), with tnc-server
(OS and SWIMA IMVs, log_level 0) and pt-tls-client (OS and SWIMA IMCs)
on loopback, it times each whole client run, process start to exit:

  first   the first session of the device: all PACKAGES install events,
          the IMV finds no tags for them, asks the endpoint for every
          tag, stores the tags and then the events (the heaviest case);
  ids     an identifier inventory of the same device, every tag known
          (the IMC without its event store: no events to give, so it
          sends the whole inventory): PACKAGES identifiers checked and
          linked to the session;
  tags    a full inventory with every SWID tag (policy "SWID Tags"),
          PACKAGES tags received and looked up.

Prints seconds per run and the inventory's size; asserts nothing.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get('BUILD_DIR', 'build')
if not os.path.isabs(BUILD):
    BUILD = os.path.join(TOP, BUILD)
SERVER = os.path.join(BUILD, 'programs', 'tnc-server')
CLIENT = os.path.join(BUILD, 'programs', 'pt-tls-client')
MANAGER = os.path.join(BUILD, 'programs', 'imv_policy_manager')
COLLECTOR = os.path.join(BUILD, 'programs', 'sw-collector')
PLUGINS = {name: os.path.join(BUILD, kind + 's', name.split('-')[1],
                              name + '.so')
           for name, kind in (('imv-os', 'imv'), ('imv-swima', 'imv'),
                              ('imc-os', 'imc'), ('imc-swima', 'imc'))}
SWID_TAG_IDS, SWID_TAGS = 17, 18


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)
    return path


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def fake_root(root, n):
    write(os.path.join(root, 'etc/os-release'), 'ID=debian\nVERSION_ID=12\n')
    write(os.path.join(root, 'etc/machine-id'), '0' * 32 + '\n')
    write(os.path.join(root, 'proc/sys/net/ipv4/ip_forward'), '0\n')
    write(os.path.join(root, 'var/lib/dpkg/status'), ''.join(
        'Package: package-%05d\nStatus: install ok installed\n'
        'Version: %d.%d-%d\n\n' % (i, i % 9, i % 17, 1 + i % 4)
        for i in range(n)))


def policy_db(path, policy):
    db = sqlite3.connect(path)
    for name in ('tables.sql', 'data.sql'):
        with open(os.path.join(TOP, 'schema', name)) as f:
            db.executescript(f.read())
    db.execute('DELETE FROM enforcements')
    db.execute('INSERT INTO enforcements (policy, group_id, max_age) '
               'VALUES (?, 1, 0)', (policy,))
    db.commit()
    db.close()


def set_policy(path, policy):
    db = sqlite3.connect(path)
    db.execute('UPDATE enforcements SET policy = ?', (policy,))
    db.commit()
    db.close()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory(prefix='tnc-swima-bench-') as tmp:
        certs = os.path.join(tmp, 'certs')
        subprocess.run(['sh', os.path.join(TOP, 'scripts', 'make-certs.sh'),
                        certs], check=True, stdout=subprocess.DEVNULL)
        root = os.path.join(tmp, 'root')
        fake_root(root, n)
        store = 'sqlite://' + os.path.join(tmp, 'sw-collector.db')
        env = dict(os.environ, TZ='UTC', TNC_IMC_OS_ROOT=root,
                   TNC_IMC_OS_NAME='Debian', TNC_IMC_OS_VERSION='12 x86_64',
                   TNC_IMC_SWIMA_DATABASE=store)
        subprocess.run([COLLECTOR, '--database', store, '--history',
                        write(os.path.join(tmp, 'history.log'), ''),
                        '--dpkg-status',
                        os.path.join(root, 'var/lib/dpkg/status'),
                        '--os-root', root], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        db = os.path.join(tmp, 'config.db')
        policy_db(db, SWID_TAG_IDS)
        port = free_port()
        write(os.path.join(tmp, 'server.conf'), ''.join(
            '%s = %s\n' % kv for kv in (
                ('listen', '127.0.0.1'), ('port', port),
                ('cert', os.path.join(certs, 'server.pem')),
                ('key', os.path.join(certs, 'server.key')),
                ('client_auth', 'none'),
                ('tnc_config', write(os.path.join(tmp, 'imvs'),
                                     'IMV "OS" %s\nIMV "SWIMA" %s\n'
                                     % (PLUGINS['imv-os'],
                                        PLUGINS['imv-swima']))),
                ('database', 'sqlite://' + db),
                ('policy_script', MANAGER), ('log_level', 0))))
        imcs = write(os.path.join(tmp, 'imcs'), 'IMC "OS" %s\nIMC "SWIMA" %s\n'
                     % (PLUGINS['imc-os'], PLUGINS['imc-swima']))
        log = open(os.path.join(tmp, 'server.log'), 'w')
        server = subprocess.Popen([SERVER, '--config',
                                   os.path.join(tmp, 'server.conf')],
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(('127.0.0.1', port)).close()
                    break
                except OSError:
                    time.sleep(0.05)

            def session(name, env=env):
                t0 = time.monotonic()
                p = subprocess.run(
                    [CLIENT, '--connect', '127.0.0.1', '--port', str(port),
                     '--cert', os.path.join(certs, 'ca.pem'),
                     '--tnc-config', imcs, '--debug', '0'],
                    env=env, stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT, timeout=600)
                dt = time.monotonic() - t0
                conn = sqlite3.connect(db)
                result = conn.execute('SELECT result FROM results ORDER BY '
                                      'id DESC LIMIT 1').fetchone()
                conn.close()
                print('%-6s %6.3f s  exit %d  %s' % (name, dt, p.returncode,
                                                    result[0] if result
                                                    else '(no result)'))
                return dt

            print('%d packages, %s' % (n, os.path.basename(BUILD)))
            session('first')
            no_store = dict(env)
            del no_store['TNC_IMC_SWIMA_DATABASE']
            for _ in range(runs):
                session('ids', no_store)
            set_policy(db, SWID_TAGS)
            for _ in range(runs):
                session('tags')
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()


if __name__ == '__main__':
    main()
