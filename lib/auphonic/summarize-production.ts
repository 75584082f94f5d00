import "server-only";
import { cleanText } from "./map-production";
import { PRODUCTION_STATUS, type AuphonicProduction } from "./production";

/** What Podhaven keeps of any production of a creator's (reconciliation, /auphonic), in its own names. */
export type ProductionSummary = {
  uuid: string;
  title: string;
  /** Auphonic's status code (docs/auphonic-api.md §7), null when it sent none that fits. */
  status: number | null;
  statusString: string;
  errorMessage: string;
  isInReview: boolean;
  /** Finished and published: Done, and not waiting for the creator's approval in Auphonic. */
  isPublished: boolean;
  isFailed: boolean;
  /** The uuids of the publishing targets (outgoing services) it lists. */
  serviceUuids: string[];
  createdAt: Date | null;
  changeTime: string | null;
};

// Bounded as well as cleaned: a hostile answer cannot grow a row without limit.
const MAX_TITLE = 500;
const MAX_MESSAGE = 2_000;
const MAX_SHORT = 100;
const MAX_SERVICES = 50;

const text = (value: string | null | undefined, max: number) => cleanText(value ?? "").slice(0, max);

/** A production record as a summary; every field of it may have been missing or odd in Auphonic's answer. */
export function summarizeProduction(production: AuphonicProduction): ProductionSummary {
  const status = typeof production.status === "number" && Number.isInteger(production.status) && production.status >= 0 && production.status < 1_000 ? production.status : null;
  const isInReview = production.in_review === true;
  const serviceUuids = (production.outgoing_services ?? []).flatMap((service) => (service.uuid ? [text(service.uuid, MAX_SHORT)] : []));
  return {
    uuid: production.uuid,
    title: text(production.metadata?.title, MAX_TITLE).trim(),
    status,
    statusString: text(production.status_string, MAX_SHORT),
    errorMessage: text(production.error_message, MAX_MESSAGE).trim(),
    isInReview,
    isPublished: status === PRODUCTION_STATUS.DONE && !isInReview,
    isFailed: status === PRODUCTION_STATUS.ERROR,
    serviceUuids: [...new Set(serviceUuids)].filter(Boolean).slice(0, MAX_SERVICES),
    createdAt: parseTime(production.creation_time),
    changeTime: production.change_time ? text(production.change_time, MAX_SHORT) : null,
  };
}

function parseTime(value: string | null | undefined): Date | null {
  if (!value || value.length > 64) return null;
  const date = new Date(value);
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 1970 || year > 9999 ? null : date;
}
