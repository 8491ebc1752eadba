import * as net from 'node:net';

/**
 * A loopback proxy in front of one node's HTTP port, the address the node advertises to its peers
 * through a broker (advertisedURL): every peer reaches the node through it, so it can be cut
 * (nobody reaches the node) or made to refuse one peer, known by the `instance` its cluster
 * requests name (every /cluster/* request does), while the other peers still get through. That is
 * how a node is cut off from its peers when they find each other through the broker.
 */
export class PeerProxy {
  /** Each client connection, with the peer its request names. */
  private readonly clients = new Map<net.Socket, { upstream?: net.Socket; instance?: string }>();
  private readonly refused = new Set<string>();
  private open = true;

  private constructor(private readonly server: net.Server, readonly port: number) {}

  static async start(target: number): Promise<PeerProxy> {
    const server = net.createServer();
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
    const proxy = new PeerProxy(server, port);
    server.on('connection', (client) => proxy.pipe(client, target));
    return proxy;
  }

  /** Every connection dropped, new ones refused. */
  cut(): void {
    this.open = false;
    for (const c of [...this.clients.keys()]) c.destroy();
  }

  heal(): void {
    this.open = true;
  }

  /** The requests of `instance` refused, its connections dropped; the other peers' pass. */
  refuse(instance: string): void {
    this.refused.add(instance);
    for (const [c, s] of this.clients) if (s.instance === instance) c.destroy();
  }

  admit(instance: string): void {
    this.refused.delete(instance);
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private pipe(client: net.Socket, target: number): void {
    if (!this.open) return void client.destroy();
    const state: { upstream?: net.Socket; instance?: string } = {};
    this.clients.set(client, state);
    client.on('error', () => undefined);
    client.on('close', () => {
      this.clients.delete(client);
      state.upstream?.destroy();
    });
    // the request line comes in the first chunk: GET /geoserver/cluster/stream?instance=…&… HTTP/1.1
    client.once('data', (first: Buffer) => {
      const line = first.toString('latin1', 0, Math.min(first.length, 8192)).split('\r\n')[0];
      const named = /[?&]instance=([^& ]*)/.exec(line)?.[1];
      state.instance = named === undefined ? undefined : decodeURIComponent(named);
      if (!this.open || (state.instance !== undefined && this.refused.has(state.instance))) return void client.destroy();
      const upstream = net.connect(target, '127.0.0.1');
      state.upstream = upstream;
      upstream.on('error', () => undefined);
      upstream.on('close', () => client.destroy());
      upstream.write(first);
      client.pipe(upstream).pipe(client);
    });
  }
}
