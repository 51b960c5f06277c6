/**
 * The baseline of the messaging benchmark: the least a chat server can do —
 * a raw `ws` server that stores each visitor message with one INSERT into the
 * same embedded Postgres (PGlite) and passes it to the operator's socket.
 * No auth, no validation, no event bus: what Parley is compared against.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { openFreshDatabase } from '../lib';

const database = await openFreshDatabase();
await database.executeSql(
  'create table bench_messages (id bigserial primary key, visitor text not null, client_id text not null, content text not null, created_at timestamptz not null default now())',
);
const operators = new Set<WebSocket>();
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
wss.on('connection', (socket, req) => {
  if (req.url === '/operator') {
    operators.add(socket);
    socket.on('close', () => operators.delete(socket));
    return;
  }
  socket.on('message', async (raw) => {
    const message = JSON.parse(String(raw)) as { visitor: string; clientId: string; content: string };
    await database.executeSql('insert into bench_messages (visitor, client_id, content) values ($1, $2, $3)', [
      message.visitor,
      message.clientId,
      message.content,
    ]);
    const out = JSON.stringify({ clientId: message.clientId });
    for (const operator of operators) operator.send(out);
    socket.send(out);
  });
});
await new Promise<void>((resolve) => wss.once('listening', resolve));

process.on('message', (message) => {
  if (message === 'cpu') return void process.send?.({ cpu: process.cpuUsage() });
  if (message !== 'gc') return;
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.send?.({ rss, heapUsed });
});
process.on('SIGTERM', () => process.exit(0));
console.log(JSON.stringify({ port: (wss.address() as { port: number }).port }));
