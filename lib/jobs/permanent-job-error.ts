/** A job failure that retrying cannot fix: the job ends as failed at once, with this message shown. */
export class PermanentJobError extends Error {
  constructor(
    message: string,
    readonly details: { isForeignDelivery?: boolean } = {},
  ) {
    super(message);
    this.name = "PermanentJobError";
  }
}
