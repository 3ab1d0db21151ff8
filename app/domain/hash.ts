import { createHash } from "node:crypto";

/** Hex SHA-256: only the hash of a link's token is ever stored. */
export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
