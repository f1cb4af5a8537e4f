package org.lmxbridge.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tiny ordered XML tree for responses: attributes and children keep insertion order. */
final class XNode {
    private final String name;
    private final Map<String, String> attrs = new LinkedHashMap<>();
    private final List<XNode> kids = new ArrayList<>();
    private String text;

    private XNode(String name) {
        this.name = name;
    }

    static XNode el(String name) {
        return new XNode(name);
    }

    /** Adds an attribute; a null value is skipped. */
    XNode attr(String n, Object v) {
        if (v != null) {
            attrs.put(n, v.toString());
        }
        return this;
    }

    XNode text(String t) {
        this.text = t;
        return this;
    }

    XNode add(XNode child) {
        if (child != null) {
            kids.add(child);
        }
        return this;
    }

    /** Adds and returns a new child. */
    XNode child(String n) {
        XNode c = new XNode(n);
        kids.add(c);
        return c;
    }

    /** The whole response document, UTF-8. */
    byte[] document() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        write(sb);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void write(StringBuilder sb) {
        sb.append('<').append(name);
        for (Map.Entry<String, String> a : attrs.entrySet()) {
            sb.append(' ').append(a.getKey()).append("=\"");
            escape(sb, a.getValue(), true);
            sb.append('"');
        }
        if (kids.isEmpty() && text == null) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        if (text != null) {
            escape(sb, text, false);
        }
        for (XNode k : kids) {
            k.write(sb);
        }
        sb.append("</").append(name).append('>');
    }

    private static void escape(StringBuilder sb, String s, boolean attr) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append(attr ? "&quot;" : "\""); break;
                case '\n': sb.append(attr ? "&#10;" : "\n"); break;
                case '\r': sb.append("&#13;"); break;
                case '\t': sb.append(attr ? "&#9;" : "\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append('?'); // not representable in XML 1.0
                    } else {
                        sb.append(c);
                    }
            }
        }
    }
}
