import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, it } from "vitest";
import * as factExamples from "../../shared/facts/examples.ts";
import { reportFactSchema } from "../../shared/facts/schemas.ts";
import { config } from "../../shared/platform/config.ts";
import * as requestExamples from "../../shared/requests/examples.ts";
import { submitRequestSchema } from "../../shared/requests/schemas.ts";
import { type Api, startApi } from "./client.ts";
import { validBodies } from "./support/fuzz-inputs.ts";
import { compileForm } from "./support/json-schema.ts";
import { inLastWeek } from "./support/meetings.ts";

type JsonSchema = Record<string, unknown> & {
  properties: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: { const: unknown; title?: string }[];
  items?: JsonSchema;
};
type ServedForms = {
  language: string;
  requests: Record<string, JsonSchema>;
  facts: Record<string, JsonSchema>;
};
type Body = Record<string, unknown> & { kind: string };

const languages = ["en", "zh-CN"] as const;

/**
 * How each section's forms are submitted. Its bodies are the real ones the suites send: the fuzz
 * suites' valid bodies (dated relative to now) and every submission among the route examples of
 * the OpenAPI document, whichever the section's zod union accepts, so a new kind's example is
 * picked up as soon as it is written.
 */
const sections = {
  requests: {
    path: "/v1/requests",
    schema: submitRequestSchema,
    candidates: [validBodies.submitRequest, ...Object.values(requestExamples)] as unknown[],
    examplesModule: "shared/requests/examples.ts",
    /** Requests may be for any date: the examples go as they are. */
    current: (body: Body): Body => body,
  },
  facts: {
    path: "/v1/events",
    schema: reportFactSchema,
    candidates: [validBodies.reportEvent, ...Object.values(factExamples)] as unknown[],
    examplesModule: "shared/facts/examples.ts",
    /**
     * A fact must have happened lately (not in the future, within FACT_MAX_AGE_DAYS) and may name
     * only a request that exists: a fixed example is moved into last week and loses its request.
     */
    current: (body: Body): Body => {
      const { requestId: _example, ...rest } = body;
      if ("heldAt" in rest) return { ...rest, heldAt: inLastWeek(30) };
      if ("issuedAt" in rest) return { ...rest, issuedAt: inLastWeek(30) };
      if ("visitedAt" in rest) return { ...rest, visitedAt: inLastWeek(30) };
      return rest;
    },
  },
} as const;
type Section = keyof typeof sections;

const submissionsOf = (section: Section): Body[] => {
  const { schema, candidates } = sections[section];
  return candidates.filter((candidate): candidate is Body => schema.safeParse(candidate).success);
};

/** The fields that offer choices, with a value none of them is. */
const choiceFields = (form: JsonSchema): [string, unknown][] =>
  Object.entries(form.properties).flatMap(([field, property]): [string, unknown][] => {
    if (property.oneOf || property.enum) return [[field, "not_a_choice"]];
    if (property.items?.oneOf || property.items?.enum) return [[field, ["not_a_choice"]]];
    return [];
  });

/**
 * GET /v1/forms against the running API, the way a frontend renders and checks a form with an
 * independent JSON Schema validator (Ajv 2020): what the form accepts, the API accepts (201), and
 * what it refuses, the API refuses (400). It covers whatever kinds the forms hold.
 */
describe("the forms against the running API", () => {
  let api: Api;
  const tokens: Record<string, string> = {};
  const served: Record<string, ServedForms> = {};

  beforeAll(async () => {
    api = await startApi();
    tokens.clerk = await api.token("department", "dept-education", "clerk-edu");
    tokens.village = await api.token("grassroots", "village-1", "cadre-1");
    for (const language of languages) {
      const reply = await api.call("GET", "/v1/forms", {
        token: tokens.clerk,
        headers: { "accept-language": language === "en" ? "en-GB,en;q=0.9,zh;q=0.5" : "zh-CN,zh;q=0.9" },
      });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      served[language] = reply.body;
    }
  });

  afterAll(() => api.stack.stop());

  const tokenFor = (section: Section) => (section === "requests" ? tokens.clerk : tokens.village);

  const post = (section: Section, body: unknown) =>
    api.call("POST", sections[section].path, {
      token: tokenFor(section),
      body,
      headers: { "idempotency-key": randomUUID() },
    });

  const formsOf = (section: Section) =>
    languages.map((language) => {
      const forms = served[language]?.[section];
      assert.ok(forms, `${language} ${section}`);
      return [language, forms] as const;
    });

  it("serves the language asked for, else the deployment's, with the same kinds in each", async () => {
    assert.equal(served.en?.language, "en");
    assert.equal(served["zh-CN"]?.language, "zh-CN");
    const unasked = await api.call("GET", "/v1/forms", { token: tokens.village });
    assert.equal(unasked.status, 200);
    assert.equal(unasked.body.language, config().EMAIL_LOCALE);
    const other = await api.call("GET", "/v1/forms", {
      token: tokens.village,
      headers: { "accept-language": "fr-FR, en;q=0.3, zh-CN;q=0.2" },
    });
    assert.equal(other.body.language, "en");
    for (const section of ["requests", "facts"] as const) {
      const [[, en], [, zh]] = formsOf(section) as [
        [string, Record<string, JsonSchema>],
        [string, Record<string, JsonSchema>],
      ];
      assert.deepEqual(Object.keys(en), Object.keys(zh));
      assert.ok(Object.keys(en).length > 0, section);
      for (const [kind, form] of Object.entries(en)) {
        assert.equal(form.$schema, "https://json-schema.org/draft/2020-12/schema");
        assert.notEqual(form.title, zh[kind]?.title, `${kind} has its own title in each language`);
        for (const [field, property] of Object.entries(form.properties)) {
          for (const language of [en, zh]) {
            const text = language[kind]?.properties[field];
            assert.ok(text?.title && text.description, `${kind}.${field} has a title and a description`);
          }
          assert.notEqual(property.description, zh[kind]?.properties[field]?.description, `${kind}.${field}`);
        }
      }
    }
  });

  it("needs a token", async () => {
    const anonymous = await api.call("GET", "/v1/forms");
    assert.equal(anonymous.status, 401);
  });

  for (const section of ["requests", "facts"] as const) {
    it(`accepts real ${section} by Ajv and by the API, for every kind the forms hold`, async () => {
      const submissions = submissionsOf(section);
      for (const [language, forms] of formsOf(section)) {
        for (const [kind, form] of Object.entries(forms)) {
          const bodies = submissions.filter((body) => body.kind === kind);
          assert.ok(
            bodies.length > 0,
            `no real ${kind} body to check its form with: add a submission of kind ${kind} to ${sections[section].examplesModule}`,
          );
          const validate = compileForm(form);
          for (const body of bodies) {
            assert.equal(validate(body), true, `${language} ${kind}: ${JSON.stringify(validate.errors)}`);
          }
        }
      }
      for (const body of submissions) {
        const reply = await post(section, sections[section].current(body));
        assert.equal(reply.status, 201, `${body.kind}: ${JSON.stringify(reply.body)}`);
      }
    });

    it(`refuses ${section} with a required field missing or a choice no form offers, by Ajv and by the API alike`, async () => {
      const submissions = submissionsOf(section);
      let refused = 0;
      for (const [kind, form] of Object.entries(served.en?.[section] ?? {})) {
        const valid = submissions.find((body) => body.kind === kind);
        assert.ok(valid, kind);
        const validators = formsOf(section).map(([language, forms]) => {
          const localized = forms[kind];
          assert.ok(localized, `${language} ${kind}`);
          return [language, compileForm(localized)] as const;
        });
        const invalid: [string, Body][] = [
          ...(form.required ?? [])
            .filter((field) => field !== "kind")
            .map((field): [string, Body] => {
              const { [field]: _missing, ...rest } = valid;
              return [field, rest as Body];
            }),
          ...choiceFields(form).map(([field, value]): [string, Body] => [
            field,
            { ...valid, [field]: value },
          ]),
        ];
        assert.ok(invalid.length > 0, kind);
        for (const [field, body] of invalid) {
          for (const [language, validate] of validators) {
            assert.equal(validate(body), false, `${language} ${kind} form takes a bad ${field}`);
          }
          const reply = await post(section, sections[section].current(body));
          assert.equal(reply.status, 400, `${kind} ${field}: ${JSON.stringify(reply.body)}`);
          assert.equal(reply.body.error.code, "VALIDATION_FAILED");
          assert.ok(
            reply.body.error.details.some(
              (detail: { path: string }) => detail.path.split(/[.[]/)[0] === field,
            ),
            `${kind} ${field}: ${JSON.stringify(reply.body.error.details)}`,
          );
          refused += 1;
        }
      }
      assert.ok(refused > 0);
    });
  }
});
