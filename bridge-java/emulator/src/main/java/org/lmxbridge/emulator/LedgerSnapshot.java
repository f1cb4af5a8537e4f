package org.lmxbridge.emulator;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the emulator has applied, as served by {@code GET /admin/ledger}.
 *
 * @param registers applied operations per register (key {@code "partner/login"}), oldest first. Only
 *                  successful operations that touch money or purchase state are listed: Payment, Discount,
 *                  ConfirmPurchase, CancelPurchase, Refund. Replays of a stored answer are not listed again.
 * @param cards     every card with its confirmed balance and the amounts currently blocked
 */
public record LedgerSnapshot(Map<String, List<Operation>> registers, List<Card> cards) {

    /**
     * One applied operation.
     *
     * @param seq          global order of application
     * @param command      protocol command name: Payment, Discount, ConfirmPurchase, CancelPurchase, Refund
     * @param cardNumber   the card of the purchase, or null for an anonymous purchase
     * @param redeemed     Payment: bonuses blocked for redemption; Discount/Confirm/Cancel: the purchase's
     *                     redemption; Refund: redeemed bonuses given back
     * @param accrued      Discount: accrual blocked; Confirm/Cancel: the purchase's accrual;
     *                     Refund: accrual taken back
     * @param discount     Discount/Confirm/Cancel: the purchase's total direct discount (money); else 0
     * @param balanceDelta the change of the card balance made by this operation (non-zero only for
     *                     ConfirmPurchase and Refund)
     * @param at           server time of application (ISO-8601)
     */
    public record Operation(long seq, String partner, String login, String command, String purchaseId,
                            String operationId, String cardNumber, BigDecimal redeemed, BigDecimal accrued,
                            BigDecimal discount, BigDecimal balanceDelta, String at) {
    }

    /**
     * A card.
     *
     * @param balance           confirmed balance (what BalanceResponse/BonusAmount shows)
     * @param blockedRedemption bonuses blocked by unconfirmed purchases (Payment done, not yet confirmed/cancelled)
     * @param pendingAccrual    accrual of discounted, not yet confirmed purchases
     * @param available         balance - blockedRedemption (what can still be redeemed, before the cheque cap)
     */
    public record Card(String number, String phone, String status, BigDecimal balance,
                       BigDecimal blockedRedemption, BigDecimal pendingAccrual, BigDecimal available) {
    }

    /** Operations of one register, empty when it has none. */
    public List<Operation> operations(String partner, String login) {
        return registers.getOrDefault(partner + "/" + login, List.of());
    }

    /** The card with this number. */
    public Optional<Card> card(String number) {
        return cards.stream().filter(c -> c.number().equals(number)).findFirst();
    }
}
