import * as net from 'node:net';

/**
 * A loopback TCP proxy to one port (a node's, a broker's), which can be cut (every connection
 * dropped, new ones refused) and healed: how tests and benchmarks partition a node from its peers.
 */
export class TcpProxy {
  private readonly sockets = new Set<net.Socket>();
  private open = true;

  private constructor(private readonly server: net.Server, readonly port: number) {}

  static async start(target: number): Promise<TcpProxy> {
    const server = net.createServer();
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
    const proxy = new TcpProxy(server, port);
    server.on('connection', (client) => proxy.pipe(client, target));
    return proxy;
  }

  cut(): void {
    this.open = false;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  heal(): void {
    this.open = true;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private pipe(client: net.Socket, target: number): void {
    if (!this.open) return void client.destroy();
    const upstream = net.connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        this.sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }
}
