import { Form, Link } from "@remix-run/react";
import { ErrorSummary, type FieldErrors, TextField } from "./forms";

export function SetPasswordForm(props: {
  title: string;
  intro: string;
  email: string;
  button: string;
  problem: string | null;
  fieldErrors?: FieldErrors;
}) {
  if (props.problem) {
    return (
      <div className="max-w-xl">
        <h1>This link cannot be used</h1>
        <p>{props.problem}</p>
        <p>
          <Link to="/forgot-password">Ask for a new password link</Link> or <Link to="/login">sign in</Link>.
        </p>
      </div>
    );
  }
  return (
    <div className="max-w-xl">
      <h1>{props.title}</h1>
      <p>{props.intro}</p>
      <ErrorSummary
        errors={props.fieldErrors}
        labels={{ password: "New password", confirm: "Password again" }}
      />
      <Form method="post" noValidate>
        <input type="hidden" name="username" value={props.email} autoComplete="username" />
        <TextField
          name="password"
          label="New password"
          hint="At least 10 characters. A few unrelated words make a good password."
          type="password"
          autoComplete="new-password"
          errors={props.fieldErrors}
        />
        <TextField
          name="confirm"
          label="Password again"
          type="password"
          autoComplete="new-password"
          errors={props.fieldErrors}
        />
        <button type="submit" className="button">
          {props.button}
        </button>
      </Form>
    </div>
  );
}
