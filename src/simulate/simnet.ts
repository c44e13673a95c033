/**
 * The simulated network: every name the SDK uses (iot-auth-global.aliyuncs.com, <pk>.iot-as-mqtt.<region>.aliyuncs.com,
 * ...) resolves to 127.0.0.1, and every (name, port) service the cloud offers is forwarded to the loopback port the
 * server really listens on, like a NAT. So the device prints the addresses a real device prints (port 443/1883)
 * while every byte travels over a real loopback socket. A known name on a port no service listens on goes to a
 * loopback port nobody listens on (the kernel refuses it); an unknown name does not resolve.
 */
import net from "node:net";

export interface Route {
  address: string;
  port: number;
}

interface Service {
  host: RegExp;
  port: number;
  real: number;
  what: string;
}

export class SimNet {
  private readonly names: RegExp[] = [];
  private readonly services: Service[] = [];
  /** a loopback port nobody listens on */
  closedPort = 0;

  /** reserves a port nobody listens on: bind a free port, then close it */
  async reserveClosedPort(): Promise<void> {
    const s = net.createServer();
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(0, "127.0.0.1", () => resolve());
    });
    this.closedPort = (s.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  addName(host: RegExp | string): void {
    this.names.push(typeof host === "string" ? exact(host) : host);
  }

  addService(host: RegExp | string, port: number, real: number, what: string): void {
    const re = typeof host === "string" ? exact(host) : host;
    this.addName(re);
    this.services.push({ host: re, port, real, what });
  }

  resolves(host: string): boolean {
    return host === "127.0.0.1" || this.names.some((re) => re.test(host));
  }

  /** where a connection to host:port really goes; undefined when the name does not resolve */
  route(host: string, port: number): (Route & { what: string }) | undefined {
    if (!this.resolves(host)) return undefined;
    const s = this.services.find((x) => x.port === port && x.host.test(host));
    if (s) return { address: "127.0.0.1", port: s.real, what: s.what };
    return { address: "127.0.0.1", port: this.closedPort, what: "nothing" };
  }
}

function exact(host: string): RegExp {
  return new RegExp(`^${host.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "i");
}
