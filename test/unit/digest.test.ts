import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "vitest";
import { renderDigest } from "../../shared/sweeps/digest.ts";
import { violationRecord } from "../fakes/records.ts";

const unit = { name: "Department A", emails: ["a@city.gov", "head@city.gov"] };
const violations = [
  violationRecord({
    id: "v-late",
    occurredOn: "2026-11-26",
    summary: "Meeting held without approval: Budget",
  }),
  violationRecord({
    id: "v-b",
    occurredOn: "2026-11-24",
    summary: "Held <b>twice</b> & more",
    status: "responded",
  }),
  violationRecord({ id: "v-a", occurredOn: "2026-11-24", summary: "First of the day" }),
];

describe("the weekly digest", () => {
  it("goes to every address of the unit, with the count in the subject", () => {
    const email = renderDigest(unit, "2026-W48", violations, "en");
    assert.deepEqual(email.to, ["a@city.gov", "head@city.gov"]);
    assert.equal(email.subject, "[burden-watch] 2026-W48: 3 finding(s) for your unit");
  });

  it("lists the findings by day, then by id, in the text and the HTML alike", () => {
    const email = renderDigest(unit, "2026-W48", violations, "en");
    const lines = email.text.split("\n").filter((line) => line.startsWith("- "));
    assert.deepEqual(lines, [
      "- UNAPPROVED_MEETING | 2026-11-24 | First of the day | open",
      "- UNAPPROVED_MEETING | 2026-11-24 | Held <b>twice</b> & more | responded",
      "- UNAPPROVED_MEETING | 2026-11-26 | Meeting held without approval: Budget | open",
    ]);
    const order = ["First of the day", "Held &#60;b&#62;twice", "Budget"].map((text) =>
      email.html.indexOf(text),
    );
    assert.ok(order.every((position) => position > 0));
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
  });

  it("escapes what reporters typed in the HTML part", () => {
    const email = renderDigest(
      { name: `O'Brien & <Sons>`, emails: ["x@y.gov"] },
      "2026-W48",
      violations,
      "en",
    );
    assert.ok(!email.html.includes("<b>twice</b>"));
    assert.match(email.html, /Held &#60;b&#62;twice&#60;\/b&#62; &#38; more/);
    assert.match(email.html, /Dear O&#39;Brien &#38; &#60;Sons&#62;,/);
    assert.match(email.text, /^Dear O'Brien & <Sons>,/);
  });

  it("leaves no link in what reporters and administrators typed, in the text and the HTML alike", () => {
    // The linkifier mailparser uses, and so the local SES emulator's mail view: an independent judge.
    const linkify: unknown = Reflect.construct(createRequire(import.meta.url)("linkify-it"), []);
    const links = (text: string): unknown =>
      typeof linkify === "object" &&
      linkify !== null &&
      "match" in linkify &&
      typeof linkify.match === "function"
        ? linkify.match(text)
        : assert.fail("linkify-it did not load");
    const typed = [
      "see http://evil.example/x or www.evil.example",
      "HTTPS://EVIL.COM/login?next=/",
      "visit evil.com or sub.evil.co.uk today",
      "write to boss@evil.com, mailto:x@evil.cn",
      "ftp://files.evil.org and //evil.net/x",
      "请访问evil.cn报名",
      "server 10.0.0.1:8080/admin",
    ];
    const name = "Dept of evil.com (admin@evil.com)";
    const email = renderDigest(
      { name, emails: ["x@y.gov"] },
      "2026-W48",
      typed.map((summary, index) => violationRecord({ id: `v${index}`, summary })),
      "en",
    );
    const htmlText = email.html
      .replace(/<[^>]*>/g, " ")
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    for (const [part, text] of [
      ["text", email.text],
      ["html", htmlText],
    ] as const) {
      assert.equal(links(text), null, `${part}: ${JSON.stringify(links(text))}`);
      // Still readable: only hair spaces were added.
      const plain = text.replaceAll("\u200a", "");
      for (const original of [...typed, name]) assert.ok(plain.includes(original), `${part}: ${original}`);
    }
    assert.ok(!email.html.includes("<a"), "no anchor in the HTML");
  });

  it("speaks Chinese when the deployment's locale is zh-CN", () => {
    const email = renderDigest(unit, "2026-W48", violations, "zh-CN");
    assert.equal(email.subject, "【减负督查】2026-W48 周报：发现 3 项问题");
    assert.match(email.text, /^Department A：/);
    assert.match(email.text, /\| 待说明$/m);
    assert.match(email.text, /\| 已说明$/m);
    assert.match(email.html, /<th>规则<\/th><th>日期<\/th><th>说明<\/th><th>状态<\/th>/);
  });
});
