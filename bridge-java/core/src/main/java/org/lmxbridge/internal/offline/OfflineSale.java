package org.lmxbridge.internal.offline;

import java.util.ArrayList;
import java.util.List;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.Param;

/**
 * A discount the register accepted offline is replayed as what happened at the register: a sale at
 * the amounts of its lines, with no direct discount and no coupon honoured.
 * <ul>
 * <li>It carries the marker {@code Param} ({@code offlineMarkerName} = {@code offlineMarkerValue},
 *     default {@code OfflineSale=1}; an empty name sends none), so the partner's Loymax offers can
 *     leave offline sales out;</li>
 * <li>its coupons are left out — the cashier could not honour them — unless the purchase has a bonus
 *     payment: processing then requires the discount's cheque (coupons included) to repeat the
 *     payment's, and any discount it applies shows up as a discrepancy;</li>
 * <li>anything processing still answers differently from that is recorded as a discrepancy
 *     ({@link Discrepancies}).</li>
 * </ul>
 * A request that already left (an ambiguous one) is never changed: its OperationID may have been
 * applied as it was.
 */
final class OfflineSale {
    private OfflineSale() {
    }

    static OperationRequest asReplayed(OperationRequest r, BridgeConfig cfg, boolean purchaseHasPayment) {
        List<Param> params = new ArrayList<>(r.params());
        String name = cfg.offlineMarkerName();
        if (!name.isEmpty() && params.stream().noneMatch(p -> name.equals(p.name()))) {
            params.add(new Param(name, "String", cfg.offlineMarkerValue()));
        }
        List<String> coupons = purchaseHasPayment ? r.coupons() : List.of();
        return new OperationRequest(r.purchaseId(), r.cashier(), r.identifier(), r.cheque(), coupons, params, r.amount(),
                r.pays(), r.refundPurchaseId(), r.queueAction(), r.queueItemId(), r.reason());
    }
}
