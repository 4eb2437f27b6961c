// A request with a misspelt field: `tsc --strict` must refuse it.
import type { components } from "./api";

export const request: components["schemas"]["connectivity.eligibility.test.line.post"] = {
  lineNumbre: "0123456789",
  status: "active",
};
