package org.lmxbridge.internal.diagnose;

import java.util.LinkedHashMap;
import java.util.Map;
import org.lmxbridge.Language;
import org.lmxbridge.internal.text.Msg;

/**
 * One step of the connection check: its name ({@code configuration}, {@code dataFolder}, {@code queue},
 * {@code nameResolution}, {@code connection}, {@code tls}, {@code http}, {@code authentication},
 * {@code protocol}), whether it passed ({@code ok} null: not judged — an earlier step failed, or the
 * step does not apply, as TLS for an http:// address), a sentence for a person in the check's
 * language, and the status a failure stands for.
 */
public record Verdict(String step, Boolean ok, String text, int status) {
    public static Verdict ok(String step, String text) {
        return new Verdict(step, true, text, 0);
    }

    public static Verdict fail(String step, String text, int status) {
        return new Verdict(step, false, text, status);
    }

    /** A step left out, with the sentence saying why. */
    public static Verdict skipped(String step, String text) {
        return new Verdict(step, null, text, 0);
    }

    public static Verdict notJudged(String step, Language language) {
        return skipped(step, Msg.of("check.notJudged").in(language));
    }

    /** The step's name for a person ({@code check.step.*} of the catalogue). */
    public static String stepName(String step, Language language) {
        return Msg.of("check.step." + step).in(language);
    }

    /** As it appears in the check's JSON: {@code {"step":…,"name":…,"ok":…,"text":…}}. */
    public Map<String, Object> toMap(Language language) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("name", stepName(step, language));
        m.put("ok", ok);
        m.put("text", text);
        if (status != 0) m.put("status", status);
        return m;
    }

    /** The line the CLI prints: {@code [ OK ] Name: text}, {@code [FAIL] …}, {@code [ -- ] …}. */
    public static String line(Boolean ok, String name, String text) {
        String tag = ok == null ? "[ -- ]" : ok ? "[ OK ]" : "[FAIL]";
        return tag + " " + name + ": " + text;
    }

    public String line(Language language) {
        return line(ok, stepName(step, language), text);
    }
}
