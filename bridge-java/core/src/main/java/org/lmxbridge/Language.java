package org.lmxbridge;

import java.util.Locale;

/**
 * The language of every sentence the bridge produces (error texts, cashier messages, warnings, the
 * command-line tool): Russian by default, English with {@code "language":"en"} in the configuration.
 * Processing's own texts are passed through as they came; structured values ({@code error.name},
 * {@code status}, JSON Pointers, key names) are the same in both languages.
 */
public enum Language {
    RU("ru"),
    EN("en");

    /** The language of a configuration without {@code "language"}, and of texts made before one is read. */
    public static final Language DEFAULT = RU;

    private final String code;

    Language(String code) {
        this.code = code;
    }

    /** The configuration value: {@code "ru"} or {@code "en"}. */
    public String code() {
        return code;
    }

    /** The language of a configuration value ({@code "ru"}, {@code "en"}, any letter case), or null. */
    public static Language parse(String code) {
        if (code == null) return null;
        String c = code.trim().toLowerCase(Locale.ROOT);
        for (Language l : values()) {
            if (l.code.equals(c)) return l;
        }
        return null;
    }
}
