package org.lmxbridge.internal.log;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masking of personal data before anything reaches a log. Internal.
 *
 * <p>Card numbers, phones and other identifier values keep only their last four characters; PINs
 * are never passed here — they are never logged at all. {@link #text} is the safety net applied to
 * whole messages (e.g. an exception text that quotes a request): a card number or a phone is a run of
 * 5 or more digits (allowing spaces, dashes, parentheses and a leading +) that stands alone — not part
 * of a longer word such as a hexadecimal operation id ({@code 346b00ac8e54474288610d396842a102}), a
 * port after an address ({@code 127.0.0.1:42807}), a path or a name-number ({@code /tmp/junit-1788…}) —
 * and that is not the value of an identifier of an operation or purchase ({@code purchaseId=000123456},
 * {@code operationId=…}, {@code item=…}) or a port or process id ({@code port 47220}, {@code pid 6769}):
 * those ids are how support finds a receipt's operation, so they are logged whole.
 */
public final class Mask {
    private Mask() {
    }

    private static final Pattern DIGIT_RUNS = Pattern.compile("\\+?\\d(?:[\\d \\-()]{3,}\\d)");
    /** What precedes an id that is never masked: {@code purchaseId=}, {@code operationId: "}, {@code item=}, {@code id=}. */
    private static final Pattern ID_KEY = Pattern.compile("(?:(?:[A-Za-z]*Id|[A-Za-z]*ID|item|id)\"?\\s*[=:]|(?:port|pid|process id)\\s*[=:]?)\\s*\"?$");

    /** {@code 8690003} → {@code ***0003}; null → {@code "null"}; short values → {@code ***}. */
    public static String identifier(String value) {
        if (value == null) return "null";
        String v = value.trim();
        if (v.length() <= 4) return "***";
        return "***" + v.substring(v.length() - 4);
    }

    /** Masks every stand-alone run of 5+ digits (card numbers, phones) in a free text; ids stay whole. */
    public static String text(String s) {
        if (s == null) return null;
        Matcher m = DIGIT_RUNS.matcher(s);
        StringBuilder sb = null;
        int tail = 0;
        int from = 0;
        while (from < s.length() && m.find(from)) {
            int start = m.start();
            int end = m.end();
            if (partOfWord(s, start, end)) {
                // a digit run inside a word (a hex id, "A12345"): skip the whole word
                from = wordEnd(s, end);
                continue;
            }
            from = end;
            String run = m.group();
            String digits = run.replaceAll("\\D", "");
            if (digits.length() < 5 || isIdValue(s, start)) continue;
            if (sb == null) sb = new StringBuilder(s.length());
            sb.append(s, tail, start).append(identifier(digits));
            tail = end;
        }
        if (sb == null) return s;
        return sb.append(s, tail, s.length()).toString();
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean partOfWord(String s, int start, int end) {
        int before = start - 1;
        if (before >= 0 && s.charAt(start) != '+') {
            char b = s.charAt(before);
            if (wordChar(b)) return true;
            // a port after an address (127.0.0.1:42807), a path segment (/tmp/junit-4242…), a name-number (junit-4242…)
            if (b == '/' || b == '\\') return true;
            if (before >= 1 && b == ':' && Character.isDigit(s.charAt(before - 1))) return true;
            if (before >= 1 && b == '-' && Character.isLetter(s.charAt(before - 1))) return true;
        }
        return end < s.length() && wordChar(s.charAt(end));
    }

    private static int wordEnd(String s, int i) {
        while (i < s.length() && wordChar(s.charAt(i))) i++;
        return i;
    }

    private static boolean isIdValue(String s, int start) {
        int from = Math.max(0, start - 40);
        return ID_KEY.matcher(s.substring(from, start)).find();
    }
}
