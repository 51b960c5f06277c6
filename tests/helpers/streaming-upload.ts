import net from 'node:net';

export type TUploadOutcome = { status: number; body: string; bytesSent: number; isFinished: boolean };

/** Undoes `Transfer-Encoding: chunked`; what is cut off at the end is left out. */
const dechunk = (raw: string) => {
  let body = '';
  let rest = raw;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = lineEnd === -1 ? 0 : parseInt(rest.slice(0, lineEnd), 16);
    if (!size) return body;
    body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
};

/**
 * POSTs a chunked body of up to `totalBytes` over a bare socket and stops
 * writing as soon as the server answers: how much went out before the
 * answer shows whether the server refused early or read (and buffered)
 * everything first. A bare socket, because Node's HTTP client drops an
 * answer that arrives while it is still writing when the server then closes.
 */
export const streamingUpload = (
  url: string,
  options: { headers?: Record<string, string>; totalBytes: number; chunkBytes?: number },
) =>
  new Promise<TUploadOutcome>((resolve) => {
    const target = new URL(url);
    const chunk = Buffer.alloc(options.chunkBytes ?? 64 * 1024, 'a');
    const socket = net.connect(Number(target.port), target.hostname);
    let bytesSent = 0;
    let received = '';
    let isAnswered = false;
    const finish = () => {
      const headerEnd = received.indexOf('\r\n\r\n');
      // No answer at all (the connection ended first): status 0, for the caller to judge.
      if (headerEnd === -1)
        return resolve({ status: 0, body: '', bytesSent, isFinished: bytesSent >= options.totalBytes });
      const head = received.slice(0, headerEnd);
      const raw = received.slice(headerEnd + 4);
      const body = /^transfer-encoding:\s*chunked/im.test(head) ? dechunk(raw) : raw;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, body, bytesSent, isFinished: bytesSent >= options.totalBytes });
    };
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      isAnswered = true;
      received += data;
      // A whole answer: chunked ends with an empty chunk, otherwise Content-Length says.
      const headerEnd = received.indexOf('\r\n\r\n');
      const length = /^content-length:\s*(\d+)/im.exec(received.slice(0, headerEnd))?.[1];
      const isComplete =
        headerEnd !== -1 &&
        (received.endsWith('0\r\n\r\n') || (length !== undefined && received.length >= headerEnd + 4 + Number(length)));
      if (isComplete) socket.destroy();
    });
    // The server may close while we still write; the answer, if any, came before.
    socket.on('error', () => undefined);
    socket.on('close', finish);
    const headers: Record<string, string> = { host: target.host, ...options.headers, 'transfer-encoding': 'chunked' };
    socket.write(
      `POST ${target.pathname}${target.search} HTTP/1.1\r\n` +
        Object.entries(headers)
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join('') +
        '\r\n',
    );
    const sizeLine = `${chunk.length.toString(16)}\r\n`;
    const write = () => {
      while (!isAnswered && !socket.destroyed && bytesSent < options.totalBytes) {
        bytesSent += chunk.length;
        socket.write(sizeLine);
        socket.write(chunk);
        if (!socket.write('\r\n')) return void socket.once('drain', write);
      }
      if (!isAnswered && !socket.destroyed) socket.write('0\r\n\r\n');
    };
    write();
  });
