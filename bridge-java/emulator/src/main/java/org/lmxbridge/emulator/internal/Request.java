package org.lmxbridge.emulator.internal;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/** A validated protocol request, read by {@link RequestReader} (independent of the core's mapping). */
record Request(Command command, String elementId, String operationId, String operationDate,
               String deviceLogicalId, String purchaseId, String cashier, Identifier identifier, Cheque cheque,
               List<String> coupons, List<Pay> pays, BigDecimal amount, String refundPurchaseId, List<Param> params) {

    record Identifier(String type, String value, String pin) {
    }

    /** {@code localDate}: the wall-clock part of ChequeDate (an offset, if present, is ignored). */
    record Cheque(String number, LocalDateTime localDate, List<Line> lines) {
    }

    record Line(int posId, String goodsId, String name, BigDecimal price, BigDecimal quantity, BigDecimal amount) {
    }

    record Pay(String type, BigDecimal amount) {
    }

    /** A free cheque parameter ({@code Params/Param}); Calculate and Discount carry them. */
    record Param(String name, String type, String value) {
    }
}
