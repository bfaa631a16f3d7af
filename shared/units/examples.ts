/**
 * Realistic units for the OpenAPI document (route `examples`); the unit tests parse each one with
 * its route's schema, so they cannot drift from what the API accepts and answers.
 */

const admin = "0c9d3f4e-5b1a-4e7d-8a2f-6b3c9d1e0a47";

export const createVillageExample = {
  id: "village-1",
  name: "Willow Village (柳树村)",
  kind: "village",
  parentId: "township-east",
  emails: ["village-1@demo.city.gov.cn"],
};

export const villageExample = {
  ...createVillageExample,
  createdBy: admin,
  createdAt: "2026-11-02T01:20:14.532Z",
  updatedAt: "2026-11-02T01:20:14.532Z",
  version: 1,
};

export const updateEducationExample = {
  name: "Education Bureau (教育局)",
  kind: "department",
  parentId: "city-office",
  emails: ["education@demo.city.gov.cn", "education-office@demo.city.gov.cn"],
};

export const educationExample = {
  id: "dept-education",
  ...updateEducationExample,
  createdBy: admin,
  createdAt: "2026-11-02T01:18:03.911Z",
  updatedAt: "2026-11-19T07:42:55.206Z",
  version: 2,
};

export const unitPageExample = {
  items: [educationExample, villageExample],
  nextCursor: "q3X9c1Vd0lJmWk4pR2tYc0FNeUZ6b0pqTnJ3RzZQbHh0RkE5dUNiTWd4",
};

export const unitImportExample = [
  "id,name,kind,parentId,emails",
  "township-east,东城镇,township,city-office,east@demo.city.gov.cn",
  'village-1,"柳树村, Willow Village",village,township-east,village-1@demo.city.gov.cn;head@village-1.cn',
  "village-2,桃花村,village,township-east,",
  "",
].join("\r\n");

export const unitImportSummaryExample = {
  created: 2,
  updated: 1,
  unchanged: 0,
  createdIds: ["village-1", "village-2"],
  updatedIds: ["township-east"],
};
