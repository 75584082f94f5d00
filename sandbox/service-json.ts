import type { Service } from "./state.js";

/** A service instance as connect.json and services.json return it. */
export function renderService(service: Service) {
  return {
    uuid: service.uuid,
    display_name: service.display_name,
    type: "podhaven",
    incoming: false,
    outgoing: true,
    webhook_url: service.webhook_url,
    custom_data: service.custom_data,
  };
}
