import { assert, assertEquals, assertNotEquals } from "../../../tests/support/assert.ts";
import { waitFor } from "../../../tests/support/wait.ts";
import { extractInSubprocess } from "./isolated.ts";
import { extractPdf } from "./pdf.ts";
import { makePdf } from "./test_pdf.ts";
import { waitingSparePid } from "./spare.ts";
import { warmUpPdf } from "./warmup.ts";

const statement = (amount: string) =>
  makePdf([{
    texts: [
      { x: 72, y: 700, text: "Date" },
      { x: 130, y: 700, text: "Description" },
      { x: 400, y: 700, text: "Amount" },
      { x: 72, y: 680, text: "03/01" },
      { x: 130, y: 680, text: "ACH DEPOSIT" },
      { x: 400, y: 680, text: amount },
    ],
  }]);

/** True when `pid` is a live extraction child of this process started as a spare. */
function isSpareChild(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (state === "Z" || Number(ppid) !== Deno.pid) return false;
    const cmd = Deno.readTextFileSync(`/proc/${pid}/cmdline`).split("\0");
    return cmd.some((a) => a.endsWith("/extract/child.ts")) && cmd.includes("--warm");
  } catch {
    return false;
  }
}

const alive = (pid: number) => {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
};

Deno.test("the warm-up PDF is a readable two-page statement", async () => {
  const doc = await extractPdf(await warmUpPdf());
  assertEquals(doc.pages, 2);
  assert(doc.lines.length >= 60, `${doc.lines.length} lines`);
});

Deno.test({
  name: "each file gets its own child: a spare, started after the previous call, reads exactly one file",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const files = ["1.00", "2.00", "3.00"].map(statement);
    assertEquals(await extractInSubprocess(files[0]), await extractPdf(files[0]));
    // Test modules run in parallel inside one process, so the spare is asked of this module, not found in /proc.
    const first = waitingSparePid();
    assert(first !== undefined && isSpareChild(first), "a spare waits after the first call");

    // Custom bounds get a child of their own: the spare keeps waiting.
    assertEquals(await extractInSubprocess(files[1], {}, { timeoutMs: 30_000 }), await extractPdf(files[1]));
    assertEquals(waitingSparePid(), first);
    assert(isSpareChild(first));

    assertEquals(await extractInSubprocess(files[2]), await extractPdf(files[2]));
    await waitFor(() => !alive(first), { timeoutMs: 10_000, what: "the used spare to exit" });
    const second = waitingSparePid();
    assert(second !== undefined && isSpareChild(second), "another spare waits");
    assertNotEquals(second, first);
  },
});

Deno.test({
  name: "a spare does not keep a one-shot script running, and ends with it",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const script = `${dir}/once.ts`;
      const pdf = `${dir}/statement.pdf`;
      await Deno.writeFile(pdf, statement("12.34"));
      // The script reports its spare: a child of its own whose command line ends in "child.ts --warm".
      await Deno.writeTextFile(
        script,
        `import { extractInSubprocess } from ${JSON.stringify(new URL("./isolated.ts", import.meta.url).href)};
        const doc = await extractInSubprocess(await Deno.readFile(${JSON.stringify(pdf)}));
        const spares = [];
        for (const e of Deno.readDirSync("/proc")) {
          try {
            const stat = Deno.readTextFileSync("/proc/" + e.name + "/stat");
            const cmd = Deno.readTextFileSync("/proc/" + e.name + "/cmdline");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            if (ppid === Deno.pid && cmd.includes("--warm")) spares.push(Number(e.name));
          } catch { /* not a process */ }
        }
        console.log(JSON.stringify({ lines: doc.lines.length, spares }));`,
      );
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--config", new URL("../../../deno.json", import.meta.url).pathname, script],
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      const out = await child.output();
      clearTimeout(killer);
      assert(out.success, `the script ends by itself: ${new TextDecoder().decode(out.stderr)}`);
      const { lines, spares } = JSON.parse(new TextDecoder().decode(out.stdout));
      assertEquals([lines, spares.length], [2, 1], "one spare was waiting when the script ended");
      // The spare, now an orphan, sees its stdin close and exits.
      await waitFor(() => !alive(spares[0]), { timeoutMs: 20_000, what: "the script's spare to exit" });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
