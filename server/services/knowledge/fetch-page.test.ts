import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../env';
import { AppError } from '../../errors';
import { fetchPage, isPublicAddress, PRIVATE_ADDRESS, type TFetchOptions } from './fetch-page';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;
const routes = new Map<string, Handler>();
let server: http.Server;
let base: string;
let port: number;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const handler = routes.get(request.url ?? '');
    if (handler) handler(request, response);
    else response.writeHead(404).end('missing');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const page = (body: string, type = 'text/html; charset=utf-8'): Handler => {
  return (_request, response) => response.writeHead(200, { 'content-type': type }).end(body);
};
const redirect =
  (to: string): Handler =>
  (_request, response) =>
    response.writeHead(302, { location: to }).end();

/** The guard as in production, except that the test server's own address is let through. */
const guarded: TFetchOptions = { exemptAddresses: ['127.0.0.1'] };

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return error.message;
  }
  throw new Error('expected the fetch to be refused');
};

describe('isPublicAddress', () => {
  it('lets public unicast through and nothing else', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111'])
      expect(isPublicAddress(address)).toBe(true);
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      'not an address',
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });
});

describe('isPublicAddress with an IPv4 address inside IPv6', () => {
  it.each([
    ['IPv4-compatible loopback', '::127.0.0.1'],
    ['IPv4-compatible loopback as the URL parser writes it', '::7f00:1'],
    ['IPv4-compatible private', '::10.0.0.1'],
    ['IPv4-compatible metadata', '::a9fe:a9fe'],
    ['IPv4-mapped private', '::ffff:a00:1'],
    ['IPv4-translated loopback', '::ffff:0:7f00:1'],
    ['NAT64 metadata', '64:ff9b::169.254.169.254'],
    ['NAT64 loopback', '64:ff9b::7f00:1'],
    ['6to4 private', '2002:a00:1::1'],
    ['6to4 loopback', '2002:7f00:1::'],
    // Teredo: a public server (65.54.227.120) and the client 10.0.0.1, stored inverted.
    ['Teredo private client', '2001:0:4136:e378:8000:63bf:f5ff:fffe'],
    ['Teredo loopback server', '2001:0:7f00:1::1'],
  ])('refuses %s (%s)', (_name, address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it('still lets an ordinary public IPv6 address through', () => {
    expect(isPublicAddress('2001:4860:4860::8888')).toBe(true);
  });

  it.each(['http://[::127.0.0.1]/', 'http://[::7f00:1]/', 'http://[::10.0.0.1]/', 'http://[64:ff9b::a9fe:a9fe]/'])(
    'fetchPage refuses %s',
    async (url) => {
      expect(await refusal(fetchPage(url))).toBe(PRIVATE_ADDRESS);
    },
  );
});

describe('fetchPage guard', () => {
  it.each([
    ['loopback', 'http://127.0.0.1/'],
    ['a private network', 'http://10.0.0.8/admin'],
    ['cloud metadata (link-local)', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['an IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/'],
    ['carrier-grade NAT', 'http://100.64.0.1/'],
    ['loopback written as a number', 'http://2130706433/'],
    ['loopback written in hex', 'http://0x7f.1/'],
    ['localhost', 'http://localhost/'],
    ['a .localhost name', 'http://app.localhost/'],
  ])('refuses %s', async (_name, url) => {
    expect(await refusal(fetchPage(url))).toBe(PRIVATE_ADDRESS);
  });

  it('refuses the test server itself without the exemption, by IP and by a name resolving to it', async () => {
    routes.set('/hello', page('<p>hello</p>'));
    expect(await refusal(fetchPage(`${base}/hello`))).toBe(PRIVATE_ADDRESS);
    expect(await refusal(fetchPage(`http://localhost:${port}/hello`))).toBe(PRIVATE_ADDRESS);
    const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    expect(await refusal(fetchPage(`http://intranet.example:${port}/hello`, { resolve }))).toBe(PRIVATE_ADDRESS);
  });

  it('refuses a name when any of its addresses is private', async () => {
    const resolve = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ];
    expect(await refusal(fetchPage('http://mixed.example/', { resolve }))).toBe(PRIVATE_ADDRESS);
  });

  it('refuses other schemes and addresses with credentials', async () => {
    expect(await refusal(fetchPage('ftp://example.com/file.txt'))).toBe(
      'Parley only fetches http:// and https:// addresses.',
    );
    expect(await refusal(fetchPage('file:///etc/passwd'))).toBe('Parley only fetches http:// and https:// addresses.');
    expect(await refusal(fetchPage('http://user:secret@example.com/'))).toBe(
      'Remove the user name and password from the address.',
    );
    expect(await refusal(fetchPage('not a url'))).toBe('Enter a full web address, like https://example.com/help.');
  });

  it.each([
    ['a private network', 'http://10.0.0.1/'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['localhost', 'http://localhost/'],
  ])('re-checks redirects: refuses one to %s', async (_name, target) => {
    let hits = 0;
    routes.set('/jump', (request, response) => {
      hits += 1;
      redirect(target)(request, response);
    });
    expect(await refusal(fetchPage(`${base}/jump`, guarded))).toBe(PRIVATE_ADDRESS);
    // Refused at the redirect, not before the first request.
    expect(hits).toBe(1);
  });

  it('connects to the address it checked, resolving each name once (no DNS rebinding)', async () => {
    routes.set('/pinned', page('<title>Pinned</title><p>pinned</p>'));
    const answers = [
      { address: '127.0.0.1', family: 4 },
      // A rebinding DNS server would answer differently the second time; it is never asked.
      { address: '10.9.9.9', family: 4 },
    ];
    const asked: string[] = [];
    const resolve = async (hostname: string) => {
      asked.push(hostname);
      return [answers[asked.length - 1]!];
    };
    // The name exists nowhere but in this resolver: the page arriving proves the connection used the checked address.
    const fetched = await fetchPage(`http://docs.example:${port}/pinned`, { ...guarded, resolve });
    expect(new TextDecoder().decode(fetched.body)).toContain('pinned');
    expect(asked).toEqual(['docs.example']);
  });

  it('lets through exactly the address:port pairs of UNSAFE_KNOWLEDGE_FETCH_EXEMPT, nothing near them', async () => {
    routes.set('/exempt', page('exempt page', 'text/plain'));
    routes.set('/elsewhere', redirect(`http://127.0.0.1:${port + 1}/`));
    const exempt = parseEnv({ UNSAFE_KNOWLEDGE_FETCH_EXEMPT: `127.0.0.1:${port}` }).UNSAFE_KNOWLEDGE_FETCH_EXEMPT;
    const options = { exemptAddresses: exempt };
    const fetched = await fetchPage(`${base}/exempt`, options);
    expect(new TextDecoder().decode(fetched.body)).toBe('exempt page');
    // Another port of the same address, other private addresses and names resolving to them stay refused.
    for (const url of [
      `http://127.0.0.1:${port + 1}/`,
      `http://127.0.0.2:${port}/`,
      `http://10.0.0.1:${port}/`,
      `http://169.254.169.254:${port}/latest/meta-data/`,
      `http://[::1]:${port}/`,
      `http://localhost:${port}/exempt`,
      'http://127.0.0.1/',
    ])
      expect(await refusal(fetchPage(url, options)), url).toBe(PRIVATE_ADDRESS);
    const resolve = async () => [{ address: '10.0.0.1', family: 4 }];
    expect(await refusal(fetchPage(`http://intranet.example:${port}/`, { ...options, resolve }))).toBe(PRIVATE_ADDRESS);
    // A redirect from the exempt site to another port is checked again and refused.
    expect(await refusal(fetchPage(`${base}/elsewhere`, options))).toBe(PRIVATE_ADDRESS);
  });

  it('allows private addresses only when told to (development)', async () => {
    routes.set('/dev', page('dev page', 'text/plain'));
    const fetched = await fetchPage(`http://localhost:${port}/dev`, { allowPrivate: true });
    expect(fetched).toMatchObject({ kind: 'text', contentType: 'text/plain', url: `http://localhost:${port}/dev` });
  });
});

describe('fetchPage', () => {
  it('follows up to 5 redirects and reports where the page was', async () => {
    for (let i = 0; i < 5; i += 1) routes.set(`/hop${i}`, redirect(`/hop${i + 1}`));
    routes.set('/hop5', page('<p>arrived</p>'));
    const fetched = await fetchPage(`${base}/hop0`, guarded);
    expect(fetched.url).toBe(`${base}/hop5`);
    expect(fetched.kind).toBe('html');

    routes.set('/loop', redirect('/loop'));
    expect(await refusal(fetchPage(`${base}/loop`, guarded))).toBe(
      'The page redirected more than 5 times, so Parley stopped following it.',
    );
  });

  it('reports error statuses as a sentence', async () => {
    expect(await refusal(fetchPage(`${base}/nothing-here`, guarded))).toBe('The page answered 404 Not Found.');
    routes.set('/broken', (_request, response) => response.writeHead(503).end());
    expect(await refusal(fetchPage(`${base}/broken`, guarded))).toBe('The page answered 503 Service Unavailable.');
  });

  it('refuses content types it cannot read', async () => {
    routes.set('/image', page('PNG', 'image/png'));
    expect(await refusal(fetchPage(`${base}/image`, guarded))).toBe(
      'The page is of type image/png; Parley reads HTML, plain text, XML and PDF.',
    );
  });

  it('caps the body while it streams, declared or not', async () => {
    routes.set('/huge', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      // Chunked, no content-length: only counting while reading can stop it.
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 200 && response.write(chunk)) sent += 1;
        if (sent < 200) response.once('drain', pump);
        else response.end();
      };
      pump();
    });
    expect(await refusal(fetchPage(`${base}/huge`, { ...guarded, maxBytes: 1024 * 1024 }))).toBe(
      'The page is larger than 1 MB; Parley reads pages up to that size.',
    );
    routes.set('/declared', (_request, response) =>
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(6 * 1024 * 1024) }).end(),
    );
    expect(await refusal(fetchPage(`${base}/declared`, guarded))).toBe(
      'The page is larger than 5 MB; Parley reads pages up to that size.',
    );
  });

  it('gives up after the deadline', async () => {
    routes.set('/slow', () => {
      // Never answers.
    });
    const started = Date.now();
    expect(await refusal(fetchPage(`${base}/slow`, { ...guarded, timeoutMs: 300 }))).toBe(
      'The page took longer than 0.3 seconds to load, so Parley gave up.',
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('decompresses gzip and keeps the charset', async () => {
    routes.set('/gzip', (_request, response) =>
      response
        .writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1', 'content-encoding': 'gzip' })
        .end(zlib.gzipSync(Buffer.from('<p>caf\u00e9</p>', 'latin1'))),
    );
    const fetched = await fetchPage(`${base}/gzip`, guarded);
    expect(fetched.charset).toBe('iso-8859-1');
    expect(new TextDecoder(fetched.charset!).decode(fetched.body)).toBe('<p>café</p>');
  });

  it('sniffs a document served without a content type', async () => {
    routes.set('/untyped', (_request, response) => {
      response.removeHeader('content-type');
      response.writeHead(200).end('%PDF-1.4 ...');
    });
    expect((await fetchPage(`${base}/untyped`, guarded)).kind).toBe('pdf');
  });
});
