// The form kit's one shape: values come back as typed (lists for repeated fields,
// never passwords), any key is data, and a failure carries a message per field.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readFormFailure } from "~/components/forms";
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

  it("is read back by the page under the schema's field names, which TypeScript holds it to", () => {
    const schema = z.object({ name: text("the name", 20), slug: text("the slug", 20) });
    const parsed = parseFormData(
      body([
        ["name", "Ann"],
        ["slug", ""],
      ]),
      schema,
    );
    const failure = readFormFailure(parsed.ok ? undefined : parsed);
    expect(failure.failed).toBe(true);
    expect(failure.errors).toEqual({ slug: ["Enter the slug"] });
    expect(failure.value("name")).toBe("Ann");
    expect(failure.valueOr("slug", "kept")).toBe("");
    // A misspelt field name does not compile (an unused @ts-expect-error is itself an error).
    // @ts-expect-error "nmae" is not one of the schema's fields
    expect(failure.value("nmae")).toBeUndefined();

    // Before the form is sent there is no answer: the saved value shows.
    const nothing = readFormFailure<typeof parsed | undefined>(undefined);
    expect(nothing.failed).toBe(false);
    expect(nothing.valueOr("name", "saved")).toBe("saved");
  });
});
