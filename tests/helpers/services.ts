/**
 * Private, real Redis and Postgres servers for fault tests (restarting the shared ones would disturb
 * other test files running in parallel). Loopback only, random ports, removed afterwards.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitPort(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const c = net.connect(port, '127.0.0.1', () => (c.end(), r(true)));
      c.once('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`port ${port} did not open`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A redis-server with AOF (appendfsync always): what a production BullMQ Redis should run with. */
export class PrivateRedis {
  private proc: ChildProcess | null = null;
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'vt-redis-'));
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir], {
      stdio: 'ignore',
    });
    await waitPort(this.port);
  }
  /** Stop the server (its AOF keeps the queues), like a Redis restart or crash. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((r) => {
      p.once('exit', () => r());
      p.kill(signal);
    });
    this.proc = null;
  }
  async destroy(): Promise<void> {
    await this.stop('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A Postgres cluster of its own (Debian's pg_createcluster), trust auth on loopback. */
export class PrivateCluster {
  readonly version = readdirSync('/etc/postgresql')[0];
  readonly name = `vt${process.pid}${Math.floor(Math.random() * 1e4)}`;
  constructor(readonly port: number) {}
  url(db = 'postgres') {
    return `postgres://postgres@127.0.0.1:${this.port}/${db}`;
  }
  async create(): Promise<void> {
    execFileSync('pg_createcluster', [this.version, this.name, '-p', String(this.port), '--', '--auth=trust'], { stdio: 'ignore' });
    execFileSync('pg_ctlcluster', [this.version, this.name, 'start'], { stdio: 'ignore' });
    await waitPort(this.port);
  }
  /** Fast restart: every connection is terminated, the server is down for a moment. */
  restart(): void {
    execFileSync('pg_ctlcluster', [this.version, this.name, 'restart', '-m', 'fast'], { stdio: 'ignore' });
  }
  destroy(): void {
    try {
      execFileSync('pg_dropcluster', [this.version, this.name, '--stop'], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
  }
}

export const haveClusterTools = (() => {
  try {
    execFileSync('which', ['pg_createcluster'], { stdio: 'ignore' });
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
})();
