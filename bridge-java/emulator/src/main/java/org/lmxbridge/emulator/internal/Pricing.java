package org.lmxbridge.emulator.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The loyalty arithmetic. Per cheque line (Amount = the register's line sum):
 * <ol>
 *   <li>each applicable offer (per-goods discount, the best matching happy hour, each coupon) gives
 *       {@code round2(Amount × percent / 100)}; the line Discount is the sum of these, capped at Amount;
 *       line amount after discount = Amount − Discount;</li>
 *   <li>a redemption R is spread over the lines in proportion to their amount after discount
 *       ({@code round2}, cent remainders go to the largest lines), never above a line's amount → PayAmount;</li>
 *   <li>Cashback = {@code round2((amount after discount − PayAmount) × cashbackPercent / 100)} when the
 *       purchase earns accrual (a card that is not blocked), else 0.</li>
 * </ol>
 * Cheque totals are the sums of the line values, so line sums and totals always agree. The redemption cap is
 * {@code round2(total after discount × maxRedeemPercent / 100)}.
 */
final class Pricing {

    record AppliedOffer(String id, String name, BigDecimal value) {
    }

    record LineResult(Request.Line line, BigDecimal discount, BigDecimal amountAfter, BigDecimal payAmount,
                      BigDecimal cashback, List<AppliedOffer> offers) {
    }

    record Result(List<LineResult> lines, BigDecimal total, BigDecimal discount, BigDecimal redeemed,
                  BigDecimal cashback) {
    }

    private Pricing() {
    }

    /** Discounts only (no redemption, no accrual). */
    static Result discounts(Seed seed, Request.Cheque cheque, List<Seed.Coupon> coupons) {
        return price(seed, cheque, coupons, Money.ZERO, false);
    }

    static Result price(Seed seed, Request.Cheque cheque, List<Seed.Coupon> coupons, BigDecimal redeem,
                        boolean accrue) {
        return price(seed, cheque, coupons, redeem, accrue, true);
    }

    /** {@code offersApply} false: no direct discount at all (the partner's rule {@code excludeWhenParam}). */
    static Result price(Seed seed, Request.Cheque cheque, List<Seed.Coupon> coupons, BigDecimal redeem,
                        boolean accrue, boolean offersApply) {
        Seed.HappyHour hh = null;
        for (Seed.HappyHour h : offersApply ? seed.offers.happyHours : List.<Seed.HappyHour>of()) {
            if (h.contains(cheque.localDate().toLocalTime()) && (hh == null || h.percent.compareTo(hh.percent) > 0)) {
                hh = h;
            }
        }
        List<BigDecimal> after = new ArrayList<>();
        List<BigDecimal> discounts = new ArrayList<>();
        List<List<AppliedOffer>> offers = new ArrayList<>();
        for (Request.Line l : cheque.lines()) {
            BigDecimal amount = l.amount();
            List<AppliedOffer> applied = new ArrayList<>();
            BigDecimal left = amount;
            for (Seed.GoodsDiscount d : offersApply ? seed.offers.discounts : List.<Seed.GoodsDiscount>of()) {
                if (d.goodsId.equals(l.goodsId())) {
                    left = apply(applied, d.id, d.name, amount, d.percent, left);
                }
            }
            if (hh != null) {
                left = apply(applied, hh.id, hh.name, amount, hh.percent, left);
            }
            for (Seed.Coupon c : offersApply ? coupons : List.<Seed.Coupon>of()) {
                if (c.goodsId == null || c.goodsId.equals(l.goodsId())) {
                    left = apply(applied, c.id, c.name, amount, c.percent, left);
                }
            }
            after.add(left);
            discounts.add(Money.money(amount.subtract(left)));
            offers.add(applied);
        }
        List<BigDecimal> pays = spread(Money.money(redeem), after);
        List<LineResult> lines = new ArrayList<>();
        BigDecimal total = Money.ZERO;
        BigDecimal discount = Money.ZERO;
        BigDecimal cashback = Money.ZERO;
        for (int i = 0; i < after.size(); i++) {
            BigDecimal cb = accrue
                    ? Money.percentOf(after.get(i).subtract(pays.get(i)), seed.offers.cashbackPercent)
                    : Money.ZERO;
            lines.add(new LineResult(cheque.lines().get(i), discounts.get(i), Money.money(after.get(i)),
                    pays.get(i), cb, List.copyOf(offers.get(i))));
            total = total.add(after.get(i));
            discount = discount.add(discounts.get(i));
            cashback = cashback.add(cb);
        }
        return new Result(List.copyOf(lines), Money.money(total), Money.money(discount), Money.money(redeem),
                Money.money(cashback));
    }

    /** The redemption cap of a cheque. */
    static BigDecimal maxRedeem(Seed seed, BigDecimal totalAfterDiscount) {
        return Money.percentOf(totalAfterDiscount, seed.offers.maxRedeemPercent);
    }

    private static BigDecimal apply(List<AppliedOffer> applied, String id, String name, BigDecimal amount,
                                    BigDecimal percent, BigDecimal left) {
        BigDecimal v = Money.percentOf(amount, percent).min(left);
        if (v.signum() > 0) {
            applied.add(new AppliedOffer(id, name, v));
        }
        return left.subtract(v);
    }

    /**
     * Spreads {@code total} over lines in proportion to {@code weights}; each share ≤ its weight; the shares
     * add up to {@code total} exactly. Requires {@code total ≤ sum(weights)}.
     */
    static List<BigDecimal> spread(BigDecimal total, List<BigDecimal> weights) {
        List<BigDecimal> out = new ArrayList<>();
        BigDecimal sum = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (total.signum() == 0 || sum.signum() == 0) {
            weights.forEach(w -> out.add(Money.ZERO));
            if (total.signum() != 0) {
                throw new IllegalArgumentException("nothing to spread " + total + " over");
            }
            return out;
        }
        if (total.compareTo(sum) > 0) {
            throw new IllegalArgumentException("cannot spread " + total + " over " + sum);
        }
        BigDecimal given = Money.ZERO;
        for (BigDecimal w : weights) {
            BigDecimal share = Money.money(total.multiply(w).divide(sum, 10, RoundingMode.HALF_UP)).min(Money.money(w));
            out.add(share);
            given = given.add(share);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> weights.get(i)).reversed().thenComparing(i -> i));
        BigDecimal diff = total.subtract(given);
        while (diff.signum() != 0) {
            boolean moved = false;
            for (int i : order) {
                if (diff.signum() == 0) {
                    break;
                }
                BigDecimal s = out.get(i);
                if (diff.signum() > 0 && s.compareTo(Money.money(weights.get(i))) < 0) {
                    out.set(i, s.add(Money.CENT));
                    diff = diff.subtract(Money.CENT);
                    moved = true;
                } else if (diff.signum() < 0 && s.signum() > 0) {
                    out.set(i, s.subtract(Money.CENT));
                    diff = diff.add(Money.CENT);
                    moved = true;
                }
            }
            if (!moved) {
                throw new IllegalStateException("cannot spread remainder " + diff);
            }
        }
        return out;
    }
}
