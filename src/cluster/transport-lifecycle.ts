import type * as http from 'node:http';
import type { TransportPorts } from '../transports/ports.js';
import type { Transport, TransportSink, TransportStatus } from '../transports/transport.js';

/** Makes the transport the settings (read through the ports) ask for: src/transports/factory.ts. */
export type TransportFactory = (ports: TransportPorts) => Transport;

/**
 * The node's one transport at a time: made and started when the node starts, replaced by one made
 * from the new settings when a setting it was made from changes, closed when the node stops.
 * Before the start there is none: events wait in the journal, nothing is served to peers.
 */
export class TransportLifecycle {
  private transport: Transport | undefined;
  private sink: TransportSink | undefined;

  constructor(private readonly create: TransportFactory) {}

  async start(ports: TransportPorts, sink: TransportSink): Promise<void> {
    this.sink = sink;
    this.transport = this.create(ports);
    await this.transport.start(sink);
  }

  /** Closes the transport, then starts one made with the ports `next` gives once it is closed. */
  async restart(next: () => TransportPorts): Promise<void> {
    await this.transport?.close();
    if (this.sink) await this.start(next(), this.sink);
  }

  get kind(): string | undefined {
    return this.transport?.kind;
  }

  notify(): void {
    this.transport?.notify();
  }

  unpublished(): number {
    return this.transport?.unpublished() ?? 0;
  }

  requestRepair(origin: string, afterSeq: number): void {
    this.transport?.requestRepair(origin, afterSeq);
  }

  resync(): void {
    this.transport?.resync();
  }

  serve(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    return this.transport?.serve(req, res) ?? false;
  }

  status(): TransportStatus {
    return this.transport?.status() ?? { kind: 'none', connected: false, lastError: 'the transport has not started yet' };
  }

  refusal(): string | undefined {
    return this.transport?.refusal();
  }

  async close(): Promise<void> {
    await this.transport?.close();
  }
}
