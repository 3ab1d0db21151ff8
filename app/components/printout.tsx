// The top of a partners' printout: the warning (on screen, on paper, and in every
// printed page's header and footer) and the chair's choice to include partners-only notes.
import type { LinkDescriptor } from "@remix-run/node";
import { PARTNERS_ONLY_BANNER } from "~/domain/reports/printouts";
import partnersPrintStylesheet from "~/styles/partners-print.css?url";

export const partnersPrintLinks: LinkDescriptor[] = [{ rel: "stylesheet", href: partnersPrintStylesheet }];

/** `?notes=include` on the page's address: a plain GET form, so it works without JavaScript. */
export function includesPartnersOnly(request: Request) {
  return new URL(request.url).searchParams.get("notes") === "include";
}

export function PartnersPrintout({ included, what }: { included: boolean; what: string }) {
  return (
    <>
      <p className="partners-banner" role="note">
        {PARTNERS_ONLY_BANNER}.{" "}
        <span className="font-normal">
          {included
            ? `This ${what} includes partners-only notes.`
            : `Partners-only notes are left out of this ${what}.`}
        </span>
      </p>
      <form method="get" className="no-print mb-6 flex flex-wrap items-center gap-4">
        <div className="flex items-start gap-2">
          <input
            type="checkbox"
            id="notes"
            name="notes"
            value="include"
            defaultChecked={included}
            className="h-8 w-8 shrink-0"
            aria-describedby="notes-hint"
          />
          <label htmlFor="notes">
            Include partners-only notes
            <span id="notes-hint" className="block text-muted">
              Leave this unticked if the {what} could be seen by the public.
            </span>
          </label>
        </div>
        <button type="submit" className="button-secondary">
          Show the {what}
        </button>
      </form>
    </>
  );
}
