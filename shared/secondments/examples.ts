/**
 * Realistic secondments for the OpenAPI document (route `examples`): the education bureau borrows
 * a teacher-cadre of Willow Village for the school-safety campaign; the village confirms, and when
 * the campaign ends the bureau declares the return, which the village confirms. The unit tests
 * parse each one with its route's schema.
 */

const clerk = "c3f1a2b4-5d6e-4f70-8a9b-0c1d2e3f4a5b";
const cadre = "8d2e4f60-7a1b-4c3d-9e5f-6a7b8c9d0e1f";
const registeredAt = "2026-03-02T01:20:44.102Z";

export const registerSecondmentExample = {
  personRef: "借调-2026-003",
  fromUnitId: "village-1",
  startDate: "2026-03-02",
  returnBy: "2026-06-30",
  purpose: "School-safety campaign, spring term (春季校园安全专项行动)",
};

export const registeredSecondmentExample = {
  id: "01JNMB2K7Q8R9S0T1V2W3X4Y5Z",
  personRef: registerSecondmentExample.personRef,
  fromUnitId: "village-1",
  toUnitId: "dept-education",
  startDate: "2026-03-02",
  returnBy: "2026-06-30",
  purpose: registerSecondmentExample.purpose,
  registeredBy: "borrower",
  status: "pending_confirmation",
  createdBy: clerk,
  createdAt: registeredAt,
  updatedAt: registeredAt,
  version: 1,
};

const confirmedAt = "2026-03-03T02:05:10.377Z";

export const activeSecondmentExample = {
  ...registeredSecondmentExample,
  status: "active",
  confirmedAt,
  updatedAt: confirmedAt,
  version: 2,
};

export const declareReturnExample = { returnedOn: "2026-06-26" };

const declaredAt = "2026-06-26T08:40:02.915Z";

export const returnDeclaredSecondmentExample = {
  ...activeSecondmentExample,
  status: "return_declared",
  returnedOn: declareReturnExample.returnedOn,
  updatedAt: declaredAt,
  version: 3,
};

const returnConfirmedAt = "2026-06-29T00:55:31.640Z";

export const returnedSecondmentExample = {
  ...returnDeclaredSecondmentExample,
  status: "returned",
  returnConfirmedAt,
  updatedAt: returnConfirmedAt,
  version: 4,
};

export const secondmentPageExample = { items: [activeSecondmentExample], nextCursor: null };

export const secondmentWithAuditExample = {
  ...activeSecondmentExample,
  audit: [
    {
      at: registeredAt,
      by: clerk,
      role: "department",
      action: "secondment.registered",
      before: null,
      after: registeredSecondmentExample,
    },
    {
      at: confirmedAt,
      by: cadre,
      role: "grassroots",
      action: "secondment.confirmed",
      before: registeredSecondmentExample,
      after: activeSecondmentExample,
    },
  ],
};
