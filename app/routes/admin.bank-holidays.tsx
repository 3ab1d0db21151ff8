import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { AdminPage } from "~/components/admin";
import { ScrollRegion } from "~/components/charts";
import { ErrorSummary, TextField, useFormFailure } from "~/components/forms";
import {
  addBankHoliday,
  bankHolidaySchema,
  listBankHolidays,
  removeBankHoliday,
} from "~/domain/accounts/admin";
import { isoDateInWords } from "~/domain/core/words";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { runAction } from "~/http/responses.server";

export const meta: MetaFunction = () => [{ title: "Bank holidays — Administration — One Dialogue" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { holidays: await listBankHolidays() };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireAdmin(request);
  const form = await readForm(request);
  if (form.get("intent") === "remove") {
    const parsed = parseFormData(form, bankHolidaySchema.pick({ day: true }));
    if (!parsed.ok) return badRequest(parsed);
    const done = await runAction(() => removeBankHoliday(viewer, parsed.data.day), parsed.values);
    if (done) return done;
    throw redirect("/admin/bank-holidays");
  }
  const parsed = parseFormData(form, bankHolidaySchema);
  if (!parsed.ok) return badRequest(parsed);
  const done = await runAction(() => addBankHoliday(viewer, parsed.data), parsed.values);
  if (done) return done;
  throw redirect("/admin/bank-holidays");
}

export default function BankHolidays() {
  const { holidays } = useLoaderData<typeof loader>();
  const form = useFormFailure<typeof action>();
  return (
    <AdminPage title="Bank holidays">
      <p>Deadlines in working days skip weekends and these dates (England and Wales).</p>
      <ErrorSummary errors={form.errors} labels={{ day: "Date", name: "Name" }} />
      <h2>Add a bank holiday</h2>
      <Form method="post" noValidate>
        <TextField
          name="day"
          label="Date"
          type="date"
          defaultValue={form.value("day")}
          errors={form.errors}
        />
        <TextField name="name" label="Name" defaultValue={form.value("name")} errors={form.errors} />
        <button type="submit" className="button">
          Add
        </button>
      </Form>
      <h2 className="mt-8">Listed bank holidays</h2>
      <ScrollRegion label="Bank holidays: table">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Holiday</th>
              <th scope="col">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {holidays.map((h) => (
              <tr key={h.day}>
                <td>{isoDateInWords(h.day)}</td>
                <td>{h.name}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="day" value={h.day} />
                    <button type="submit" className="link-button">
                      Remove
                      <span className="sr-only">
                        {" "}
                        {h.name} {h.day}
                      </span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </AdminPage>
  );
}
