/** `monitor --list`: the serial ports, from serialport's list or, when that fails (no udevadm), from /dev. */
import { readdirSync, realpathSync } from "node:fs";
import { join } from "node:path";

export interface PortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
  /** /dev/serial/by-id name, when known */
  byId?: string;
}

export interface PortList {
  ports: PortInfo[];
  /** why the detailed list failed (the ports then come from /dev) */
  fallbackReason?: string;
}

type Lister = () => Promise<PortInfo[]>;

const serialportList: Lister = async () => {
  const { SerialPort } = await import("serialport");
  const list = await SerialPort.list();
  return list.map((p) => {
    const r: PortInfo = { path: p.path };
    if (p.manufacturer) r.manufacturer = p.manufacturer;
    if (p.serialNumber) r.serialNumber = p.serialNumber;
    if (p.vendorId) r.vendorId = p.vendorId;
    if (p.productId) r.productId = p.productId;
    return r;
  });
};

/** USB/ACM/UART device nodes (legacy ttyS* ports are left out: most machines have dozens that are not there). */
const DEV_NAMES = /^(tty(USB|ACM|AMA|WCH|XRUSB|MFD|SAC|O)\d+|rfcomm\d+|cu\..+)$/;

export function scanDev(dev = "/dev"): PortInfo[] {
  const out: PortInfo[] = [];
  const byId = new Map<string, string>();
  try {
    for (const n of readdirSync(join(dev, "serial", "by-id"))) {
      try {
        byId.set(realpathSync(join(dev, "serial", "by-id", n)), n);
      } catch {
        /* dangling link */
      }
    }
  } catch {
    /* no /dev/serial */
  }
  let names: string[] = [];
  try {
    names = readdirSync(dev);
  } catch {
    return out;
  }
  for (const n of names.filter((x) => DEV_NAMES.test(x)).sort()) {
    const path = join(dev, n);
    const id = byId.get(path);
    out.push(id ? { path, byId: id } : { path });
  }
  return out;
}

export async function listPorts(lister: Lister = serialportList, dev = "/dev"): Promise<PortList> {
  try {
    return { ports: await lister() };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const reason = /udevadm/.test(msg) && /ENOENT/.test(msg) ? "udevadm not found" : msg;
    return { ports: process.platform === "win32" ? [] : scanDev(dev), fallbackReason: reason };
  }
}

export function formatPort(p: PortInfo): string {
  const parts = [p.path];
  if (p.manufacturer) parts.push(p.manufacturer);
  if (p.vendorId || p.productId) parts.push(`${p.vendorId ?? "?"}:${p.productId ?? "?"}`);
  if (p.serialNumber) parts.push(`serial ${p.serialNumber}`);
  if (p.byId) parts.push(p.byId);
  return parts.join("  ");
}
