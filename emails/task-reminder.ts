// What a reminder about one task says to one person (the due-soon and overdue e-mails).
export type TaskReminderInput = {
  /** Whom it is to: the assignee, else each coordinator. */
  name: string;
  taskTitle: string;
  priorityTitle: string;
  /** The task's due date (ISO). */
  dueDate: string;
  taskUrl: string;
};
