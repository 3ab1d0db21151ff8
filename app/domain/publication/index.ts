// THE publication filter: what the public may see. Every public page, feed,
// open-data response, CSV and e-mail to the public reads the dialogue through
// this folder, and nothing public reads tasks, updates, meetings or priorities
// any other way.
//
// - ./rule: which tasks and updates are public, once, as SQL and as a predicate;
// - ./places, ./priorities, ./work, ./meetings: the public read models.
export * from "./meetings";
export * from "./neighbourhood-lists";
export * from "./places";
export * from "./priorities";
export * from "./rule";
export * from "./work";
