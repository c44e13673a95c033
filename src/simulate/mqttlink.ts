/** The device's MQTT 3.1.1 client over any byte stream (TLS or TCP), framed with mqtt-packet. */
import type { Duplex } from "node:stream";
import { generate, parser, type Packet, type IConnackPacket } from "mqtt-packet";

export interface Incoming {
  topic: string;
  payload: Buffer;
}

export class MqttLink {
  private readonly parser = parser({ protocolVersion: 4 });
  private nextId = 1;
  private connack?: (p: IConnackPacket) => void;
  private closedResolve!: (why: string) => void;
  /** resolves (with a reason) when the connection ends */
  readonly closed: Promise<string>;
  onPublish: (m: Incoming) => void = () => {};
  isClosed = false;

  constructor(
    private readonly sock: Duplex,
    firstPacketId = 1,
  ) {
    this.nextId = firstPacketId;
    this.closed = new Promise((resolve) => (this.closedResolve = resolve));
    this.parser.on("packet", (p: Packet) => this.dispatch(p));
    this.parser.on("error", () => this.close("decode error"));
    sock.on("data", (b: Buffer) => this.parser.parse(b));
    sock.on("error", (e: Error) => this.close(e.message));
    sock.on("close", () => this.close("closed"));
    sock.on("end", () => this.close("end"));
  }

  /** packet ids continue across connections, like the SDK's counter */
  get packetId(): number {
    return this.nextId;
  }

  private takeId(): number {
    const id = this.nextId;
    this.nextId = this.nextId >= 65535 ? 1 : this.nextId + 1;
    return id;
  }

  private dispatch(p: Packet): void {
    switch (p.cmd) {
      case "connack":
        this.connack?.(p);
        break;
      case "publish": {
        if (p.qos === 1 && p.messageId !== undefined) this.send({ cmd: "puback", messageId: p.messageId });
        const payload = typeof p.payload === "string" ? Buffer.from(p.payload) : Buffer.from(p.payload);
        this.onPublish({ topic: p.topic, payload });
        break;
      }
      default:
        break; // suback, puback, pingresp: nothing to do
    }
  }

  private send(p: Packet): void {
    if (this.isClosed || this.sock.destroyed) return;
    this.sock.write(generate(p));
  }

  /** sends CONNECT; the promise resolves with the CONNACK, or rejects when the connection ends first */
  connect(o: { clientId: string; username: string; password: string; keepalive: number }): Promise<IConnackPacket> {
    const p = new Promise<IConnackPacket>((resolve, reject) => {
      this.connack = resolve;
      void this.closed.then((why) => reject(new Error(why)));
    });
    p.catch(() => {});
    this.send({
      cmd: "connect",
      protocolId: "MQTT",
      protocolVersion: 4,
      clean: true,
      clientId: o.clientId,
      keepalive: o.keepalive,
      username: o.username,
      password: Buffer.from(o.password),
    });
    return p;
  }

  /** returns the packet id, as IOT_MQTT_Subscribe does */
  subscribe(topic: string, qos: 0 | 1 = 0): number {
    const id = this.takeId();
    this.send({ cmd: "subscribe", messageId: id, subscriptions: [{ topic, qos }] });
    return id;
  }

  /** QoS 1 publish: returns the packet id (what `report token res:%d` prints) */
  publish(topic: string, payload: string, qos: 0 | 1 = 1): number {
    const id = qos === 1 ? this.takeId() : 0;
    this.send({ cmd: "publish", topic, payload: Buffer.from(payload), qos, retain: false, dup: false, ...(qos === 1 ? { messageId: id } : {}) });
    return qos === 1 ? id : 0;
  }

  /** DISCONNECT, then a graceful end of the stream (the server closes its side) */
  disconnect(): void {
    this.send({ cmd: "disconnect" });
    if (this.isClosed) return;
    this.isClosed = true;
    this.sock.end();
    this.closedResolve("disconnect");
  }

  /** the stream, so the owner can destroy it at shutdown */
  get stream(): Duplex {
    return this.sock;
  }

  close(why = "closed"): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.sock.destroy();
    this.closedResolve(why);
  }
}
