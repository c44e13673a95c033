/** Building blocks of real-looking SDK 1.6 logs (ESP32 dialects), from reference/flow-messages.md. */
export const PK = "a1Test00001";
export const TOKEN = "0123456789ABCDEF0123456789ABCDEF";

export const espGotIp = (t = 3360) => `I (${t}) event: sta ip: 192.168.3.84, mask: 255.255.255.0, gw: 192.168.3.1`;

export function banner16(t: number, host = `${PK}.iot-as-mqtt.cn-shanghai.aliyuncs.com`, port = "443"): string[] {
  return [
    ".................................",
    `      Host : ${host}`,
    `      Port : ${port}`,
    `  ClientID : ${PK}.dev01|securemode=2,tokenType=255,token=${TOKEN},_v=sdk-c-2.3.0_FY_1.6.0,timestamp=2524608000000,signmethod=hmacsha1,lan=C,pid=espressif,mid=wroom,authtype=custom-ilop,_fy=1.6.0,_ss=1|`,
    ".................................",
    `[inf](${t}) iotx_mc_init(1753): MQTT init success!`,
  ];
}

export function connectOk16(t: number): string[] {
  return [...banner16(t), `[inf](${t + 1500}) iotx_mc_connect(2769): mqtt connect success!`, `I (${t + 1600}) app main: IOTX_CONN_CLOUD_SUC`];
}

export function connackTimeout16(t: number): string[] {
  return [
    ...banner16(t),
    `[err](${t + 7000}) iotx_mc_wait_CONNACK(1791): wait connack timeout`,
    `[err](${t + 7001}) iotx_mc_connect(2728): wait connect ACK timeout, or receive a ACK indicating error!`,
    `[err](${t + 7002}) IOT_MQTT_Construct(3000): iotx_mc_connect failed`,
  ];
}

export function tokenOk(t: number): string[] {
  return [
    `[inf](${t}) awss_report_token_to_cloud(366): report token res:14`,
    `[inf](${t + 300}) awss_report_token_reply(117): awss_report_token_reply`,
    `I (${t + 400}) app main: IOTX_AWSS_BIND_NOTIFY`,
    `[inf](${t + 500}) awss_notify_dev_info(232): topic:/sys/device/info/notify`,
    `[inf](${t + 510}) awss_notify_dev_info(236): coap send notify success`,
  ];
}
