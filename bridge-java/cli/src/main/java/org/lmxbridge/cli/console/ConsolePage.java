package org.lmxbridge.cli.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.internal.owner.LiveRegister;
import org.lmxbridge.internal.text.OperationsTexts;

/**
 * The console's page, rendered on the server with the register's state at the time of the request;
 * {@code console.js} then keeps it current from the JSON API and sends the buttons' actions. Every
 * value is HTML-escaped; the token is only in a {@code meta} element of this page (served to an
 * authenticated browser) for the script's {@code X-Lmx-Token} header.
 */
final class ConsolePage {
    private ConsolePage() {
    }

    /** The texts the script needs, as data (CSP forbids inline scripts; a JSON block is not executed). */
    private static final String[] SCRIPT_LABELS = {"onlineYes", "onlineNo", "unknown", "never", "retry", "discard",
        "discardReason", "emptyQueue", "noOperations", "traceOn", "traceOff", "traceSwitchOn", "traceSwitchOff", "nobody",
        "notAnswering", "checking", "state.queued", "state.retry", "state.sent", "state.dead", "state.discrepancy"};

    static String configTextOf(LiveRegister r) {
        return r.configText();
    }

    static String refused(boolean en) {
        return "<!DOCTYPE html><html lang=\"" + (en ? "en" : "ru") + "\"><head><meta charset=\"utf-8\"><title>Loymax Bridge</title>"
                + "</head><body><h1>403</h1><p id=\"refused\">" + esc(OperationsTexts.consoleRefused(en)) + "</p></body></html>";
    }

    static String render(ConsoleServer s, boolean en) {
        ObjectNode state = s.state();
        JsonNode status = state.path("status");
        StringBuilder b = new StringBuilder(16 * 1024);
        b.append("<!DOCTYPE html><html lang=\"").append(en ? "en" : "ru").append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"lmx-token\" content=\"").append(esc(s.token())).append("\">")
                .append("<title>").append(esc(l(en, "title"))).append(" ").append(esc(state.path("register").asText())).append("</title>")
                .append("<link rel=\"stylesheet\" href=\"/console.css\"></head><body>");
        b.append("<script type=\"application/json\" id=\"labels\">").append(labels(en)).append("</script>");
        b.append("<header><h1>").append(esc(l(en, "title"))).append(" <span id=\"register\">").append(esc(state.path("register").asText()))
                .append("</span></h1></header>");

        // state
        b.append("<section><h2>").append(esc(l(en, "state"))).append("</h2><table id=\"state\" class=\"kv\">");
        row(b, en, "online", "online", online(en, status));
        row(b, en, "lastContact", "lastContact", status.path("lastContact").asText(l(en, "never")));
        row(b, en, "queueLength", "queueLength", status.path("queueLength").asText("0"));
        row(b, en, "queuedAmount", "queuedAmount", status.path("queuedAmount").asText("0"));
        row(b, en, "oldest", "oldestQueuedAgeSeconds", status.path("oldestQueuedAgeSeconds").asText("0"));
        row(b, en, "dead", "deadCount", status.path("deadCount").asText("0"));
        row(b, en, "discrepancies", "discrepancyCount", status.path("discrepancyCount").asText("0"));
        row(b, en, "owner", "owner", owner(en, status.path("owner")));
        b.append("</table><ul id=\"warnings\">");
        for (JsonNode w : status.path("warnings")) b.append("<li>").append(esc(w.asText())).append("</li>");
        if (status.has("error")) b.append("<li>").append(esc(status.path("error").path("message").asText())).append("</li>");
        b.append("</ul></section>");

        // queue
        b.append("<section><h2>").append(esc(l(en, "queue"))).append("</h2><table id=\"queue\"><thead><tr>");
        for (String h : new String[] {"id", "itemState", "command", "purchase", "amount", "attempts", "created", "lastError", ""}) {
            b.append("<th>").append(h.isEmpty() ? "" : esc(l(en, h))).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        queueRows(b, en, state.path("queue"), state.path("canChange").asBoolean(false));
        b.append("</tbody></table><p><button id=\"flush\"").append(state.path("canChange").asBoolean(false) ? "" : " disabled")
                .append(">").append(esc(l(en, "flush"))).append("</button> <span id=\"action-result\"></span></p></section>");

        // recent operations
        b.append("<section><h2>").append(esc(l(en, "operations"))).append("</h2><table id=\"operations\"><thead><tr>");
        for (String h : new String[] {"time", "command", "purchase", "id", "status", "ms"}) {
            b.append("<th>").append(esc("id".equals(h) ? "OperationID" : l(en, h))).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        JsonNode ops = s.operations(50).path("operations");
        if (!ops.elements().hasNext()) b.append("<tr class=\"empty\"><td colspan=\"6\">").append(esc(l(en, "noOperations"))).append("</td></tr>");
        for (JsonNode o : ops) {
            b.append("<tr><td>").append(esc(o.path("time").asText())).append("</td><td>").append(esc(o.path("command").asText()))
                    .append("</td><td class=\"id\">").append(esc(o.path("purchaseId").asText())).append("</td><td class=\"id\">")
                    .append(esc(o.path("operationId").asText())).append("</td><td>").append(o.path("status").asInt())
                    .append(o.path("queued").asBoolean() ? " (queued)" : "").append(o.hasNonNull("error") ? " " + esc(o.path("error").asText()) : "")
                    .append("</td><td>").append(o.path("ms").asLong()).append("</td></tr>");
        }
        b.append("</tbody></table></section>");

        // configuration and the check
        b.append("<section><h2>").append(esc(l(en, "config"))).append("</h2><table id=\"config\" class=\"kv\">");
        for (Iterator<Map.Entry<String, JsonNode>> it = s.config().path("config").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            b.append("<tr><th>").append(esc(e.getKey())).append("</th><td>")
                    .append(esc(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString())).append("</td></tr>");
        }
        b.append("</table><p><button id=\"check\">").append(esc(l(en, "testConnection")))
                .append("</button></p><ul id=\"check-result\"></ul></section>");

        // the log
        JsonNode trace = state.path("trace");
        boolean on = trace.path("trace").asBoolean(false);
        b.append("<section><h2>").append(esc(l(en, "log"))).append("</h2><p>").append(esc(l(en, "trace"))).append(": <strong id=\"trace-state\">")
                .append(esc(trace.path("trace").isNull() ? l(en, "unknown") : on ? l(en, "traceOn") : l(en, "traceOff")))
                .append("</strong> <button id=\"trace-toggle\" data-on=\"").append(on).append("\"")
                .append(trace.path("switchable").asBoolean(false) ? "" : " disabled").append(">")
                .append(esc(on ? l(en, "traceSwitchOff") : l(en, "traceSwitchOn"))).append("</button></p>");
        JsonNode log = s.log(200);
        b.append("<p class=\"file\">").append(esc(log.path("file").asText(""))).append("</p><pre id=\"log\">");
        for (JsonNode line : log.path("lines")) b.append(esc(line.asText())).append('\n');
        b.append("</pre></section>");
        b.append("<script src=\"/console.js\"></script></body></html>");
        return b.toString();
    }

    static void queueRows(StringBuilder b, boolean en, JsonNode items, boolean canChange) {
        if (!items.elements().hasNext()) {
            b.append("<tr id=\"queue-empty\" class=\"empty\"><td colspan=\"9\">").append(esc(l(en, "emptyQueue"))).append("</td></tr>");
            return;
        }
        for (JsonNode it : items) {
            String st = it.path("state").asText();
            b.append("<tr data-id=\"").append(it.path("id").asLong()).append("\" data-state=\"").append(esc(st)).append("\"><td>")
                    .append(it.path("id").asLong()).append("</td><td class=\"state\">").append(esc(l(en, "state." + st)))
                    .append("</td><td>").append(esc(it.path("command").asText())).append("</td><td class=\"id\">")
                    .append(esc(it.path("purchaseId").asText())).append("</td><td>").append(esc(it.path("amount").asText()))
                    .append("</td><td>").append(it.path("attempts").asInt()).append("</td><td>").append(esc(it.path("createdAt").asText()))
                    .append("</td><td>").append(esc(it.path("lastError").asText(it.path("discrepancy").asText(""))))
                    .append("</td><td>");
            if (canChange) {
                b.append("<button class=\"retry\" data-id=\"").append(it.path("id").asLong()).append("\">").append(esc(l(en, "retry")))
                        .append("</button> <button class=\"discard\" data-id=\"").append(it.path("id").asLong()).append("\">")
                        .append(esc(l(en, "discard"))).append("</button>");
            }
            b.append("</td></tr>");
        }
    }

    private static String online(boolean en, JsonNode status) {
        if (!status.has("online") || status.path("online").isNull()) return l(en, "unknown");
        return status.path("online").asBoolean() ? l(en, "onlineYes") : l(en, "onlineNo");
    }

    private static String owner(boolean en, JsonNode owner) {
        if (!owner.isObject()) return l(en, "nobody");
        String who = owner.path("program").asText("?") + ", pid " + owner.path("pid").asText();
        if (owner.path("here").asBoolean(false)) who += " (" + l(en, "thisProcess") + ")";
        else if (!owner.path("reachable").asBoolean(false)) who += " (" + l(en, "notAnswering") + ")";
        return who;
    }

    private static void row(StringBuilder b, boolean en, String label, String field, String value) {
        b.append("<tr><th>").append(esc(l(en, label))).append("</th><td data-field=\"").append(field).append("\">").append(esc(value))
                .append("</td></tr>");
    }

    private static String labels(boolean en) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        for (String k : SCRIPT_LABELS) n.put(k, l(en, k));
        // "</" cannot end the data block early: JSON escapes of '<'
        return n.toString().replace("<", "\\u003c");
    }

    private static String l(boolean en, String key) {
        return OperationsTexts.consoleLabel(en, key);
    }

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
