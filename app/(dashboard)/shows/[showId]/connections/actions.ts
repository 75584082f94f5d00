"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { connectionInputSchema } from "@/lib/connections/connection-input";
import { createConnection } from "@/lib/connections/create-connection";
import { deleteConnection } from "@/lib/connections/delete-connection";
import { rotateConnectionSecret } from "@/lib/connections/rotate-connection-secret";
import { updateConnection } from "@/lib/connections/update-connection";
import { restoreDeletedProduction } from "@/lib/episodes/restore-deleted-production";

const ids = z.object({ showId: z.string().min(1), connectionId: z.string().min(1) });

export const createConnectionAction = validatedActionWithUser(
  connectionInputSchema.extend({ showId: z.string().min(1) }),
  async ({ showId, ...input }, user) => {
    const connection = await createConnection(user.id, showId, input);
    redirect(`/shows/${showId}/connections/${connection.id}?saved=created`);
  },
);

export const updateConnectionAction = validatedActionWithUser(connectionInputSchema.extend(ids.shape), async ({ showId, connectionId, ...input }, user) => {
  const { renamedFrom } = await updateConnection(user.id, connectionId, input);
  const query = renamedFrom ? `saved=renamed&from=${encodeURIComponent(renamedFrom)}` : "saved=updated";
  redirect(`/shows/${showId}/connections/${connectionId}?${query}`);
});

export const rotateConnectionSecretAction = validatedActionWithUser(ids, async ({ showId, connectionId }, user) => {
  await rotateConnectionSecret(user.id, connectionId);
  redirect(`/shows/${showId}/connections/${connectionId}?saved=rotated`);
});

export const restoreDeletedProductionAction = validatedActionWithUser(
  z.object({ deletedProductionId: z.string().min(1) }),
  async ({ deletedProductionId }, user) => {
    const { episodeId } = await restoreDeletedProduction(user.id, deletedProductionId);
    redirect(`/episodes/${episodeId}`);
  },
);

export const deleteConnectionAction = validatedActionWithUser(ids, async ({ connectionId }, user) => {
  const { showId } = await deleteConnection(user.id, connectionId);
  redirect(`/shows/${showId}?deleted=connection`);
});
