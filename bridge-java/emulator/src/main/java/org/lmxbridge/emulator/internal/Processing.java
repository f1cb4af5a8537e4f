package org.lmxbridge.emulator.internal;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.lmxbridge.emulator.DuplicateOperationIds;
import org.lmxbridge.emulator.Faults;
import org.lmxbridge.emulator.LedgerSnapshot;
import org.lmxbridge.emulator.TestCard;
import org.lmxbridge.protocol.ServerError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing: purchase state machine, loyalty rules, idempotency. Every request is handled under one lock
 * and in one SQLite transaction (the operation and its idempotency record are committed together).
 */
final class Processing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Processing.class);

    static final String LOCK_MESSAGE = "Processing is locked by another request of this register";

    /** Purchase states. */
    static final String CALCULATED = "CALCULATED";
    static final String PAID = "PAID";
    static final String DISCOUNTED = "DISCOUNTED";
    static final String CONFIRMED = "CONFIRMED";
    static final String CANCELED = "CANCELED";

    record Result(byte[] body, boolean replayed, int errorCode) {
    }

    private record Reply(XNode element, Store.LedgerEntry ledger) {
    }

    private final Seed seed;
    private final Store store;
    private final Faults faults;
    private final ReentrantLock lock = new ReentrantLock(true);

    Processing(Seed seed, Store store, Faults faults) throws SQLException {
        this.seed = seed;
        this.store = store;
        this.faults = faults;
        store.inTransaction(() -> {
            store.seedCards(seed.cards);
            return null;
        });
    }

    // ---------------------------------------------------------------- entry points

    Result handle(Seed.Register reg, Request req) throws SQLException {
        lock.lock();
        try {
            Store.StoredOperation prior = store.inTransaction(() -> store.operation(req.operationId()));
            if (prior != null) {
                boolean same = prior.partner().equals(reg.partner) && prior.login().equals(reg.login)
                        && prior.command().equals(req.command().protocolName())
                        && java.util.Objects.equals(prior.purchaseId(), req.purchaseId());
                if (same && faults.duplicateOperationIds() == DuplicateOperationIds.REPLAY) {
                    LOG.info("{} {} op {}: replaying the stored answer", key(reg), req.command().protocolName(),
                            req.operationId());
                    return new Result(prior.response(), true, -1);
                }
                LOG.info("{} {} op {}: OperationID already used", key(reg), req.command().protocolName(),
                        req.operationId());
                return new Result(envelope(req.command(), errorElement(req, ServerError.NOT_UNIQUE_OPERATION_ID,
                        "Operation with this OperationID already exists")), false,
                        ServerError.NOT_UNIQUE_OPERATION_ID.code());
            }
            try {
                return store.inTransaction(() -> {
                    Reply r = dispatch(reg, req);
                    byte[] body = envelope(req.command(), r.element());
                    store.insertOperation(reg.partner, reg.login, req.command(), req.purchaseId(), req.operationId(),
                            0, body, r.ledger());
                    LOG.info("{} {} op {} purchase {}: ok", key(reg), req.command().protocolName(),
                            req.operationId(), req.purchaseId());
                    return new Result(body, false, 0);
                });
            } catch (BusinessError e) {
                byte[] body = envelope(req.command(), errorElement(req, e.error(), e.getMessage()));
                store.inTransaction(() -> {
                    store.insertOperation(reg.partner, reg.login, req.command(), req.purchaseId(), req.operationId(),
                            e.error().code(), body, null);
                    return null;
                });
                LOG.info("{} {} op {} purchase {}: error {} {}", key(reg), req.command().protocolName(),
                        req.operationId(), req.purchaseId(), e.error().code(), e.getMessage());
                return new Result(body, false, e.error().code());
            }
        } finally {
            lock.unlock();
        }
    }

    /** The answer to a request refused because the processing is locked; nothing is stored. */
    static byte[] lockResponse(Request req) {
        return envelope(req.command(), errorElement(req, ServerError.PURCHASE_OPERATION_CONFLICT, LOCK_MESSAGE));
    }

    /** A root-level error document ({@code ErrorCode} and {@code ErrorMessage} under {@code XMLResponse}). */
    static byte[] rootError(ServerError error, String message) {
        XNode root = XNode.el("XMLResponse");
        root.child("Version").text("3.2");
        root.child("ErrorCode").text(String.valueOf(error.code()));
        root.child("ErrorMessage").text(message);
        return root.document();
    }

    LedgerSnapshot ledger() throws SQLException {
        lock.lock();
        try {
            return store.inTransaction(() -> {
                Map<String, List<LedgerSnapshot.Operation>> regs = new TreeMap<>();
                for (Seed.Register r : seed.registers) {
                    regs.put(r.partner + "/" + r.login, new ArrayList<>());
                }
                for (LedgerSnapshot.Operation op : store.appliedOperations()) {
                    regs.computeIfAbsent(op.partner() + "/" + op.login(), k -> new ArrayList<>()).add(op);
                }
                Map<String, List<LedgerSnapshot.Operation>> frozen = new LinkedHashMap<>();
                regs.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
                List<LedgerSnapshot.Card> cards = new ArrayList<>();
                for (Store.CardRow c : store.allCards()) {
                    BigDecimal blocked = Money.ZERO;
                    BigDecimal pending = Money.ZERO;
                    for (Store.PurchaseRow p : store.openPurchasesOfCard(c.number)) {
                        blocked = blocked.add(p.redeemed);
                        if (DISCOUNTED.equals(p.state)) {
                            pending = pending.add(p.accrued);
                        }
                    }
                    cards.add(new LedgerSnapshot.Card(c.number, c.phone, c.status, c.balance, blocked, pending,
                            c.balance.subtract(blocked)));
                }
                return new LedgerSnapshot(java.util.Collections.unmodifiableMap(frozen), List.copyOf(cards));
            });
        } finally {
            lock.unlock();
        }
    }

    List<TestCard> cards() throws SQLException {
        lock.lock();
        try {
            return store.inTransaction(() -> {
                List<TestCard> out = new ArrayList<>();
                for (Store.CardRow c : store.allCards()) {
                    out.add(new TestCard(c.number, c.phone, c.holder, c.status, c.balance, c.pin != null));
                }
                return out;
            });
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes a card's status at run time ({@code POST /admin/cards}), e.g. a card blocked between a sale made
     * offline and its replay. False when the card does not exist.
     */
    boolean setCardStatus(String number, String status) throws SQLException {
        if (!CardStatus.isValid(status)) {
            throw new IllegalArgumentException("status must be active, notActivated or blocked, not " + status);
        }
        lock.lock();
        try {
            return store.inTransaction(() -> store.setStatus(number, status));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws SQLException {
        lock.lock();
        try {
            store.close();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- commands

    private Reply dispatch(Seed.Register reg, Request req) throws SQLException {
        switch (req.command()) {
            case BALANCE: return balance(req);
            case CALCULATE: return calculate(reg, req);
            case AVAILABLE_AMOUNT: return availableAmount(reg, req);
            case PAYMENT: return payment(reg, req);
            case DISCOUNT: return discount(reg, req);
            case CONFIRM_PURCHASE: return confirm(reg, req);
            case CANCEL_PURCHASE: return cancel(reg, req);
            case REFUND: return refund(reg, req);
            default: throw new IllegalStateException(req.command().toString());
        }
    }

    private Reply balance(Request req) throws SQLException {
        Store.CardRow card = requireCard(req.identifier());
        XNode e = okElement(req)
                .attr("BonusAmount", Money.fmt(card.balance))
                .attr("Currency", seed.currency);
        e.add(identifierData(card));
        return new Reply(e, null);
    }

    private Reply calculate(Seed.Register reg, Request req) throws SQLException {
        Store.PurchaseRow p = purchaseOf(reg, req);
        checkOrder(req.command(), p);
        Store.CardRow card = req.identifier() == null ? null : requireCard(req.identifier());
        List<Seed.Coupon> coupons = coupons(req);
        boolean offers = !seed.offers.excluded(req.params());
        Pricing.Result r = Pricing.price(seed, req.cheque(), coupons, Money.ZERO, card != null, offers);
        BigDecimal balance = card == null ? Money.ZERO : card.balance;
        BigDecimal available = card == null ? Money.ZERO : redeemable(card, req.purchaseId(), r.total());
        if (p == null) {
            p = newPurchase(reg, req);
        }
        p.state = CALCULATED;
        p.cardNumber = card == null ? null : card.number;
        store.savePurchase(p);
        XNode e = okElement(req)
                .attr("Balance", Money.fmt(balance))
                .attr("AvailableAmount", Money.fmt(available))
                .attr("AvailableBonusAmount", Money.fmt(available));
        e.add(card == null ? null : identifierData(card));
        if (card != null) {
            e.child("CashierMessage").text("Balance: " + Money.fmt(balance) + ". Available for payment: "
                    + Money.fmt(available) + ".");
        }
        e.add(chequeElement(r, true, false));
        e.add(loyaltyPrograms());
        return new Reply(e, null);
    }

    private Reply availableAmount(Seed.Register reg, Request req) throws SQLException {
        Store.PurchaseRow p = purchaseOf(reg, req);
        checkOrder(req.command(), p);
        Store.CardRow card = requireCard(req.identifier());
        Pricing.Result r = Pricing.discounts(seed, req.cheque(), List.of());
        BigDecimal available = redeemable(card, req.purchaseId(), r.total());
        XNode e = okElement(req)
                .attr("Amount", Money.fmt(available))
                .attr("BonusAmount", Money.fmt(available));
        e.add(identifierData(card));
        return new Reply(e, null);
    }

    private Reply payment(Seed.Register reg, Request req) throws SQLException {
        Store.PurchaseRow p = purchaseOf(reg, req);
        checkOrder(req.command(), p);
        Store.CardRow card = requireCard(req.identifier());
        if (CardStatus.NOT_ACTIVATED.equals(card.status)) {
            throw new BusinessError(ServerError.CARD_NOT_ACTIVATED, "Card is not activated");
        }
        if (card.pin != null && !card.pin.equals(req.identifier().pin())) {
            throw new BusinessError(ServerError.WRONG_PIN, "Wrong PIN");
        }
        List<Seed.Coupon> coupons = coupons(req);
        BigDecimal amount = Money.money(req.amount());
        Pricing.Result d = Pricing.discounts(seed, req.cheque(), coupons);
        BigDecimal cap = Pricing.maxRedeem(seed, d.total());
        if (amount.compareTo(cap) > 0) {
            throw new BusinessError(ServerError.LARGE_PAYMENT_AMOUNT, "Payment amount " + Money.fmt(amount)
                    + " exceeds the maximum " + Money.fmt(cap) + " allowed for this cheque");
        }
        BigDecimal free = freeBalance(card, req.purchaseId());
        if (amount.compareTo(free) > 0) {
            throw new BusinessError(ServerError.NOT_ENOUGH_MONEY, "Not enough bonuses on the card");
        }
        Pricing.Result r = Pricing.price(seed, req.cheque(), coupons, amount, false);
        long tx = store.nextTransactionId();
        if (p == null) {
            p = newPurchase(reg, req);
        }
        p.state = PAID;
        p.cardNumber = card.number;
        p.chequeKey = chequeKey(req);
        p.redeemed = amount;
        store.savePurchase(p);
        XNode e = XNode.el(req.command().responseElement())
                .attr("ErrorCode", "0")
                .attr("DeviceLogicalID", req.deviceLogicalId())
                .attr("OperationID", req.operationId())
                .attr("TransactionID", tx)
                .attr("AuthCode", String.format("%06d", (tx * 7919L) % 1_000_000L))
                .attr("Amount", Money.fmt(amount))
                .attr("BonusAmount", Money.fmt(amount));
        e.add(identifierData(card));
        e.child("ChequeMessage").text("Paid with bonuses: " + Money.fmt(amount) + ".");
        e.add(chequeElement(r, false, true));
        e.add(loyaltyPrograms());
        return new Reply(e, new Store.LedgerEntry(req.operationId(), card.number, amount, Money.ZERO, Money.ZERO,
                Money.ZERO));
    }

    private Reply discount(Seed.Register reg, Request req) throws SQLException {
        Store.PurchaseRow p = purchaseOf(reg, req);
        checkOrder(req.command(), p);
        boolean paid = p != null && PAID.equals(p.state);
        Store.CardRow card;
        if (req.identifier() != null) {
            card = requireCard(req.identifier());
            if (paid && !card.number.equals(p.cardNumber)) {
                throw new BusinessError(ServerError.DIFFERENT_PURCHASE,
                        "The identifier belongs to another card than the payment of this purchase");
            }
        } else if (p != null && p.cardNumber != null) {
            card = store.cardByNumber(p.cardNumber);
            if (CardStatus.BLOCKED.equals(card.status)) {
                throw new BusinessError(ServerError.CARD_BLOCKED, "Card is blocked");
            }
        } else {
            card = null;
        }
        List<Seed.Coupon> coupons = coupons(req);
        BigDecimal redeem = paid ? p.redeemed : Money.ZERO;
        if (paid && !chequeKey(req).equals(p.chequeKey)) {
            throw new BusinessError(ServerError.DIFFERENT_CHEQUE, "The cheque differs from the cheque of the payment");
        }
        boolean offers = !seed.offers.excluded(req.params());
        Pricing.Result d = Pricing.price(seed, req.cheque(), coupons, Money.ZERO, false, offers);
        if (redeem.compareTo(d.total()) > 0) {
            throw new BusinessError(ServerError.DIFFERENT_CHEQUE,
                    "The paid bonuses exceed the cheque amount after discounts");
        }
        Pricing.Result r = Pricing.price(seed, req.cheque(), coupons, redeem, card != null, offers);
        if (p == null) {
            p = newPurchase(reg, req);
        }
        p.state = DISCOUNTED;
        p.cardNumber = card == null ? null : card.number;
        p.redeemed = redeem;
        p.accrued = r.cashback();
        p.discount = r.discount();
        if (p.chequeKey == null) {
            p.chequeKey = chequeKey(req);
        }
        store.savePurchase(p);
        List<Store.LineRow> rows = new ArrayList<>();
        for (Pricing.LineResult l : r.lines()) {
            Store.LineRow row = new Store.LineRow();
            row.posId = l.line().posId();
            row.goodsId = l.line().goodsId();
            row.quantity = l.line().quantity();
            row.amount = l.amountAfter();
            row.discount = l.discount();
            row.payAmount = l.payAmount();
            row.cashback = l.cashback();
            rows.add(row);
        }
        store.replaceLines(p.purchaseId, rows);
        XNode e = okElement(req).attr("BonusAmount", Money.fmt(r.cashback()));
        e.add(card == null ? null : identifierData(card));
        if (card != null) {
            e.child("ChequeMessage").text("Bonuses to be accrued: " + Money.fmt(r.cashback()) + ".");
        }
        e.add(chequeElement(r, true, true));
        return new Reply(e, new Store.LedgerEntry(req.operationId(), p.cardNumber, redeem, r.cashback(),
                r.discount(), Money.ZERO));
    }

    private Reply confirm(Seed.Register reg, Request req) throws SQLException {
        Store.PurchaseRow p = purchaseOf(reg, req);
        checkOrder(req.command(), p);
        BigDecimal delta = p.accrued.subtract(p.redeemed);
        if (p.cardNumber != null) {
            Store.CardRow card = store.cardByNumber(p.cardNumber);
            store.setBalance(card.number, card.balance.add(delta));
        }
        p.state = CONFIRMED;
        store.savePurchase(p);
        return new Reply(okElement(req), new Store.LedgerEntry(req.operationId(), p.cardNumber, p.redeemed, p.accrued,
                p.discount, p.cardNumber == null ? Money.ZERO : delta));
    }

    private Reply cancel(Seed.Register reg, Request req) throws SQLException {
        Store.PurchaseRow p = purchaseOf(reg, req);
        checkOrder(req.command(), p);
        p.state = CANCELED;
        store.savePurchase(p);
        return new Reply(okElement(req), new Store.LedgerEntry(req.operationId(), p.cardNumber, p.redeemed, p.accrued,
                p.discount, Money.ZERO));
    }

    private Reply refund(Seed.Register reg, Request req) throws SQLException {
        Store.PurchaseRow orig = store.purchase(req.refundPurchaseId());
        if (orig == null || !orig.partner.equals(reg.partner)) {
            throw new BusinessError(ServerError.PURCHASE_NOT_FOUND, "Purchase not found");
        }
        if (CANCELED.equals(orig.state)) {
            throw new BusinessError(ServerError.OPERATION_IS_CANCELED, "Purchase is canceled");
        }
        if (!CONFIRMED.equals(orig.state)) {
            throw new BusinessError(ServerError.INCORRECT_OPERATION_ORDER,
                    "Incorrect operation order: only a confirmed purchase can be refunded");
        }
        if (req.identifier() != null) {
            Store.CardRow c = Identification.find(store, req.identifier());
            if (c == null) {
                throw new BusinessError(ServerError.CARD_NOT_FOUND, "Card not found");
            }
            if (orig.cardNumber != null && !orig.cardNumber.equals(c.number)) {
                throw new BusinessError(ServerError.DIFFERENT_PURCHASE,
                        "The identifier belongs to another card than the refunded purchase");
            }
        }
        Map<Integer, Store.LineRow> byPos = new HashMap<>();
        for (Store.LineRow l : store.lines(orig.purchaseId)) {
            byPos.put(l.posId, l);
        }
        BigDecimal paidBack = Money.ZERO;
        BigDecimal takenBack = Money.ZERO;
        List<Store.LineRow> changed = new ArrayList<>();
        for (Request.Line rl : req.cheque().lines()) {
            Store.LineRow ol = byPos.get(rl.posId());
            if (ol == null) {
                throw new BusinessError(ServerError.DIFFERENT_CHEQUE,
                        "PosID " + rl.posId() + " is not a line of the refunded purchase");
            }
            BigDecimal returned = ol.returnedQty.add(rl.quantity());
            int cmp = returned.compareTo(ol.quantity);
            if (cmp > 0) {
                throw new BusinessError(ServerError.DIFFERENT_CHEQUE, "Returned quantity of PosID " + rl.posId()
                        + " exceeds the purchased quantity (purchased " + Money.canon(ol.quantity) + ", already returned "
                        + Money.canon(ol.returnedQty) + ")");
            }
            BigDecimal pay;
            BigDecimal cb;
            if (cmp == 0) { // the last part of the line returns exactly what is left
                pay = ol.payAmount.subtract(ol.returnedPay);
                cb = ol.cashback.subtract(ol.returnedCashback);
            } else {
                pay = share(ol.payAmount, rl.quantity(), ol.quantity).min(ol.payAmount.subtract(ol.returnedPay));
                cb = share(ol.cashback, rl.quantity(), ol.quantity).min(ol.cashback.subtract(ol.returnedCashback));
            }
            ol.returnedQty = returned;
            ol.returnedPay = ol.returnedPay.add(pay);
            ol.returnedCashback = ol.returnedCashback.add(cb);
            changed.add(ol);
            paidBack = paidBack.add(pay);
            takenBack = takenBack.add(cb);
        }
        for (Store.LineRow l : changed) {
            store.saveLine(orig.purchaseId, l);
        }
        BigDecimal delta = Money.money(paidBack.subtract(takenBack));
        if (orig.cardNumber != null) {
            Store.CardRow card = store.cardByNumber(orig.cardNumber);
            store.setBalance(card.number, card.balance.add(delta));
        }
        long tx = store.nextTransactionId();
        XNode e = okElement(req)
                .attr("TransactionID", tx)
                .attr("BonusAmount", Money.fmt(takenBack))
                .attr("PaidBonusAmount", Money.fmt(paidBack));
        e.child("ChequeMessage").text("Bonuses returned: " + Money.fmt(paidBack) + ". Accrual cancelled: "
                + Money.fmt(takenBack) + ".");
        return new Reply(e, new Store.LedgerEntry(req.operationId(), orig.cardNumber, paidBack, takenBack, Money.ZERO,
                orig.cardNumber == null ? Money.ZERO : delta));
    }

    // ---------------------------------------------------------------- rules

    private static BigDecimal share(BigDecimal value, BigDecimal part, BigDecimal whole) {
        return Money.money(value.multiply(part).divide(whole, 10, java.math.RoundingMode.HALF_UP));
    }

    /** The purchase of the request, or null when new; 228 when another register owns the PurchaseID. */
    private Store.PurchaseRow purchaseOf(Seed.Register reg, Request req) throws SQLException {
        Store.PurchaseRow p = store.purchase(req.purchaseId());
        if (p != null && !(p.partner.equals(reg.partner) && p.login.equals(reg.login))) {
            throw new BusinessError(ServerError.NOT_UNIQUE_PURCHASE_ID,
                    "PurchaseID is already used by another register");
        }
        return p;
    }

    private static Store.PurchaseRow newPurchase(Seed.Register reg, Request req) {
        Store.PurchaseRow p = new Store.PurchaseRow();
        p.purchaseId = req.purchaseId();
        p.partner = reg.partner;
        p.login = reg.login;
        return p;
    }

    /**
     * The state machine. Calculate → Payment → Discount → Confirm | Cancel, Calculate and Payment optional,
     * Calculate/AvailableAmount only before Payment, one Payment, one Discount.
     */
    private static void checkOrder(Command cmd, Store.PurchaseRow p) {
        String state = p == null ? null : p.state;
        if (CANCELED.equals(state)) {
            throw new BusinessError(ServerError.OPERATION_IS_CANCELED, "Purchase is canceled");
        }
        if (CONFIRMED.equals(state)) {
            if (cmd == Command.CONFIRM_PURCHASE) {
                throw new BusinessError(ServerError.OPERATION_IS_CONFIRMED, "Purchase is already confirmed");
            }
            throw orderError(cmd, state);
        }
        boolean ok;
        switch (cmd) {
            case CALCULATE:
            case AVAILABLE_AMOUNT:
            case PAYMENT:
                ok = state == null || CALCULATED.equals(state);
                break;
            case DISCOUNT:
                ok = state == null || CALCULATED.equals(state) || PAID.equals(state);
                break;
            case CONFIRM_PURCHASE:
                if (state == null) {
                    throw new BusinessError(ServerError.PURCHASE_NOT_FOUND, "Purchase not found");
                }
                ok = DISCOUNTED.equals(state);
                break;
            case CANCEL_PURCHASE:
                if (state == null) {
                    throw new BusinessError(ServerError.PURCHASE_NOT_FOUND, "Purchase not found");
                }
                ok = true;
                break;
            default:
                ok = true;
        }
        if (!ok) {
            throw orderError(cmd, state);
        }
    }

    private static BusinessError orderError(Command cmd, String state) {
        String after;
        switch (state) {
            case CALCULATED: after = "Calculate"; break;
            case PAID: after = "Payment"; break;
            case DISCOUNTED: after = "Discount"; break;
            default: after = "ConfirmPurchase"; break;
        }
        return new BusinessError(ServerError.INCORRECT_OPERATION_ORDER,
                "Incorrect operation order: " + cmd.protocolName() + " is not allowed after " + after);
    }

    /** The card of a mandatory identifier: 201 when unknown, 205 when blocked. */
    private Store.CardRow requireCard(Request.Identifier id) throws SQLException {
        Store.CardRow c = Identification.find(store, id);
        if (c == null) {
            throw new BusinessError(ServerError.CARD_NOT_FOUND, "Card not found");
        }
        if (CardStatus.BLOCKED.equals(c.status)) {
            throw new BusinessError(ServerError.CARD_BLOCKED, "Card is blocked");
        }
        return c;
    }

    private List<Seed.Coupon> coupons(Request req) {
        List<Seed.Coupon> out = new ArrayList<>();
        for (String n : new LinkedHashSet<>(req.coupons())) {
            Seed.Coupon c = seed.coupon(n);
            if (c == null) {
                throw new BusinessError(ServerError.COUPONS_EXCEPTION, "Coupon " + n + " not found");
            }
            out.add(c);
        }
        return out;
    }

    /** Balance minus the redemption blocked by the card's other open purchases (never negative). */
    private BigDecimal freeBalance(Store.CardRow card, String purchaseId) throws SQLException {
        BigDecimal free = card.balance;
        for (Store.PurchaseRow p : store.openPurchasesOfCard(card.number)) {
            if (!p.purchaseId.equals(purchaseId)) {
                free = free.subtract(p.redeemed);
            }
        }
        return Money.money(free.max(BigDecimal.ZERO));
    }

    /** What the card may redeem on this cheque: 0 unless active, else min(free balance, cheque cap). */
    private BigDecimal redeemable(Store.CardRow card, String purchaseId, BigDecimal totalAfterDiscount)
            throws SQLException {
        if (!CardStatus.ACTIVE.equals(card.status)) {
            return Money.ZERO;
        }
        return freeBalance(card, purchaseId).min(Pricing.maxRedeem(seed, totalAfterDiscount));
    }

    /** What must not change between Payment and Discount: lines (PosID, GoodsId, Quantity, Amount) and coupons. */
    private static String chequeKey(Request req) {
        StringBuilder sb = new StringBuilder();
        req.cheque().lines().stream()
                .sorted(java.util.Comparator.comparingInt(Request.Line::posId))
                .forEach(l -> sb.append(l.posId()).append('|').append(l.goodsId() == null ? "" : l.goodsId())
                        .append('|').append(Money.canon(l.quantity())).append('|').append(Money.canon(l.amount()))
                        .append(';'));
        sb.append("coupons:");
        new java.util.TreeSet<>(req.coupons()).forEach(c -> sb.append(c).append(','));
        return sb.toString();
    }

    // ---------------------------------------------------------------- XML

    private static String key(Seed.Register reg) {
        return reg.partner + "/" + reg.login;
    }

    static byte[] envelope(Command c, XNode element) {
        XNode root = XNode.el("XMLResponse");
        root.child("Version").text("3.2");
        root.child("ErrorCode").text("0");
        root.child(c.container()).add(element);
        return root.document();
    }

    private static XNode okElement(Request req) {
        return XNode.el(req.command().responseElement())
                .attr("ErrorCode", "0")
                .attr("OperationID", req.operationId());
    }

    static XNode errorElement(Request req, ServerError error, String message) {
        return XNode.el(req.command().responseElement())
                .attr("ErrorCode", String.valueOf(error.code()))
                .attr("ErrorMessage", message)
                .attr("DeviceLogicalID", req.command() == Command.PAYMENT ? req.deviceLogicalId() : null)
                .attr("OperationID", req.operationId());
    }

    private static XNode identifierData(Store.CardRow card) {
        XNode d = XNode.el("IdentifierData");
        if (card.holder != null) {
            d.child("Item").attr("Name", "Holder").text(card.holder);
        }
        String n = card.number;
        d.child("Item").attr("Name", "MaskedNumber").text("**** " + n.substring(Math.max(0, n.length() - 4)));
        d.child("Item").attr("Name", "CardType").text("BonusCard");
        d.child("Item").attr("Name", "Status").text(CardStatus.protocolText(card.status));
        return d;
    }

    private static XNode chequeElement(Pricing.Result r, boolean cashback, boolean pay) {
        XNode ch = XNode.el("Cheque");
        for (Pricing.LineResult l : r.lines()) {
            XNode line = ch.child("ChequeLine")
                    .attr("PosID", l.line().posId())
                    .attr("GoodsId", l.line().goodsId())
                    .attr("Amount", Money.fmt(l.amountAfter()))
                    .attr("Discount", Money.fmt(l.discount()))
                    .attr("Quantity", Money.qty(l.line().quantity()))
                    .attr("Cashback", cashback ? Money.fmt(l.cashback()) : null)
                    .attr("PayAmount", pay ? Money.fmt(l.payAmount()) : null);
            if (!l.offers().isEmpty()) {
                XNode offers = line.child("AppliedOffers");
                for (Pricing.AppliedOffer o : l.offers()) {
                    offers.child("Offer").attr("Id", o.id()).attr("VersionId", "1").attr("Name", o.name())
                            .attr("Quantity", Money.canon(l.line().quantity()))
                            .attr("PrerefenceValue", Money.fmt(o.value()));
                }
            }
        }
        return ch;
    }

    private static XNode loyaltyPrograms() {
        XNode lp = XNode.el("LoyaltyPrograms");
        lp.child("LoyaltyProgram").attr("Name", "Default");
        return lp;
    }
}
