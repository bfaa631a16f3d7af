import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { afterEach, describe, it } from "vitest";
import { generatedFormsPath, generatedFormsText } from "../../scripts/openapi.ts";
import { reportMeetingHeldExample } from "../../shared/facts/examples.ts";
import { reportFactSchema } from "../../shared/facts/schemas.ts";
import {
  formKindsOf,
  generateFormsDocument,
  JSON_SCHEMA_DIALECT,
  type JsonSchema,
  missingFormTexts,
} from "../../shared/meta/forms.ts";
import { type FormLanguage, formLanguages, negotiateLanguage } from "../../shared/meta/language.ts";
import { servedForms } from "../../shared/meta/served-forms.ts";
import { reloadConfig } from "../../shared/platform/config.ts";
import { submitMeetingExample } from "../../shared/requests/examples.ts";
import { submitRequestSchema } from "../../shared/requests/schemas.ts";
import { compileForm } from "../system/support/json-schema.ts";

const document = generateFormsDocument();
const kindsOf = (union: typeof submitRequestSchema | typeof reportFactSchema) =>
  formKindsOf(union).map(([kind]) => kind);

describe("the forms GET /v1/forms serves", () => {
  afterEach(() => {
    delete process.env.EMAIL_LOCALE;
    reloadConfig();
  });

  it("are the generator's output: run `npm run openapi` after changing a schema or a form's texts", () => {
    assert.equal(readFileSync(generatedFormsPath, "utf8"), generatedFormsText());
  });

  it("have a title and a description on every form and every field, and a label on every choice, in both languages", () => {
    const missing = missingFormTexts(document);
    assert.deepEqual(
      missing,
      [],
      `Add these texts to shared/meta/form-texts.ts (both languages), then run \`npm run openapi\`:\n  ${missing.join("\n  ")}`,
    );
  });

  it("notice a text that is missing", () => {
    const broken = structuredClone(document);
    const meeting = broken.en.requests.meeting as { properties: Record<string, JsonSchema> };
    delete meeting.properties.title?.title;
    delete (broken["zh-CN"].facts.meeting_held as JsonSchema).description;
    const format = meeting.properties.format as { oneOf: JsonSchema[] };
    delete format.oneOf[0]?.title;
    assert.deepEqual(missingFormTexts(broken), [
      "zh-CN facts.meeting_held has no description",
      "en requests.meeting.title has no title",
      'en requests.meeting.format choice "in_person" has no title',
    ]);
  });

  it("hold every kind of both unions, in both languages, each a standalone 2020-12 document", () => {
    for (const language of formLanguages) {
      const forms = document[language];
      assert.deepEqual(Object.keys(forms.requests), kindsOf(submitRequestSchema), language);
      assert.deepEqual(Object.keys(forms.facts), kindsOf(reportFactSchema), language);
      for (const [kind, form] of [...Object.entries(forms.requests), ...Object.entries(forms.facts)]) {
        assert.equal(form.$schema, JSON_SCHEMA_DIALECT, kind);
        assert.equal(form.type, "object", kind);
        assert.deepEqual((form.properties as Record<string, JsonSchema>).kind?.const, kind);
        compileForm(form); // strict: an unknown keyword or a malformed schema throws
      }
    }
    assert.notEqual(document.en.requests.meeting?.title, document["zh-CN"].requests.meeting?.title);
  });

  it("accept what the API accepts and refuse what it refuses, by an independent validator", () => {
    for (const language of formLanguages) {
      const meeting = compileForm(document[language].requests.meeting as JsonSchema);
      const held = compileForm(document[language].facts.meeting_held as JsonSchema);
      assert.ok(submitRequestSchema.safeParse(submitMeetingExample).success);
      assert.equal(meeting(submitMeetingExample), true, JSON.stringify(meeting.errors));
      assert.equal(held(reportMeetingHeldExample), true, JSON.stringify(held.errors));
      const { title: _title, ...untitled } = submitMeetingExample;
      assert.equal(meeting(untitled), false);
      assert.equal(meeting({ ...submitMeetingExample, format: "telepathy" }), false);
      assert.equal(meeting({ ...submitMeetingExample, surprise: 1 }), false);
      assert.equal(meeting({ ...submitMeetingExample, startsAt: "tomorrow" }), false);
    }
  });

  it("are served in the language asked for, else the deployment's EMAIL_LOCALE", () => {
    const zh = servedForms("zh-CN,zh;q=0.9,en;q=0.8");
    assert.equal(zh.language, "zh-CN");
    assert.deepEqual({ requests: zh.requests, facts: zh.facts }, document["zh-CN"]);
    assert.equal(servedForms("en-GB").requests.meeting?.title, document.en.requests.meeting?.title);
    assert.equal(servedForms(undefined).language, "zh-CN");
    process.env.EMAIL_LOCALE = "en";
    reloadConfig();
    assert.equal(servedForms(undefined).language, "en");
    assert.equal(servedForms("fr-FR").language, "en");
    assert.equal(servedForms("zh-Hans").language, "zh-CN");
  });
});

describe("Accept-Language negotiation", () => {
  const cases: [string | undefined, FormLanguage, FormLanguage][] = [
    [undefined, "zh-CN", "zh-CN"],
    ["", "en", "en"],
    ["en", "zh-CN", "en"],
    ["en-US", "zh-CN", "en"],
    ["EN-gb", "zh-CN", "en"],
    ["zh", "en", "zh-CN"],
    ["zh-CN", "en", "zh-CN"],
    ["zh-cn", "en", "zh-CN"],
    ["zh-Hans", "en", "zh-CN"],
    ["zh-Hans-CN", "en", "zh-CN"],
    ["zh-SG", "en", "zh-CN"],
    // Traditional Chinese is not served: the next preference, else the deployment's language.
    ["zh-TW", "en", "en"],
    ["zh-Hant-HK, en;q=0.5", "zh-CN", "en"],
    // q-values decide, whatever the order; equal ones keep the caller's order.
    ["en;q=0.4, zh-CN;q=0.9", "en", "zh-CN"],
    ["zh;q=0.5, en", "zh-CN", "en"],
    ["en, zh", "zh-CN", "en"],
    ["zh-CN,zh;q=0.9,en-US;q=0.8,en;q=0.7", "en", "zh-CN"],
    // q=0 means "not this".
    ["en;q=0, zh;q=0.1", "en", "zh-CN"],
    ["zh;q=0", "zh-CN", "zh-CN"],
    // Languages not served are passed over; `*` takes the deployment's language.
    ["fr-FR, de;q=0.9, en;q=0.1", "zh-CN", "en"],
    ["fr, *;q=0.5, en;q=0.1", "en", "en"],
    ["*", "zh-CN", "zh-CN"],
    ["ja", "en", "en"],
    // Malformed entries are skipped, never an error.
    ["en;q=2, zh", "en", "zh-CN"],
    ["en;q=abc", "zh-CN", "zh-CN"],
    ["e n, ;;, zh-CN", "en", "zh-CN"],
    [",,,", "en", "en"],
  ];

  it.each(cases)("%j with fallback %s reads %s", (header, fallback, expected) => {
    assert.equal(negotiateLanguage(header, fallback), expected);
  });
});
