// The form kit's one shape: values come back as typed (lists for repeated fields,
// never passwords), any key is data, and a failure carries a message per field.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formValues, parseFormData, text } from "~/http/forms.server";
import { isFormFailure } from "~/lib/form-result";

const body = (entries: Array<[string, string]>) => {
  const form = new FormData();
  for (const [key, value] of entries) form.append(key, value);
  return form;
};

describe("the form kit", () => {
  it("sends back what was typed, repeated fields as lists, and never a password", () => {
    const values = formValues(
      body([
        ["name", "Ann"],
        ["ids", "1"],
        ["ids", "2"],
        ["password", "secret-one"],
        ["next", "secret-two"],
        ["confirm", "secret-two"],
      ]),
    );
    expect(values).toEqual({ name: "Ann", ids: ["1", "2"] });
  });

  it("reads a key named like an Object method as data", () => {
    expect(formValues(body([["toString", "x"]]))).toEqual({ toString: "x" });
  });

  it("fails with a message per field and the values kept", () => {
    const parsed = parseFormData(body([["title", "  "]]), z.object({ title: text("the title", 10) }));
    expect(parsed).toMatchObject({
      ok: false,
      fieldErrors: { title: ["Enter the title"] },
      values: { title: "  " },
    });
    expect(isFormFailure(parsed)).toBe(true);
    expect(isFormFailure({ ok: true })).toBe(false);
  });
});
