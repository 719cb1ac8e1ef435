/**
 * A private login world for the security tests, with the machine's real programs: Debian's sshd,
 * rsyslogd, sudo, su, useradd. It runs in its own mount namespace (`unshare -m`, root only):
 *  - /etc is an overlay, so test accounts, passwords, sudoers and PAM tweaks never touch the host;
 *  - /home, /root, /var/mail, /run (utmp, sshd's privsep dir) are the sandbox's directories;
 *  - /var/log/{wtmp,btmp,lastlog} are the sandbox's files (sshd and su write them);
 *  - /dev is a tmpfs with the real null/zero/tty/pts… bound in, plus /dev/log served by a private
 *    rsyslogd writing auth and authpriv to `authLog` (Debian's default high-precision format).
 * The network namespace is the host's: sshd listens on a free loopback port, and tests drive it
 * with the real `ssh` client (and `sshpass` for passwords). Commands inside the sandbox (sudo,
 * useradd) run through `nsenter -t <holder> -m`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type AuthSandbox = {
  dir: string;
  port: number;
  sshdLog: string;
  authLog: string;
  files: { wtmp: string; btmp: string; utmp: string };
  /** Runs a command inside the sandbox's mount namespace; returns stdout, never throws on a non-zero exit. */
  inside(args: string[], input?: string): { status: number | null; stdout: string; stderr: string };
  stop(): void;
};

export const SANDBOX_TOOLS = ['unshare', 'nsenter', 'sshd', 'ssh', 'sshpass', 'rsyslogd', 'sudo', 'su', 'runuser', 'useradd', 'chpasswd', 'ssh-keygen'];

export function missingTools(): string[] {
  return SANDBOX_TOOLS.filter((t) => {
    try {
      execFileSync('sh', ['-c', `command -v ${t} || test -x /usr/sbin/${t}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function setupScript(t: string, port: number, sshdConfigExtra: string): string {
  return `set -eu
T=${t}
mount -t overlay overlay -o lowerdir=/etc,upperdir=$T/etc-up,workdir=$T/etc-work $T/etc
mount --bind $T/etc /etc
mount --bind $T/run /run
mount --bind $T/home /home
mount --bind $T/mail /var/mail
mount --bind $T/roothome /root
for f in wtmp btmp lastlog; do mount --bind $T/log/$f /var/log/$f; done
mount --rbind /dev $T/realdev
mount -t tmpfs -o mode=755 tmpfs /dev
for n in null zero full random urandom tty; do touch /dev/$n; mount --bind $T/realdev/$n /dev/$n; done
# ptmx as a link into the bound devpts, so a new pty and its /dev/pts/N come from the same instance.
ln -s pts/ptmx /dev/ptmx
mkdir /dev/pts /dev/shm
mount --rbind $T/realdev/pts /dev/pts
mount --rbind $T/realdev/shm /dev/shm
ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/0 /dev/stdin; ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr
mkdir -p /run/sshd && chmod 755 /run/sshd && touch /run/utmp
# No 2 s failure delay per wrong password: the tests make several.
sed -i 's/pam_unix.so nullok/pam_unix.so nullok nodelay/' /etc/pam.d/common-auth
cat > $T/rsyslog.conf <<'EOF'
module(load="imuxsock" SysSock.Name="/dev/log")
auth,authpriv.* ${t}/auth.log
EOF
rsyslogd -f $T/rsyslog.conf -i $T/rsyslog.pid
ssh-keygen -q -t ed25519 -N '' -f $T/hostkey
cat > $T/sshd_config <<EOF
Port ${port}
ListenAddress 127.0.0.1
HostKey $T/hostkey
PidFile $T/sshd.pid
UsePAM yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin no
LogLevel VERBOSE
${sshdConfigExtra}
EOF
/usr/sbin/sshd -D -E $T/sshd.log -f $T/sshd_config &
for i in $(seq 1 100); do [ -s $T/sshd.pid ] && [ -S /dev/log ] && break; sleep 0.05; done
# The daemons go with this shell, whether the test stops it or dies first (then after 10 minutes).
trap 'kill $(cat $T/sshd.pid $T/rsyslog.pid 2>/dev/null) 2>/dev/null || true' EXIT
sleep 600 &
SLEEPER=$!
trap 'kill $SLEEPER 2>/dev/null; exit 0' TERM INT
echo READY
wait $SLEEPER
`;
}

export async function startAuthSandbox(opts: { sshdConfig?: string } = {}): Promise<AuthSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-authbox-'));
  for (const d of ['etc', 'etc-up', 'etc-work', 'run', 'home', 'mail', 'roothome', 'log', 'realdev']) mkdirSync(join(dir, d));
  for (const f of ['wtmp', 'btmp', 'lastlog']) writeFileSync(join(dir, 'log', f), '', { mode: 0o600 });
  const port = await freePort();
  writeFileSync(join(dir, 'setup.sh'), setupScript(dir, port, opts.sshdConfig ?? ''));
  const holder: ChildProcess = spawn('unshare', ['-m', '--propagation', 'private', 'bash', join(dir, 'setup.sh')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  holder.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`auth sandbox did not start: ${out}`)), 20_000);
    holder.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    holder.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`auth sandbox setup exited ${code}: ${out}`));
    });
  });
  holder.removeAllListeners('exit');
  const pidOf = (name: string): number | null => {
    const p = join(dir, name);
    return existsSync(p) ? Number(readFileSync(p, 'utf8').trim()) || null : null;
  };
  const inside = (args: string[], input?: string) => {
    const r = spawnSyncIn(holder.pid!, args, input);
    return r;
  };
  return {
    dir,
    port,
    sshdLog: join(dir, 'sshd.log'),
    authLog: join(dir, 'auth.log'),
    files: { wtmp: join(dir, 'log', 'wtmp'), btmp: join(dir, 'log', 'btmp'), utmp: join(dir, 'run', 'utmp') },
    inside,
    stop() {
      // The holder's exit trap stops sshd and rsyslogd too; they are signalled here as well in case
      // it is already gone.
      for (const pid of [holder.pid ?? null, pidOf('sshd.pid'), pidOf('rsyslog.pid')]) {
        if (pid === null) continue;
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      // The namespace's mounts go with its last process; the directories are then plain files.
      for (let i = 0; i < 50 && holder.exitCode === null && holder.signalCode === null; i++) execFileSync('sleep', ['0.05']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function spawnSyncIn(pid: number, args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync('nsenter', ['-t', String(pid), '-m', '--', ...args], {
      encoding: 'utf8',
      input: input ?? '',
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    return { status: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status: number | null; stdout?: string; stderr?: string };
    return { status: e.status, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
