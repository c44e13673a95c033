/**
 * Where the MQTT host came from (seed S6): the region chosen during provisioning (host begins with the
 * ProductKey, or a prerelease address), a hand-set `kv set mqtt_url`, or the cloud (HTTPS bootstrap /
 * redirect before the direct connect).
 */
import type { FlowEvent } from "../signatures/event.js";
import type { Flow } from "./model.js";

export function hostSource(flow: Flow): { source: NonNullable<Flow["facts"]["hostSource"]>; evidence?: FlowEvent } {
  const b = flow.scope;
  const host = flow.facts.host;
  const kv = b.stats.get("kv.set-mqtt-url")?.last;
  if (kv && host && (kv.fields.url ?? "").split(":")[0] === host) return { source: "kv", evidence: kv };
  const boot = b.stats.get("guider.set-dyna-url")?.last ?? b.stats.get("guider.bootstrap-reply")?.last ?? b.stats.get("guider.no-dyna-url")?.last;
  // an HTTP address request before the direct connect: the cloud returned the address (seed S6),
  // even when it begins with the ProductKey
  if (boot) return { source: "cloud", evidence: boot };
  const pk = flow.facts.productKey;
  if (host && pk && host.toLowerCase().startsWith(pk.toLowerCase() + ".")) {
    return { source: "region", ...(b.stats.get("guider.region")?.last ? { evidence: b.stats.get("guider.region")!.last } : {}) };
  }
  // a bare IP without any bootstrap: the prerelease addresses of the provisioning region, or a hand-set one
  if (host && /^\d+\.\d+\.\d+\.\d+$/.test(host) && !boot) return { source: "region" };
  if (boot) return { source: "cloud", evidence: boot };
  if (host && /iot-as-mqtt/.test(host) && !pk) return { source: "region" };
  if (host) return { source: "cloud" };
  return { source: "unknown" };
}
