// The app's cookies found by name, with the `cookie` package (what Express and
// Remix use) rather than a pattern per cookie: in a request's Cookie header (is
// it there, its value as the package decodes it) and in a response's Set-Cookie
// headers.
import { parse } from "cookie";

/** The value of cookie `name` in a request's Cookie header, or undefined. */
export function cookieValue(header: string | null | undefined, name: string): string | undefined {
  return header ? parse(header)[name] : undefined;
}

/** Whether a request's Cookie header carries cookie `name` with a value. */
export const carriesCookie = (header: string | null | undefined, name: string) =>
  Boolean(cookieValue(header, name));

/** Whether a response's Set-Cookie headers set cookie `name`. */
export function setsCookie(setCookie: number | string | string[] | undefined, name: string): boolean {
  return [setCookie ?? []].flat().some((line) => String(line).startsWith(`${name}=`));
}
