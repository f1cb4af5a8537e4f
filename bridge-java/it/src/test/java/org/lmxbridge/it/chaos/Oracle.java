package org.lmxbridge.it.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.lmxbridge.emulator.LedgerSnapshot;

/**
 * The chaos test's judge: what the register was told about each purchase ({@link ChaosIT.Told})
 * against the emulator's ledger, with only what the bridge shows a person (dead letters and
 * discrepancies in {@code queue list}) as excuses. Never the bridge's own bookkeeping.
 */
final class Oracle {
    private Oracle() {
    }

    static List<String> check(ChaosIT.SessionRun run, List<LedgerSnapshot.Operation> ops, Set<String> dead, Set<String> discrepant) {
        List<String> bad = new ArrayList<>();
        Map<String, List<LedgerSnapshot.Operation>> byKey = new TreeMap<>();
        for (LedgerSnapshot.Operation o : ops) byKey.computeIfAbsent(o.purchaseId() + " " + o.command(), k -> new ArrayList<>()).add(o);
        byKey.forEach((k, l) -> {
            if (l.size() > 1) bad.add("applied more than once: " + k + " x" + l.size());
        });
        for (int p = 0; p < run.s.customers().size(); p++) {
            String pid = run.pid(p);
            ChaosIT.Told t = run.told.getOrDefault(p, new ChaosIT.Told());
            LedgerSnapshot.Operation pay = one(byKey, pid, "Payment");
            LedgerSnapshot.Operation discount = one(byKey, pid, "Discount");
            LedgerSnapshot.Operation confirm = one(byKey, pid, "ConfirmPurchase");
            LedgerSnapshot.Operation cancel = one(byKey, pid, "CancelPurchase");
            LedgerSnapshot.Operation refund = one(byKey, "R" + pid, "Refund");
            boolean visible = dead.contains(pid) || discrepant.contains(pid);
            String who = "P" + p + " (" + pid + ", told " + t.answers + "): ";

            // redemptions
            if (t.settledRedemption != null && (pay == null || pay.redeemed().compareTo(t.settledRedemption) != 0)) {
                bad.add(who + "the register was told " + t.settledRedemption + " bonuses were redeemed; the ledger has " + pay);
            }
            if (pay != null && t.settledRedemption == null && !t.payMaybe) {
                bad.add(who + "a redemption the register was never told about: " + pay);
            }
            if (confirm != null && confirm.redeemed().signum() != 0
                    && (t.settledRedemption == null || confirm.redeemed().compareTo(t.settledRedemption) != 0)) {
                bad.add(who + "confirmed with a redemption of " + confirm.redeemed() + " the register did not settle ("
                        + t.settledRedemption + ")");
            }

            // discount and accrual
            if (discount != null && t.discount == null) bad.add(who + "a discount the register was never told about: " + discount);
            if ("LIVE".equals(t.discount) && discount != null) {
                if (t.accrual != null && discount.accrued().compareTo(t.accrual) != 0) {
                    bad.add(who + "the receipt says accrual " + t.accrual + ", the ledger " + discount.accrued());
                }
                if (t.discountSum != null && discount.discount().compareTo(t.discountSum) != 0) {
                    bad.add(who + "the receipt says discount " + t.discountSum + ", the ledger " + discount.discount());
                }
            }
            if ("LIVE".equals(t.discount) && discount == null && !t.cancel) {
                bad.add(who + "the register was told the discount was done; the ledger has none");
            }
            if ("QUEUED".equals(t.discount) && discount != null && discount.discount().signum() != 0 && !discrepant.contains(pid)) {
                bad.add(who + "sold at full price offline, processing applied a discount of " + discount.discount()
                        + " and no discrepancy is shown");
            }
            if ("QUEUED".equals(t.discount) && discount == null && !t.cancel && !dead.contains(pid)) {
                bad.add(who + "an accepted offline sale never reached processing and nothing is shown dead");
            }

            // confirm, cancel
            if (confirm != null && !t.confirm) bad.add(who + "confirmed although the register never confirmed: " + confirm);
            if (t.confirm && confirm == null && !t.cancel && !visible) {
                bad.add(who + "the register confirmed; the ledger has no confirm and nothing is shown dead");
            }
            if (cancel != null && !t.cancel) bad.add(who + "cancelled although the register never cancelled: " + cancel);

            // refund
            if (refund != null && t.refund == null) bad.add(who + "a refund the register was never told about: " + refund);
            if ("OK".equals(t.refund) && refund == null && !dead.contains("R" + pid)) {
                bad.add(who + "the register was told the refund was done; the ledger has none and nothing is shown dead");
            }
        }
        return bad;
    }

    private static LedgerSnapshot.Operation one(Map<String, List<LedgerSnapshot.Operation>> byKey, String pid, String command) {
        List<LedgerSnapshot.Operation> l = byKey.get(pid + " " + command);
        return l == null || l.isEmpty() ? null : l.get(0);
    }
}
