package org.lmxbridge.internal.diagnose;

import java.util.LinkedHashMap;
import java.util.Map;
import org.lmxbridge.internal.text.OperationsTexts;

/**
 * One step of the connection check: its name, whether it passed ({@code ok} null: not judged, an
 * earlier step failed), a sentence for a person, and the status a failure stands for.
 */
public record Verdict(String step, Boolean ok, String text, int status) {
    public static Verdict ok(String step, String text) {
        return new Verdict(step, true, text, 0);
    }

    public static Verdict fail(String step, String text, int status) {
        return new Verdict(step, false, text, status);
    }

    public static Verdict notJudged(String step) {
        return new Verdict(step, null, OperationsTexts.notJudged(), 0);
    }

    /** As it appears in the check's JSON: {@code {"step":…,"name":…,"ok":…,"text":…}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("name", OperationsTexts.stepName(step));
        m.put("ok", ok);
        m.put("text", text);
        if (status != 0) m.put("status", status);
        return m;
    }

    /** The line the CLI prints: {@code [ OK ] Name: text}, {@code [FAIL] …}, {@code [ -- ] …}. */
    public String line() {
        String tag = ok == null ? "[ -- ]" : ok ? "[ OK ]" : "[FAIL]";
        return tag + " " + OperationsTexts.stepName(step) + ": " + text;
    }
}
