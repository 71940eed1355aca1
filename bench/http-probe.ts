// Single HTTP requests to 127.0.0.1: free ports, one-off checks and waiting for readiness.
import { request } from 'node:http';
import { createServer } from 'node:net';
import type { Child } from './children.ts';

export const HOST = '127.0.0.1';

/** A port the kernel just handed out on 127.0.0.1 (closed again, so the child can take it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type Answer = { status: number; contentType: string; bytes: number };

export function get(port: number, path: string, timeoutMs = 2000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: HOST, port, path, agent: false, timeout: timeoutMs }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          bytes,
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Polls `path` every 10 ms until it answers 200; returns milliseconds since the child was
 * spawned. Fails when the child ends first or `timeoutMs` passes.
 */
export async function msUntilOk(child: Child, port: number, path: string, timeoutMs = 30_000) {
  const deadline = child.spawnedAt + timeoutMs;
  let last = 'no answer yet';
  while (performance.now() < deadline) {
    const ended = child.ended();
    if (ended !== undefined) {
      throw new Error(`${child.name} ended (${ended}) before serving ${path}:\n${child.output()}`);
    }
    try {
      const answer = await get(port, path, 1000);
      if (answer.status === 200) return performance.now() - child.spawnedAt;
      last = `status ${answer.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(
    `${child.name} did not serve ${path} within ${timeoutMs} ms (${last}):\n${child.output()}`,
  );
}
