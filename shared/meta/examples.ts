/**
 * Realistic answers of the meta routes for the OpenAPI document (route `examples`); the unit tests
 * parse each with its route's response schema. GET /v1/forms is cut to one request form and one
 * fact form with a few of their fields.
 */

const DIALECT = "https://json-schema.org/draft/2020-12/schema";

/** GET /v1/health as a deployed stack answers it: on real time, with the database answering. */
export const healthExample = {
  status: "ok",
  dependencies: { dynamodb: "ok" },
  clock: { now: "2026-11-02T00:00:00.000Z", source: "system" },
};

export const formsExample = {
  language: "zh-CN",
  requests: {
    meeting: {
      $schema: DIALECT,
      title: "会议",
      description:
        "申请召开全市性会议。会议实行“一事一报”，经批准后方可召开；能合并的合并召开，能以视频方式召开的不集中开会。",
      type: "object",
      properties: {
        kind: {
          title: "事项类型",
          description: "表单的类型代码，固定为本表单的取值，随表单原样提交。",
          type: "string",
          const: "meeting",
        },
        title: {
          title: "会议名称",
          description: "会议的正式名称，如“全市冬季校园安全工作会议”，不超过 200 字。",
          type: "string",
          minLength: 1,
          maxLength: 200,
        },
        format: {
          title: "会议形式",
          description: "现场会议或视频会议。能以视频方式召开的，不集中开会。",
          type: "string",
          oneOf: [
            { const: "in_person", title: "现场会议" },
            { const: "video", title: "视频会议" },
          ],
        },
        durationMinutes: {
          title: "会议时长（分钟）",
          description: "预计会议时长，以分钟计，1 至 1440。超过本市规定时长上限的，审批时会提示。",
          type: "integer",
          minimum: 1,
          maximum: 1440,
        },
      },
      required: ["kind", "title", "format", "durationMinutes"],
      additionalProperties: false,
    },
  },
  facts: {
    meeting_held: {
      $schema: DIALECT,
      title: "已召开会议",
      description:
        "报告实际召开的会议：市直部门报告本单位召开的会议，乡镇和村报告被通知参加的会议。每周核查时据此比对审批情况。",
      type: "object",
      properties: {
        kind: {
          title: "事项类型",
          description: "表单的类型代码，固定为本表单的取值，随表单原样提交。",
          type: "string",
          const: "meeting_held",
        },
        relayed: {
          title: "是否要求层层传达",
          description: "会议是否要求下级单位再逐级召开会议传达（层层开会）。",
          type: "boolean",
        },
      },
      required: ["kind", "relayed"],
      additionalProperties: false,
    },
  },
};
