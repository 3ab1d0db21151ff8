// The one place a domain refusal becomes HTTP (app/http/responses.server.ts).
import { describe, expect, it } from "vitest";
import { conflict, forbidden, invalid, notFound } from "~/domain/core/errors";
import { readOrRefuse, runAction, toHttpError } from "~/http/responses.server";

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("toHttpError", () => {
  it.each([
    [forbidden("No."), 403],
    [notFound("No such task."), 404],
    [conflict("Changed."), 409],
    [invalid("Bad."), 400],
  ])("answers %s with %i and its message", async (error, status) => {
    const response = toHttpError(error);
    expect(response.status).toBe(status);
    expect(await response.text()).toBe(error.message);
  });
});

describe("readOrRefuse and runAction", () => {
  it("throw a refusal as its response and let other errors through untouched", async () => {
    const refused = await thrown(readOrRefuse(() => Promise.reject(invalid("Bad month."))));
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(400);
    const bug = new Error("bug");
    expect(await thrown(readOrRefuse(() => Promise.reject(bug)))).toBe(bug);
    expect(await thrown(runAction(() => Promise.reject(bug)))).toBe(bug);
  });

  it("runAction throws forbidden and not found, and returns a form's refusal as data", async () => {
    const page = await thrown(runAction(() => Promise.reject(forbidden())));
    expect((page as Response).status).toBe(403);
    const form = (await runAction(() =>
      Promise.reject(invalid("Fix it.", { body: ["Enter it"] })),
    )) as unknown as {
      init: { status: number };
      data: { ok: false; fieldErrors: Record<string, string[]> };
    };
    expect(form.init.status).toBe(400);
    expect(form.data).toMatchObject({ ok: false, fieldErrors: { body: ["Enter it"] } });
  });
});
