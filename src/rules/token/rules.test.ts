import { log, ruleTester } from "../../../test/rule-tester.js";
import { connectOk16, espGotIp, tokenOk } from "../../../test/snippets.js";

const up = [espGotIp(), ...connectOk16(4000)];
const sends = ["[inf](6000) awss_report_token_to_cloud(366): report token res:14", "[inf](9000) awss_report_token_to_cloud(366): report token res:15", "[inf](12000) awss_report_token_to_cloud(366): report token res:16"];

ruleTester("token.report-timeout", {
  valid: [
    { name: "reply after the second send", log: log(...up, ...sends.slice(0, 2), "[inf](9300) awss_report_token_reply(117): awss_report_token_reply") },
    { name: "full happy path", log: log(...up, ...tokenOk(6000)) },
  ],
  invalid: [
    {
      name: "three sends 3 s apart, then try 4 times fail",
      log: log(...up, ...sends, "[inf](15000) awss_report_token_to_cloud(321): try 4 times fail", "[err](15000) dev_errcode_handle(43): err_code 50440, state_code:-0x0812, str_msg=report token timeout"),
      primary: true,
      evidence: [13, 14],
      explanation: ["3 send", "9.0 s"],
    },
  ],
});

ruleTester("token.report-failed", {
  valid: [{ name: "reply received", log: log(...up, ...tokenOk(6000)) }],
  invalid: [
    {
      name: "publish fails locally, then the SDK also prints the timeout",
      log: log(
        ...up,
        "[inf](6000) awss_report_token_to_cloud(366): report token res:-1",
        "[err](6000) awss_report_token_to_cloud(370): report token fail, reason(-1)",
        "[inf](9000) awss_report_token_to_cloud(366): report token res:-1",
        "[err](9000) awss_report_token_to_cloud(370): report token fail, reason(-1)",
        "[inf](15000) awss_report_token_to_cloud(321): try 4 times fail",
      ),
      primary: true,
      title: ["-1"],
    },
  ],
});
