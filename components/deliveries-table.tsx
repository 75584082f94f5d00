import Link from "next/link";
import { describeProduction } from "@/lib/episodes/describe-production";

type Delivery = {
  id: string;
  receivedAt: Date;
  accepted: boolean;
  httpStatus: number;
  reason: string;
  productionUuid: string | null;
  productionTitle: string | null;
  episodeId: string | null;
};

/** A connection's or an episode's webhook deliveries: when, the answer, the production (by its title), why. */
export function DeliveriesTable({ deliveries, emptyText }: { deliveries: Delivery[]; emptyText: string }) {
  if (deliveries.length === 0) return <p className="text-stone-700">{emptyText}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="deliveries">
        <thead>
          <tr className="border-b border-stone-300">
            <th scope="col" className="py-1 pr-3">Received (UTC)</th>
            <th scope="col" className="py-1 pr-3">Result</th>
            <th scope="col" className="py-1 pr-3">Production</th>
            <th scope="col" className="py-1">Reason</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <tr key={delivery.id} className="border-b border-stone-200">
              <td className="py-1 pr-3 whitespace-nowrap">{delivery.receivedAt.toISOString().slice(0, 19).replace("T", " ")}</td>
              <td className="py-1 pr-3">{delivery.accepted ? "accepted" : `rejected (${delivery.httpStatus})`}</td>
              <td className="py-1 pr-3">
                {delivery.productionUuid === null ? (
                  "–"
                ) : delivery.episodeId ? (
                  <Link href={`/episodes/${delivery.episodeId}`} className="underline" title={delivery.productionUuid}>
                    {describeProduction({ title: delivery.productionTitle, productionUuid: delivery.productionUuid })}
                  </Link>
                ) : (
                  <span title={delivery.productionUuid}>{describeProduction({ title: delivery.productionTitle, productionUuid: delivery.productionUuid })}</span>
                )}
              </td>
              <td className="py-1">{delivery.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
