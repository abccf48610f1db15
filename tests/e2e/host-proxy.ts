import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';

/**
 * Firefox has no `--host-resolver-rules`: its proxy prefs point at this small HTTP proxy
 * instead, which tunnels `CONNECT <host>:443` for the stand-in's own hosts to the stand-in
 * and refuses everything else, so the browser reaches nothing but the workbench and COS.
 */
export interface HostProxy {
  port: number;
  close(): Promise<void>;
}

export async function startHostProxy(hosts: readonly string[], target: { host: string; port: number }): Promise<HostProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(403).end();
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const [host, port] = (req.url ?? '').split(':');
    if (!host || !hosts.includes(host) || port !== '443') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(target.port, target.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
