import { Agent, request } from 'node:http';

/** One answer: status, the headers the benchmark reads, and the parsed JSON body. */
export interface HttpAnswer {
  readonly status: number;
  readonly etag?: string;
  readonly body: Record<string, unknown>;
}

class StaleSocketError extends Error {}

/**
 * A JSON client over keep-alive connections to one loopback port, as a browser or an
 * integration keeps them: at most `sockets` connections, reused from request to request.
 *
 * @example
 * const client = new JsonClient(3000, 16);
 * const answer = await client.send('POST', '/api/v1/projects', body, { authorization: 'Bearer …' });
 */
export class JsonClient {
  private readonly agent: Agent;

  constructor(
    private readonly port: number,
    sockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  async send(method: 'GET' | 'POST', path: string, body: object | undefined, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    try {
      return await this.once(method, path, text, headers);
    } catch (error) {
      // A kept-alive connection the server closed as the request left (its idle timeout, 5 s in
      // Node and Express): the request never reached it, so it is sent again, once.
      if (error instanceof StaleSocketError) return this.once(method, path, text, headers);
      throw error;
    }
  }

  private once(method: string, path: string, text: string | undefined, headers: Record<string, string>): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: {
            accept: 'application/json',
            ...(text === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            let parsed: Record<string, unknown>;
            try {
              parsed = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
            } catch {
              parsed = { raw };
            }
            const etag = res.headers.etag;
            resolve({ status: res.statusCode ?? 0, ...(etag ? { etag } : {}), body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        reject(req.reusedSocket && error.code === 'ECONNRESET' ? new StaleSocketError(error.message) : error);
      });
      if (text !== undefined) req.write(text);
      req.end();
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}
