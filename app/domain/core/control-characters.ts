// Typed text may hold tabs and line breaks, never other control characters
// (they hide text, break e-mails and CSV, and no keyboard types them).
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const hasControlCharacters = (value: string) => CONTROL_CHARACTERS.test(value);
