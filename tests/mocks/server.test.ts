import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { fakeOutsideServices } from './server';

const server = fakeOutsideServices(http.get('https://api.example.test/ping', () => HttpResponse.json({ pong: true })));

describe('fakeOutsideServices', () => {
  it('answers handled requests to outside services', async () => {
    expect(await (await fetch('https://api.example.test/ping')).json()).toEqual({ pong: true });
  });

  it('lets a test replace a handler for itself', async () => {
    server.use(http.get('https://api.example.test/ping', () => new HttpResponse(null, { status: 503 })));
    expect((await fetch('https://api.example.test/ping')).status).toBe(503);
  });

  it('fails requests that no handler fakes instead of reaching the internet', async () => {
    await expect(fetch('https://unfaked.example.test/')).rejects.toThrow();
  });
});
