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
import { median, once, percentile, round, sleep } from './lib';
import type { Benchmark } from './types';

/**
 * N simulated visitors, each on its own WebSocket, send messages; an operator
 * subscribed to the workspace's feed receives them. Measured: the time from a
 * visitor's send to the operator-side event, and how many messages a second
 * get through, side by side with a baseline — a raw `ws` server that does one
 * INSERT into the same embedded Postgres and forwards the message — under the
 * same load pattern. And the server's memory per idle connected visitor.
 *
 * Load pattern (both servers): rounds in which every visitor sends one
 * message at once; a round ends when the operator has them all.
 */

const SIZES = (process.env.BENCH_WIDGET_SIZES?.split(',').map(Number) ?? [100, 1000]) as number[];
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
async function measureParley(visitors: number) {
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
async function measureBaseline(visitors: number) {
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

const measure = once(async () => {
  const bySize = new Map<
    number,
    { ours: Awaited<ReturnType<typeof measureParley>>; base: Awaited<ReturnType<typeof measureBaseline>> }
  >();
  for (const size of SIZES) {
    const base = await measureBaseline(size);
    const ours = await measureParley(size);
    bySize.set(size, { ours, base });
  }
  return bySize;
});

const describeRun = (size: number, samples: number) =>
  `${size} visitors on their own WebSockets, ${samples} messages in rounds of one message per visitor at once (after a warm-up round); operator = one inbox.onEvent subscriber; chatbot answered by humans only; embedded PGlite`;

const perSize = (size: number): Benchmark[] => [
  {
    id: `message.p99_ms.${size}`,
    description: `Visitor send → operator-side event, p99, ${size} visitors`,
    run: async () => {
      const { ours, base } = (await measure()).get(size)!;
      return {
        value: round(ours.p99, 1),
        unit: 'ms',
        baseline: round(base.p99, 1),
        target: round(base.p99 * 5, 1),
        notes: `p50 ${round(ours.p50, 1)} ms (baseline ${round(base.p50, 1)} ms). ${describeRun(size, ours.samples)}`,
      };
    },
  },
  {
    id: `message.p99_ratio.${size}`,
    description: `p99 send → operator latency, ours over the raw ws + INSERT baseline, ${size} visitors`,
    run: async () => {
      const { ours, base } = (await measure()).get(size)!;
      return {
        value: round(ours.p99 / base.p99, 2),
        unit: 'ratio',
        baseline: 1,
        target: 5,
        notes: `ours ${round(ours.p99, 1)} ms, baseline ${round(base.p99, 1)} ms`,
      };
    },
  },
  {
    id: `message.throughput_per_s.${size}`,
    description: `Messages a second from visitors to the operator, ${size} visitors`,
    isHigherBetter: true,
    run: async () => {
      const { ours, base } = (await measure()).get(size)!;
      return {
        value: round(ours.throughput, 0),
        unit: 'msg/s',
        baseline: round(base.throughput, 0),
        target: round(base.throughput / 2, 0),
        notes: describeRun(size, ours.samples),
      };
    },
  },
  {
    id: `message.throughput_ratio.${size}`,
    description: `Throughput, ours over the raw ws + INSERT baseline, ${size} visitors`,
    isHigherBetter: true,
    run: async () => {
      const { ours, base } = (await measure()).get(size)!;
      return {
        value: round(ours.throughput / base.throughput, 2),
        unit: 'ratio',
        baseline: 1,
        target: 0.5,
        notes:
          `ours ${round(ours.throughput, 0)} msg/s, baseline ${round(base.throughput, 0)} msg/s; ` +
          `server CPU per message: ours ${round(ours.cpuMsPerMessage, 3)} ms, baseline ${round(base.cpuMsPerMessage, 3)} ms`,
      };
    },
  },
];

export const benchmarks: Benchmark[] = [
  ...SIZES.flatMap(perSize),
  {
    id: 'message.idle_bytes_per_visitor',
    description: 'Server memory (RSS after GC) per idle connected visitor, 1,000 visitors',
    run: async () => {
      const { ours, base } = (await measure()).get(1000)!;
      return {
        value: Math.round(ours.idleBytesPerVisitor),
        unit: 'bytes',
        baseline: Math.round(base.idleBytesPerVisitor),
        target: 100 * 1024,
        notes: `RSS growth after GC from 0 to 1,000 visitors, each with its socket and live widget.onEvent subscription (heap alone ${Math.round(ours.idleHeapPerVisitor)} bytes); baseline = a bare ws socket`,
      };
    },
  },
];
