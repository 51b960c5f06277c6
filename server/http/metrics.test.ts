import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSource } from '../../tests/factories/chatbots';
import { createTestApp, type TTestApp } from '../../tests/helpers/app';
import { testLog } from '../../tests/helpers/log';
import { createLiveChatbot } from '../../tests/helpers/widget';
import { parseEnv } from '../env';
import { offlineProvider } from '../services/answering/providers';
import { createAnswerRunner } from '../services/answering/runner';
import { offlineEmbedder } from '../services/knowledge/embedder';
import { recordGap } from '../services/knowledge/gaps';
import { ingestSource } from '../services/knowledge/ingest';
import { watchDatabase } from '../metrics';
import { metricsRoute, routeLabel, timeRequests } from './metrics';

const TOKEN = 'metrics-token-0123456789';
let h: TTestApp;
let server: http.Server;
let url: string;

beforeAll(async () => {
  h = await createTestApp({
    answers: ({ database, bus }) =>
      createAnswerRunner({
        db: database.db,
        database,
        bus,
        embedder: offlineEmbedder,
        provider: offlineProvider,
        log: testLog,
        recordGap: (report) => recordGap({ db: database.db, embedder: offlineEmbedder }, report),
      }),
  });
  watchDatabase(h.database);
  // The two middlewares as server.ts mounts them, in front of a stand-in for the rest of the app.
  const app = express();
  app.use(timeRequests);
  app.use(metricsRoute(parseEnv({ NODE_ENV: 'test', METRICS_TOKEN: TOKEN })));
  app.use((_req, res) => void res.status(404).end());
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  watchDatabase(null);
  server.close();
  await h.answers.close();
  await h.close();
});

type TFamily = {
  name: string;
  metrics: { value?: string; labels?: Record<string, string>; buckets?: Record<string, string> }[];
};

const scrape = async () => {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusTextFormat(await response.text()) as TFamily[];
};

const sum = (families: TFamily[], name: string, labels: Record<string, string> = {}) =>
  (families.find((family) => family.name === name)?.metrics ?? [])
    .filter((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value))
    // A histogram's observations are its +Inf bucket (the parser keeps buckets; counters and gauges have a value).
    .reduce((total, metric) => total + Number(metric.value ?? metric.buckets?.['+Inf'] ?? 0), 0);

describe('/metrics', () => {
  it('answers only the metrics token', async () => {
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0000000' } })).status).toBe(
      401,
    );
  });

  it('parses as Prometheus text, and the chat counters move after a chat', async () => {
    const bot = await createLiveChatbot(h.db, { name: 'Shoe Help' });
    const source = await createTestSource(h.db, {
      chatbot: bot,
      title: 'Returns and refunds',
      content: fs.readFileSync('tests/fixtures/knowledge/returns.md', 'utf8'),
    });
    await ingestSource({ db: h.db, bus: h.bus, embedder: offlineEmbedder }, source.id);
    const before = await scrape();

    const visitor = await h.newVisitor(bot.publicKey);
    await visitor.widget.send({ content: 'How long does a refund take?', clientId: 'metrics-chat-0001' });
    await h.answers.idle();
    const after = await scrape();

    const names = after.map((family) => family.name);
    for (const name of [
      'parley_http_request_duration_seconds',
      'parley_websocket_connections',
      'parley_websocket_subscriptions',
      'parley_job_queue_depth',
      'parley_db_connections',
      'nodejs_eventloop_lag_seconds',
      'process_resident_memory_bytes',
    ])
      expect(names, name).toContain(name);
    const moved = (name: string, labels?: Record<string, string>) =>
      sum(after, name, labels) - sum(before, name, labels);
    expect(moved('parley_messages_total', { direction: 'in', role: 'visitor' })).toBe(1);
    expect(moved('parley_messages_total', { direction: 'out', role: 'bot' })).toBe(1);
    expect(moved('parley_answers_total', { provider: 'offline', outcome: 'answered' })).toBe(1);
    expect(moved('parley_answer_first_token_seconds')).toBeGreaterThan(0);
    expect(moved('parley_retrieval_duration_seconds')).toBeGreaterThan(0);
    // The scrapes themselves were timed under their route (read raw: this parser drops histogram labels).
    const raw = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(raw).toMatch(/^parley_http_request_duration_seconds_count\{[^}]*route="\/metrics"[^}]*\} [1-9]/m);
  });

  it('labels routes from a small set, whatever path a stranger asks for', () => {
    expect(routeLabel('/api/trpc/widget.send')).toBe('/api/trpc/widget.send');
    expect(routeLabel('/api/trpc/made.up.procedure')).toBe('/api/trpc/unknown');
    expect(routeLabel('/api/trpc/a,b')).toBe('/api/trpc (batch)');
    expect(routeLabel('/api/v1/workspaces/123/chatbots')).toBe('/api/v1');
    expect(routeLabel('/api/openapi.json')).toBe('/api/openapi.json');
    expect(routeLabel('/app/inbox/123')).toBe('/app');
    expect(routeLabel('/random-1234')).toBe('page');
  });
});
