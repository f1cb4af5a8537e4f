package org.lmxbridge.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import org.lmxbridge.internal.text.Msg;

/**
 * Sentences for JSON syntax errors that never quote the text: a configuration carries the register's
 * password and a request may carry a PIN, and Jackson's own messages quote the offending token
 * ({@code Unrecognized token 'Pa55w0rd'}). Says what kind of mistake and where (line, column).
 * Internal.
 */
public final class JsonErrors {
    private JsonErrors() {
    }

    /** True when the text nests deeper than the parser allows ({@link Json}: 64 levels). */
    public static boolean tooDeep(IOException e) {
        return e instanceof StreamConstraintsException
                || (e.getMessage() != null && e.getMessage().contains("Document nesting depth"));
    }

    /** "a word that is not a JSON value (strings need double quotes) at line 1, column 34". */
    public static Msg describe(IOException e) {
        String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (m == null) m = "";
        Msg what;
        if (tooDeep(e)) {
            what = Msg.of("json.tooDeep", Json.MAX_DEPTH);
        } else if (m.startsWith("Unrecognized token")) {
            what = Msg.of("json.word");
        } else if (m.startsWith("Unexpected end-of-input") || m.contains("end-of-input")) {
            what = Msg.of("json.endsEarly");
        } else if (m.startsWith("Illegal unquoted character")) {
            what = Msg.of("json.control");
        } else if (m.startsWith("Unrecognized character escape")) {
            what = Msg.of("json.escape");
        } else if (m.startsWith("Trailing token") || m.contains("trailing token")) {
            what = Msg.of("json.trailing");
        } else if (m.startsWith("Duplicate field")) {
            what = Msg.of("json.duplicate");
        } else if (m.startsWith("Unexpected character")) {
            what = Msg.of("json.unexpected");
        } else if (m.startsWith("Numeric value out of range")) {
            what = Msg.of("json.range");
        } else if (m.contains("Leading zeroes") || m.contains("numeric value") || m.contains("Numeric value")) {
            what = Msg.of("json.number");
        } else {
            what = Msg.of("json.malformed");
        }
        if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null && jpe.getLocation().getLineNr() > 0) {
            what = Msg.of("json.at", what, jpe.getLocation().getLineNr(), jpe.getLocation().getColumnNr());
        }
        return what;
    }
}
