/**
 * The real plain-text accounting tools the journal export tests check their files with:
 * beancount's `bean-check` and `bean-query`, and `hledger`. Installs Debian's `beancount` and
 * `hledger` packages when they are missing and the machine allows it (root with apt-get), like
 * chromium.ts does for the browser. Tools that truly cannot be had are reported loudly, and
 * the tests that need them are skipped.
 */
import { aptInstall, firstExisting } from "./apt.ts";

/** Paths of the tools, or undefined for the ones that are missing. */
export interface JournalTools {
  beanCheck?: string;
  beanQuery?: string;
  hledger?: string;
}

const WHERE = ["/usr/bin", "/usr/local/bin"];
const find = (name: string) => firstExisting(WHERE.map((dir) => `${dir}/${name}`));

async function look(): Promise<JournalTools> {
  return { beanCheck: await find("bean-check"), beanQuery: await find("bean-query"), hledger: await find("hledger") };
}

let cached: Promise<JournalTools> | undefined;

/** Finds the tools, installing the missing packages once per process when possible. */
export function ensureJournalTools(): Promise<JournalTools> {
  return cached ??= (async () => {
    let tools = await look();
    const missing = [
      ...(!tools.beanCheck || !tools.beanQuery ? ["beancount"] : []),
      ...(!tools.hledger ? ["hledger"] : []),
    ];
    if (missing.length && Deno.uid() === 0) {
      console.log(`Installing Debian's ${missing.join(" and ")} for the journal export tests …`);
      if (await aptInstall(missing)) tools = await look();
    }
    const still = [
      ...(!tools.beanCheck || !tools.beanQuery ? ["beancount (bean-check, bean-query)"] : []),
      ...(!tools.hledger ? ["hledger"] : []),
    ];
    if (still.length) {
      console.warn(
        "\n" + "!".repeat(78) +
          `\n!! ${still.join(" and ")} cannot be installed here: THOSE JOURNAL EXPORT TESTS WILL BE SKIPPED.\n` +
          "!! Install them with `apt-get install beancount hledger` to run them.\n" + "!".repeat(78) + "\n",
      );
    }
    return tools;
  })();
}
