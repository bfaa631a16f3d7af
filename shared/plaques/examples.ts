/**
 * Realistic plaque types and plaques for the OpenAPI document (route `examples`): the administrator
 * admits the Party-and-people service centre plaque; Willow Village registers it, and also a plaque
 * the agriculture bureau had it hang that is of no admitted type, which it takes down. The unit
 * tests parse each one with its route's schema.
 */

const admin = "0f1e2d3c-4b5a-4968-8776-655443322110";
const cadre = "8d2e4f60-7a1b-4c3d-9e5f-6a7b8c9d0e1f";
const typeCreatedAt = "2026-01-05T02:00:00.000Z";

export const createPlaqueTypeExample = {
  name: "党群服务中心 (Party-and-people service centre)",
  description: "The village's service centre for Party members and residents: one plaque at its door.",
};

export const plaqueTypeExample = {
  id: "01JGZ4T6W8Y0A2C4E6G8J0L2N4",
  ...createPlaqueTypeExample,
  createdBy: admin,
  createdAt: typeCreatedAt,
  updatedAt: typeCreatedAt,
  version: 1,
};

export const updatePlaqueTypeExample = {
  name: createPlaqueTypeExample.name,
  description: "The village's service centre for Party members and residents: one plaque at its main door.",
};

const typeUpdatedAt = "2026-02-10T03:12:40.551Z";

export const updatedPlaqueTypeExample = {
  ...plaqueTypeExample,
  ...updatePlaqueTypeExample,
  updatedAt: typeUpdatedAt,
  version: 2,
};

export const plaqueTypePageExample = { items: [plaqueTypeExample], nextCursor: null };

export const registerPlaqueExample = {
  title: "农业技术推广服务站 (Agricultural extension station)",
  issuingUnitId: "dept-agriculture",
};

const registeredAt = "2026-04-08T01:30:15.204Z";

export const toRemovePlaqueExample = {
  id: "01JR9K2M4P6R8T0V2X4Z6B8D0F",
  villageUnitId: "village-1",
  ...registerPlaqueExample,
  status: "to_remove",
  removeBy: "2026-05-08",
  createdBy: cadre,
  createdAt: registeredAt,
  updatedAt: registeredAt,
  version: 1,
};

export const admittedPlaqueExample = {
  id: "01JR9K1A3C5E7G9J1L3N5Q7S9U",
  villageUnitId: "village-1",
  title: "柳村党群服务中心",
  issuingUnitId: "city-office",
  typeId: plaqueTypeExample.id,
  status: "admitted",
  createdBy: cadre,
  createdAt: "2026-04-08T01:28:02.117Z",
  updatedAt: "2026-04-08T01:28:02.117Z",
  version: 1,
};

export const plaqueRemovalExample = { removedOn: "2026-04-20" };

const removedAt = "2026-04-20T07:45:00.318Z";

export const removedPlaqueExample = {
  ...toRemovePlaqueExample,
  status: "removed",
  removedOn: plaqueRemovalExample.removedOn,
  updatedAt: removedAt,
  version: 2,
};

export const plaquePageExample = { items: [toRemovePlaqueExample, admittedPlaqueExample], nextCursor: null };

export const plaqueWithAuditExample = {
  ...removedPlaqueExample,
  audit: [
    {
      at: registeredAt,
      by: cadre,
      role: "grassroots",
      action: "plaque.registered",
      before: null,
      after: toRemovePlaqueExample,
    },
    {
      at: removedAt,
      by: cadre,
      role: "grassroots",
      action: "plaque.removed",
      before: toRemovePlaqueExample,
      after: removedPlaqueExample,
    },
  ],
};
