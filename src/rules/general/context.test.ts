import { log, ruleTester } from "../../../test/rule-tester.js";
import { connectOk16, espGotIp } from "../../../test/snippets.js";

ruleTester("general.benign-lines", {
  valid: [{ name: "no such lines", log: log(espGotIp(), ...connectOk16(4000)) }],
  invalid: [
    {
      name: "seed S11 lines next to a real failure are context, not the cause",
      log: log("[107787]<E> env prerelease or daily not set ssl hostname", "[107797]<E> kv get failed len=384,ret = -2", "[108189]<E> recvConnackProc error,result = -35"),
      primary: false,
      evidence: [1, 2],
    },
  ],
});
