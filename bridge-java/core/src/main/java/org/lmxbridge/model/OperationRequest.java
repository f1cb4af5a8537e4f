package org.lmxbridge.model;

import java.math.BigDecimal;
import java.util.List;

/**
 * A request for any processing command, in the shape of the JSON vocabulary. Fields a command does
 * not use are null. Build it with {@link #builder()}.
 *
 * @param purchaseId optional; generated and returned when null
 * @param amount     {@code pay}: bonuses to redeem
 * @param pays       {@code discount}: the payment split
 * @param refundPurchaseId {@code refund}: the original purchase
 * @param queueAction {@code queue}: list | retry | discard | flush; {@code queueItemId},
 *                    {@code reason} go with it
 */
public record OperationRequest(String purchaseId, String cashier, Identifier identifier, Cheque cheque,
                               List<String> coupons, List<Param> params, BigDecimal amount, List<Pay> pays,
                               String refundPurchaseId, String queueAction, Long queueItemId, String reason) {

    public OperationRequest {
        coupons = coupons == null ? List.of() : List.copyOf(coupons);
        params = params == null ? List.of() : List.copyOf(params);
        pays = pays == null ? List.of() : List.copyOf(pays);
    }

    public static Builder builder() {
        return new Builder();
    }

    public OperationRequest withPurchaseId(String id) {
        return new OperationRequest(id, cashier, identifier, cheque, coupons, params, amount, pays,
                refundPurchaseId, queueAction, queueItemId, reason);
    }

    public OperationRequest withCheque(Cheque c) {
        return new OperationRequest(purchaseId, cashier, identifier, c, coupons, params, amount, pays,
                refundPurchaseId, queueAction, queueItemId, reason);
    }

    /** Fluent builder, so Java register code reads like the JSON it mirrors. */
    public static final class Builder {
        private String purchaseId;
        private String cashier;
        private Identifier identifier;
        private Cheque cheque;
        private List<String> coupons;
        private List<Param> params;
        private BigDecimal amount;
        private List<Pay> pays;
        private String refundPurchaseId;
        private String queueAction;
        private Long queueItemId;
        private String reason;

        public Builder purchaseId(String v) { purchaseId = v; return this; }
        public Builder cashier(String v) { cashier = v; return this; }
        public Builder identifier(Identifier v) { identifier = v; return this; }
        public Builder cheque(Cheque v) { cheque = v; return this; }
        public Builder coupons(List<String> v) { coupons = v; return this; }
        public Builder params(List<Param> v) { params = v; return this; }
        public Builder amount(BigDecimal v) { amount = v; return this; }
        public Builder pays(List<Pay> v) { pays = v; return this; }
        public Builder refundPurchaseId(String v) { refundPurchaseId = v; return this; }
        public Builder queueAction(String v) { queueAction = v; return this; }
        public Builder queueItemId(Long v) { queueItemId = v; return this; }
        public Builder reason(String v) { reason = v; return this; }

        public OperationRequest build() {
            return new OperationRequest(purchaseId, cashier, identifier, cheque, coupons, params, amount, pays,
                    refundPurchaseId, queueAction, queueItemId, reason);
        }
    }
}
