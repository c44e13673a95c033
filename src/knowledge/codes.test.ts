import { describe, expect, it } from "vitest";
import { codeName, decodeCode, decodeInFamily, parseLooseNumber } from "./codes.js";

describe("code decoding", () => {
  it("parses hex, decimal, signed, unsigned and two's complement", () => {
    expect(parseLooseNumber("-0x0305")).toBe(-0x305);
    expect(parseLooseNumber("0x0305")).toBe(0x305);
    expect(parseLooseNumber("-773")).toBe(-773);
    expect(parseLooseNumber("50438")).toBe(50438);
    expect(parseLooseNumber("FFFF8900")).toBe(-0x7700);
    expect(parseLooseNumber("-0x0044,")).toBe(-0x44);
    expect(parseLooseNumber("nonsense")).toBeUndefined();
  });

  it("decodes SDK state codes in any case and sign", () => {
    expect(decodeCode("-0x0305", "state")?.entry?.name).toBe("STATE_MQTT_CONNACK_BAD_USERDATA");
    expect(decodeCode("0x0305", "state")?.code).toBe("-0x0305");
    expect(decodeCode("-0x030A", "state")?.code).toBe("-0x030a");
  });

  it("decodes device err_codes in decimal and hex", () => {
    expect(decodeCode("50438", "device-err")?.entry?.name).toBe("DEV_ERRCODE_MQTT_AUTH_FAIL");
    expect(decodeCode("0xc506", "device-err")?.code).toBe("0xC506");
  });

  it("decodes iotx errors", () => {
    expect(decodeCode("-35", "iotx")?.entry?.name).toMatch(/BAD_USERDATA/);
  });

  it("decodes mbedTLS decimal codes", () => {
    expect(decodeCode("-29184", "mbedtls")?.code).toBe("-0x7200");
    expect(decodeCode("-30848", "mbedtls")?.entry?.name).toBe("MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY");
  });

  it("splits composite mbedTLS codes into high and low parts", () => {
    const d = decodeCode("-0x2562", "mbedtls")!;
    expect(d.entry).toBeUndefined();
    expect(d.parts?.map((p) => p.name)).toEqual(["MBEDTLS_ERR_X509_INVALID_EXTENSIONS", "MBEDTLS_ERR_ASN1_UNEXPECTED_TAG"]);
    expect(codeName(d)).toBe("MBEDTLS_ERR_X509_INVALID_EXTENSIONS + MBEDTLS_ERR_ASN1_UNEXPECTED_TAG");
  });

  it("treats a positive mbedTLS magnitude as the negative code", () => {
    expect(decodeInFamily("mbedtls", 0x2700)?.entry?.name).toBe("MBEDTLS_ERR_X509_CERT_VERIFY_FAILED");
  });

  it("returns nothing for values a family does not define", () => {
    expect(decodeCode("-0x7fff", "state")).toBeUndefined();
    expect(decodeCode("-0x0001", "mbedtls")).toBeUndefined();
  });
});
