// The meeting's details form, shared by "schedule" and "edit".
import { Form } from "@remix-run/react";
import { MEETING_KIND_NAME, MEETING_KINDS } from "~/domain/meetings/meeting-kinds";
import { Checkboxes } from "./chair";
import { ErrorSummary, type FieldErrors, Select, TextArea, TextField } from "./forms";

export const MEETING_LABELS = {
  kind: "Kind of meeting",
  title: "Title (optional)",
  day: "Date",
  startTime: "Start time",
  endTime: "End time",
  venue: "Venue",
  address: "Address",
  accessibilityNote: "Access information",
  neighbourhoodIds: "Neighbourhoods covered",
};

const placeInWords = (v: { venue: string; address: string }) =>
  v.address ? `${v.venue}, ${v.address}` : v.venue;

type MeetingField =
  | "kind"
  | "title"
  | "day"
  | "startTime"
  | "endTime"
  | "venue"
  | "address"
  | "accessibilityNote";

export function MeetingForm(props: {
  errors?: FieldErrors;
  /** What to show in a field (what was typed, or the meeting as saved). */
  value: (name: MeetingField) => string | undefined;
  selected: string[];
  neighbourhoods: Array<{ id: number; name: string }>;
  /** Where the assembly met before, offered as suggestions. */
  previousVenues?: Array<{ venue: string; address: string }>;
  submitLabel: string;
}) {
  const { errors, value } = props;
  const venues = props.previousVenues ?? [];
  return (
    <>
      <ErrorSummary errors={errors} labels={MEETING_LABELS} />
      <Form method="post" noValidate>
        <Select
          name="kind"
          label={MEETING_LABELS.kind}
          errors={errors}
          defaultValue={value("kind") ?? "pact"}
          options={MEETING_KINDS.map((kind) => ({ value: kind, label: MEETING_KIND_NAME[kind] }))}
        />
        <TextField
          name="title"
          label={MEETING_LABELS.title}
          hint="Leave empty to call it by the assembly and the kind of meeting."
          errors={errors}
          defaultValue={value("title")}
        />
        <TextField
          name="day"
          type="date"
          label={MEETING_LABELS.day}
          hint="For example, 27 March 2026."
          errors={errors}
          defaultValue={value("day")}
        />
        <div className="flex flex-wrap gap-6">
          <TextField
            name="startTime"
            type="time"
            label={MEETING_LABELS.startTime}
            hint="UK time, like 18:30."
            errors={errors}
            defaultValue={value("startTime") ?? "18:30"}
          />
          <TextField
            name="endTime"
            type="time"
            label={MEETING_LABELS.endTime}
            hint="UK time, like 20:00."
            errors={errors}
            defaultValue={value("endTime") ?? "20:00"}
          />
        </div>
        <TextField
          name="venue"
          label={MEETING_LABELS.venue}
          hint={venues.length ? `Met before at: ${venues.map(placeInWords).join("; ")}.` : undefined}
          errors={errors}
          defaultValue={value("venue")}
          list={venues.length ? "previous-venues" : undefined}
        />
        <TextField
          name="address"
          label={MEETING_LABELS.address}
          errors={errors}
          defaultValue={value("address")}
          list={venues.length ? "previous-addresses" : undefined}
        />
        {venues.length ? (
          <>
            <datalist id="previous-venues">
              {[...new Set(venues.map((v) => v.venue))].map((venue) => (
                <option key={venue} value={venue} />
              ))}
            </datalist>
            <datalist id="previous-addresses">
              {[...new Set(venues.map((v) => v.address).filter(Boolean))].map((address) => (
                <option key={address} value={address} />
              ))}
            </datalist>
          </>
        ) : null}
        <TextArea
          name="accessibilityNote"
          label={MEETING_LABELS.accessibilityNote}
          hint="Step-free access, hearing loop, toilets, parking."
          errors={errors}
          defaultValue={value("accessibilityNote")}
          rows={2}
        />
        <Checkboxes
          name="neighbourhoodIds"
          legend={MEETING_LABELS.neighbourhoodIds}
          errors={errors}
          options={props.neighbourhoods.map((n) => ({ value: String(n.id), label: n.name }))}
          checked={(value) => props.selected.includes(value)}
        />
        <button type="submit" className="button">
          {props.submitLabel}
        </button>
      </Form>
    </>
  );
}
