import WebSocket from 'ws';
import {
  cpuOf,
  inboxListener,
  memoryOf,
  startServer,
  stopServer,
  wsClient,
  type BenchServer,
  type TClient,
} from './chat-clients';
import { median, percentile, sleep } from './lib';

/**
 * The messaging benchmark's measurements (see widget.bench.ts), each run in
 * a process of its own: `tsx bench/widget-measure.ts <ours|baseline> <visitors>`
 * prints one JSON line with the figures. The simulated visitors live in
 * this process, so what the benchmarks before it left in the runner's
 * heap (100k vectors…) cannot slow them, and through them the servers.
 */

/** Messages measured per size (rounds = this / visitors), after one warm-up round. */
const MESSAGES = 3000;
const HOST_ORIGIN = 'https://bench.example';

type Round = { latencies: number[]; elapsedMs: number };

/** Sends one message from every visitor at once and waits for the operator to have them all. */
async function runRound(
  visitors: number,
  send: (visitor: number, clientId: string) => void,
  waiting: Map<string, (at: number) => void>,
  round: number,
): Promise<Round> {
  const latencies: number[] = [];
  const started = performance.now();
  const arrivals = Array.from({ length: visitors }, (_, visitor) => {
    const clientId = `r${round}-v${visitor}-${Math.random().toString(36).slice(2, 10)}`;
    const sentAt = performance.now();
    const arrived = new Promise<void>((resolve) =>
      waiting.set(clientId, (at) => {
        latencies.push(at - sentAt);
        resolve();
      }),
    );
    send(visitor, clientId);
    return arrived;
  });
  await Promise.race([
    Promise.all(arrivals),
    sleep(60_000).then(() => {
      throw new Error(`round ${round}: ${waiting.size} messages never reached the operator`);
    }),
  ]);
  return { latencies, elapsedMs: performance.now() - started };
}

async function measureRounds(
  server: BenchServer,
  visitors: number,
  roundOnce: (round: number) => Promise<Round>,
  afterWarmUp: () => void = () => {},
) {
  await roundOnce(-1);
  afterWarmUp();
  const cpuBefore = await cpuOf(server);
  const rounds = Math.max(3, Math.ceil(MESSAGES / visitors));
  const latencies: number[] = [];
  let elapsedMs = 0;
  for (let round = 0; round < rounds; round++) {
    const result = await roundOnce(round);
    latencies.push(...result.latencies);
    elapsedMs += result.elapsedMs;
  }
  return {
    p50: median(latencies),
    p99: percentile(latencies, 99),
    throughput: latencies.length / (elapsedMs / 1000),
    samples: latencies.length,
    /** The server's CPU time per message: steadier than throughput on a shared machine. */
    cpuMsPerMessage: ((await cpuOf(server)) - cpuBefore) / latencies.length,
  };
}

/** Parley: visitors with their tokens and live subscriptions, an operator on the inbox feed. */
export async function measureParley(visitors: number) {
  const server = await startServer('parley-chat.ts', { OPERATORS: '1' });
  const url = `ws://127.0.0.1:${server.info.port as number}/api/trpc-ws`;
  const closers: Array<() => void> = [];
  try {
    const waiting = new Map<string, (at: number) => void>();
    const closeOperator = await inboxListener(url, {
      cookie: (server.info.cookies as string[])[0]!,
      workspaceId: String(server.info.workspaceId),
      onMessage: (clientId) => {
        const done = waiting.get(clientId);
        if (!done) return;
        waiting.delete(clientId);
        done(performance.now());
      },
    });
    closers.push(closeOperator);

    const starter = wsClient(url);
    closers.push(() => starter.socket.close());
    const before = await memoryOf(server);
    const clients: TClient[] = [];
    for (let i = 0; i < visitors; i++) {
      const { visitorToken } = await starter.client.widget.start.mutate({
        publicKey: String(server.info.publicKey),
        hostOrigin: HOST_ORIGIN,
      });
      const visitor = wsClient(url, { visitorToken });
      closers.push(() => visitor.socket.close());
      // An idle visitor as the frame keeps it: a socket with its live subscription.
      await new Promise<void>((resolve, reject) => {
        const subscription = visitor.client.widget.onEvent.subscribe(
          {},
          { onStarted: () => resolve(), onError: reject, onData: () => {} },
        );
        closers.push(() => subscription.unsubscribe());
      });
      clients.push(visitor.client);
    }
    await sleep(1000);
    const idle = await memoryOf(server);

    const result = await measureRounds(
      server,
      visitors,
      (round) =>
        runRound(
          visitors,
          (visitor, clientId) =>
            void clients[visitor]!.widget.send.mutate({ content: `Hello from visitor ${visitor}`, clientId }),
          waiting,
          round,
        ),
      () => process.env.BENCH_PROF && server.child.send('profile'),
    );
    if (process.env.BENCH_PROF) {
      server.child.send('profile-stop');
      await new Promise((resolve) => server.child.once('message', resolve));
    }
    return {
      ...result,
      idleBytesPerVisitor: (idle.rss - before.rss) / visitors,
      idleHeapPerVisitor: (idle.heapUsed - before.heapUsed) / visitors,
    };
  } finally {
    for (const close of closers.reverse()) close();
    await stopServer(server);
  }
}

/** The baseline: raw sockets, one INSERT per message, forwarded to the operator's socket. */
export async function measureBaseline(visitors: number) {
  const server = await startServer('baseline-ws-insert.ts');
  const url = `ws://127.0.0.1:${server.info.port as number}`;
  const sockets: WebSocket[] = [];
  const open = (address: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(address);
      sockets.push(socket);
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
  try {
    const waiting = new Map<string, (at: number) => void>();
    const operator = await open(`${url}/operator`);
    operator.on('message', (raw) => {
      const { clientId } = JSON.parse(String(raw)) as { clientId: string };
      const done = waiting.get(clientId);
      if (!done) return;
      waiting.delete(clientId);
      done(performance.now());
    });
    const before = await memoryOf(server);
    const clients: WebSocket[] = [];
    for (let i = 0; i < visitors; i++) clients.push(await open(`${url}/visitor`));
    await sleep(1000);
    const idle = await memoryOf(server);
    const result = await measureRounds(server, visitors, (round) =>
      runRound(
        visitors,
        (visitor, clientId) =>
          clients[visitor]!.send(
            JSON.stringify({ visitor: `v${visitor}`, clientId, content: `Hello from visitor ${visitor}` }),
          ),
        waiting,
        round,
      ),
    );
    return { ...result, idleBytesPerVisitor: (idle.rss - before.rss) / visitors };
  } finally {
    for (const socket of sockets) socket.close();
    await stopServer(server);
  }
}

const [which, size] = process.argv.slice(2);
const visitors = Number(size);
if ((which !== 'ours' && which !== 'baseline') || !Number.isInteger(visitors) || visitors < 1) {
  throw new Error('usage: widget-measure.ts <ours|baseline> <visitors>');
}
const result = which === 'ours' ? await measureParley(visitors) : await measureBaseline(visitors);
console.log(JSON.stringify(result));
process.exit(0);
