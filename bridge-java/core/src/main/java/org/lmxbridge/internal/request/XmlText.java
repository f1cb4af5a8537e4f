package org.lmxbridge.internal.request;

import org.lmxbridge.internal.text.Msg;

/**
 * What the Loymax protocol can carry in a text field: the characters of XML 1.0 (tab, LF, CR,
 * U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF). A control character (a GS1 barcode's group
 * separator U+001D, U+0001, U+0000) or U+FFFE would make processing reject the whole request, so the
 * request is refused before it leaves, naming the field and the character. Internal.
 */
final class XmlText {
    private XmlText() {
    }

    private static final String[] C0 = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT",
        "FF", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS",
        "GS", "RS", "US"};

    /** Null when every character can be carried; else "contains U+001D (GS, group separator) at position 5, …". */
    static Msg problem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            Msg what = null;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                what = Msg.of(c == 0x1D ? "xml.control.gs" : "xml.control", String.format("U+%04X", (int) c), C0[c]);
            } else if (c == 0xFFFE || c == 0xFFFF) {
                what = Msg.of("xml.notCharacter", String.format("U+%04X", (int) c));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                what = Msg.of("xml.surrogate", String.format("U+%04X", (int) c));
            }
            if (what != null) {
                return Msg.of(c == 0x1D ? "xml.contains.gs1" : "xml.contains", what, i);
            }
        }
        return null;
    }

    /** The text for a message: control characters and unpaired surrogates as \\uXXXX (a pair, such as an
     * emoji, is echoed as it is), cut after max characters. */
    static String printable(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (c < 0x20 || c == 0x7F || c == 0xFFFE || c == 0xFFFF || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return s.length() > max ? b + "…" : b.toString();
    }
}
