import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs, Figures, OnDay, StatusTag, When } from "~/components/public-feedback";
import { isTaskIn } from "~/domain/lifecycle/tasks";
import { loadTaskForViewer } from "~/http/task-forms.server";

const DONE_MESSAGES: Record<string, string> = {
  accepted: "You accepted the task.",
  declined: "You declined the task. The chair has been told.",
  update: "Your update is posted.",
  completed: "The task is done and its outcome recorded.",
  reopened: "The task is reopened.",
  reassigned: "The task has a new assignee.",
  "action-plan": "The action plan is saved.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { page } = await loadTaskForViewer(request, params);
  const done = new URL(request.url).searchParams.get("done");
  return { ...page, done: done && DONE_MESSAGES[done] ? DONE_MESSAGES[done] : null };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.task.title} — One Dialogue` : "Task — One Dialogue" },
];

function VisibilityTag({ visibility }: { visibility: string | null }) {
  if (visibility === "partners_only") return <strong className="status-tag">Partners only</strong>;
  if (visibility === "public") return <strong className="status-tag">Public</strong>;
  return null;
}

export default function TaskPage() {
  const { task, priority, otherTasks, timeline, can, done } = useLoaderData<typeof loader>();
  const base = `/tasks/${task.id}`;
  const actions = [
    can.accept ? { to: `${base}/accept`, label: "Accept the task" } : null,
    can.decline ? { to: `${base}/decline`, label: "Decline the task" } : null,
    can.update ? { to: `${base}/update`, label: "Post an update" } : null,
    can.actionPlan
      ? {
          to: `${base}/action-plan`,
          label: task.actionPlan ? "Change the action plan" : "Give the action plan",
        }
      : null,
    can.complete ? { to: `${base}/complete`, label: "Record the outcome" } : null,
    can.reassign ? { to: `${base}/reassign`, label: "Reassign" } : null,
    can.reopen ? { to: `${base}/reopen`, label: "Reopen" } : null,
  ].filter((a): a is { to: string; label: string } => a !== null);

  return (
    <>
      <Breadcrumbs
        items={[{ to: `/partner?agency=${task.agencyId}`, label: "Task inbox" }, { label: task.title }]}
      />
      {done ? (
        <div role="status" className="mb-6 border-4 border-green-800 p-4">
          <p className="mb-0 font-bold">{done}</p>
        </div>
      ) : null}
      <span className="text-muted">{task.agencyName}</span>
      <h1>{task.title}</h1>
      <p>
        <StatusTag label={task.statusLabel} />{" "}
        {task.partnersOnly ? <strong className="status-tag">Partners only</strong> : null}
      </p>
      {task.isOverdue || task.notAcceptedInTime || task.actionPlanLate ? (
        <ul className="my-2 space-y-1 border-l-4 border-red-700 pl-3">
          {task.isOverdue ? (
            <li>
              <strong>Overdue:</strong> this was due by <OnDay day={task.dueDate} />.
            </li>
          ) : null}
          {task.notAcceptedInTime ? (
            <li>
              <strong>Not accepted in time:</strong> it should have been accepted or declined by{" "}
              <OnDay day={task.acknowledgeBy} />.
            </li>
          ) : null}
          {task.actionPlanLate ? (
            <li>
              <strong>Action plan late:</strong> it was due by <OnDay day={task.actionPlanDueBy} />.
            </li>
          ) : null}
        </ul>
      ) : null}
      <dl className="my-4 space-y-1">
        {isTaskIn("awaitingAnswer", task.status) ? (
          <div className="flex flex-wrap gap-x-2">
            <dt>Accept or decline by:</dt>
            <dd className="font-bold">
              <OnDay day={task.acknowledgeBy} />
            </dd>
          </div>
        ) : null}
        <div className="flex flex-wrap gap-x-2">
          <dt>Due by:</dt>
          <dd className="font-bold">
            <OnDay day={task.dueDate} />
          </dd>
        </div>
        <div className="flex flex-wrap gap-x-2">
          <dt>Assigned to:</dt>
          <dd className="font-bold">{task.assigneeName ?? "No one yet"}</dd>
        </div>
        <div className="flex flex-wrap gap-x-2">
          <dt>Offered:</dt>
          <dd>
            <When at={task.offeredAt} />
          </dd>
        </div>
        {task.actionPlanPending ? (
          <div className="flex flex-wrap gap-x-2">
            <dt>Action plan due by:</dt>
            <dd>
              <OnDay day={task.actionPlanDueBy} />
            </dd>
          </div>
        ) : null}
      </dl>

      {actions.length ? (
        <nav aria-label="What you can do" className="no-print my-6">
          <ul className="flex flex-wrap gap-3">
            {actions.map((action) => (
              <li key={action.to}>
                <Link to={action.to} className="button">
                  {action.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}

      <h2>What residents said</h2>
      <p className="font-bold">{priority.title}</p>
      <p className="whitespace-pre-line">{priority.youSaid}</p>
      <p>
        {priority.neighbourhoodName}, {priority.assemblyName}. Next review:{" "}
        <OnDay day={priority.reviewDate} />.{" "}
        <Link to={`/neighbourhoods/${priority.neighbourhoodSlug}/priorities/${priority.id}`}>
          See the public page for this priority
        </Link>
      </p>

      <h2>What the chair asked</h2>
      <p className="whitespace-pre-line">{task.ask}</p>
      {task.actionPlan ? (
        <>
          <h3>Action plan</h3>
          <p className="whitespace-pre-line">{task.actionPlan}</p>
        </>
      ) : null}
      {task.status === "declined" && task.declineReason ? (
        <>
          <h3>Why it was declined</h3>
          <p className="whitespace-pre-line">{task.declineReason}</p>
        </>
      ) : null}
      {task.outcomeSummary ? (
        <>
          <h3>Outcome</h3>
          <p className="whitespace-pre-line">{task.outcomeSummary}</p>
          <p>Residents were {task.residentsAsked ? "" : "not "}asked whether things improved.</p>
        </>
      ) : null}

      <h2>Timeline of this task</h2>
      {timeline.length ? (
        <ol className="space-y-4">
          {timeline.map((entry, index) => (
            <li key={`${entry.at}-${index}`} className="border-l-4 border-gray-300 pl-3">
              <p className="mb-1">
                <strong>{entry.what}</strong> <VisibilityTag visibility={entry.visibility} />
                {entry.safeguardingReferral ? (
                  <strong className="status-tag ml-1">Safeguarding referral</strong>
                ) : null}
              </p>
              <p className="mb-1 text-muted">
                <When at={entry.at} />
                {entry.who ? ` — ${entry.who}` : ""}
              </p>
              {entry.body ? <p className="whitespace-pre-line">{entry.body}</p> : null}
              <Figures figures={entry.figures} />
            </li>
          ))}
        </ol>
      ) : (
        <p>Nothing has happened on this task yet.</p>
      )}

      <h2>Other agencies on this priority</h2>
      {otherTasks.length ? (
        <ul className="space-y-6">
          {otherTasks.map((other) => (
            <li key={other.id}>
              <h3>
                {other.agencyName}: {other.title}
              </h3>
              <p>
                <StatusTag label={other.statusLabel} />{" "}
                {other.partnersOnly ? <strong className="status-tag">Partners only</strong> : null} Due by{" "}
                <OnDay day={other.dueDate} />
              </p>
              <p className="whitespace-pre-line">{other.ask}</p>
              {other.updates.length ? (
                <ol className="space-y-3">
                  {other.updates.map((update) => (
                    <li key={update.id} className="border-l-4 border-gray-300 pl-3">
                      <p className="mb-1">
                        <When at={update.createdAt} /> <VisibilityTag visibility={update.visibility} />
                        {update.isOutcome ? <strong className="status-tag ml-1">Outcome</strong> : null}
                      </p>
                      <p className="whitespace-pre-line">{update.body}</p>
                      <Figures figures={update.figures} />
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="text-muted">No updates yet.</p>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>No other agency has a task on this priority.</p>
      )}
    </>
  );
}
