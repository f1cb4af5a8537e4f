package org.lmxbridge.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.lmxbridge.Language;

/**
 * The message catalogue's rules: a key in one language only fails; both languages take the same
 * arguments; no sentence ends with a dot or a space (Delphi's EOleException removes them from a COM
 * error's description, so a text would differ between LastErrorText and E.Message); every key the
 * sources name exists.
 */
class MessageCatalogueTest {
    private static final Pattern ARG = Pattern.compile("\\{(\\d)}");
    /** A string literal shaped like a catalogue key ("config.key.unknown") in a source file that uses Msg. */
    private static final Pattern KEY_LITERAL = Pattern.compile("\"([a-z][a-zA-Z0-9]*(?:\\.[a-zA-Z0-9]+)+)\"");

    @Test
    void everyKeyIsInBothLanguages() {
        Set<String> ru = Catalogue.keys(Language.RU);
        Set<String> en = Catalogue.keys(Language.EN);
        Set<String> onlyRu = new TreeSet<>(ru);
        onlyRu.removeAll(en);
        Set<String> onlyEn = new TreeSet<>(en);
        onlyEn.removeAll(ru);
        assertTrue(onlyRu.isEmpty(), "only in messages_ru.properties: " + onlyRu);
        assertTrue(onlyEn.isEmpty(), "only in messages_en.properties: " + onlyEn);
        assertTrue(ru.size() > 250, "the catalogue has " + ru.size() + " sentences");
    }

    @Test
    void bothLanguagesTakeTheSameArguments() {
        List<String> bad = new ArrayList<>();
        for (String k : Catalogue.keys(Language.RU)) {
            Set<String> a = args(Catalogue.pattern(Language.RU, k));
            Set<String> b = args(Catalogue.pattern(Language.EN, k));
            if (!a.equals(b)) bad.add(k + ": ru " + a + ", en " + b);
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void noSentenceEndsWithADotOrASpace() {
        List<String> bad = new ArrayList<>();
        for (Language l : Language.values()) {
            for (String k : Catalogue.keys(l)) {
                String p = Catalogue.pattern(l, k);
                if (p.isEmpty()) {
                    bad.add(l + " " + k + " is empty");
                    continue;
                }
                char last = p.charAt(p.length() - 1);
                if (last == '.' || last <= ' ') bad.add(l + " " + k + ": \"" + p + "\"");
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void russianSentencesAreRussian() {
        // a sentence copied over untranslated: the Russian text of a key equal to the English one,
        // with English words in it (keys whose text is only names, numbers or an argument are left out)
        List<String> bad = new ArrayList<>();
        for (String k : Catalogue.keys(Language.RU)) {
            String ru = Catalogue.pattern(Language.RU, k);
            if (ru.equals(Catalogue.pattern(Language.EN, k)) && ru.replaceAll("\\{\\d}|\"[^\"]*\"|[^a-zA-Z ]", "").trim()
                    .matches(".*[a-z]{3,} [a-z]{3,}.*")) {
                bad.add(k + ": " + ru);
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void everyKeyTheSourcesNameExists() throws IOException {
        Path modules = Path.of("..").toAbsolutePath().normalize();
        List<String> missing = new ArrayList<>();
        int files = 0;
        try (Stream<Path> s = Files.walk(modules)) {
            for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".java") && p.toString().contains(
                    "/src/main/java/"))::iterator) {
                String src = Files.readString(f);
                if (!src.contains("Msg")) continue;
                files++;
                Matcher m = KEY_LITERAL.matcher(src);
                while (m.find()) {
                    String k = m.group(1);
                    String before = src.substring(Math.max(0, m.start() - 20), m.start());
                    if (before.contains("Property(")) continue; // "os.name"
                    if (before.contains("resolve(")) continue; // a file's name: dataDir.resolve("host.token")
                    if (Catalogue.pattern(Language.RU, k) == null) missing.add(modules.relativize(f) + ": " + k);
                }
            }
        }
        assertTrue(files > 20, "sources using Msg found under " + modules + ": " + files);
        assertTrue(missing.isEmpty(), String.join("\n", missing));
    }

    @Test
    void argumentsAreSubstitutedPlainlyAndNestedSentencesFollowTheLanguage() {
        // no MessageFormat: numbers are not grouped, apostrophes stay
        assertEquals("queue item 10000 does not exist", Msg.of("queue.item.none", 10000).in(Language.EN));
        assertEquals("элемента очереди 10000 нет", Msg.of("queue.item.none", 10000).in(Language.RU));
        Msg nested = Msg.of("config.key", "password", Msg.of("config.required"));
        assertEquals("configuration key \"password\" is required", nested.in(Language.EN));
        assertEquals("ключ конфигурации \"password\" обязателен", nested.in(Language.RU));
        assertEquals(nested.in(Language.RU), nested.toString(), "the default language is Russian");
        // a key missing from the catalogue never fails a call: the key and its arguments are the text
        assertEquals("no.such.key 1 x", Catalogue.format(Language.RU, "no.such.key", 1, "x"));
        assertFalse(Msg.of("lane.busy", 5).error(7).getMessage().isEmpty());
    }

    private static Set<String> args(String p) {
        Set<String> s = new TreeSet<>();
        Matcher m = ARG.matcher(p);
        while (m.find()) s.add(m.group(1));
        return s;
    }
}
