import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';
import { startNodeFlags } from '../scripts/node-flags';
import type { AppRouter } from '../server/trpc/router';

/** What the messaging and inbox benchmarks share: their server processes and WebSocket clients. */

export type BenchServer = { child: ChildProcess; info: Record<string, unknown> };

/**
 * Benchmark servers, Parley's and the baseline alike, run with the V8 flags
 * `npm start` gives Parley. A young generation of up to 64 MB a semi-space
 * (16 by default) halves the time a busy chat server spends in scavenges:
 * with a thousand sends in flight, much of what each one allocates is still
 * alive when a small one fills.
 */
const PRODUCTION_NODE_FLAGS = startNodeFlags();

/**
 * Starts `bench/servers/<script>` in a process of its own and waits for the
 * JSON line it prints when ready. BENCH_PROF=1 writes V8 CPU profiles of it
 * to /tmp/prof.
 */
export async function startServer(script: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const child = fork(path.join(import.meta.dirname, 'servers', script), [], {
    execArgv: [
      '--import',
      'tsx',
      '--expose-gc',
      ...PRODUCTION_NODE_FLAGS,
      ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
  });
  return { child, info: JSON.parse(first) as Record<string, unknown> };
}

export async function stopServer({ child }: BenchServer) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The server's resident memory after a full garbage collection. */
export const memoryOf = ({ child }: BenchServer) =>
  new Promise<{ rss: number; heapUsed: number }>((resolve) => {
    child.once('message', (message) => resolve(message as { rss: number; heapUsed: number }));
    child.send('gc');
  });

/** The server's CPU time so far (user + system), in ms. */
export const cpuOf = ({ child }: BenchServer) =>
  new Promise<number>((resolve) => {
    child.once('message', (message) => {
      const { cpu } = message as { cpu: NodeJS.CpuUsage };
      resolve((cpu.user + cpu.system) / 1000);
    });
    child.send('cpu');
  });

export type TClient = TRPCClient<AppRouter>;

/** A typed tRPC client on its own WebSocket: a visitor (token in connectionParams) or a member (session cookie). */
export function wsClient(url: string, options: { visitorToken?: string; cookie?: string } = {}) {
  const cookie = options.cookie;
  // A member's session cookie rides on the upgrade request, as a browser's would.
  const Socket = cookie
    ? class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { cookie } });
        }
      }
    : WebSocket;
  const socket = createWSClient({
    url,
    WebSocket: Socket as unknown as typeof globalThis.WebSocket,
    connectionParams: options.visitorToken ? { visitorToken: options.visitorToken } : undefined,
  });
  const client: TClient = createTRPCClient<AppRouter>({ links: [wsLink({ client: socket, transformer: superjson })] });
  return { socket, client };
}

/**
 * A member on their own socket, subscribed to the workspace's inbox feed as
 * the inbox page keeps it; `onMessage` hears the client id of every message
 * stored. Resolves once the subscription runs, with how to close it all.
 */
export async function inboxListener(
  url: string,
  options: { cookie: string; workspaceId: string; onMessage: (clientId: string) => void },
): Promise<() => void> {
  const member = wsClient(url, { cookie: options.cookie });
  const subscription = await new Promise<{ unsubscribe: () => void }>((resolve, reject) => {
    const started = member.client.inbox.onEvent.subscribe(
      { workspaceId: options.workspaceId },
      {
        onStarted: () => resolve(started),
        onError: reject,
        onData: ({ data }) => {
          if (data.type === 'message.created' && data.payload.message.clientId)
            options.onMessage(data.payload.message.clientId);
        },
      },
    );
  });
  return () => {
    subscription.unsubscribe();
    member.socket.close();
  };
}
