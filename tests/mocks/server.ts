// All outside HTTP in tests goes through msw; one handler file per service.
import { setupServer } from "msw/node";
import { policeUkHandlers } from "./police-uk";
import { postcodesIoHandlers } from "./postcodes-io";

export const server = setupServer(...postcodesIoHandlers, ...policeUkHandlers);
