/**
 * What a form says about itself, in every served language: a title and a description for each
 * request and fact kind, for each field (by name, or by kind and name where one kind means it
 * differently) and for each choice of a field that offers choices. `npm run openapi` writes them
 * into shared/meta/forms.json; a unit test (test/unit/forms.test.ts) fails while any field of any
 * served form lacks its text in either language. Adding a field to a kind means adding its texts
 * here. Only the generator reads this module: the meta function serves the generated file.
 */
import type { FormLanguage } from "./language.ts";

export type FormText = { title: string; description: string };
export type FormTexts = Record<FormLanguage, FormText>;
/** A choice's label, per language. */
export type ChoiceTitles = Record<FormLanguage, string>;

/** Each request and fact kind's form, by its `kind` value; kinds that come later are ready too. */
export const kindTexts: Record<string, FormTexts> = {
  meeting: {
    "zh-CN": {
      title: "会议",
      description:
        "申请召开全市性会议。会议实行“一事一报”，经批准后方可召开；能合并的合并召开，能以视频方式召开的不集中开会。",
    },
    en: {
      title: "Meeting",
      description:
        'Ask to hold a city-wide meeting. Every meeting is "one matter, one report": it is held only once approved; meetings that can be merged are merged, and those that can be held by video are not held in person.',
    },
  },
  document: {
    "zh-CN": {
      title: "发文",
      description: "申请印发文件。发文实行先审批后起草，严格控制发文数量和篇幅。",
    },
    en: {
      title: "Document",
      description:
        "Ask to issue a document. Approval comes before drafting; the number and length of documents are kept down.",
    },
  },
  inspection: {
    "zh-CN": {
      title: "督查检查考核（临时增加）",
      description:
        "年度计划外的督查、检查、考核事项，须作为临时增加事项“一事一报”，经批准后方可开展；对同一基层单位的事项应统筹整合，避免重复。",
    },
    en: {
      title: "Supervision, inspection or assessment (temporary addition)",
      description:
        'A supervision, inspection or assessment outside the annual plan is filed as a temporary addition, "one matter, one report", and happens only once approved; visits to the same grassroots unit are combined rather than repeated.',
    },
  },
  veto_item: {
    "zh-CN": {
      title: "一票否决/责任状事项",
      description:
        "申请设立一票否决事项或要求签订责任状。此类事项仅限四类：贯彻落实党中央重大决策部署、党风廉政建设、安全生产、统计造假，其他一律不得设立。",
    },
    en: {
      title: "One-vote veto or responsibility statement",
      description:
        "Ask to set up a one-vote veto item or to require a signed responsibility statement. Only four categories are allowed: implementing the central leadership's major decisions, Party conduct and integrity, production safety, and statistical fraud; nothing else.",
    },
  },
  meeting_held: {
    "zh-CN": {
      title: "已召开会议",
      description:
        "报告实际召开的会议：市直部门报告本单位召开的会议，乡镇和村报告被通知参加的会议。每周核查时据此比对审批情况。",
    },
    en: {
      title: "Meeting held",
      description:
        "Report a meeting that took place: a department reports the meetings its own unit convened, a township or village the meetings it was summoned to. The weekly sweep checks them against the approvals.",
    },
  },
  document_issued: {
    "zh-CN": {
      title: "已印发文件",
      description: "报告实际印发或收到的文件：市直部门报告本单位印发的文件，乡镇和村报告收到的文件。",
    },
    en: {
      title: "Document issued",
      description:
        "Report a document that was issued: a department reports its own unit's documents, a township or village the documents it received.",
    },
  },
  inspection_visit: {
    "zh-CN": {
      title: "督查检查考核到访",
      description: "报告实际开展或接受的督查、检查、考核：市直部门报告本单位开展的，乡镇和村报告接受的。",
    },
    en: {
      title: "Inspection visit",
      description:
        "Report a supervision, inspection or assessment that took place: a department reports those its unit carried out, a township or village those it received.",
    },
  },
};

/** Each field's texts by its name, whatever the kind; `kindFieldTexts` overrides them per kind. */
export const fieldTexts: Record<string, FormTexts> = {
  kind: {
    "zh-CN": {
      title: "事项类型",
      description: "表单的类型代码，固定为本表单的取值，随表单原样提交。",
    },
    en: {
      title: "Kind",
      description: "The form's kind code: always this form's value, sent as it is.",
    },
  },
  title: {
    "zh-CN": { title: "名称", description: "事项的正式名称，不超过 200 字。" },
    en: { title: "Title", description: "The matter's official title, up to 200 characters." },
  },
  reason: {
    "zh-CN": {
      title: "理由",
      description: "为什么必须办理此事项、不能以其他方式解决，不超过 2000 字。",
    },
    en: {
      title: "Reason",
      description: "Why this matter is necessary and cannot be settled another way, up to 2000 characters.",
    },
  },
  planItemId: {
    "zh-CN": {
      title: "年度计划项目编号",
      description: "本事项在年度计划中对应项目的编号。计划外的事项不填，审批时按临时增加事项处理。",
    },
    en: {
      title: "Annual plan item",
      description:
        "The id of the annual plan's item this matter carries out. Leave it out for a matter outside the plan: it is then decided as a temporary addition.",
    },
  },
  startsAt: {
    "zh-CN": {
      title: "开始时间",
      description:
        "会议开始的日期和时间，须带时区，如 2026-12-10T09:00:00+08:00。须在开会前获批，并给参会单位留出足够的准备时间。",
    },
    en: {
      title: "Starts at",
      description:
        "When the meeting starts, with its time zone offset, such as 2026-12-10T09:00:00+08:00. Approval must come first, with enough notice for the units attending.",
    },
  },
  durationMinutes: {
    "zh-CN": {
      title: "会议时长（分钟）",
      description: "预计会议时长，以分钟计，1 至 1440。超过本市规定时长上限的，审批时会提示。",
    },
    en: {
      title: "Duration (minutes)",
      description:
        "How long the meeting is planned to last, in minutes, from 1 to 1440. A meeting over the city's cap is flagged to the approver.",
    },
  },
  format: {
    "zh-CN": {
      title: "会议形式",
      description: "现场会议或视频会议。能以视频方式召开的，不集中开会。",
    },
    en: {
      title: "Format",
      description: "In person or by video. A meeting that can be held by video is not held in person.",
    },
  },
  attendeeLevel: {
    "zh-CN": {
      title: "参会人员层级",
      description: "要求各单位派出的参会人员层级。不得随意提高参会层级；高于年度计划的，审批时会提示。",
    },
    en: {
      title: "Attendee level",
      description:
        "The seniority of the person each unit sends. The level is not to be raised arbitrarily; one above the annual plan's is flagged to the approver.",
    },
  },
  attendeesPerUnit: {
    "zh-CN": {
      title: "每单位参会人数",
      description: "要求每个单位参会的人数，1 至 50。一人参会即可的，不要求多人参加。",
    },
    en: {
      title: "Attendees per unit",
      description:
        "How many people each unit sends, from 1 to 50. Where one person suffices, several are not required.",
    },
  },
  attendeeUnitKinds: {
    "zh-CN": {
      title: "参会单位类别",
      description: "通知哪些类别的单位参会，至少选择一类。",
    },
    en: {
      title: "Attending unit kinds",
      description: "The kinds of unit summoned to the meeting: at least one.",
    },
  },
  relayed: {
    "zh-CN": {
      title: "是否层层传达",
      description: "是否要求下级单位再逐级召开会议传达（层层开会）。规定禁止层层开会，选“是”的不予批准。",
    },
    en: {
      title: "Relayed down the hierarchy",
      description:
        "Whether lower units must hold meetings of their own to pass it on (layered meetings). The rules forbid it: a relayed meeting is not approved.",
    },
  },
  accompanyingAttendees: {
    "zh-CN": {
      title: "是否要求陪会",
      description: "是否要求有关人员陪同参会。规定禁止陪会，选“是”的不予批准；不填视为不要求。",
    },
    en: {
      title: "Accompanying attendees",
      description:
        "Whether people must come along to accompany the attendees. The rules forbid it, so such a meeting is not approved; left out, none are required.",
    },
  },
  docType: {
    "zh-CN": { title: "文种", description: "拟印发文件的文种。" },
    en: { title: "Document type", description: "The type of the document to issue." },
  },
  pages: {
    "zh-CN": {
      title: "页数",
      description: "文件正文预计页数，1 至 1000。篇幅超过本市规定上限的，审批时会提示。",
    },
    en: {
      title: "Pages",
      description:
        "How many pages the document is expected to run to, from 1 to 1000. One over the city's cap is flagged to the approver.",
    },
  },
  audienceUnitKinds: {
    "zh-CN": { title: "发文对象", description: "文件发往哪些类别的单位，至少选择一类。" },
    en: {
      title: "Audience unit kinds",
      description: "The kinds of unit the document goes to: at least one.",
    },
  },
  draftingStartsOn: {
    "zh-CN": {
      title: "起草开始日期",
      description: "计划开始起草的日期，格式为 YYYY-MM-DD，如 2026-12-01。本市规定发文先审批、后起草。",
    },
    en: {
      title: "Drafting starts on",
      description:
        "The day drafting is to begin, as YYYY-MM-DD, such as 2026-12-01. The city's rule is approval before drafting.",
    },
  },
  inspectionKind: {
    "zh-CN": { title: "类别", description: "督查、检查或考核。" },
    en: { title: "Kind of visit", description: "Supervision, inspection or assessment." },
  },
  targetUnitIds: {
    "zh-CN": {
      title: "对象单位",
      description: "被督查、检查或考核的具体单位编号，最多 500 个。与“对象单位类别”至少填写一项。",
    },
    en: {
      title: "Target units",
      description:
        "The ids of the units to be visited, up to 500. Give these, the target unit kinds, or both.",
    },
  },
  targetUnitKinds: {
    "zh-CN": {
      title: "对象单位类别",
      description: "按类别指定对象单位，如全部乡镇。与“对象单位”至少填写一项。",
    },
    en: {
      title: "Target unit kinds",
      description:
        "The kinds of unit to be visited, such as every township. Give these, the target units, or both.",
    },
  },
  from: {
    "zh-CN": { title: "开始日期", description: "开展的第一天，格式为 YYYY-MM-DD，如 2026-12-01。" },
    en: { title: "From", description: "The first day, as YYYY-MM-DD, such as 2026-12-01." },
  },
  to: {
    "zh-CN": {
      title: "结束日期",
      description: "开展的最后一天，格式为 YYYY-MM-DD，不得早于开始日期。",
    },
    en: { title: "To", description: "The last day, as YYYY-MM-DD; not before the first day." },
  },
  form: {
    "zh-CN": { title: "形式", description: "设立一票否决事项，或要求签订责任状。" },
    en: { title: "Form", description: "A one-vote veto item, or a responsibility statement to sign." },
  },
  category: {
    "zh-CN": {
      title: "事项类别",
      description:
        "只能填写以下四类之一的代码：central_instructions（贯彻落实党中央重大决策部署）、party_conduct（党风廉政建设）、production_safety（安全生产）、statistical_fraud（统计造假）。其他类别一律不予设立。",
    },
    en: {
      title: "Category",
      description:
        "One of four codes, and nothing else: central_instructions (implementing the central leadership's major decisions), party_conduct (Party conduct and integrity), production_safety (production safety) or statistical_fraud (statistical fraud). Any other category is refused.",
    },
  },
  convenerUnitId: {
    "zh-CN": {
      title: "召集单位",
      description: "召开会议的单位编号，须为市直部门或办公室。市直部门只报告本单位召开的会议。",
    },
    en: {
      title: "Convening unit",
      description:
        "The id of the unit that convened the meeting: a department or an office. A department reports only its own unit's meetings.",
    },
  },
  heldAt: {
    "zh-CN": {
      title: "召开时间",
      description:
        "会议实际开始的日期和时间，须带时区，如 2026-11-26T09:30:00+08:00。不得晚于当前时间，且在报告时限（默认 90 天）之内。",
    },
    en: {
      title: "Held at",
      description:
        "When the meeting really started, with its time zone offset, such as 2026-11-26T09:30:00+08:00: not in the future, and within the reporting limit (90 days by default).",
    },
  },
  issuerUnitId: {
    "zh-CN": {
      title: "印发单位",
      description:
        "印发文件的单位编号，须为市直部门或办公室。市直部门只报告本单位印发的文件；乡镇和村报告收到的文件时，填写发文的单位。",
    },
    en: {
      title: "Issuing unit",
      description:
        "The id of the unit that issued the document: a department or an office. A department reports only its own unit's documents; a township or village names the unit whose document it received.",
    },
  },
  docNumber: {
    "zh-CN": {
      title: "文号",
      description:
        "文件上印制的文号，如“教发〔2026〕31号”，不超过 100 字；〔〕可写作 [] 或【】。填写文号的，各单位对同一份文件的报告按文号合并，不论各自填写哪一天；不填的，按印发单位、日期和标题合并。",
    },
    en: {
      title: "Document number",
      description:
        "The number printed on the document, such as 教发〔2026〕31号, up to 100 characters; 〔〕 may be typed as [] or 【】. With it, every unit's report of the document is matched by the number, whatever day each gives; without it, by issuing unit, day and title.",
    },
  },
  issuedAt: {
    "zh-CN": {
      title: "印发时间",
      description:
        "文件印发的日期和时间（收到文件的乡镇和村可填收到的时间），须带时区，如 2026-11-24T16:00:00+08:00。不得晚于当前时间，且在报告时限（默认 90 天）之内。",
    },
    en: {
      title: "Issued at",
      description:
        "When the document was issued (a township or village that received it may give when it arrived), with its time zone offset, such as 2026-11-24T16:00:00+08:00: not in the future, and within the reporting limit (90 days by default).",
    },
  },
  leadUnitId: {
    "zh-CN": {
      title: "牵头单位",
      description:
        "牵头开展督查、检查或考核的单位编号，须为市直部门或办公室。市直部门只报告本单位牵头开展的。",
    },
    en: {
      title: "Lead unit",
      description:
        "The id of the unit that led the supervision, inspection or assessment: a department or an office. A department reports only the visits its own unit led.",
    },
  },
  targetUnitId: {
    "zh-CN": {
      title: "被检查单位",
      description: "接受督查、检查或考核的乡镇或村的编号。乡镇和村只报告对本单位开展的。",
    },
    en: {
      title: "Visited unit",
      description:
        "The id of the township or village visited. A township or village reports only visits to itself.",
    },
  },
  visitedAt: {
    "zh-CN": {
      title: "到访时间",
      description:
        "到访开展督查、检查或考核的日期和时间，须带时区，如 2026-11-25T10:00:00+08:00。不得晚于当前时间，且在报告时限（默认 90 天）之内。同一牵头单位同一天到同一单位的报告视为同一次。",
    },
    en: {
      title: "Visited at",
      description:
        "When the visit took place, with its time zone offset, such as 2026-11-25T10:00:00+08:00: not in the future, and within the reporting limit (90 days by default). Reports of one lead unit at one unit on one day are one visit.",
    },
  },
};

/** Where a kind means a field differently from the other kinds: its own texts, by kind and name. */
export const kindFieldTexts: Record<string, Record<string, FormTexts>> = {
  meeting: {
    title: {
      "zh-CN": {
        title: "会议名称",
        description: "会议的正式名称，如“全市冬季校园安全工作会议”，不超过 200 字。",
      },
      en: {
        title: "Meeting title",
        description:
          "The meeting's official title, such as “Winter campus safety briefing”, up to 200 characters.",
      },
    },
    reason: {
      "zh-CN": {
        title: "召开理由",
        description: "为什么必须开会、不能以发文、电话或视频等方式解决，不超过 2000 字。",
      },
      en: {
        title: "Reason",
        description:
          "Why a meeting is necessary and the matter cannot be settled by a document, a call or otherwise, up to 2000 characters.",
      },
    },
  },
  document: {
    title: {
      "zh-CN": { title: "文件标题", description: "拟印发文件的标题，不超过 200 字。" },
      en: {
        title: "Document title",
        description: "The title of the document to issue, up to 200 characters.",
      },
    },
    reason: {
      "zh-CN": {
        title: "发文理由",
        description: "为什么必须发文、不能以现有文件或其他方式解决，不超过 2000 字。",
      },
      en: {
        title: "Reason",
        description:
          "Why a document is necessary and the matter cannot be settled by an existing document or otherwise, up to 2000 characters.",
      },
    },
  },
  inspection: {
    title: {
      "zh-CN": { title: "事项名称", description: "督查检查考核事项的名称，不超过 200 字。" },
      en: {
        title: "Title",
        description: "The title of the supervision, inspection or assessment, up to 200 characters.",
      },
    },
    reason: {
      "zh-CN": {
        title: "开展理由",
        description: "为什么必须在年度计划外开展，能否与已有计划事项统筹整合，不超过 2000 字。",
      },
      en: {
        title: "Reason",
        description:
          "Why it must happen outside the annual plan, and why it cannot be combined with an item already planned, up to 2000 characters.",
      },
    },
  },
  veto_item: {
    title: {
      "zh-CN": { title: "事项名称", description: "一票否决事项或责任状的名称，不超过 200 字。" },
      en: {
        title: "Title",
        description: "The title of the veto item or responsibility statement, up to 200 characters.",
      },
    },
    targetUnitKinds: {
      "zh-CN": { title: "适用单位类别", description: "对哪些类别的单位设立，至少选择一类。" },
      en: { title: "Unit kinds it applies to", description: "The kinds of unit it binds: at least one." },
    },
    reason: {
      "zh-CN": {
        title: "设立理由",
        description: "为什么需要设立，依据哪项中央规定，不超过 2000 字。",
      },
      en: {
        title: "Reason",
        description: "Why it is needed, and which central rule it rests on, up to 2000 characters.",
      },
    },
  },
  meeting_held: {
    title: {
      "zh-CN": { title: "会议名称", description: "会议通知上的名称，不超过 200 字。" },
      en: {
        title: "Meeting title",
        description: "The meeting's title as its notice gave it, up to 200 characters.",
      },
    },
    durationMinutes: {
      "zh-CN": { title: "实际时长（分钟）", description: "会议实际时长，以分钟计，1 至 1440。" },
      en: {
        title: "Duration (minutes)",
        description: "How long the meeting really lasted, in minutes, from 1 to 1440.",
      },
    },
    attendeeLevel: {
      "zh-CN": { title: "参会人员层级", description: "会议通知实际要求的参会人员层级。" },
      en: {
        title: "Attendee level",
        description: "The seniority of attendee the meeting's notice really required.",
      },
    },
    attendeesPerUnit: {
      "zh-CN": { title: "每单位参会人数", description: "会议实际要求每个单位参会的人数，1 至 50。" },
      en: {
        title: "Attendees per unit",
        description: "How many people the meeting really required from each unit, from 1 to 50.",
      },
    },
    relayed: {
      "zh-CN": {
        title: "是否要求层层传达",
        description: "会议是否要求下级单位再逐级召开会议传达（层层开会）。",
      },
      en: {
        title: "Relayed down the hierarchy",
        description: "Whether the meeting required lower units to hold meetings of their own to pass it on.",
      },
    },
    accompanyingAttendees: {
      "zh-CN": {
        title: "是否要求陪会",
        description: "会议是否要求有关人员陪同参会（陪会）。不填视为不要求。",
      },
      en: {
        title: "Accompanying attendees",
        description:
          "Whether the meeting required people to come along to accompany the attendees. Left out, none were required.",
      },
    },
    requestId: {
      "zh-CN": {
        title: "对应申请编号",
        description:
          "批准该会议的申请编号，须为召集单位的会议申请；知道的填写，不知道的可不填，每周核查时会自动比对。",
      },
      en: {
        title: "Approved request",
        description:
          "The id of the convening unit's meeting request that approved this meeting, if known. Leave it out otherwise: the weekly sweep matches them itself.",
      },
    },
  },
  document_issued: {
    title: {
      "zh-CN": {
        title: "文件标题",
        description:
          "文件上印制的标题，不超过 200 字。每周核查时，未引用计划项目或申请的，按标题比对年度计划和获批的临时增加事项。",
      },
      en: {
        title: "Document title",
        description:
          "The title as printed on the document, up to 200 characters. Where no plan item or request is cited, the weekly sweep matches the plan and its approved additions by title.",
      },
    },
    pages: {
      "zh-CN": { title: "页数", description: "文件正文实际页数，1 至 1000。" },
      en: { title: "Pages", description: "How many pages the document runs to, from 1 to 1000." },
    },
    requestId: {
      "zh-CN": {
        title: "对应申请编号",
        description:
          "批准印发该文件的申请编号，须为印发单位的发文申请；知道的填写，不知道的可不填，每周核查时也按标题比对。",
      },
      en: {
        title: "Approved request",
        description:
          "The id of the issuing unit's document request that approved it, if known. Leave it out otherwise: the weekly sweep matches by title too.",
      },
    },
    planItemId: {
      "zh-CN": {
        title: "年度计划项目编号",
        description:
          "该文件在印发单位年度发文计划中对应项目的编号；知道的填写，不知道的可不填，每周核查时也按标题比对。",
      },
      en: {
        title: "Annual plan item",
        description:
          "The id of the issuing unit's annual documents plan item this document carries out, if known. Leave it out otherwise: the weekly sweep matches by title too.",
      },
    },
  },
  inspection_visit: {
    title: {
      "zh-CN": {
        title: "事项名称",
        description: "督查、检查或考核事项的名称，以通知或现场告知的为准，不超过 200 字。",
      },
      en: {
        title: "Title",
        description:
          "The title of the supervision, inspection or assessment, as its notice or the visitors gave it, up to 200 characters.",
      },
    },
    requestId: {
      "zh-CN": {
        title: "对应申请编号",
        description:
          "批准该事项作为临时增加事项的申请编号，须为牵头单位的督查检查考核申请；知道的填写。每周核查按实际到访的单位和日期比对年度计划和获批的临时增加事项，不以此编号为准。",
      },
      en: {
        title: "Approved request",
        description:
          "The id of the lead unit's inspection request that approved it as a temporary addition, if known. The weekly sweep judges the visit by who went where and when against the plan and its approved additions, not by this id.",
      },
    },
    planItemId: {
      "zh-CN": {
        title: "年度计划项目编号",
        description:
          "该事项在年度督查检查考核计划中对应项目的编号；知道的填写。每周核查按实际到访的单位和日期比对，不以此编号为准。",
      },
      en: {
        title: "Annual plan item",
        description:
          "The id of the annual inspections plan item it carries out, if known. The weekly sweep judges the visit by who went where and when, not by this id.",
      },
    },
  },
};

const unitKindTitles: Record<string, ChoiceTitles> = {
  office: { "zh-CN": "办公室", en: "Office" },
  department: { "zh-CN": "市直部门", en: "City department" },
  township: { "zh-CN": "乡镇（街道）", en: "Township" },
  village: { "zh-CN": "村（社区）", en: "Village" },
};

/** The label of each choice a field offers, by field name and value. */
export const choiceTitles: Record<string, Record<string, ChoiceTitles>> = {
  format: {
    in_person: { "zh-CN": "现场会议", en: "In person" },
    video: { "zh-CN": "视频会议", en: "Video conference" },
  },
  attendeeLevel: {
    principal: { "zh-CN": "主要负责同志", en: "Head of unit" },
    deputy: { "zh-CN": "分管负责同志", en: "Deputy head in charge" },
    staff: { "zh-CN": "工作人员", en: "Staff" },
  },
  attendeeUnitKinds: unitKindTitles,
  audienceUnitKinds: unitKindTitles,
  targetUnitKinds: unitKindTitles,
  docType: {
    notice: { "zh-CN": "通知", en: "Notice" },
    opinion: { "zh-CN": "意见", en: "Opinion" },
    plan: { "zh-CN": "方案", en: "Plan" },
    measures: { "zh-CN": "办法、措施", en: "Measures" },
    other: { "zh-CN": "其他", en: "Other" },
  },
  inspectionKind: {
    supervision: { "zh-CN": "督查", en: "Supervision" },
    inspection: { "zh-CN": "检查", en: "Inspection" },
    assessment: { "zh-CN": "考核", en: "Assessment" },
  },
  form: {
    one_vote_veto: { "zh-CN": "一票否决", en: "One-vote veto" },
    responsibility_statement: { "zh-CN": "签订责任状", en: "Responsibility statement" },
  },
};

/** A field's texts in one language: the kind's own, else the field name's, else none. */
export const fieldText = (kind: string, field: string, language: FormLanguage): FormText | undefined =>
  (kindFieldTexts[kind]?.[field] ?? fieldTexts[field])?.[language];

/** A choice's label in one language, if it has one. */
export const choiceTitle = (field: string, value: unknown, language: FormLanguage): string | undefined =>
  typeof value === "string" ? choiceTitles[field]?.[value]?.[language] : undefined;
