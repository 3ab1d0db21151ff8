import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

// For civic developers: what is published, in which formats, under which
// licence, and how to fetch it politely. The API's 404s point here.

export const meta: MetaFunction = () => [
  { title: "Open data — One Dialogue" },
  {
    name: "description",
    content: "Neighbourhood priorities, updates and meetings as JSON, CSV, Atom and iCalendar.",
  },
];

const code = "rounded bg-gray-100 px-1 font-mono text-sm wrap-anywhere";

export default function OpenData() {
  return (
    <>
      <h1>Open data</h1>
      <p>
        Everything on the public “You said, we did” pages is open data: the priorities agreed for each
        neighbourhood, what each agency did about them, and the meetings where they were agreed. No key or
        sign-in is needed. It never includes residents’ contact details, partners-only notes, youth offending
        work or safeguarding referrals.
      </p>

      <h2>Licence</h2>
      <p>
        You may use and share the data under the{" "}
        <a href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/">
          Open Government Licence v3.0
        </a>
        . Please say where it came from.
      </p>

      <h2>The API</h2>
      <p>
        JSON under <code className={code}>/api/v1</code>, described for programs in{" "}
        <a href="/api/v1/openapi.json">the OpenAPI 3.1 document</a> (generate a client from it):
      </p>
      <ul className="list-disc space-y-1 pl-6">
        <li>
          <a href="/api/v1/neighbourhoods">
            <code className={code}>/api/v1/neighbourhoods</code>
          </a>{" "}
          — every neighbourhood, with links to its priorities, meetings, feeds and CSV
        </li>
        <li>
          <code className={code}>/api/v1/neighbourhoods/{"{slug}"}/priorities</code> — its priorities, with
          public tasks, updates and figures; <code className={code}>status</code> is{" "}
          <code className={code}>current</code>, <code className={code}>past</code> or{" "}
          <code className={code}>all</code>
        </li>
        <li>
          <code className={code}>/api/v1/priorities/{"{id}"}</code> — one priority with every public update
        </li>
        <li>
          <code className={code}>/api/v1/neighbourhoods/{"{slug}"}/meetings</code> and{" "}
          <code className={code}>/api/v1/meetings/{"{id}"}</code> — meetings
        </li>
        <li>
          <code className={code}>
            /api/police-uk/{"{force}"}/{"{neighbourhood}"}/priorities
          </code>{" "}
          — the same priorities in the shape of data.police.uk’s neighbourhood priorities (ids URL-encoded,
          for example <code className={code}>55.CR3001</code>)
        </li>
      </ul>
      <h3>Priority statuses</h3>
      <dl className="space-y-1">
        <dt className="font-bold">active</dt>
        <dd className="ml-6">Agreed, and partners are working on it.</dd>
        <dt className="font-bold">monitoring</dt>
        <dd className="ml-6">Things have improved; partners are watching to check the improvement lasts.</dd>
        <dt className="font-bold">resolved, closed, referred</dt>
        <dd className="ml-6">
          Finished: solved, closed with no further action, or handed to another body. How it ended is in{" "}
          <code className={code}>outcome</code>.
        </dd>
      </dl>
      <p>
        Errors are JSON with a plain message: 400 names the query parameter that is wrong, 404 means there is
        nothing at that address, 503 means the service cannot reach its records just now (try again after the
        seconds in <code className={code}>Retry-After</code>).
      </p>

      <h2>Feeds</h2>
      <ul className="list-disc space-y-1 pl-6">
        <li>
          <code className={code}>/neighbourhoods/{"{slug}"}/feed.atom</code> — an Atom feed of public updates
          and new priorities. Entry ids never change, even if the site moves to another address.
        </li>
        <li>
          <code className={code}>/neighbourhoods/{"{slug}"}/meetings.ics</code> — an iCalendar feed of
          meetings to subscribe to; a changed or cancelled meeting is updated in your calendar. Calendar
          programs are asked to refresh it every hour.
        </li>
      </ul>

      <h2>Downloads (CSV)</h2>
      <p>
        UTF-8 with a byte-order mark, one header row, <code className={code}>snake_case</code> column names.
      </p>
      <ul className="list-disc space-y-1 pl-6">
        <li>
          <code className={code}>/neighbourhoods/{"{slug}"}/priorities.csv</code> — priorities and outcomes,
          one row per public task; <code className={code}>task_status</code> is the API’s code (
          <code className={code}>in_progress</code>) and <code className={code}>task_status_label</code> the
          words (“In progress”)
        </li>
        <li>
          <a href="/how-were-doing.csv">
            <code className={code}>/how-were-doing.csv</code>
          </a>{" "}
          (add <code className={code}>?assembly={"{slug}"}</code> for one area assembly) — the figures on{" "}
          <Link to="/how-were-doing">How we’re doing</Link>, one row per place and month
        </li>
      </ul>

      <h2>Caching and use from other websites</h2>
      <p>
        Every answer has an <code className={code}>ETag</code> and may be kept for a minute. Send the ETag
        back in <code className={code}>If-None-Match</code> and you get a short “304 Not Modified” while
        nothing has changed. The API, feeds and downloads can be read from a web page on any site (CORS:{" "}
        <code className={code}>Access-Control-Allow-Origin: *</code>, with <code className={code}>ETag</code>{" "}
        and <code className={code}>Last-Modified</code> readable).
      </p>
    </>
  );
}
