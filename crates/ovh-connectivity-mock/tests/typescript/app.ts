// A frontend's own code on the types openapi-typescript generates from the mock's
// /__admin/openapi.json (api.d.ts, written next to this file by the test). It must compile
// under `tsc --strict` without a non-null assertion or optional chaining: what every answer
// carries is typed as always there.
import type { components } from "./api";

type Schemas = components["schemas"];
export type TestLineRequest = Schemas["connectivity.eligibility.test.line.post"];
export type LineTestTask = Schemas["xdsl.AsyncTask_connectivity.eligibility.EligibilityTest"];
type Offer = Schemas["connectivity.eligibility.Offer"];

export const request: TestLineRequest = { lineNumber: "0123456789", status: "active" };

/** One line per offer, eligible ones first, as a table would show them. */
export function offerRows(task: LineTestTask): string[] {
  if (task.status !== "ok" || task.result === null || task.result === undefined) {
    return [];
  }
  const test = task.result;
  const reference: string = test.eligibilityReference;
  const offers: Offer[] = [...test.offers].sort(
    (a, b) => Number(b.eligibility.eligible) - Number(a.eligibility.eligible),
  );
  return offers.map((offer) => {
    const down: number = offer.product.downloadRate;
    const up: number = offer.product.uploadRate;
    const eligible: boolean = offer.eligibility.eligible;
    const reasons: string = offer.eligibility.reasons.map((reason) => reason.message).join("; ");
    const estimate = offer.eligibility.estimatedDownloadRate;
    const estimated = estimate === null || estimate === undefined ? "" : ` (about ${estimate} Mb/s here)`;
    return `${reference} ${offer.product.name}: ${down}/${up} Mb/s${estimated}${eligible ? "" : ` not eligible: ${reasons}`}`;
  });
}
