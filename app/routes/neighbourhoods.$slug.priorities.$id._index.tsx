import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Radios } from "~/components/chair";
import { ErrorSummary, TextArea, useFormFailure } from "~/components/forms";
import { ImprovementCountList } from "~/components/improvement";
import {
  Breadcrumbs,
  Figures,
  MeetingTime,
  OnDay,
  PublicStatusSummary,
  printLinks,
  StatusTag,
  SubscribeForm,
  When,
} from "~/components/public-feedback";
import {
  answerImprovement,
  answerOfBrowser,
  improvementAnswerSchema,
} from "~/domain/concerns/improvement-answers";
import { idSchema } from "~/domain/core/ids";
import { priorityPage } from "~/domain/reports/public-pages";
import { answerCookieHeader, answerTokenFrom, newAnswerToken } from "~/http/answer-cookie.server";
import { clientAddress } from "~/http/client-address.server";
import { publicPage, publicPageHeaders } from "~/http/conditional.server";
import { badRequest, formProblem, parseFormData, readForm } from "~/http/forms.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";
import { notFound, pathParams, slug } from "~/http/public-params.server";
import { runAction } from "~/http/responses.server";
import type { RootData } from "~/root";

export const handle = cachedPage({ tags: tagsOf.neighbourhood });

const params = z.object({ slug, id: idSchema });

export const links = () => printLinks;
export const headers = publicPageHeaders;

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { slug, id } = pathParams(params, raw);
  const page = await priorityPage(slug, id);
  if (!page) throw notFound("Priority not found");
  // Only a browser that answered before carries the cookie (and so skips the shared cache).
  const token = await answerTokenFrom(request);
  const yourAnswer = token ? await answerOfBrowser(page.priority.id, token) : null;
  const answered = new URL(request.url).searchParams.get("answered") === "1";
  return publicPage(request, { ...page, yourAnswer, answered });
}

const ANSWER_LABELS = { answer: "Your answer", comment: "Anything the chair should know" };

export async function action({ request, params: raw, context }: ActionFunctionArgs) {
  const { slug, id } = pathParams(params, raw);
  const form = await readForm(request);
  const parsed = parseFormData(form, improvementAnswerSchema);
  if (!parsed.ok) return badRequest(parsed);
  const token = (await answerTokenFrom(request)) ?? newAnswerToken();
  const result = await runAction(
    () =>
      answerImprovement({
        ...parsed.data,
        neighbourhoodSlug: slug,
        priorityId: id,
        browserToken: token,
        address: clientAddress(context),
      }),
    parsed.values,
  );
  if (!("kind" in result)) return result;
  if (result.kind === "rate_limited") {
    return badRequest(
      formProblem(
        "Many answers have come from your connection in the last hour. Please try again later.",
        parsed.values,
      ),
      429,
    );
  }
  if (result.kind === "not_asking") {
    return badRequest(
      formProblem("Residents are not being asked about this priority now.", parsed.values),
      409,
    );
  }
  // A person and a bot see the same thing; only the person's answer is kept.
  const priorities = `/neighbourhoods/${slug}/priorities`;
  throw redirect(`${priorities}/${id}?answered=1#improvement-heading`, {
    headers: { "Set-Cookie": await answerCookieHeader(token, priorities) },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.priority.title} — ${data.neighbourhood.name} — One Dialogue` },
        { name: "description", content: `You said: ${data.priority.youSaid}`.slice(0, 300) },
      ]
    : [{ title: "Priority not found — One Dialogue" }];

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

function HowItEnded({ priority, improvement }: Pick<Page, "priority" | "improvement">) {
  if (priority.isCurrent && !priority.outcomeSummary) return null;
  return (
    <section aria-labelledby="outcome-heading">
      <h2 id="outcome-heading">{priority.isCurrent ? "Progress so far" : "How it ended"}</h2>
      {priority.status === "closed" && priority.closedReason ? (
        <p>
          <span className="font-bold">Closed with no further action because: </span>
          {priority.closedReason}
        </p>
      ) : null}
      {priority.status === "referred" && priority.referredTo ? (
        <p>
          <span className="font-bold">Referred to: </span>
          {priority.referredTo}
        </p>
      ) : null}
      {priority.outcomeSummary ? <p>{priority.outcomeSummary}</p> : null}
      {!priority.isCurrent && improvement.sentence ? <p>{improvement.sentence}</p> : null}
      {priority.closedAt ? (
        <p>
          Closed on <When at={priority.closedAt} />.
        </p>
      ) : null}
    </section>
  );
}

function HasItGotBetter({
  improvement,
  yourAnswer,
  answered,
}: Pick<Page, "improvement" | "yourAnswer" | "answered">) {
  const { errors, value } = useFormFailure<typeof action>();
  return (
    <section aria-labelledby="improvement-heading">
      <h2 id="improvement-heading">{improvement.question}</h2>
      {answered && yourAnswer ? (
        <div className="notice" role="status">
          <p className="mb-0">
            Thank you. Your answer is saved: {yourAnswer.label}. You can change it below.
          </p>
        </div>
      ) : null}
      <p>
        {improvement.asking
          ? "The partners have finished the actions agreed for this priority. Tell the chair whether things have changed. You do not need an account."
          : "Residents are not being asked about this priority at the moment."}
      </p>
      {improvement.lines ? <p>What residents have said so far:</p> : null}
      <ImprovementCountList lines={improvement.lines} tooFew={improvement.tooFew} />
      <ErrorSummary errors={errors} labels={ANSWER_LABELS} />
      {improvement.asking ? (
        <Form method="post" noValidate>
          <Radios
            name="answer"
            legend={yourAnswer ? "Your answer (you can change it)" : ANSWER_LABELS.answer}
            errors={errors}
            defaultValue={value("answer") ?? yourAnswer?.value}
            options={improvement.choices}
          />
          <TextArea
            name="comment"
            label={`${ANSWER_LABELS.comment} (optional)`}
            hint="Only the chair reads this; it is never published. Do not name anyone or give contact details."
            errors={errors}
            defaultValue={value("comment")}
            rows={3}
          />
          <div aria-hidden="true" className="absolute -left-[10000px] h-px w-px overflow-hidden">
            <label htmlFor="website">Leave this empty</label>
            <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
          </div>
          <button type="submit" className="button">
            {yourAnswer ? "Change your answer" : "Send your answer"}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export default function PriorityPage() {
  const { neighbourhood, priority, agencies, nextMeeting, improvement, yourAnswer, answered } =
    useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>() !== undefined;
  const base = `/neighbourhoods/${neighbourhood.slug}`;
  const user = useRouteLoaderData<RootData>("root")?.user;
  const runsAssembly = user && (user.isAdmin || user.chairOf.includes(neighbourhood.assemblyId));
  return (
    <article>
      <Breadcrumbs
        items={[
          { to: "/", label: "Find your neighbourhood" },
          { to: base, label: neighbourhood.name },
          { label: priority.title },
        ]}
      />
      {runsAssembly ? (
        <p className="no-print">
          <Link to={`/chair/priorities/${priority.id}`}>Open this priority in the chair workspace</Link>
        </p>
      ) : null}
      <p className="text-muted">
        {priority.isCurrent ? "Current priority" : "Past priority"} for {neighbourhood.name}
        {priority.category ? ` · ${priority.category.name}` : ""}
      </p>
      <h1>{priority.title}</h1>
      <PublicStatusSummary status={priority.publicStatus} />

      <HowItEnded priority={priority} improvement={improvement} />

      <section aria-labelledby="you-said-heading">
        <h2 id="you-said-heading">You said</h2>
        <blockquote className="border-l-4 border-gray-400 pl-4">
          <p>{priority.youSaid}</p>
        </blockquote>
        <p>
          {priority.agreedAt ? (
            <>
              Raised and agreed as a priority at the{" "}
              <Link to={`/meetings/${priority.agreedAt.meetingId}`}>{priority.agreedAt.title}</Link> on{" "}
              <When at={priority.agreedAt.startsAt} />.
            </>
          ) : (
            <>
              Agreed as a priority on <OnDay day={priority.agreedOn} />.
            </>
          )}
        </p>
      </section>

      <section aria-labelledby="we-did-heading">
        <h2 id="we-did-heading">We did</h2>
        {agencies.length === 0 ? (
          <p>No agency has reported publicly on this priority yet.</p>
        ) : (
          agencies.map((agency) => (
            <section key={agency.agencyId} aria-labelledby={`agency-${agency.agencyId}`} className="mb-8">
              <h3 id={`agency-${agency.agencyId}`}>{agency.agencyName}</h3>
              {agency.tasks.map((task) => (
                <div key={task.id} className="mb-6 border-l-4 border-brand pl-4">
                  <h4 className="font-bold">{task.title}</h4>
                  <p className="mb-1">
                    <StatusTag label={task.statusLabel} />{" "}
                    {task.status === "done" && task.completedAt ? (
                      <>
                        on <When at={task.completedAt} />
                      </>
                    ) : (
                      <>
                        · due by <OnDay day={task.dueDate} />
                      </>
                    )}
                  </p>
                  {task.isOverdue ? (
                    <p className="border-l-4 border-red-700 pl-3">
                      <strong>Overdue:</strong> this was due by <OnDay day={task.dueDate} />.
                    </p>
                  ) : null}
                  <p>
                    <span className="font-bold">Asked to: </span>
                    {task.ask}
                  </p>
                  {task.updates.length ? (
                    <ol className="space-y-3" aria-label={`Updates from ${agency.agencyName}`}>
                      {task.updates.map((update) => (
                        <li key={update.id} id={`update-${update.id}`}>
                          <p className="mb-1 text-sm text-muted">
                            <When at={update.createdAt} />
                            {update.isOutcome ? " · Outcome" : ""}
                          </p>
                          <p className="mb-1">{update.body}</p>
                          <Figures figures={update.figures} />
                        </li>
                      ))}
                    </ol>
                  ) : (
                    <p>No public update yet.</p>
                  )}
                  {/* The outcome, unless it is already in the timeline as the final update. */}
                  {task.outcomeSummary && !task.updates.some((u) => u.isOutcome) ? (
                    <p className="mt-3 mb-1">
                      <span className="font-bold">Outcome: </span>
                      {task.outcomeSummary}
                    </p>
                  ) : null}
                  {/* Never a bare "residents were asked": only with what they said. */}
                  {task.residentsAsked && task.residentsSaid ? (
                    <p className="mt-2">
                      Residents were asked whether things got better.{" "}
                      <span className="font-bold">They said: </span>
                      {task.residentsSaid}
                    </p>
                  ) : null}
                </div>
              ))}
            </section>
          ))
        )}
      </section>

      {/* A refused answer (the priority moved on meanwhile) still gets its message. */}
      {(priority.isCurrent && (improvement.asking || improvement.answered)) || refused ? (
        <HasItGotBetter improvement={improvement} yourAnswer={yourAnswer} answered={answered} />
      ) : null}

      <section aria-labelledby="next-heading">
        <h2 id="next-heading">What happens next</h2>
        {priority.isCurrent ? (
          <>
            <p>
              Next review: <OnDay day={priority.reviewDate} />.
            </p>
            {nextMeeting ? (
              <p>
                The next meeting is the <Link to={`/meetings/${nextMeeting.id}`}>{nextMeeting.title}</Link>,{" "}
                <MeetingTime startsAt={nextMeeting.startsAt} endsAt={nextMeeting.endsAt} />, at{" "}
                {nextMeeting.venue}.
              </p>
            ) : null}
            <SubscribeForm
              target={{ priority: priority.id }}
              label="Get updates on this priority by e-mail"
            />
          </>
        ) : (
          <p>
            This priority is closed. It stays in the{" "}
            <Link to={`${base}/archive`}>archive of past priorities</Link>.
          </p>
        )}
        <p className="no-print">
          <Link to={base}>Back to {neighbourhood.name}</Link>
        </p>
      </section>
    </article>
  );
}
