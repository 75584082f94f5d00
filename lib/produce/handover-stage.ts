/** How far Podhaven's hand-over of a production it created has got (KnownProduction.stage). */
export const HANDOVER_STAGE = { uploading: "uploading", started: "started", failed: "failed" } as const;
