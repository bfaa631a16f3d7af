import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { parseCsv, readCsvTable, toCsv } from "../../shared/platform/csv.ts";

describe("parseCsv", () => {
  it("reads CRLF and LF lines, a byte-order mark and Chinese text", () => {
    const { rows, errors } = parseCsv("\uFEFFid,name\r\nv1,柳树村\nv2,桃花村\r\n");
    assert.deepEqual(errors, []);
    assert.deepEqual(rows, [
      { line: 1, fields: ["id", "name"] },
      { line: 2, fields: ["v1", "柳树村"] },
      { line: 3, fields: ["v2", "桃花村"] },
    ]);
  });

  it("reads quoted fields holding commas, doubled quotes and line breaks, numbering physical lines", () => {
    const { rows, errors } = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"two\r\nlines",z\r\nlast,""');
    assert.deepEqual(errors, []);
    assert.deepEqual(rows, [
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'say "hi"'] },
      { line: 3, fields: ["two\r\nlines", "z"] },
      { line: 5, fields: ["last", ""] },
    ]);
  });

  it("skips empty lines and keeps empty fields", () => {
    const { rows } = parseCsv("a,b\n\n,\n");
    assert.deepEqual(rows, [
      { line: 1, fields: ["a", "b"] },
      { line: 3, fields: ["", ""] },
    ]);
  });

  it("names each malformed line and goes on at the next one", () => {
    const { rows, errors } = parseCsv('a,b\n"open"x,1\nok,2\nbad"quote,3\n"never closed,4\nmore');
    assert.deepEqual(
      rows.map((row) => row.line),
      [1, 3],
    );
    assert.deepEqual(errors, [
      { line: 2, message: "line 2: a quoted field must be followed by a comma or the end of the line" },
      {
        line: 4,
        message: 'line 4: a quote inside an unquoted field: quote the whole field and write the quote as ""',
      },
      { line: 5, message: "line 5: a quoted field is never closed: end it with a quote" },
    ]);
  });
});

describe("readCsvTable", () => {
  it("maps each record by the header's names, in any order and case, trimmed", () => {
    const table = readCsvTable("Name, ID\n 柳树村 ,v1\n", ["id", "name", "kind"], ["id"]);
    assert.deepEqual(table, { records: [{ line: 2, values: { name: "柳树村", id: "v1" } }], errors: [] });
  });

  it("refuses a header with unknown, missing or repeated columns", () => {
    const table = readCsvTable("id,colour,colour\nv1,red,red\n", ["id", "name", "colour"]);
    assert.deepEqual(table.records, []);
    assert.deepEqual(table.errors, [
      {
        line: 1,
        message: 'line 1: the column "name" is missing; the column "colour" appears twice',
      },
    ]);
  });

  it("refuses records with another number of fields than the header, in line order with parse errors", () => {
    const table = readCsvTable('id,name\nv1\n"v2\nv3,c,d\n', ["id", "name"]);
    assert.deepEqual(table.errors, [
      { line: 2, message: "line 2: has 1 fields where the header names 2" },
      { line: 3, message: "line 3: a quoted field is never closed: end it with a quote" },
    ]);
  });

  it("refuses an empty file", () => {
    assert.equal(readCsvTable("", ["id"]).errors[0]?.line, 1);
  });
});

describe("toCsv", () => {
  it("quotes what needs quoting, ends lines with CRLF and reads back the same", () => {
    const rows = [
      ["m1", '他说"好", 然后', 3],
      ["m2", "two\nlines", undefined],
      ["m3", " padded ", ""],
    ];
    const text = toCsv(["id", "title", "month"], rows);
    assert.equal(text, 'id,title,month\r\nm1,"他说""好"", 然后",3\r\nm2,"two\nlines",\r\nm3," padded ",\r\n');
    assert.deepEqual(
      parseCsv(text).rows.map((row) => row.fields),
      [
        ["id", "title", "month"],
        ["m1", '他说"好", 然后', "3"],
        ["m2", "two\nlines", ""],
        ["m3", " padded ", ""],
      ],
    );
  });

  it("keeps text a spreadsheet would run as a formula as text, and leaves numbers alone", () => {
    const text = toCsv(
      ["title", "limit"],
      [
        ['=HYPERLINK("http://x")', -3],
        ["+1+1", 2],
        ["@SUM(A1)", 1],
        ["-", 0],
      ],
    );
    assert.equal(
      text,
      'title,limit\r\n"\'=HYPERLINK(""http://x"")",-3\r\n\'+1+1,2\r\n\'@SUM(A1),1\r\n\'-,0\r\n',
    );
  });
});
