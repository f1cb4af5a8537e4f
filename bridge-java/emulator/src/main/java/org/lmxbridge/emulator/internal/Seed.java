package org.lmxbridge.emulator.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lmxbridge.emulator.DuplicateOperationIds;

/** The JSON seed: registers, cards, offers, coupons and behaviour switches. Validated by {@link #validate()}. */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class Seed {
    public static final String DEFAULT_RESOURCE = "org/lmxbridge/emulator/default-seed.json";

    public String currency = "RUB";
    public String duplicateOperationIds = "replay";
    public Boolean lockOnConcurrent;
    public List<Register> registers = new ArrayList<>();
    public List<Card> cards = new ArrayList<>();
    public Offers offers = new Offers();
    public List<Coupon> coupons = new ArrayList<>();
    /** Free text, ignored (lets a seed file carry a description). */
    public Object comment;

    public static final class Register {
        public String partner;
        public String login;
        public String password;
        public Object comment;
    }

    public static final class Card {
        public String number;
        public String phone;
        public String holder;
        public String status = "active";
        public BigDecimal balance = BigDecimal.ZERO;
        public String pin;
        public Object comment;
    }

    public static final class Offers {
        public BigDecimal cashbackPercent = BigDecimal.ZERO;
        public BigDecimal maxRedeemPercent = new BigDecimal("100");
        public List<GoodsDiscount> discounts = new ArrayList<>();
        public List<HappyHour> happyHours = new ArrayList<>();
        /**
         * Optional: the partner's rule "no offers for such cheques" — a Calculate or Discount that carries a
         * {@code Param} with this name (and value, when given) gets no direct discount (goods discounts, happy
         * hours, coupons); accrual is computed on the full amounts. The bridge marks a replayed offline sale so.
         */
        public ParamRule excludeWhenParam;
        public Object comment;

        /** Whether the request's params switch the offers off. */
        boolean excluded(List<Request.Param> params) {
            if (excludeWhenParam == null) {
                return false;
            }
            for (Request.Param p : params) {
                if (excludeWhenParam.name.equals(p.name())
                        && (excludeWhenParam.value == null || excludeWhenParam.value.equals(p.value()))) {
                    return true;
                }
            }
            return false;
        }
    }

    public static final class ParamRule {
        public String name;
        /** null: any value. */
        public String value;
        public Object comment;
    }

    public static final class GoodsDiscount {
        public String id;
        public String name;
        public String goodsId;
        public BigDecimal percent;
        public Object comment;
    }

    public static final class HappyHour {
        public String id;
        public String name;
        public String from;
        public String to;
        public BigDecimal percent;
        public Object comment;

        public boolean contains(LocalTime t) {
            LocalTime f = LocalTime.parse(from);
            LocalTime e = LocalTime.parse(to);
            if (!f.isAfter(e)) {
                return !t.isBefore(f) && t.isBefore(e);
            }
            return !t.isBefore(f) || t.isBefore(e); // window across midnight
        }
    }

    public static final class Coupon {
        public String id;
        public String number;
        public String name;
        public BigDecimal percent;
        /** Optional: the coupon discounts only this goods; all lines when null. */
        public String goodsId;
        public Object comment;
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public static Seed load(Path file) throws IOException {
        Seed s;
        if (file == null) {
            try (InputStream in = Seed.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IOException("default seed resource missing: " + DEFAULT_RESOURCE);
                }
                s = mapper().readValue(in, Seed.class);
            }
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                s = mapper().readValue(in, Seed.class);
            }
        }
        s.validate();
        return s;
    }

    public static Seed parse(String json) throws IOException {
        Seed s = mapper().readValue(json, Seed.class);
        s.validate();
        return s;
    }

    /** Checks the seed and fills default offer ids/names. */
    public void validate() {
        DuplicateOperationIds.parse(duplicateOperationIds);
        if (registers.isEmpty()) {
            throw new IllegalArgumentException("seed: at least one register is required");
        }
        Set<String> regs = new HashSet<>();
        for (Register r : registers) {
            require(r.partner, "register.partner");
            require(r.login, "register.login");
            require(r.password, "register.password");
            if (r.partner.contains("/") || r.login.contains("/")) {
                throw new IllegalArgumentException("seed: partner/login must not contain '/'");
            }
            if (!regs.add(r.partner + "/" + r.login)) {
                throw new IllegalArgumentException("seed: duplicate register " + r.partner + "/" + r.login);
            }
        }
        Set<String> numbers = new HashSet<>();
        Set<String> phones = new HashSet<>();
        for (Card c : cards) {
            require(c.number, "card.number");
            if (!numbers.add(c.number)) {
                throw new IllegalArgumentException("seed: duplicate card number " + Mask.digits(c.number));
            }
            if (c.phone != null) {
                c.phone = Identification.normalizePhone(c.phone);
                if (!phones.add(c.phone)) {
                    throw new IllegalArgumentException("seed: duplicate phone " + Mask.digits(c.phone));
                }
            }
            if (!CardStatus.isValid(c.status)) {
                throw new IllegalArgumentException("seed: card status must be active, notActivated or blocked, not "
                        + c.status);
            }
            if (c.balance == null) {
                c.balance = BigDecimal.ZERO;
            }
            c.balance = Money.money(c.balance);
            if (c.pin != null && c.pin.isEmpty()) {
                c.pin = null;
            }
        }
        if (offers == null) {
            offers = new Offers();
        }
        percent(offers.cashbackPercent, "offers.cashbackPercent");
        percent(offers.maxRedeemPercent, "offers.maxRedeemPercent");
        if (offers.excludeWhenParam != null) {
            require(offers.excludeWhenParam.name, "offers.excludeWhenParam.name");
        }
        int i = 0;
        for (GoodsDiscount d : offers.discounts) {
            i++;
            require(d.goodsId, "offers.discounts.goodsId");
            percent(d.percent, "offers.discounts.percent");
            if (d.id == null) {
                d.id = String.valueOf(100 + i);
            }
            if (d.name == null) {
                d.name = "Discount " + d.percent.stripTrailingZeros().toPlainString() + "% on " + d.goodsId;
            }
        }
        i = 0;
        for (HappyHour h : offers.happyHours) {
            i++;
            require(h.from, "offers.happyHours.from");
            require(h.to, "offers.happyHours.to");
            percent(h.percent, "offers.happyHours.percent");
            try {
                LocalTime.parse(h.from);
                LocalTime.parse(h.to);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("seed: happy hour from/to must be HH:mm", e);
            }
            if (h.id == null) {
                h.id = String.valueOf(200 + i);
            }
            if (h.name == null) {
                h.name = "Happy hour " + h.from + "-" + h.to;
            }
        }
        i = 0;
        Set<String> couponNumbers = new HashSet<>();
        for (Coupon c : coupons) {
            i++;
            require(c.number, "coupons.number");
            percent(c.percent, "coupons.percent");
            if (!couponNumbers.add(c.number)) {
                throw new IllegalArgumentException("seed: duplicate coupon " + c.number);
            }
            if (c.id == null) {
                c.id = String.valueOf(300 + i);
            }
            if (c.name == null) {
                c.name = "Coupon " + c.number;
            }
        }
    }

    public Map<String, Register> registersByKey() {
        Map<String, Register> m = new java.util.HashMap<>();
        for (Register r : registers) {
            m.put(r.partner + "/" + r.login, r);
        }
        return m;
    }

    public Coupon coupon(String number) {
        for (Coupon c : coupons) {
            if (c.number.equals(number)) {
                return c;
            }
        }
        return null;
    }

    private static void require(String v, String what) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("seed: " + what + " is required");
        }
    }

    private static void percent(BigDecimal p, String what) {
        if (p == null || p.signum() < 0 || p.compareTo(new BigDecimal("100")) > 0) {
            throw new IllegalArgumentException("seed: " + what + " must be a percent 0..100");
        }
    }
}
