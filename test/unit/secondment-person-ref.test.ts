/**
 * personRef names a seconded person pseudonymously: resident ID numbers and phone numbers are
 * refused however they are written, and ordinary file references pass.
 */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { issueDetails } from "../../shared/platform/http/issues.ts";
import { personalNumberIn } from "../../shared/secondments/person-ref.ts";
import { personRefSchema, registerSecondmentSchema } from "../../shared/secondments/schemas.ts";

describe("spotting a personal number in a personRef", () => {
  const residentIds = [
    "110101199003074518",
    "11010519491231002X",
    "11010519491231002x",
    "110101 19900307 4518",
    "110101-19900307-451X",
    "4401 0620 0001 0112 34",
    "张三-110101199003074518",
    "ID:110101199003074518.",
    "130503670401001",
    "130503 670401 001",
  ];
  const phones = [
    "13812345678",
    "19912345678",
    "138 1234 5678",
    "138-1234-5678",
    "+86 138 1234 5678",
    "+8613812345678",
    "0086 13812345678",
    "8613812345678",
    "李四 13812345678",
    "2026 138 1234 5678",
    "010-12345678",
    "010 1234 5678",
    "(010) 12345678",
    "（010）12345678",
    "0571 8765 4321",
    "0571-87654321",
    "0755-2345678",
    "+86 10 12345678",
    "+86-571-87654321",
  ];
  const references = [
    "借调-2026-003",
    "JD-2026-0001",
    "REF-2026-0001-0002",
    "SEC-2026-12345678",
    "2026-003-12345678",
    "202600312345678",
    "柳村-王某-01",
    "A-00123",
    "12345",
    "1234567890",
    "12812345678",
    "1381234567",
    "138123456789",
    "000012345678",
    "110101199013074518",
    "110101199003324518",
    "010-1234567",
    "0571-1234567",
  ];

  for (const value of residentIds) {
    it(`reads "${value}" as a resident ID number`, () => {
      assert.equal(personalNumberIn(value), "resident ID number");
    });
  }
  for (const value of phones) {
    it(`reads "${value}" as a phone number`, () => {
      assert.equal(personalNumberIn(value), "phone number");
    });
  }
  for (const value of references) {
    it(`lets the reference "${value}" pass`, () => {
      assert.equal(personalNumberIn(value), undefined);
    });
  }
});

describe("the personRef field", () => {
  const detailsOf = (value: string) => {
    const parsed = personRefSchema.safeParse(value);
    return parsed.success ? [] : issueDetails(parsed.error.issues, "personRef", value);
  };

  it("says why a resident ID number or a phone number is refused, at personRef", () => {
    assert.deepEqual(detailsOf("110101199003074518"), [
      {
        path: "personRef",
        message: "personRef must be a pseudonymous reference, not a resident ID number",
      },
    ]);
    assert.deepEqual(detailsOf("+86 138 1234 5678"), [
      { path: "personRef", message: "personRef must be a pseudonymous reference, not a phone number" },
    ]);
  });

  it("takes a reference, trimmed, up to 64 characters", () => {
    assert.equal(personRefSchema.parse("  借调-2026-003 "), "借调-2026-003");
    assert.equal(personRefSchema.safeParse("x".repeat(65)).success, false);
    assert.equal(personRefSchema.safeParse("  ").success, false);
  });

  it("finds the number inside a registration body, with its path", () => {
    const body = {
      personRef: "王某 13812345678",
      fromUnitId: "village-1",
      startDate: "2026-03-02",
      returnBy: "2026-06-30",
      purpose: "School safety",
    };
    const parsed = registerSecondmentSchema.safeParse(body);
    assert.equal(parsed.success, false);
    assert.deepEqual(
      issueDetails(parsed.error?.issues ?? [], "body", body).map((detail) => detail.path),
      ["personRef"],
    );
  });

  it("refuses a returnBy before startDate, at returnBy", () => {
    const body = {
      personRef: "借调-2026-003",
      fromUnitId: "village-1",
      startDate: "2026-03-02",
      returnBy: "2026-03-01",
      purpose: "School safety",
    };
    const parsed = registerSecondmentSchema.safeParse(body);
    assert.deepEqual(issueDetails(parsed.error?.issues ?? [], "body", body), [
      { path: "returnBy", message: "returnBy must not be before startDate" },
    ]);
    assert.equal(registerSecondmentSchema.safeParse({ ...body, returnBy: "2026-03-02" }).success, true);
  });
});
