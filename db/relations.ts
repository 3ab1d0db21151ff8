import { relations } from "drizzle-orm";
import {
  agencies,
  agencyMemberships,
  assemblies,
  assemblyChairs,
  categories,
  concerns,
  meetingNeighbourhoods,
  meetings,
  neighbourhoods,
  priorities,
  priorityConcerns,
  sessions,
  tasks,
  taskUpdates,
  updateFigures,
  users,
} from "./schema";

export const assembliesRelations = relations(assemblies, ({ many }) => ({
  neighbourhoods: many(neighbourhoods),
  meetings: many(meetings),
  chairs: many(assemblyChairs),
}));

export const neighbourhoodsRelations = relations(neighbourhoods, ({ one, many }) => ({
  assembly: one(assemblies, { fields: [neighbourhoods.assemblyId], references: [assemblies.id] }),
  priorities: many(priorities),
  concerns: many(concerns),
  meetingLinks: many(meetingNeighbourhoods),
}));

export const agenciesRelations = relations(agencies, ({ many }) => ({
  memberships: many(agencyMemberships),
  tasks: many(tasks),
}));

export const usersRelations = relations(users, ({ many }) => ({
  memberships: many(agencyMemberships),
  chairs: many(assemblyChairs),
  sessions: many(sessions),
}));

export const agencyMembershipsRelations = relations(agencyMemberships, ({ one }) => ({
  user: one(users, { fields: [agencyMemberships.userId], references: [users.id] }),
  agency: one(agencies, { fields: [agencyMemberships.agencyId], references: [agencies.id] }),
}));

export const assemblyChairsRelations = relations(assemblyChairs, ({ one }) => ({
  user: one(users, { fields: [assemblyChairs.userId], references: [users.id] }),
  assembly: one(assemblies, { fields: [assemblyChairs.assemblyId], references: [assemblies.id] }),
}));

export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}));

export const meetingsRelations = relations(meetings, ({ one, many }) => ({
  assembly: one(assemblies, { fields: [meetings.assemblyId], references: [assemblies.id] }),
  neighbourhoodLinks: many(meetingNeighbourhoods),
}));

export const meetingNeighbourhoodsRelations = relations(meetingNeighbourhoods, ({ one }) => ({
  meeting: one(meetings, { fields: [meetingNeighbourhoods.meetingId], references: [meetings.id] }),
  neighbourhood: one(neighbourhoods, {
    fields: [meetingNeighbourhoods.neighbourhoodId],
    references: [neighbourhoods.id],
  }),
}));

export const concernsRelations = relations(concerns, ({ one, many }) => ({
  neighbourhood: one(neighbourhoods, {
    fields: [concerns.neighbourhoodId],
    references: [neighbourhoods.id],
  }),
  category: one(categories, { fields: [concerns.categoryId], references: [categories.id] }),
  raisedAtMeeting: one(meetings, {
    fields: [concerns.raisedAtMeetingId],
    references: [meetings.id],
  }),
  priorityLinks: many(priorityConcerns),
}));

export const prioritiesRelations = relations(priorities, ({ one, many }) => ({
  neighbourhood: one(neighbourhoods, {
    fields: [priorities.neighbourhoodId],
    references: [neighbourhoods.id],
  }),
  category: one(categories, { fields: [priorities.categoryId], references: [categories.id] }),
  agreedAtMeeting: one(meetings, {
    fields: [priorities.agreedAtMeetingId],
    references: [meetings.id],
  }),
  tasks: many(tasks),
  concernLinks: many(priorityConcerns),
}));

export const priorityConcernsRelations = relations(priorityConcerns, ({ one }) => ({
  priority: one(priorities, { fields: [priorityConcerns.priorityId], references: [priorities.id] }),
  concern: one(concerns, { fields: [priorityConcerns.concernId], references: [concerns.id] }),
}));

export const tasksRelations = relations(tasks, ({ one, many }) => ({
  priority: one(priorities, { fields: [tasks.priorityId], references: [priorities.id] }),
  agency: one(agencies, { fields: [tasks.agencyId], references: [agencies.id] }),
  assignee: one(users, { fields: [tasks.assigneeUserId], references: [users.id] }),
  updates: many(taskUpdates),
}));

export const taskUpdatesRelations = relations(taskUpdates, ({ one, many }) => ({
  task: one(tasks, { fields: [taskUpdates.taskId], references: [tasks.id] }),
  author: one(users, { fields: [taskUpdates.authorUserId], references: [users.id] }),
  figures: many(updateFigures),
}));

export const updateFiguresRelations = relations(updateFigures, ({ one }) => ({
  update: one(taskUpdates, { fields: [updateFigures.updateId], references: [taskUpdates.id] }),
}));
