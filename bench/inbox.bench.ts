import { inboxListener, startServer, stopServer, wsClient, type TClient } from './chat-clients';
import { median, once, percentile, round, sleep } from './lib';
import type { Benchmark } from './types';

/**
 * The live inbox under a team: OPERATORS members, each on their own
 * WebSocket with a live `inbox.onEvent` subscription (as each member's
 * inbox page keeps one), while visitors on their own sockets send
 * messages. Measured: for every message and every operator, the time from
 * the visitor's send to that operator receiving its `message.created` —
 * the delay before a message shows in each member's inbox.
 *
 * Load pattern: rounds in which every visitor sends one message at once; a
 * round ends when every operator has every message of it.
 */

const OPERATORS = Number(process.env.BENCH_INBOX_OPERATORS ?? 50);
const VISITORS = Number(process.env.BENCH_INBOX_VISITORS ?? 10);
const ROUNDS = Number(process.env.BENCH_INBOX_ROUNDS ?? 30);
const PAUSE_MS = Number(process.env.BENCH_INBOX_PAUSE_MS ?? 100);
const HOST_ORIGIN = 'https://bench.example';

const measure = once(async () => {
  const server = await startServer('parley-chat.ts', { OPERATORS: String(OPERATORS) });
  const url = `ws://127.0.0.1:${server.info.port as number}/api/trpc-ws`;
  const closers: Array<() => void> = [];
  try {
    // clientId → when it was sent, and how many operators still wait for it.
    const pending = new Map<string, { sentAt: number; left: number; done: () => void }>();
    const latencies: number[] = [];
    let isMeasuring = false;

    for (const cookie of server.info.cookies as string[]) {
      const close = await inboxListener(url, {
        cookie,
        workspaceId: String(server.info.workspaceId),
        onMessage: (clientId) => {
          const entry = pending.get(clientId);
          if (!entry) return;
          if (isMeasuring) latencies.push(performance.now() - entry.sentAt);
          if (--entry.left === 0) {
            pending.delete(clientId);
            entry.done();
          }
        },
      });
      closers.push(close);
    }

    const starter = wsClient(url);
    closers.push(() => starter.socket.close());
    const visitors: TClient[] = [];
    for (let i = 0; i < VISITORS; i++) {
      const { visitorToken } = await starter.client.widget.start.mutate({
        publicKey: String(server.info.publicKey),
        hostOrigin: HOST_ORIGIN,
      });
      const visitor = wsClient(url, { visitorToken });
      closers.push(() => visitor.socket.close());
      visitors.push(visitor.client);
    }
    await sleep(500);

    const runRound = async (round: number) => {
      const arrivals = visitors.map((visitor, i) => {
        const clientId = `r${round}-v${i}-${Math.random().toString(36).slice(2, 10)}`;
        const arrived = new Promise<void>((done) =>
          pending.set(clientId, { sentAt: performance.now(), left: OPERATORS, done }),
        );
        void visitor.widget.send.mutate({ content: `Question ${round} from visitor ${i}`, clientId });
        return arrived;
      });
      await Promise.race([
        Promise.all(arrivals),
        sleep(60_000).then(() => {
          throw new Error(`round ${round}: ${pending.size} messages never reached every operator`);
        }),
      ]);
    };

    // Warm-up: the first conversation of each visitor, and the JIT.
    for (let round = -3; round < 0; round++) await runRound(round);
    isMeasuring = true;
    for (let round = 0; round < ROUNDS; round++) {
      await runRound(round);
      // A steady stream rather than back-to-back bursts: the figure is the delay a message sees, not a
      // queue built up by a saturated server (message.throughput_* in widget.bench.ts measures that).
      await sleep(PAUSE_MS);
    }
    return { p50: median(latencies), p99: percentile(latencies, 99), samples: latencies.length };
  } finally {
    for (const close of closers.reverse()) close();
    await stopServer(server);
  }
});

const describeRun = (samples: number) =>
  `${OPERATORS} operators each on their own WebSocket with inbox.onEvent; ${VISITORS} visitors sending at once, ${ROUNDS} rounds ${PAUSE_MS} ms apart after 3 warm-up rounds; ${samples} (message, operator) deliveries; chatbot answered by humans only; embedded PGlite`;

export const benchmarks: Benchmark[] = [
  {
    id: `inbox.delivery_p99_ms.${OPERATORS}`,
    description: `Visitor send → message.created on every subscribed operator's inbox, p99, ${OPERATORS} operators`,
    run: async () => {
      const result = await measure();
      return {
        value: round(result.p99, 1),
        unit: 'ms',
        baseline: null,
        target: 100,
        notes: `p50 ${round(result.p50, 1)} ms. ${describeRun(result.samples)}`,
      };
    },
  },
  {
    id: `inbox.delivery_p50_ms.${OPERATORS}`,
    description: `Visitor send → message.created on every subscribed operator's inbox, p50, ${OPERATORS} operators`,
    run: async () => {
      const result = await measure();
      return {
        value: round(result.p50, 1),
        unit: 'ms',
        baseline: null,
        target: null,
        notes: describeRun(result.samples),
      };
    },
  },
];
