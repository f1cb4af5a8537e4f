package org.lmxbridge.internal.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.lmxbridge.Language;

/**
 * The message catalogue: {@code messages_ru.properties} and {@code messages_en.properties} beside
 * this class (UTF-8), one sentence per key, {@code {0}} {@code {1}} … for the arguments. Plain
 * substitution, not {@link java.text.MessageFormat}: that one would group numbers by the locale
 * ("10 000" for an item id or a port) and treat apostrophes as quotes.
 *
 * <p>The rule for every sentence (both languages, {@code MessageCatalogueTest}): it ends without a
 * dot or a space, because Delphi's {@code EOleException} removes trailing dots and spaces from a COM
 * error's description; so the bridge's text reads the same in {@code LastErrorText}, in
 * {@code Err.Description} and in a Delphi {@code E.Message}. Internal.
 */
public final class Catalogue {
    private Catalogue() {
    }

    private static final Map<Language, Map<String, String>> TEXTS = load();

    private static Map<Language, Map<String, String>> load() {
        Map<Language, Map<String, String>> m = new EnumMap<>(Language.class);
        for (Language l : Language.values()) {
            String name = "messages_" + l.code() + ".properties";
            Properties p = new Properties();
            try (InputStream in = Catalogue.class.getResourceAsStream(name)) {
                if (in == null) throw new IllegalStateException(name + " is missing from the jar");
                try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> t = new java.util.HashMap<>();
            for (String k : p.stringPropertyNames()) t.put(k, p.getProperty(k));
            m.put(l, Collections.unmodifiableMap(t));
        }
        return m;
    }

    /** The keys of one language (for the catalogue's tests). */
    public static Set<String> keys(Language language) {
        return Collections.unmodifiableSet(new TreeSet<>(TEXTS.get(language).keySet()));
    }

    /** The raw sentence with its {@code {n}} placeholders, or null. */
    public static String pattern(Language language, String key) {
        return TEXTS.get(language).get(key);
    }

    /**
     * The sentence {@code key} in {@code language} with the arguments put in. A key missing from the
     * language (a test fails on that) falls back to the other language, then to the key itself with
     * the arguments: a text is never the reason a call fails.
     */
    public static String format(Language language, String key, Object... args) {
        String p = TEXTS.get(language).get(key);
        if (p == null) {
            for (Language other : Language.values()) {
                if (p == null) p = TEXTS.get(other).get(key);
            }
        }
        if (p == null) {
            StringBuilder b = new StringBuilder(key);
            for (Object a : args) b.append(' ').append(a);
            return b.toString();
        }
        StringBuilder b = new StringBuilder(p.length() + 32);
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '{' && i + 2 < p.length() && Character.isDigit(p.charAt(i + 1)) && p.charAt(i + 2) == '}') {
                int n = p.charAt(i + 1) - '0';
                b.append(n < args.length ? String.valueOf(args[n]) : "{" + n + "}");
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
