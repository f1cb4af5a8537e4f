package org.lmxbridge.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;

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
    public static String describe(IOException e) {
        String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (m == null) m = "";
        String what;
        if (tooDeep(e)) {
            what = "nesting deeper than " + Json.MAX_DEPTH + " levels";
        } else if (m.startsWith("Unrecognized token")) {
            what = "a word that is not a JSON value (strings need double quotes)";
        } else if (m.startsWith("Unexpected end-of-input") || m.contains("end-of-input")) {
            what = "the text ends too early (a missing quote, } or ])";
        } else if (m.startsWith("Illegal unquoted character")) {
            what = "a control character inside a string (write it as an escape such as \\n)";
        } else if (m.startsWith("Unrecognized character escape")) {
            what = "a backslash escape JSON does not have (write \\\\ for a backslash)";
        } else if (m.startsWith("Trailing token") || m.contains("trailing token")) {
            what = "more text after the end of the JSON object";
        } else if (m.startsWith("Duplicate field")) {
            what = "a key given twice";
        } else if (m.startsWith("Unexpected character")) {
            what = "a character that does not belong there (a missing comma, colon or quote?)";
        } else if (m.startsWith("Numeric value out of range")) {
            what = "a number out of range";
        } else if (m.contains("Leading zeroes") || m.contains("numeric value") || m.contains("Numeric value")) {
            what = "a malformed number";
        } else {
            what = "malformed JSON";
        }
        if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null && jpe.getLocation().getLineNr() > 0) {
            what += " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr();
        }
        return what;
    }
}
