package org.lmxbridge.internal.log;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masking of personal data before anything reaches a log. Internal.
 *
 * <p>Card numbers, phones and other identifier values keep only their last four characters; PINs
 * are never passed here — they are never logged at all. {@link #text} is the safety net applied to
 * whole messages (e.g. an exception text that quotes a request): every run of 5 or more digits
 * (allowing spaces, dashes and a leading +) is masked.
 */
public final class Mask {
    private Mask() {
    }

    private static final Pattern DIGIT_RUNS = Pattern.compile("\\+?\\d(?:[\\d \\-()]{3,}\\d)");

    /** {@code 8690003} → {@code ***0003}; null → {@code "null"}; short values → {@code ***}. */
    public static String identifier(String value) {
        if (value == null) return "null";
        String v = value.trim();
        if (v.length() <= 4) return "***";
        return "***" + v.substring(v.length() - 4);
    }

    /** Masks every digit run of 5+ digits in a free text. */
    public static String text(String s) {
        if (s == null) return null;
        Matcher m = DIGIT_RUNS.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String run = m.group();
            String digits = run.replaceAll("\\D", "");
            String rep = digits.length() < 5 ? run : identifier(digits);
            m.appendReplacement(sb, Matcher.quoteReplacement(rep));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
